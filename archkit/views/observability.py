"""Observability: what emits logs, metrics and traces, the alarms on them, and whom the alarms notify."""
from __future__ import annotations

from ..model.types import Model
from .elements import cluster, edge, node, view

NAME = "observability"
LAYER = "observability"


def references(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def ref_edges(model: Model, members: list[str]) -> list[tuple[str, str, str]]:
    """(referenced, referrer, property) for every reference property of an observability component:
    what a log group, metric, alarm or dashboard is *of* feeds into it."""
    found = []
    for member in members:
        component = model.components[member]
        for prop, spec in component.type.properties.items():
            is_ref = spec.kind == "ref" or (spec.kind == "list" and spec.items is not None and spec.items.kind == "ref")
            if not is_ref:
                continue
            for target in references(component.properties.get(prop)):
                if target in model.components or target in model.actors:
                    found.append((target, member, prop))
    return found


def members_of(model: Model) -> list[str]:
    return [cid for cid, c in model.components.items() if c.layer == LAYER]


def unconnected_refs(model: Model, connections) -> list[tuple[str, str, str]]:
    pairs = {(c.source, c.target) for c in connections}
    return [(a, b, p) for a, b, p in ref_edges(model, members_of(model)) if (a, b) not in pairs and (b, a) not in pairs]


def derived_edges(model: Model, connections) -> list[dict]:
    """Edges for what observability components are *of* (a metric's source, an alarm's metric), when no
    connection already draws them."""
    return [{"source": a, "target": b, "label": "", "style": "dotted",
             "tooltip": f"{model.name_of(b)}: {prop.replace('_', ' ')} {model.name_of(a)}"}
            for a, b, prop in unconnected_refs(model, connections)]


def observability_view(model: Model) -> dict:
    members = members_of(model)
    member_set = set(members)
    connections = [c for c in model.connections if c.source in member_set or c.target in member_set]
    derived = unconnected_refs(model, connections)
    involved = {x for c in connections for x in (c.source, c.target)} | {x for a, b, _ in derived for x in (a, b)}
    feeding = {c.source for c in connections if c.target in member_set} | {a for a, _, _ in derived}
    everything = list(model.actors) + list(model.components)
    sources = [e for e in everything if e in feeding and e not in member_set and e in model.components]
    readers = [e for e in everything if e in involved and e not in member_set and e not in sources]
    clusters = [cluster("sources", "Sources")] if sources else []
    nodes = [node(model, NAME, e, "sources") for e in sources]
    for member in members:
        type_id = f"type-{model.components[member].type.name}"
        if not any(c["id"] == type_id for c in clusters):
            clusters.append(cluster(type_id, model.components[member].type.label))
        nodes.append(node(model, NAME, member, type_id))
    if readers:
        clusters.append(cluster("readers", "Notified and watching"))
        nodes += [node(model, NAME, e, "readers") for e in readers]
    edges = [edge(model, c) for c in connections]
    edges += derived_edges(model, connections)
    drawn = view(NAME, f"{model.system.name}: observability", nodes, edges, clusters)
    if not members:
        drawn["note"] = f"No component of the {LAYER} layer in the model yet."
    return drawn
