"""Observability: what emits logs, metrics and traces, the alarms on them, and whom the alarms notify."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .. import paths
from ..layout.blocks import block_id, block_label, wrapped_columns
from ..layout.fanin import fan_ins
from ..layout.rows import declared_bottom_up
from ..model.types import Model
from .blocks import bundle_blocks
from .contract import Cluster, Edge, LayoutHints, Node, OnPage, View, ids
from .displays import displays, mark_displays
from .elements import cluster, edge, label_once, node, view, wrap
from .fanin import box_sources, bundle_fan_ins

NAME = "observability"
LAYER = "observability"
HEADER_WIDTH = 22  # characters per line of a column's header
MINCROSS_PASSES = "4"  # Graphviz's mclimit for a wrapped diagram: with the default (1), one block's edge to the
# topic may run below the next block and cross its edge to X-Ray (synthetic 200); measured: no slower
ROW_WEIGHT = 160  # how hard Graphviz keeps an edge to the next stage level: more than a box's pull (128) to
# shrink round its nodes, so that the sources in the sources' box (fanin.py) stay on their rows


def references(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def ref_edges(model: Model, members: list[str]) -> list[tuple[str, str, str]]:
    """(from, to, property) for every reference property of an observability component: what a log group,
    metric, alarm or dashboard is *of* feeds into it; what it sends to (an alarm's topics, `sends` in the
    catalogue) is fed by it."""
    found = []
    for member in members:
        component = model.components[member]
        for prop, spec in component.type.properties.items():
            ref = spec if spec.kind == "ref" else spec.items if spec.kind == "list" and spec.items is not None else None
            if ref is None or ref.kind != "ref":
                continue
            for target in references(component.properties.get(prop)):
                if target in model.components or target in model.actors:
                    found.append((member, target, prop) if ref.sends else (target, member, prop))
    return found


def members_of(model: Model) -> list[str]:
    return [cid for cid, c in model.components.items() if c.layer == LAYER]


def unconnected_refs(model: Model, connections) -> list[tuple[str, str, str]]:
    pairs = {(c.source, c.target) for c in connections}
    return [(a, b, p) for a, b, p in ref_edges(model, members_of(model)) if (a, b) not in pairs and (b, a) not in pairs]


def derived_edges(model: Model, connections) -> list[Edge]:
    """Edges for what observability components are *of* (a metric's source, an alarm's metric), when no
    connection already draws them."""
    return [Edge(a, b, style="dotted", tooltip=ref_tooltip(model, a, b, prop))
            for a, b, prop in unconnected_refs(model, connections)]


def names(model: Model, referrer: str, referenced: str, prop: str) -> bool:
    """Whether referrer's property prop names referenced."""
    component = model.components.get(referrer)
    return component is not None and referenced in references(component.properties.get(prop))


def ref_tooltip(model: Model, one: str, other: str, prop: str) -> str:
    """'<referrer>: <property> <referenced>' ('Errors alarm: notify Alerts topic')."""
    referrer, referenced = (one, other) if names(model, one, other, prop) else (other, one)
    return f"{model.name_of(referrer)}: {prop.replace('_', ' ')} {model.name_of(referenced)}"


def column_header(model: Model, column: list[str], role: str) -> str:
    """What a column holds: 'Sources', the kinds of component of a stage in the order they first appear
    ('CloudWatch log group, AWS X-Ray, CloudWatch metric'), or the people notified."""
    if role == "sources":
        return "Sources"
    if role == "readers":
        return "Notified and watching"
    kinds = dict.fromkeys(model.components[m].type.label for m in column)
    return wrap(", ".join(kinds), HEADER_WIDTH)


def lay_edges(edges: list[Edge], columns: list[list[str]]) -> list[Edge]:
    """Which way Graphviz lays each edge out, and how hard it keeps it level."""
    stage_of = {n: k for k, column in enumerate(columns) for n in column}
    feeders = Counter(e.target for e in edges)
    return [laid_edge(e, stage_of[e.target] - stage_of[e.source], feeders[e.target]) for e in edges]


