"""Questions rules ask of the typed Model, shared so that each rule stays a few lines."""
from __future__ import annotations

from ..model.memo import per_model
from ..model.refs import component_refs, referrers, refs_in  # noqa: F401 (re-exported for rules)
from ..model.types import Component, Model


def environments(model: Model) -> list[str | None]:
    """Environment ids in model order, or [None] when the model names none (then base properties apply)."""
    return list(model.environments) or [None]


def failing_environments(model: Model, component: Component, fails) -> list[str | None]:
    """Environments where `fails(props)` holds for the component as deployed there."""
    return [env for env in environments(model) if fails(component.props(env))]


def in_envs(model: Model, envs: list[str | None]) -> str:
    """' (in dev, prod)' for a subset of the environments, '' when it is all of them."""
    if len(envs) == len(environments(model)):
        return ""
    return " (in " + ", ".join(e for e in envs if e) + ")"


def production_environments(model: Model) -> list[str]:
    return [e.id for e in model.environments.values() if e.production]


def inbound(model: Model, element_id: str):
    return [c for c in model.connections_of(element_id) if c.target == element_id]


def outbound(model: Model, element_id: str):
    return [c for c in model.connections_of(element_id) if c.source == element_id]


def api_route_targets(api: Component) -> list[str]:
    return list(dict.fromkeys(r["target"] for r in api.props().get("routes", [])))


def apis_in_front_of(model: Model, target_id: str) -> list[Component]:
    return list(_apis_by_target(model).get(target_id, ()))


@per_model
def _apis_by_target(model: Model) -> dict[str, list[Component]]:
    index: dict[str, list[Component]] = {}
    for api in model.by_type("api-gateway-rest"):
        for target in api_route_targets(api):
            index.setdefault(target, []).append(api)
    return index


def cloudfront_origins_to(model: Model, target_id: str) -> list[tuple[Component, dict]]:
    return list(_origins_by_target(model).get(target_id, ()))


@per_model
def _origins_by_target(model: Model) -> dict[str, list[tuple[Component, dict]]]:
    index: dict[str, list[tuple[Component, dict]]] = {}
    for distribution in model.by_type("cloudfront"):
        for origin in distribution.props().get("origins", []):
            index.setdefault(origin.get("target"), []).append((distribution, origin))
    return index


def referenced_by(model: Model, target_id: str) -> list[Component]:
    return referrers(model, target_id)


def metrics_of(model: Model, source_id: str) -> list[Component]:
    return [metric for _, metric in _by_reference(model, "metric", "source").get(source_id, ())]


def alarms_on(model: Model, metric_ids) -> list[Component]:
    index = _by_reference(model, "alarm", "metric")
    return [alarm for _, alarm in sorted(pair for metric in set(metric_ids) for pair in index.get(metric, ()))]


def _by_reference(model: Model, type_name: str, prop: str) -> dict[str, list[tuple[int, Component]]]:
    """Components of a type by the id one of their base properties names: (position in the model, component)."""
    held = _references_by_type(model)
    if (type_name, prop) not in held:
        held[type_name, prop] = _index_references(model, type_name, prop)
    return held[type_name, prop]


@per_model
def _references_by_type(model: Model) -> dict:
    return {}


def _index_references(model: Model, type_name: str, prop: str) -> dict[str, list[tuple[int, Component]]]:
    index: dict[str, list[tuple[int, Component]]] = {}
    for position, component in enumerate(model.by_type(type_name)):
        index.setdefault(component.properties.get(prop), []).append((position, component))
    return index


def invoked_asynchronously(model: Model, function_id: str) -> bool:
    if any(c.asynchronous for c in inbound(model, function_id)):
        return True
    return any(rule.get("target") == function_id
               for bus in model.by_type("eventbridge-bus") for rule in bus.props().get("rules", []))
