"""The diff drawn: the overview and each affected flow, once, with added elements green, removed ones as red
ghosts, changed ones amber, and the unchanged ones where BASE's picture had them.

The picture is HEAD's view plus BASE's removed nodes and edges (ghosts keep their place, so a removal moves
nothing), declared in the order BASE's own picture was laid out with (its least-crossing order), new nodes right
after their neighbour in HEAD's order. Graphviz lays it out; the nodes both sides share and the change leaves alone
are then compared with BASE's layout: how many moved more than MOVE_PX is reported per picture."""
from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

from ..model.types import Model
from ..views.contract import Edge, LayoutHints, Node, View
from .changes import ADDED, CHANGED, REMOVED, RENAMED, ModelDiff
from .report import Picture

MOVE_PX = 20  # SVG user units (1 pt at Graphviz's 72 dpi)
TIMEOUT_S = 120
GREEN, RED, AMBER = "#1E8E3E", "#C0392B", "#E07B00"
LOOK = {  # Graphviz attributes of a node, in order
    ADDED: (("shape", "box"), ("style", "rounded,filled,bold"), ("color", GREEN), ("fillcolor", "#E6F4EA"),
            ("penwidth", "3")),
    REMOVED: (("shape", "box"), ("style", "rounded,dashed,bold"), ("color", RED), ("fontcolor", RED),
              ("penwidth", "2.5")),
    CHANGED: (("shape", "box"), ("style", "rounded,filled,bold"), ("color", AMBER), ("fillcolor", "#FFF3E0"),
              ("penwidth", "3")),
}
EDGE_LOOK = {
    ADDED: (("color", GREEN), ("fontcolor", GREEN), ("penwidth", "2.5")),
    REMOVED: (("color", RED), ("fontcolor", RED), ("style", "dashed"), ("penwidth", "2")),
    CHANGED: (("color", AMBER), ("fontcolor", AMBER), ("penwidth", "2.5")),
}
STEP_NUMBER = re.compile(r"^\d+\.\s*")


def edge_key(edge: Edge, mapping: dict[str, str]) -> tuple[str, str, str]:
    label = STEP_NUMBER.sub("", edge.label) if edge.number is not None else ""
    return (mapping.get(edge.source, edge.source), mapping.get(edge.target, edge.target), label)


def node_status(ref: str, diff: ModelDiff) -> str:
    for change in diff.changes:
        if change.section in ("components", "actors") and change.id == ref:
            return CHANGED if change.kind in (CHANGED, RENAMED) else change.kind
    return ""


def chosen_view(view: View) -> tuple[View, dict[str, bytes]]:
    """(the declaration order the renderer keeps for this view, as a view; its layout, plain and json),
    as trials.least_crossing picks it, each candidate laid out once."""
    from ..renderers.graph.crossings import crossing_pairs
    from ..renderers.graph.dotsource import graph_dot
    from ..renderers.graph.trials import ANCHORS, reordered

    best, best_out, best_count = view, {}, None
    for candidate in [view] + [reordered(view, order) for order in view.hints.orders]:
        out = layout(graph_dot(candidate), view.name, ["plain", "json0"])
        if not view.hints.orders:
            return candidate, out
        plain = out["plain"].decode()
        count = len(crossing_pairs([e for e in plain_edges(plain) if not e[0].startswith(ANCHORS)]))
        if best_count is None or count < best_count:
            best, best_out, best_count = candidate, out, count
        if count == 0:
            break
    return best, best_out


def plain_edges(plain: str) -> list[tuple[str, str, list[tuple[float, float]]]]:
    edges = []
    for line in plain.splitlines():
        parts = line.split()
        if parts and parts[0] == "edge" and "invis" not in parts:
            count = int(parts[3])
            points = [(float(parts[4 + 2 * i]), float(parts[5 + 2 * i])) for i in range(count)]
            edges.append((parts[1].strip('"'), parts[2].strip('"'), points))
    return edges