def laid_edge(drawn_edge: Edge, forward: int, feeders: int) -> Edge:
    if forward < 0:  # a person reading a dashboard: laid out as the dashboard -> person, the arrow unchanged
        drawn_edge = replace(drawn_edge, reverse=True)
    elif forward == 0:
        drawn_edge = replace(drawn_edge, constraint=False)
    elif forward == 1 and feeders == 1:
        # the one feeder of a node in the next stage: keep the row straight
        drawn_edge = replace(drawn_edge, weight=ROW_WEIGHT)
    elif forward == 1 and not (drawn_edge.tail_cluster or drawn_edge.head_cluster):
        # one of many feeders (alarms -> their topic): out of its row sideways, into the node's side, as a bus
        drawn_edge = replace(drawn_edge, tail_port="e", head_port="w")
    if forward != 0:
        drawn_edge = replace(drawn_edge, constraint=True)  # people notified stand right of what notifies them
    return drawn_edge


def block_clusters(model: Model, nodes: list[Node], columns: list[list[str]], roles: list[str],
                   home: dict[str, int]) -> tuple[list[Node], list[Cluster]]:
    """The nodes put in their blocks' boxes, and a box per block of a wrapped diagram (layout/blocks.py), labelled with
    its first and last source."""
    nodes = [replace(n, cluster=block_id(home[n.id])) if n.id in home else n for n in nodes]
    chunks = [column for column, role in zip(columns, roles) if role == "sources"] if home else []
    return nodes, [cluster(block_id(home[chunk[0]]), block_label([model.name_of(s) for s in chunk]))
                   for chunk in chunks]


def tops_level(columns: list[list[str]], roles: list[str], home: dict[str, int]) -> list[tuple[str, str]]:
    """(top of a block's last column, top of the next block's sources): the blocks stand level, tops aligned."""
    starts = [k for k, role in enumerate(roles) if role == "sources" and columns[k][0] in home]
    return [(columns[k - 1][0], columns[k][0]) for k in starts[1:]]


def observability_view(model: Model) -> View:
    members = members_of(model)
    member_set = set(members)
    connections = [c for c in model.connections if c.source in member_set or c.target in member_set]
    derived = unconnected_refs(model, connections)
    involved = {x for c in connections for x in (c.source, c.target)} | {x for a, b, _ in derived for x in (a, b)}
    feeding = {c.source for c in connections if c.target in member_set} | {a for a, _, _ in derived}
    everything = list(model.actors) + list(model.components)
    sources = [e for e in everything if e in feeding and e not in member_set and e in model.components]
    readers = [e for e in everything if e in involved and e not in member_set and e not in sources]
    own_refs = [(a, b, p) for a, b, p in derived if names(model, b, a, p)]  # what each member itself names
    shown_on = displays(members, readers, [(c.source, c.target) for c in connections], derived, own_refs)
    listed = {(a, b) for b, shown in shown_on.items() for a in shown}
    links = [(c.source, c.target) for c in connections] + [(a, b) for a, b, _ in derived if (a, b) not in listed]
    fans = fan_ins(sources, links)
    columns, roles, home = wrapped_columns(sources, members, readers, links, shown_on, frozenset(fans))
    fans = [] if home else fans  # a big model's blocks bundle their own edges into what they share
    nodes = mark_displays(model, [node(model, NAME, e) for column in columns for e in column], shown_on)
    nodes, clusters = block_clusters(model, nodes, columns, roles, home)
    if fans:
        nodes, box = box_sources(nodes, sources)
        clusters += box
    derived_drawn = [e for e in derived_edges(model, connections) if (e.source, e.target) not in listed]
    row = {n: i for column in columns for i, n in enumerate(column)}
    high = {n for k, column in enumerate(columns) for n in column if k >= len(roles) - 1 - (roles[-1] == "readers")}
    drawn_edges = bundle_fan_ins([edge(model, c) for c in connections] + derived_drawn, sources, fans)
    edges = lay_edges(label_once(bundle_blocks(drawn_edges, home, row, high), nodes), columns)
    boxed = set(home) | (set(sources) if fans else set())
    stacks = [column for column in columns if len(column) > 1 and column[0] in boxed]  # boxed: kept in order
    hints = LayoutHints(
        columns=ids(columns), headers=tuple(column_header(model, column, role) for column, role in zip(columns, roles)),
        # each column keeps its top-to-bottom order: a chain of flat edges, or inside a box, a stack (layout/rows.py)
        below=ids([[] if column[0] in boxed else [[n] for n in column[1:]] for column in columns]),
        stacks=ids(stacks), align=ids(tops_level(columns, roles, home)),
        graph=(("mclimit", MINCROSS_PASSES),) if home else ())
    return view(NAME, f"{model.system.name}: observability", declared_bottom_up(nodes, stacks), edges, clusters,
                hints, note="" if members else f"No component of the {LAYER} layer in the model yet.",
                on_page=OnPage(paths.page("observability"), "Diagram", "Observability"))
