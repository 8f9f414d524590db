"""References between components: property values whose spec says they name another element (a metric's
source, an alarm's metric and topics, a function's log group, a route's target), with the property they sit in."""
from __future__ import annotations

from ..model.spec import Spec
from ..model.types import Component, Model


def found_in(value, spec: Spec | None, where: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
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


def property_label(where: tuple[str, ...]) -> str:
    """'log_group' -> 'log group'; a field of a list of objects keeps its list's name: 'origins target'."""
    return " ".join(part.replace("_", " ") for part in where)


def references_of(model: Model, component: Component) -> list[tuple[str, str]]:
    """(property label, referenced element id) of a component, in its base properties and every environment's
    overrides, without repeats and without references to elements the model does not hold."""
    found: dict[tuple[str, str], None] = {}
    for values in [component.properties, *component.overrides.values()]:
        for name, spec in component.type.properties.items():
            for where, target in found_in(values.get(name), spec, (name,)):
                if target != component.id and (target in model.components or target in model.actors):
                    found.setdefault((property_label(where), target))
    return list(found)


def referrers_index(model: Model) -> dict[str, list[tuple[str, str]]]:
    """Element id -> (referring component id, property label) of every component whose properties refer to it.
    Built once per model: a neighbourhood diagram per component must not walk every component again."""
    index: dict[str, list[tuple[str, str]]] = {}
    for cid, component in model.components.items():
        for label, target in references_of(model, component):
            index.setdefault(target, []).append((cid, label))
    return index
