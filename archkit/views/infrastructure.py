"""The whole system: every actor and component, clustered by zone and by layer, with its connections.

Left to right along the request path (people, edge, API with its authentication beside it, compute, data); the
layers aside of that path (identity, CI/CD, observability) as bands below it (layout/bands.py); edges that would cross
the picture drawn once per cluster (bundles.py); actors that only receive from the system (a partner polling a
queue) and those who only watch it (an on-call operator) on the right, in a box of their own (layout/receivers.py).
"""
from __future__ import annotations

from dataclasses import replace

from .. import paths
from ..layout.bands import place_bands
from ..layout.columns import column_cap, columns, entered_from_outside, is_aside, split_tall, summarised_layers
from ..layout.receivers import ZONE as RECEIVING, box_label, far_watchers, place_receivers, receivers
from ..layout.rows import declared_bottom_up, pair_rows
from ..layout.zones import (box_layer, layer_cluster_id, layer_label, layer_rank, other_region, region_label,
                            zone_cluster_id, zone_label, zone_look, zone_of)
from ..model.catalogue import load_catalogue
from ..model.types import Model
from .bundles import LABEL_WIDTH, bundle
from .contract import Cluster, Edge, LayoutHints, Node, OnPage, Order, View, ids
from .elements import cluster, edge, label_once, node, view
from .labels import wrap
from .observability import derived_edges

NAME = "infrastructure"
MAIN_LINE_WEIGHT = 3
WATCHER_WEIGHT = 2
CROWDED = ("calls back", "box to box")  # bundles.py: what a crowded overview draws once per box
SHUFFLES = 12  # shuffled declaration orders the renderer may try when the view's own orders cross (trials.py)


DRAWING_ORDER = ("internet", "global", "region", "external", RECEIVING)  # Graphviz starts from input order, top first


def home_zone(model: Model, element_id: str, receiving: list[str]) -> str:
    """The zone an element is drawn in: its own, but receivers (receivers.py) in a box of their own on the right."""
    return RECEIVING if element_id in receiving else zone_of(model, element_id)


def ordered_elements(model: Model, receiving: list[str], outside_first: bool = False) -> list[str]:
    """Actors first (those who only receive last), then components by zone and catalogue layer order (aside layers
    after the main line), model order within; with outside_first, what only other zones feed (an access-log
    bucket) first in the region: one of the orders the renderer tries (renderers/graph/trials.py)."""
    def rank(element_id: str):
        zone = home_zone(model, element_id, receiving)
        layer = box_layer(model, element_id) if element_id in model.components else ""
        first = outside_first and entered_from_outside(model, element_id)
        return DRAWING_ORDER.index(zone), not first, is_aside(model, element_id), layer_rank(layer)
    ids = list(model.actors) + list(model.components)
    return sorted(ids, key=rank)  # stable: model order within a layer


def cluster_label(layer: str, summarised: frozenset[str]) -> str:
    if layer not in summarised:
        return layer_label(layer)
    return f"{layer_label(layer)} (links: {load_catalogue().layers[layer].detail})"


def layer_runs(model: Model, column: dict[str, int]) -> dict[str, int]:
    """Which box of its layer each main-line component of an AWS zone sits in: a layer whose columns another layer
    of the zone interrupts (compute, then integration, then compute again) gets one box per run of columns, so
    that boxes sit side by side along the path instead of stacked across each other."""
    spans: dict[tuple[str, str, str], set[int]] = {}
    for cid, component in model.components.items():
        if zone_of(model, cid) in ("global", "region") and not is_aside(model, cid):
            spans.setdefault((zone_of(model, cid), box_layer(model, cid), other_region(model, cid)),
                             set()).add(column[cid])
    run_of: dict[str, int] = {}
    for cid in model.components:
        key = (zone_of(model, cid), box_layer(model, cid), other_region(model, cid))
        if key not in spans:
            continue
        mine = sorted(spans[key])
        others = {k for other, used in spans.items() if other != key and other[0::2] == key[0::2] for k in used}
        breaks = [k for a, b in zip(mine, mine[1:]) for k in [b] if others & set(range(a + 1, b))]
        run_of[cid] = sum(1 for k in breaks if k <= column[cid])
    return run_of


