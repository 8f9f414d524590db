"""A small diagram per component: the component in the middle, what calls it and what refers to it on the left,
what it calls (or notifies) and what it refers to on the right, each group in its own box."""
from __future__ import annotations

from dataclasses import replace

from .. import paths
from ..model.types import Model
from .contract import Edge, LayoutHints, Node, OnPage, View, ids
from .elements import cluster, edge, node, view, wrap
from .facts import facts
from .by_label import split_group
from .grid import wrap_group
from .references import references_of, referrers_index

CENTRE = "centre"
FACT_WIDTH = 15  # characters per line of a review fact under a node's name: about an icon's width
# (cluster id, label, side): the boxes around the centre, in the order they are stacked on their side
GROUPS = (("callers", "Calls it", "left"), ("referrers", "Refers to it", "left"),
          ("callees", "It calls", "right"), ("referred", "It refers to", "right"))


def neighbourhood_name(component_id: str) -> str:
    return f"component-{component_id}"


def reference_edge(model: Model, referrer: str, referenced: str, labels: list[str]) -> Edge:
    """A dotted edge from a component to what one of its properties names, labelled by the property."""
    return Edge(referrer, referenced, label="\n".join(labels), style="dotted",
                tooltip="\n".join(f"{model.name_of(referrer)}: {label} = {model.name_of(referenced)}"
                                   for label in labels))


def reference_edges(model: Model, centre: str, referrers: list[tuple[str, str]], joined: set) -> list[Edge]:
    """One edge per pair of elements a reference joins and no connection does (a route's target is already
    drawn by the API's call), the centre's own references first."""
    labels: dict[tuple[str, str], list[str]] = {}
    pairs = [(centre, target, label) for label, target in references_of(model, model.components[centre])]
    pairs += [(referrer, centre, label) for referrer, label in referrers]
    for source, target, label in pairs:
        if frozenset((source, target)) in joined or (target, source) in labels:  # each refers to the other:
            continue  # (an API's access log and the log's source) one edge
        labels.setdefault((source, target), []).append(label)
    return [reference_edge(model, source, target, found) for (source, target), found in labels.items()]


def members(model: Model, centre: str, connections, ref_edges: list[Edge]) -> dict[str, list[str]]:
    """Group id -> neighbours, each neighbour in one group: a caller before a callee, a call before a reference."""
    callers = [c.source for c in connections if c.target == centre != c.source]
    callees = [c.target for c in connections if c.source == centre != c.target]
    groups = {"callers": callers, "callees": callees,
              "referrers": [e.source for e in ref_edges if e.target == centre],
              "referred": [e.target for e in ref_edges if e.source == centre]}
    placed = {centre}
    for group in ("callers", "callees", "referrers", "referred"):
        groups[group] = [m for m in dict.fromkeys(groups[group]) if m not in placed]
        placed |= set(groups[group])
    return groups


def lay_out(edges: list[Edge], groups: dict[str, list[str]], centre: str) -> dict:
    """Edges, boxes inside the groups ([(box id, group id, members)]), same_rank and align of every group."""
    laid = {"edges": edges, "boxes": [], "same_rank": [], "align": []}
    for group, _, side in GROUPS:
        split = split_group(laid["edges"], group, groups[group], centre, side)
        if split is None:
            split = dict(zip(("edges", "same_rank", "align"), wrap_group(laid["edges"], group, groups[group],
                                                                        centre, side)), boxes=[])
        laid["edges"] = split["edges"]
        laid["boxes"] += [(box, group, members) for box, members in split["boxes"]]
        laid["same_rank"] += split["same_rank"]
        laid["align"] += split["align"]
    return laid


def reviewed(model: Model, drawn: Node) -> Node:
    """The node with what a review asks of its element under its name (facts.py: threshold, retention, memory),
    drawn as a list under the icon. Only the centre of its own diagram: a setting redraws one diagram."""
    lines = [wrap(line, FACT_WIDTH) for line in facts(model, drawn.ref)]
    return replace(drawn, label="\n".join([drawn.label, *lines]), listing=True) if lines else drawn


def neighbourhood_view(model: Model, component_id: str, referrers: dict | None = None) -> View:
    name = neighbourhood_name(component_id)
    referrers = (referrers_index(model) if referrers is None else referrers).get(component_id, [])
    connections = model.connections_of(component_id)
    ref_edges = reference_edges(model, component_id, referrers, {frozenset((c.source, c.target)) for c in connections})
    groups = members(model, component_id, connections, ref_edges)
    edges = [replace(edge(model, c), constraint=True) for c in connections]  # receivers right
    laid = lay_out(edges + ref_edges, groups, component_id)
    box_of = {m: box for box, _, box_members in laid["boxes"] for m in box_members}
    nodes = [reviewed(model, node(model, name, component_id, CENTRE, details=True))]
    clusters = [replace(cluster(CENTRE, ""), highlight=True)]
    for group, label, _ in GROUPS:
        nodes += [node(model, name, m, box_of.get(m, group)) for m in groups[group]]
        clusters += [cluster(group, label)] if groups[group] else []
        clusters += [cluster(box, "", group) for box, parent, _ in laid["boxes"] if parent == group]
    return view(name, f"{model.name_of(component_id)}: neighbourhood", nodes, laid["edges"], clusters,
                LayoutHints(same_rank=ids(laid["same_rank"]), align=ids(laid["align"])),
                on_page=OnPage(paths.component_page(component_id), "Neighbourhood",
                               f"{model.name_of(component_id)} and its neighbours"))
