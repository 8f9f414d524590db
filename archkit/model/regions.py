"""Where components run: their environment's Region, or the one the model names (`region:`); and the connections
that AWS (or the templates) can make only within one Region, which become located model errors across two."""
from __future__ import annotations

from ..errors import Location, Problem
from .connections import wires
from .types import Model


def region_in(model: Model, component_id: str, environment: str) -> str | None:
    """The Region the component runs in when `environment` is deployed; None for a global or outside service."""
    component = model.components[component_id]
    if component.type.scope == "external" or component.type.is_global(component.properties, component.region):
        return None
    return component.region or model.environments[environment].region


def regions_of(model: Model, component_id: str) -> set[str]:
    """Every Region the component runs in, over the environments (empty for a global or outside service)."""
    return {r for env in model.environments for r in [region_in(model, component_id, env)] if r}


def apart(model: Model, first: str, second: str) -> list[tuple[str, str, str]]:
    """(environment, first's Region, second's Region) wherever the two regional components run in different ones."""
    found = []
    for env in sorted(model.environments):
        mine, theirs = region_in(model, first, env), region_in(model, second, env)
        if mine and theirs and mine != theirs:
            found.append((env, mine, theirs))
    return found


def problems(model: Model) -> list[Problem]:
    fallback = Location(model.files[0] if model.files else "model")
    index = {(c.source, c.target): i for i, c in reversed(list(enumerate(model.connections)))}
    found = []
    for wire in wires(model):
        places = apart(model, wire.source, wire.target) if wire.kind.same_region else []
        if not places:
            continue
        env, mine, theirs = places[0]
        path = f"connections[{index[wire.source, wire.target]}]" if not wire.implied else f"components.{wire.source}"
        found.append(Problem(wire.location or fallback, path,
                             f"'{wire.source}' runs in {mine} and '{wire.target}' in {theirs} (environment '{env}'): "
                             f"{wire.kind.label.lower()} across Regions does not work, because {wire.kind.same_region}",
                             f"give both the same `region:` (or neither), or connect '{wire.source}' to a "
                             f"{model.components[wire.target].type.name} in {mine} instead"))
    for metric in model.by_type("metric"):
        source = metric.properties.get("source")
        places = apart(model, metric.id, source) if source in model.components else []
        if places:
            env, mine, theirs = places[0]
            found.append(Problem(metric.location or fallback, f"components.{metric.id}",
                                 f"the metric is placed in {mine} but '{source}', which it measures, runs in {theirs} "
                                 f"(environment '{env}'): CloudWatch keeps a service's metrics in its Region",
                                 f"give the metric the Region of '{source}'"))
    for alarm in model.by_type("alarm"):
        metric = model.components.get(alarm.properties.get("metric") or "")
        source = metric.properties.get("source") if metric is not None else None
        places = apart(model, alarm.id, source) if source in model.components else []
        if places:
            env, mine, theirs = places[0]
            found.append(Problem(alarm.location or fallback, f"components.{alarm.id}",
                                 f"the alarm runs in {mine} but '{source}', whose metric it watches, in {theirs} "
                                 f"(environment '{env}'): CloudWatch alarms watch metrics of their own Region only",
                                 f"give the alarm the Region of '{source}' (and a topic there to notify)"))
    return found