def clusters_and_nodes(model: Model, column: dict[str, int], receiving: list[str], summarised: frozenset[str],
                       outside_first: bool = False) -> tuple[list[Cluster], list[Node]]:
    clusters, nodes, seen = [], [], set()
    run_of = layer_runs(model, column)
    for element_id in ordered_elements(model, receiving, outside_first):
        zone = home_zone(model, element_id, receiving)
        region = other_region(model, element_id) if zone == "region" else ""
        zone_id = zone_cluster_id(zone, region)
        if zone_id not in seen:
            seen.add(zone_id)
            label = box_label(model, receiving) if zone == RECEIVING else \
                region_label(model, region) if region else zone_label(model, zone)
            clusters.append(cluster(zone_id, label, look=zone_look(zone)))
        home = zone_id
        if element_id in model.components and zone in ("global", "region"):
            layer = box_layer(model, element_id)
            run = run_of.get(element_id, 0)
            home = layer_cluster_id(zone, layer, region) + (f"-{run + 1}" if run else "")
            if home not in seen:
                seen.add(home)
                clusters.append(cluster(home, cluster_label(layer, summarised), zone_id))
        nodes.append(node(model, NAME, element_id, home))
    return clusters, nodes


def model_edges(model: Model) -> list[Edge]:
    """The model's connections and what observability derives from them. Wires that only properties imply (an
    API's routes, a function's layers) are left to the neighbourhood diagrams: drawn here, they tripled the
    crossings of random systems' overviews (bench/random_layouts.py: median 2 without, 25 with)."""
    drawn = [replace(edge(model, c), protocol=c.protocol) for c in model.connections]
    return drawn + derived_edges(model, list(model.connections))


def right_side(model: Model, links: list[tuple[str, str]], summarised: frozenset[str]) -> list[str]:
    """The actors drawn in the box on the right: receivers, then the watchers that a layout with them on the left
    would put far from what they watch."""
    receiving = receivers(model)
    trial, _ = layout(model, ordered_elements(model, receiving), links, receiving, summarised)
    return receiving + [w for w in far_watchers(model, trial) if w not in receiving]


def layout(model: Model, ids: list[str], links: list[tuple[str, str]], receiving: list[str],
           summarised: frozenset[str]) -> tuple[list[list[str]], dict]:
    placed = columns(model, [e for e in ids if e not in receiving], links)
    unsplit = [[e for e in ids if placed.get(e) == k] for k in range(max(placed.values(), default=-1) + 1)]
    box = {e: (zone_of(model, e), box_layer(model, e) if e in model.components else "") for e in ids}
    grids, held = pair_rows(split_tall(unsplit), links, column_cap(unsplit), box)
    column_lists = [column for grid in grids for column in grid]
    bands = place_bands(model, ids, column_lists, links, summarised)
    place_receivers(column_lists, bands["below"], receiving)
    bands.update(align=held["level"] + bands["align"], stacks=held["stacks"])
    bands["gridded"] = {m for grid in grids if len(grid) > 1 for column in grid for m in column}
    return column_lists, bands