def ordered(base_ids: list[str], head_ids: list[str]) -> list[str]:
    """BASE's order of the ids both have (and of BASE's own), each new id right after its predecessor in HEAD."""
    result = list(base_ids)
    for index, item in enumerate(head_ids):
        if item in result:
            continue
        previous = next((head_ids[k] for k in range(index - 1, -1, -1) if head_ids[k] in result), None)
        result.insert(result.index(previous) + 1 if previous else 0, item)
    return [i for i in result if i in set(head_ids) | set(base_ids)]


def renamed_ids(value, mapping: dict[str, str]):
    """A view's layout hints (columns, below, stacks, align, tops, same_rank) with BASE's ids mapped to HEAD's."""
    if isinstance(value, tuple):
        return tuple(renamed_ids(v, mapping) for v in value)
    return mapping.get(value, value) if isinstance(value, str) else value


def diff_name(head: View) -> tuple[str, str]:
    """The diff picture's name and title (no page embeds it: the changes report links it)."""
    return f"diff-{head.name}", f"{head.title or head.name}: changes"


def all_added(head: View) -> tuple[View, dict[str, str]]:
    name, title = diff_name(head)
    view = replace(head, name=name, title=title, on_page=None,
                   nodes=tuple(replace(n, dot=LOOK[ADDED]) for n in head.nodes), edges=tuple(replace(e, dot=EDGE_LOOK[ADDED]) for e in head.edges),
                   hints=replace(head.hints, orders=()))
    return view, {n.id: ADDED for n in head.nodes}


def kept_node(head: Node, base: Node) -> Node:
    """A node both sides have: HEAD's, in BASE's box and at BASE's size."""
    return replace(head, cluster=base.cluster, lines=base.lines or head.lines, listing=base.listing or head.listing)


def union_view(base: View | None, head: View | None, diff: ModelDiff) -> tuple[View, dict[str, str]]:
    """(the view to draw, node id -> status): BASE's view and layout (columns, groups, order) with HEAD's edges,
    its new nodes placed next to their neighbours, and BASE's removed nodes and edges as ghosts."""
    if base is None:
        return all_added(head)
    mapping = dict(diff.renamed)
    head = head or replace(base, nodes=(), edges=(), clusters=())
    head_nodes = {n.id: n for n in head.nodes}
    base_nodes = {mapping.get(n.id, n.id): n for n in base.nodes}
    status, nodes = {}, {}
    for nid, node in base_nodes.items():
        if nid in head_nodes:
            status[nid] = node_status(head_nodes[nid].ref or nid, diff)
            nodes[nid] = kept_node(head_nodes[nid], node)
        else:
            status[nid] = REMOVED
            nodes[nid] = replace(node, id=nid, href="", tooltip=f"removed: {node.tooltip}")
    clusters = {c.id: c for c in base.clusters}
    head_clusters = {c.id: c for c in head.clusters}
    for nid, node in head_nodes.items():
        if nid not in base_nodes:
            status[nid], nodes[nid] = ADDED, node
            add_cluster_chain(node.cluster, clusters, head_clusters)
    nodes = {nid: replace(n, dot=LOOK[status[nid]]) if status[nid] else n for nid, n in nodes.items()}
    order = ordered(list(base_nodes), [n.id for n in head.nodes])
    cluster_order = ordered([c.id for c in base.clusters], [c.id for c in head.clusters])
    hints = renamed_hints(base.hints, mapping)
    if hints.columns:
        hints = placed_in_columns(hints, [n for n in order if status[n] == ADDED], head)
    name, title = diff_name(head)
    view = replace(base, nodes=tuple(nodes[i] for i in order),
                   clusters=tuple(clusters[c] for c in cluster_order if c in clusters),
                   edges=tuple(edge_union(base, head, mapping, status, set(clusters))), name=name, title=title,
                   hints=hints, on_page=None)
    return view, status


def renamed_hints(hints: LayoutHints, mapping: dict[str, str]) -> LayoutHints:
    """BASE's layout hints for the union: its placement with HEAD's ids, none of its other declaration orders."""
    return replace(hints, orders=(), **{key: renamed_ids(getattr(hints, key), mapping) for key in LAYOUT_KEYS})


