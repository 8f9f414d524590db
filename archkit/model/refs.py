"""The one walker of references: property values whose spec says they name another element (a metric's source,
an alarm's topics, a rule's target, a function's failure destination), with the property path they sit in.
Views, pages, rules and the connection index all ask this module; none walks specs on its own."""
from __future__ import annotations

from .memo import per_model
from .spec import Spec
from .types import Component, Model


def found_in(value, spec: Spec | None, where: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """(property path, referenced id) for every ref in a value, at any depth, following its spec."""
    if spec is None or value is None:
        return []
    if spec.kind == "ref":
        return [(where, value)] if isinstance(value, str) else []
    if spec.kind == "list" and isinstance(value, list):
        return [r for item in value for r in found_in(item, spec.items, where)]
    if spec.kind == "map" and isinstance(value, dict):
        return [r for item in value.values() for r in found_in(item, spec.values_of, where)]
    if spec.kind == "object" and isinstance(value, dict):
        return [r for name, sub in spec.fields.items() for r in found_in(value.get(name), sub, (*where, name))]
    return []


def refs_in(value, spec: Spec | None) -> list[str]:
    """Every element id a property value points at."""
    return [target for _, target in found_in(value, spec)]


def paths_of(component: Component) -> list[tuple[tuple[str, ...], str]]:
    """(property path, referenced id) of a component, in its base properties and every environment's overrides,
    without repeats, in first-seen order."""
    found: dict[tuple[tuple[str, ...], str], None] = {}
    for values in [component.properties, *component.overrides.values()]:
        for name, spec in component.type.properties.items():
            for where, target in found_in(values.get(name), spec, (name,)):
                found.setdefault((where, target))
    return list(found)


def component_refs(component: Component) -> list[str]:
    """Ids this component's properties refer to, in any environment."""
    return list(dict.fromkeys(target for _, target in paths_of(component)))


def referrers(model: Model, target_id: str) -> list[Component]:
    """Components whose properties refer to `target_id`, in model order."""
    return list(_referrers(model).get(target_id, ()))


@per_model
def _referrers(model: Model) -> dict[str, list[Component]]:
    index: dict[str, list[Component]] = {}
    for component in model.components.values():
        for ref in component_refs(component):
            index.setdefault(ref, []).append(component)
    return index