def places(model: Model, clusters: list[Cluster], nodes: list[Node], bands: dict, column: dict[str, int],
           summarised: frozenset[str], bundling: str) -> dict:
    detail_layers = [layer for layer in bands["bands"] if layer in summarised]
    parent = {c.id: c.parent for c in clusters}
    members: dict[str, list[str]] = {}
    for drawn_node in nodes:
        members.setdefault(drawn_node.cluster, []).append(drawn_node.id)
        if parent.get(drawn_node.cluster):
            members.setdefault(parent[drawn_node.cluster], []).append(drawn_node.id)
    return {
        "anchors": {box: inside[len(inside) // 2] for box, inside in members.items()},
        "cluster": {n.id: n.cluster for n in nodes}, "actors": set(model.actors),
        "zone_box": {n.id: parent.get(n.cluster) or n.cluster for n in nodes}, "bundling": bundling,
        "aside": {n.id for n in nodes if is_aside(model, n.id)},
        "detail_band": {m: layer for layer in detail_layers for m in bands["bands"][layer]},
        "gridded": bands["gridded"], "column": column,
    }


def door(model: Model, members: list[str], groups: list[list[str]]) -> str:
    """The node an edge from outside heads for: the top of the region's first band, else its first node."""
    banded = [m for group in groups for m in group if zone_of(model, m) == "region"]
    return banded[0] if banded else next(m for m in members if zone_of(model, m) == "region")


def shorten_deep_entries(model: Model, edges: list[Edge], column_lists: list[list[str]], column: dict[str, int],
                         below: list[list[list[str]]]) -> list[Edge]:
    """A bundled edge from outside the region to a box deep inside it (a CI runner deploying the functions) would
    have to go round the whole region (Graphviz routes no edge through a box that holds neither end): it ends at
    the region's box instead, next to where it comes from, its label naming the box it serves (the tooltip keeps
    every link)."""
    first = min((column[c] for c in model.components if zone_of(model, c) == "region"), default=None)
    shortened = []
    for drawn_edge in edges:
        source, target = drawn_edge.source, drawn_edge.target
        if first is not None and drawn_edge.head_cluster and zone_of(model, source) != "region" \
                and zone_of(model, target) == "region" and column[target] > first and column[source] < first:
            layer = box_layer(model, target)
            drawn_edge = replace(drawn_edge, target=door(model, column_lists[first], below[first]),
                                 head_cluster=zone_cluster_id("region"),
                                 label=wrap(f"{drawn_edge.label} to {layer_label(layer)}".strip(), LABEL_WIDTH))
        shortened.append(drawn_edge)
    return shortened


def orient_flat_edges(edges: list[Edge], column_lists: list[list[str]], below: list[list[list[str]]]) -> list[Edge]:
    """Edges inside one column order its nodes top to bottom (Graphviz draws a flat edge's tail above its head):
    an edge from a group below to a node above is drawn reversed, so it never contradicts the bands; of the leaves
    a node feeds in its own column, every second one is drawn reversed, so they sit above and below it."""
    level = {}
    for members, groups in zip(column_lists, below):
        level.update({m: 0 for m in members})
        level.update({m: depth + 1 for depth, group in enumerate(groups) for m in group})
    column = {n: k for k, members in enumerate(column_lists) for n in members}
    oriented = list(edges)
    fed: dict[str, list[int]] = {}
    for k, drawn_edge in enumerate(edges):
        source, target = drawn_edge.source, drawn_edge.target
        if column[source] != column[target]:
            continue
        # Graphviz cannot clip a flat edge at a cluster's box
        oriented[k] = replace(drawn_edge, flat=True, head_cluster="", tail_cluster="",
                              reverse=level[source] > level[target] if level[source] != level[target] else
                              drawn_edge.reverse)
        if level[source] == level[target]:
            fed.setdefault(source, []).append(k)
    fed_in_column = {e.target for e in oriented if e.flat}
    for feeder, leaves in fed.items():
        for position, k in enumerate(leaves):  # a feeder with a source above it: its leaves go below
            oriented[k] = replace(oriented[k], reverse=len(leaves) > 1 and position % 2 == 0
                                  and feeder not in fed_in_column)
    return oriented


def entry_tops(model: Model, edges: list[Edge], column_lists: list[list[str]], cluster: dict[str, str]) -> list:
    """[entry, top] pairs: a leaf that only people reach (a DNS zone) on top of its box's column, above the node
    that the box's flat edges put first (a certificate feeding the content network, else the network itself):
    drawn between, the people's edge to it would cross the network's edges to its other leaves."""
    flat = [(e.source, e.target) for e in edges if e.flat]
    pairs = []
    for members in column_lists:
        for entry in members:
            feeders = [e.source for e in edges if e.target == entry]
            if not feeders or any(f not in model.actors for f in feeders) or any(e.source == entry for e in edges):
                continue
            mates = [m for m in members if m != entry and cluster[m] == cluster[entry]]
            tops = [m for m in mates if any(s == m for s, _ in flat) and not any(t == m for _, t in flat)]
            if tops:
                pairs.append([entry, tops[0]])
    return pairs


def tune_edges(model: Model, edges: list[Edge], column: dict[str, int], right: list[str]) -> list[Edge]:
    """How each edge pulls on the layout (constraint, weight) and where it ends."""
    watching = set(right) - set(receivers(model))
    return [tuned(model, e, column, right, watching) for e in edges]


def tuned(model: Model, drawn_edge: Edge, column: dict[str, int], right: list[str], watching: set[str]) -> Edge:
    source, target = drawn_edge.source, drawn_edge.target
    changes: dict = {"protocol": ""}
    if target in right:
        changes["constraint"] = True  # it runs forward, to the last column: it may straighten itself
    if column[target] <= column[source]:
        changes["constraint"] = False  # backwards or within a column: it must not move the columns
    if source in model.actors and column[target] == column[source] + 1 and not drawn_edge.head_cluster:
        changes["head_port"] = "w"  # into the side that faces the people: past no box mate above its head
    if target in watching:
        changes["weight"] = WATCHER_WEIGHT  # level with the topic that alerts them
    elif is_aside(model, source) or is_aside(model, target):
        changes["weight"] = 0  # the main line stays straight; what is aside follows it
    elif column[target] == column[source] + 1:
        changes["weight"] = MAIN_LINE_WEIGHT  # level with the next step, not with the DNS lookup
    return replace(drawn_edge, **changes)


def infrastructure_view(model: Model) -> View:
    """The overview, with the alternatives the renderer lays out too when it crosses (the fewest crossings win,
    the earlier on a tie): with the layers summarised only when crowded (CI/CD) summarised, and the edges that
    bundles.py draws once per box in a crowded overview (CROWDED) drawn so."""
    drawn = overview(model, summarised_layers(crowded=False), "one by one")
    alternatives = [overview(model, summarised_layers(crowded=True), bundling) for bundling in CROWDED]
    others = tuple(a for k, a in enumerate(alternatives)
                   if a.edges != drawn.edges and all(a.edges != b.edges for b in alternatives[:k]))
    return replace(drawn, hints=replace(drawn.hints, alternatives=others),
                   on_page=OnPage(paths.page("index"), "Infrastructure", f"{model.system.name} infrastructure"))


def overview(model: Model, summarised: frozenset[str], bundling: str) -> View:
    raw = model_edges(model)
    links = [(e.source, e.target) for e in raw]
    right = right_side(model, links, summarised)
    column_lists, bands = layout(model, ordered_elements(model, right), links, right, summarised)
    column = {n: k for k, members in enumerate(column_lists) for n in members}
    clusters, nodes = clusters_and_nodes(model, column, right, summarised)
    edges = label_once(bundle(raw, places(model, clusters, nodes, bands, column, summarised, bundling)), nodes)
    edges = shorten_deep_entries(model, edges, column_lists, column, bands["below"])
    edges = orient_flat_edges(edges, column_lists, bands["below"])
    tops = entry_tops(model, edges, column_lists, {n.id: n.cluster for n in nodes})
    edges = tune_edges(model, edges, column, right)
    drawn = view(NAME, f"{model.system.name}: infrastructure", declared_bottom_up(nodes, bands["stacks"]), edges,
                 clusters)
    hints = LayoutHints(columns=ids(column_lists), below=ids(bands["below"]), align=ids(bands["align"]),
                        stacks=ids(bands["stacks"]), tops=ids(tops), shuffles=SHUFFLES,
                        orders=other_orders(model, column, right, drawn, bands["stacks"], summarised))
    return replace(drawn, hints=hints)


def other_orders(model: Model, column: dict[str, int], right: list[str], drawn: View,
                 stacks: list[list[str]], summarised: frozenset[str]) -> tuple[Order, ...]:
    """Declaration orders the renderer also tries (Graphviz orders a column's boxes chaotically): what only other
    zones feed first in the region, which puts the access-log bucket's box at one end of the region's first column
    or the other, the API always between it and the authentication box."""
    clusters, nodes = clusters_and_nodes(model, column, right, summarised, outside_first=True)
    order = Order(tuple(c.id for c in clusters), tuple(n.id for n in declared_bottom_up(nodes, stacks)))
    own = Order(tuple(c.id for c in drawn.clusters), tuple(n.id for n in drawn.nodes))
    return (order,) if order != own else ()