LAYOUT_KEYS = ("columns", "below", "stacks", "align", "tops", "same_rank", "headers")


def add_cluster_chain(cluster: str, clusters: dict, head_clusters: dict):
    while cluster and cluster not in clusters and cluster in head_clusters:
        clusters[cluster] = head_clusters[cluster]
        cluster = head_clusters[cluster].parent


def edge_union(base: View, head: View, mapping: dict, status: dict, clusters: set) -> list[Edge]:
    old = {edge_key(e, mapping): e for e in base.edges}
    new = {edge_key(e, {}) for e in head.edges}
    edges = []
    for edge in head.edges:
        touched = status.get(edge.source) == ADDED or status.get(edge.target) == ADDED
        edges.append(replace(edge, dot=EDGE_LOOK[ADDED]) if edge_key(edge, {}) not in old or touched else edge)
    for key, edge in old.items():
        if key not in new:
            edges.append(replace(edge, source=key[0], target=key[1], dot=EDGE_LOOK[REMOVED],
                                 tooltip=f"removed: {edge.tooltip}"))
    # a bundled edge may end at a box the picture does not have
    return [replace(e, tail_cluster=e.tail_cluster if e.tail_cluster in clusters else "",
                    head_cluster=e.head_cluster if e.head_cluster in clusters else "") for e in edges]


def placed_in_columns(hints: LayoutHints, added: list[str], head: View) -> LayoutHints:
    """Each new node into the column of a node HEAD ranks it with, else the one after its source's, else last."""
    columns = [list(c) for c in hints.columns]
    below, headers = list(hints.below), list(hints.headers)
    where = {n: k for k, column in enumerate(columns) for n in column}
    head_columns = head.hints.columns
    head_column = {n: k for k, column in enumerate(head_columns) for n in column}
    for nid in added:
        peers = [n for n in head_columns[head_column[nid]] if n in where] if nid in head_column else []
        sources = [where[e.source] for e in head.edges if e.target == nid and e.source in where]
        k = where[peers[0]] if peers else (min(sources) + 1 if sources else len(columns) - 1)
        if k >= len(columns):
            columns.append([])
            below += [()] if below else []
            headers += [""] if headers else []
        columns[k].append(nid)
        where[nid] = k
    return replace(hints, columns=tuple(tuple(c) for c in columns), below=tuple(below), headers=tuple(headers))


def positions(plain: str) -> dict[str, tuple[float, float]]:
    """Node centres in points from the picture's top left corner (as SVG and a reader see them; Graphviz's plain
    output counts y from the bottom)."""
    found, height = {}, 0.0
    for line in plain.splitlines():
        parts = line.split()
        if parts and parts[0] == "graph":
            height = float(parts[3])
        elif parts and parts[0] == "node":
            found[parts[1].strip('"')] = (float(parts[2]) * 72, (height - float(parts[3])) * 72)
    return found


