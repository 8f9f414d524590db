"""A graph view -> DOT source, built with the diagrams library (icons, clusters) and model-derived node ids."""
from __future__ import annotations

import contextlib

from . import style
from .icons import resolve
from ...views.contract import Cluster, Edge, Node, View
from .key import graph_key, titled_key
from .legend import circle, legend_table
from .text import dot_label, dot_tooltip, dot_url


@contextlib.contextmanager
def diagram_context(view: View):
    """A diagrams Diagram that is set as current but never renders itself (we run Graphviz once, ourselves)."""
    import diagrams

    diagram = diagrams.Diagram(dot_label(view.title), filename=view.name, direction="LR", show=False,
                               graph_attr={**style.GRAPH, **dict(view.hints.graph)}, node_attr=dict(style.NODE),
                               edge_attr=dict(style.EDGE))
    legend = legend_table(list(view.legend)) if view.legend else ""
    diagram.dot.graph_attr["label"] = titled_key(view.title, graph_key(view), legend)
    diagrams.setdiagram(diagram)
    try:
        yield diagram
    finally:
        diagrams.setdiagram(None)
        diagrams.setcluster(None)


def add_shape_node(node: Node):
    """A node drawn as a Graphviz shape, not an icon (a state machine's Choice, Wait, start and end)."""
    import diagrams

    colour = node.colour or style.TEXT
    attrs = {"tooltip": dot_tooltip(node.tooltip), "shape": node.shape, "style": "filled",
             "fillcolor": "#FFFFFF", "color": colour, "fontcolor": colour, "penwidth": "1.4", "margin": "0.15,0.08",
             "fixedsize": "false", "labelloc": "c", "width": "0.6", "height": "0.5", "imagescale": "false"}
    return diagrams.Node(dot_label(node.label), nodeid=node.id, **attrs)


def add_node(node: Node, view_name: str):
    if node.shape:
        return add_shape_node(node)
    cls = resolve(node.icon, f"diagram {view_name}, node {node.id}")
    attrs = {"tooltip": dot_tooltip(node.tooltip)}
    wide = style.label_points(node.label)
    if wide > style.ICON_NODE_W:  # a word that cannot be split: a wider node, so Graphviz never clips it
        attrs["width"] = f"{wide / 72:.2f}"
    if node.listing:  # a list under the icon: as tall as its lines, the icon on top (no gap above the text)
        attrs.update(height=f"{style.listing_height(node.label):.2f}", imagepos="tc")
    if dot_url(node.href):
        attrs.update(href=node.href, target="_top")
    if node.lines:  # sized for that many label lines, as diagrams sizes a node: nodes in a row stay level
        attrs["height"] = f"{cls._height + style.LABEL_LINE_H * (node.lines - 1):.2f}"
    attrs.update(node.dot)  # extra Graphviz attributes (the diff's colours)
    return cls(dot_label(node.label), nodeid=node.id, **attrs)


def add_clusters(view: View, parent: str, made: dict):
    import diagrams

    for entry in view.clusters:
        if entry.parent != parent:
            continue
        attrs = cluster_attrs(entry)
        with diagrams.Cluster(dot_label(entry.label), graph_attr=attrs) as group:
            group.dot.name = f"cluster_{entry.id}"  # keyed by id: clusters with the same label stay apart
            for node in view.nodes:
                if node.cluster == entry.id:
                    made[node.id] = add_node(node, view.name)
            add_clusters(view, entry.id, made)


def cluster_attrs(entry: Cluster) -> dict:
    return {**style.CLUSTER, **style.LOOKS[entry.look], **(style.HIGHLIGHT if entry.highlight else {})}


def edge_attrs(edge: Edge) -> dict:
    attrs = {"tooltip": dot_tooltip(edge.tooltip), "labeltooltip": dot_tooltip(edge.tooltip)}
    if edge.style in ("dashed", "dotted"):
        attrs["style"] = edge.style
    if not edge.constraint:
        attrs["constraint"] = "false"
    if edge.weight is not None:
        attrs["weight"] = str(edge.weight)
    if edge.tail_cluster:  # a bundled edge starts or ends at a cluster's box (compound=true)
        attrs["ltail"] = f"cluster_{edge.tail_cluster}"
    if edge.head_cluster:
        attrs["lhead"] = f"cluster_{edge.head_cluster}"
    if edge.tail_port:  # the side of a node an edge leaves or enters by ('s': downwards, 'w': left)
        attrs["tailport"] = edge.tail_port
    if edge.head_port:
        attrs["headport"] = edge.head_port
    attrs.update(edge.dot)  # extra Graphviz attributes (the diff's colours)
    return attrs


