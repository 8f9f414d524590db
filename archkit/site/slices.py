"""The slice of the model each page shows, as plain JSON data (the job payload: its hash decides rebuilds)."""
from __future__ import annotations

from ..model.catalogue import load_catalogue
from ..model.memo import per_model
from ..model.regions import region_in
from ..model.refs import component_refs
from ..model.spec import Spec
from ..model.types import Component, Model
from .data import site_data


def spec_json(spec: Spec | None) -> dict | None:
    """What a page needs of a property spec: its kind, unit, meaning, and where refs are."""
    if spec is None:
        return None
    out = {"kind": spec.kind, "unit": spec.unit, "doc": spec.doc}
    if spec.items:
        out["items"] = spec_json(spec.items)
    if spec.values_of:
        out["values_of"] = spec_json(spec.values_of)
    if spec.fields:
        out["fields"] = {name: spec_json(sub) for name, sub in spec.fields.items()}
    return out


def names(model: Model, ids) -> dict:
    """id -> {name, component}: how a page shows (and whether it links) each element it mentions."""
    out = {}
    for element_id in sorted(set(ids)):
        if element_id in model.components or element_id in model.actors:
            out[element_id] = {"name": model.name_of(element_id), "component": element_id in model.components}
        else:
            out[element_id] = {"name": element_id, "component": False}
    return out


def properties(component: Component, environments: list[str]) -> dict:
    """Base values, the values that differ per environment, and the specs that explain them."""
    base = component.props()
    per_env = {env: {k: v for k, v in component.props(env).items() if base.get(k) != v}
               for env in environments}
    return {"base": base, "per_env": {env: diff for env, diff in per_env.items() if diff},
            "specs": {key: spec_json(spec) for key, spec in component.type.properties.items()}}


def connection_json(connection) -> dict:
    return {"source": connection.source, "target": connection.target, "protocol": connection.protocol,
            "purpose": connection.purpose, "auth": connection.auth, "async": connection.asynchronous,
            "permissions": list(connection.permissions)}


def component_summary(component: Component) -> dict:
    return {"id": component.id, "name": component.name, "type": component.type.label,
            "layer": component.layer, "owner": component.owner, "description": component.description}


def observers(model: Model, component_id: str) -> list[str]:
    """Components that point at this one through their observed-source property (log groups, metrics), and
    the alarms on those metrics."""
    obs = site_data()["observability"]
    direct = _named_by(model, obs["source_property"]).get(component_id, [])
    on_metric = _named_by(model, obs["metric_property"])
    alarms = sorted((a for d in direct for a in on_metric.get(d, [])), key=_position(model).get)
    return direct + alarms


@per_model
def _position(model: Model) -> dict[str, int]:
    return {cid: k for k, cid in enumerate(model.components)}


def _named_by(model: Model, prop: str) -> dict[str, list[str]]:
    """Value of a component property -> the components (in model order) whose property holds it."""
    held = _properties_named(model)
    if prop not in held:
        held[prop] = {}
        for c in model.components.values():
            value = c.properties.get(prop)
            if isinstance(value, str):
                held[prop].setdefault(value, []).append(c.id)
    return held[prop]


@per_model
def _properties_named(model: Model) -> dict[str, dict[str, list[str]]]:
    return {}


def referrers(model: Model) -> dict[str, list[str]]:
    """component id -> the other components whose settings name it (one pass over the model)."""
    found: dict[str, list[str]] = {cid: [] for cid in model.components}
    for other in model.components.values():
        for ref in component_refs(other):
            if ref in found and ref != other.id:
                found[ref].append(other.id)
    return {cid: sorted(ids) for cid, ids in found.items()}


def component(model: Model, comp: Component, referenced: dict[str, list[str]] | None = None) -> dict:
    envs = list(model.environments)
    connections = model.connections_of(comp.id)
    watchers = observers(model, comp.id)
    watcher_slices = [{**component_summary(model.components[w]), "kind": model.components[w].type.name,
                       "properties": model.components[w].props()} for w in watchers]
    referenced_by = (referenced if referenced is not None else referrers(model))[comp.id]
    ids = [comp.id, *component_refs(comp), *(e for c in connections for e in (c.source, c.target)), *watchers,
           *referenced_by, *(r for w in watchers for r in component_refs(model.components[w]))]
    layer = load_catalogue().layers.get(comp.layer)
    return {
        "component": {**component_summary(comp), "layer_label": layer.label if layer else comp.layer,
                      "type_id": comp.type.name, "scope": comp.type.scope, "stateful": comp.type.stateful,
                      "runs_in": runs_in(model, comp),
                      "links": comp.links, "cloudformation": list(comp.type.cloudformation),
                      "suppressions": [{"rule": s.rule, "reason": s.reason} for s in comp.suppressions]},
        "environments": envs,
        "properties": properties(comp, envs),
        "connections": [connection_json(c) for c in connections],
        "observed_by": watcher_slices,
        "referenced_by": referenced_by,
        "concerns": site_data()["component_concerns"],
        "names": names(model, ids),
    }


def strings_in(value):
    """Every string inside a value (to find the element ids a page may name)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)


def flow(model: Model, flow_id: str) -> dict:
    f = model.flows[flow_id]
    steps = [{"number": s.number, "source": s.source, "target": s.target, "action": s.action,
              "protocol": model.step_protocol(s), "path": s.path, "auth": s.auth, "timeout_ms": s.timeout_ms,
              "returns": s.returns, "asynchronous": model.step_asynchronous(s), "failures": [{"when": x.when, "status": x.status, "response": x.response,
                                            "source": x.source or s.target, "target": x.target or s.source}
                                           for x in s.failures]} for s in f.steps]
    frames = [{"kind": x.kind, "label": x.label, "first": x.first, "last": x.last} for x in f.frames]
    return {"flow": {"id": f.id, "name": f.name, "kind": f.kind, "description": f.description, "steps": steps,
                     "frames": frames},
            "names": names(model, f.participants())}


def pipeline(model: Model, pipeline_id: str) -> dict:
    p = model.pipelines[pipeline_id]
    stages = [{"name": s.name, "environment": s.environment, "actions": [
        {"name": a.name, "kind": a.kind, "uses": a.uses, "target": a.target, "command": a.command,
         "artifacts": list(a.artifacts), "environment": a.environment} for a in s.actions]} for s in p.stages]
    return {"pipeline": {"id": p.id, "name": p.name, "description": p.description, "trigger": p.trigger,
                         "source": p.source, "runs_on": p.runs_on, "stages": stages},
            "names": names(model, p.elements())}


def runs_in(model: Model, comp: Component) -> str:
    """Where the component runs: outside AWS, globally, in the Region the model places it, or its environment's."""
    if comp.type.scope == "external":
        return "outside AWS"
    regions = sorted({r for env in model.environments for r in [region_in(model, comp.id, env)] if r})
    if not regions:
        return "AWS global" + (f" (made in {comp.region})" if comp.region else "")
    if comp.region:
        return f"{comp.region} (placed there by the model, in every environment)"
    return "the environment's Region" + (f" ({', '.join(regions)})" if regions else "")