def layout(source: str, name: str, formats: list[str], engine: tuple[str, ...] = ("dot",)) -> dict[str, bytes]:
    """One Graphviz layout written in each format."""
    import tempfile

    from ..errors import RenderError
    from ..renderers.graph.text import check_lengths

    check_lengths(source, name)
    with tempfile.TemporaryDirectory(prefix="archkit-diff-dot-") as folder:
        outputs = {fmt: Path(folder) / f"out-{fmt}" for fmt in formats}
        command = [*engine] + [arg for fmt in formats for arg in (f"-T{fmt}", "-o", str(outputs[fmt]))]
        try:
            done = subprocess.run(command, input=source.encode(), capture_output=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RenderError(f"diff picture {name}: Graphviz failed: {exc}") from None
        if done.returncode != 0:
            raise RenderError(f"diff picture {name}: Graphviz exit {done.returncode}: "
                              f"{done.stderr.decode(errors='replace').strip()}")
        return {fmt: path.read_bytes() for fmt, path in outputs.items()}


def moved(before: dict, after: dict, nodes: list[str]) -> int:
    return sum(1 for n in nodes if n in before and n in after and
               ((before[n][0] - after[n][0]) ** 2 + (before[n][1] - after[n][1]) ** 2) ** 0.5 > MOVE_PX)


def affected_flows(base: Model, head: Model, diff: ModelDiff) -> list[str]:
    touched = {c.id for c in diff.changes if c.section in ("components", "actors")} | set(diff.renamed)
    flows = {c.id for c in diff.changes if c.section == "flows"}
    for model in (base, head):
        flows |= {fid for fid, flow in model.flows.items() if touched & set(flow.participants())}
    return sorted(flows)


def draw_one(base_view, head_view, diff: ModelDiff, folder: Path, title: str) -> Picture:
    """The picture as dot lays out BASE's view with the change; when that moves unchanged nodes, the same picture
    with every old node pinned where BASE had it (pin.py, neato -n2)."""
    from ..renderers.graph.dotsource import graph_dot
    from ..renderers.graph.svg import standalone_svg
    from . import pin

    base_chosen, base_out = chosen_view(base_view) if base_view else (None, {})
    view, status = union_view(base_chosen, head_view, diff)
    view = replace(view, key_colours=((GREEN, "added"), (RED, "removed"), (AMBER, "changed")))
    source = graph_dot(view)
    out = layout(source, view.name, ["svg", "plain", "json0"])
    file = f"{view.name}.svg"
    unchanged = [n for n, state in status.items() if not state]
    moved_count = unpinned = 0
    if base_chosen:
        mapping = {new: old for old, new in diff.renamed.items()}
        before = positions(base_out["plain"].decode())
        before = {n: before[mapping.get(n, n)] for n in status if mapping.get(n, n) in before}
        moved_count = unpinned = moved(before, positions(out["plain"].decode()), unchanged)
        if unpinned:
            base_layout, union_layout = pin.read_layout(base_out["json0"]), pin.read_layout(out["json0"])
            keep = {n.id for n in view.nodes} | ({"note"} if view.note else set())
            placed = {n: p for n, p in pin.pinned_positions(base_layout, union_layout, mapping).items() if n in keep}
            routes = pin.base_routes(base_chosen, base_out["json0"], lambda e: edge_key(e, diff.renamed))
            fixed = replace(view, hints=LayoutHints(graph=view.hints.graph))  # dot's helpers: nothing to route
            routed = pin.with_routes(fixed, routes, lambda e: edge_key(e, {}), status,
                                     pin.union_routes(view, out["json0"]), union_layout.nodes, placed)
            pinned = pin.pinned_source(graph_dot(routed), base_layout, union_layout, placed)
            again = layout(pinned, view.name, ["svg", "plain"], ("neato", "-n2"))
            moved_count = moved(before, positions(again["plain"].decode()), unchanged)
            if moved_count < unpinned:
                out = again
            else:
                moved_count = unpinned
    (folder / file).write_bytes(standalone_svg(out["svg"], view.name))
    return Picture(view.name, file, len(unchanged) if base_chosen else 0, moved_count, title, unpinned)


def steps_in_full(view: View) -> View:
    """A flow's view with its steps labelled in full on their edges, not numbered with a legend: a diff's edges
    mix two models' numbers, and base and diff must be laid out alike."""
    return replace(view, legend=())


def draw_pictures(base: Model, head: Model, diff: ModelDiff, folder: Path) -> list[Picture]:
    from ..views.flows import flow_view
    from ..views.infrastructure import infrastructure_view

    folder.mkdir(parents=True, exist_ok=True)
    if not diff.changes:
        return []
    pictures = [draw_one(infrastructure_view(base), infrastructure_view(head), diff, folder, "Overview")]
    for fid in affected_flows(base, head, diff):
        old = steps_in_full(flow_view(base, base.flows[fid])) if fid in base.flows else None
        new = steps_in_full(flow_view(head, head.flows[fid])) if fid in head.flows else None
        name = (head.flows.get(fid) or base.flows[fid]).name
        pictures.append(draw_one(old, new, diff, folder, f"Flow: {name}"))
    return pictures