def add_edge(edge: Edge, made: dict, numbered: bool = False):
    import diagrams

    source, target = made[edge.source], made[edge.target]
    attrs = edge_attrs(edge)
    label = dot_label(edge.label)
    if numbered and edge.number is not None:  # the step's text is in the legend; its number on the edge
        label = circle(edge.number, edge.style == "dashed")
    if edge.flat and label:  # a label on an edge inside one column would add a column (and trip newrank)
        attrs["xlabel"], label = label, ""
    if edge.reverse:  # drawn head first (it keeps a column's order from top to bottom), arrow unchanged
        target.connect(source, diagrams.Edge(target, reverse=True, label=label, **attrs))
        return
    source.connect(target, diagrams.Edge(source, forward=True, label=label, **attrs))


def graph_dot(view: View) -> str:
    made: dict = {}
    hints = view.hints
    with diagram_context(view) as diagram:
        known = {c.id for c in view.clusters}
        for node in view.nodes:
            if node.cluster not in known:
                made[node.id] = add_node(node, view.name)
        add_clusters(view, "", made)
        for edge in view.edges:
            add_edge(edge, made, bool(view.legend))
        if view.note:
            diagram.dot.node("note", label=dot_label(view.note), shape="plaintext", fontsize="14", fixedsize="false")
        for group in hints.same_rank:
            diagram.dot.body.append("\t{rank=same; " + " ".join(f'"{made[n].nodeid}";' for n in group) + "}\n")
        add_columns(diagram.dot, hints.columns, made)
        add_headers(diagram.dot, hints.columns, hints.headers, made)
        drawn = {(e.target, e.source) if e.reverse else (e.source, e.target) for e in view.edges}
        add_below(diagram.dot, hints.columns, hints.below, made, drawn, hints.stacks)
        add_stacks(diagram.dot, hints.stacks, made, drawn)
        for upper, lower in hints.tops:  # inside a box, a flat edge from the lower node holds the pair
            diagram.dot.edge(made[lower].nodeid, made[upper].nodeid, style="invis")
        for left, right in hints.align:  # grid neighbours on one row
            diagram.dot.edge(made[left].nodeid, made[right].nodeid, style="invis", weight="4")
        return diagram.dot.source


def add_below(dot, columns, below, made: dict, drawn: set, stacks):
    """In each column, groups of nodes under the column's other nodes, each group under the one before: a flat
    invisible edge (it keeps its tail above its head) from every node of a group to every node of the next.
    Only pairs hold reliably: with newrank, a chain of flat edges inside a cluster may come out reversed. A pair
    that a drawn edge already holds gets no second edge (Graphviz aborts on some parallel flat edges). Of a stack
    (add_stacks), only its last member needs the edges, and they must not pull it down to the group (weight 0):
    a short column of a grid keeps to its top rows."""
    above = {m for stack in stacks for m in stack[:-1]}
    loose = {stack[-1] for stack in stacks}
    for members, groups in zip(columns, below):
        grouped = {m for group in groups for m in group}
        upper = [m for m in members if m not in grouped and m not in above]
        for group in groups:
            for tail in upper:
                for head in group:
                    if (tail, head) in drawn:
                        continue
                    extra = {"weight": "0"} if tail in loose else {}
                    dot.edge(made[tail].nodeid, made[head].nodeid, style="invis", **extra)
            upper = group


def add_stacks(dot, stacks, made: dict, drawn: set):
    """Keep the order of a grid's column top to bottom: a flat invisible edge to each member from the next, none
    where a drawn edge already holds the pair. Left to right, Graphviz draws a flat edge's tail below its head only
    if the tail is declared first: the view declares each stack bottom up (layout/rows.declared_bottom_up; measured by
    tests/test_diagrams_scale.py)."""
    for stack in stacks:
        for upper, lower in zip(stack, stack[1:]):
            if (upper, lower) not in drawn and (lower, upper) not in drawn:
                dot.edge(made[lower].nodeid, made[upper].nodeid, style="invis")


def add_columns(dot, columns, made: dict):
    """Pin nodes to columns: an invisible anchor per column, chained left to right, each ranked with its nodes."""
    for k, group in enumerate(columns):
        dot.node(f"column-{k}", label="", shape="point", style="invis", width="0", height="0")
        if k:
            dot.edge(f"column-{k - 1}", f"column-{k}", style="invis")
        names = " ".join(f'"{made[n].nodeid}";' for n in group)
        dot.body.append(f'\t{{rank=same; "column-{k}"; {names}}}\n')


def add_headers(dot, columns, headers, made: dict):
    """A title on top of each column: plain text in the column's rank, above its first node (a flat invisible edge
    keeps its tail above its head when no cluster holds them), all on one row."""
    previous = None
    for k, (group, header) in enumerate(zip(columns, headers)):
        if not header or not group:
            continue
        dot.node(f"header-{k}", label=dot_label(header), shape="plaintext", fontsize=style.CLUSTER["fontsize"],
                 fixedsize="false", width="0", height="0", margin="0.05")
        dot.body.append(f'\t{{rank=same; "column-{k}"; "header-{k}";}}\n')
        dot.edge(f"header-{k}", made[group[0]].nodeid, style="invis")
        if previous:
            dot.edge(previous, f"header-{k}", style="invis", weight="100")
        previous = f"header-{k}"
