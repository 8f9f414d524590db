"""References between components: property values whose spec says they name another element (a metric's
source, an alarm's metric and topics, a function's log group, a route's target), with the property they sit in."""
from __future__ import annotations

from ..model.refs import found_in, paths_of
from ..model.types import Component, Model

__all__ = ["found_in", "property_label", "references_of", "referrers_index"]


def property_label(where: tuple[str, ...]) -> str:
    """'log_group' -> 'log group'; a field of a list of objects keeps its list's name: 'origins target'."""
    return " ".join(part.replace("_", " ") for part in where)


def references_of(model: Model, component: Component) -> list[tuple[str, str]]:
    """(property label, referenced element id) of a component, in its base properties and every environment's
    overrides, without repeats and without references to elements the model does not hold."""
    found: dict[tuple[str, str], None] = {}
    for where, target in paths_of(component):
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
