"""The slice of the model that the templates depend on, as plain JSON-serialisable data."""
from __future__ import annotations

from ...model.connections import wires
from ...model.types import Model


def component_data(component) -> dict:
    return {"id": component.id, "type": component.type.name, "name": component.name, "layer": component.layer,
            "description": component.description, "properties": component.properties,
            "overrides": component.overrides, "region": component.region,
            "suppress": [{"rule": s.rule, "reason": s.reason} for s in component.suppressions],
            "checkov_defaults": [skip.as_data() for skip in component.type.checkov_skips]}


def templates_payload(model: Model) -> dict:
    return {
        "system": model.system.name,
        "environments": {e.id: {"account": e.account, "region": e.region, "domain": e.domain,
                                "production": e.production, "name": e.name} for e in model.environments.values()},
        "home": model.home_environment,
        "components": [component_data(c) for c in model.components.values()],
        "connections": [{"from": c.source, "to": c.target, "permissions": list(c.permissions)}
                        for c in model.connections],
        "pipelines": [pipeline_data(p) for p in model.pipelines.values()],
        "wires": [wire_data(model, w) for w in wires(model)],
    }


def wire_data(model: Model, wire) -> dict:
    """A connection between components with what its kind says AWS needs (model/connections.py)."""
    target_type = model.components[wire.target].type.name
    kind = wire.kind
    return {"from": wire.source, "to": wire.target, "kind": kind.name, "label": kind.label,
            "realise": kind.realise, "principal": kind.principal, "implied": wire.implied,
            "caller_actions": list(kind.actions_on(target_type)), "target_actions": list(kind.target_actions),
            "needs": list(kind.needs), "manual": kind.manual}


def pipeline_data(pipeline) -> dict:
    return {"id": pipeline.id, "name": pipeline.name, "trigger": pipeline.trigger, "source": pipeline.source,
            "runs_on": pipeline.runs_on,
            "stages": [{"name": s.name, "environment": s.environment,
                        "actions": [{"name": a.name, "kind": a.kind, "uses": a.uses, "target": a.target,
                                     "command": a.command, "artifacts": list(a.artifacts),
                                     "environment": a.environment} for a in s.actions]}
                       for s in pipeline.stages]}
