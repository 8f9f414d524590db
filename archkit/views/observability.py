"""Observability: what emits logs, metrics and traces, the alarms on them, and whom the alarms notify."""
from __future__ import annotations

from ..model.types import Model
from .columns import topological
from .elements import cluster, edge, label_once, node, view

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
    edges = label_once([edge(model, c) for c in connections] + derived_edges(model, connections), nodes)
    drawn = view(NAME, f"{model.system.name}: observability", nodes, edges, clusters)
    drawn["columns"] = stage_columns(nodes, edges)
    column_of = {n: k for k, members in enumerate(drawn["columns"]) for n in members}
    for drawn_edge in edges:
        if column_of[drawn_edge["target"]] <= column_of[drawn_edge["source"]]:
            drawn_edge["constraint"] = False
    if not members:
        drawn["note"] = f"No component of the {LAYER} layer in the model yet."
    return drawn


COLUMN_HEIGHT = 6  # nodes a column holds before the next kind of member gets a column of its own


def stage_columns(nodes: list[dict], edges: list[dict]) -> list[list[str]]:
    """Left to right: sources, then each kind of member at its depth (logs, traces, metrics; alarms; topics),
    small kinds of the same depth sharing a column, then whoever is notified or watching."""
    ids = [n["id"] for n in nodes]
    succs = {n: [e["target"] for e in edges if e["source"] == n] for n in ids}
    depth = {n: 0 for n in ids}
    for n in topological(ids, succs):
        for t in succs[n]:
            depth[t] = max(depth[t], depth[n] + 1)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(n["cluster"], []).append(n["id"])
    inner = [g for g in groups if g not in ("sources", "readers")]
    inner.sort(key=lambda g: min(depth[n] for n in groups[g]))  # stable: catalogue order within a depth
    columns: list[list[str]] = [groups["sources"]] if "sources" in groups else []
    level = None
    for g in inner:
        g_depth = min(depth[n] for n in groups[g])
        fits = columns and level == g_depth and len(columns[-1]) + len(groups[g]) <= COLUMN_HEIGHT
        if fits:
            columns[-1] += groups[g]
        else:
            columns.append(list(groups[g]))
        level = g_depth
    if "readers" in groups:
        columns.append(groups["readers"])
    return columns
