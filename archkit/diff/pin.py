"""Pin a diff picture to BASE's layout: every node BASE had stays exactly where BASE's picture put it, each new node
goes where Graphviz put it among its neighbours (shifted with its nearest old neighbour, then down until it
overlaps nothing), the boxes grow around their members, and neato (-n2) routes the edges between the fixed nodes.

Graphviz's dot cannot keep nodes in place: one node more in a column re-centres every rank. This step runs only
when the plain union layout moved unchanged nodes."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from ..views.contract import Edge, View

GAP = 18.0  # points between a placed new node and any other node
CLUSTER_MARGIN = 16.0  # points: style.CLUSTER margin
PAD = 29.0  # points: the graph's pad (0.4 in)


@dataclass
class Box:
    x1: float
    y1: float
    x2: float
    y2: float

    def union(self, other: "Box") -> "Box":
        return Box(min(self.x1, other.x1), min(self.y1, other.y1), max(self.x2, other.x2), max(self.y2, other.y2))

    def overlaps(self, other: "Box", gap: float = 0.0) -> bool:
        return not (self.x2 + gap <= other.x1 or other.x2 + gap <= self.x1 or
                    self.y2 + gap <= other.y1 or other.y2 + gap <= self.y1)

    def text(self) -> str:
        return f"{self.x1:.2f},{self.y1:.2f},{self.x2:.2f},{self.y2:.2f}"


@dataclass
class Layout:
    nodes: dict[str, tuple[float, float, float, float]]  # name -> x, y, width, height (points, y up)
    clusters: dict[str, Box]  # cluster name -> box
    children: dict[str, tuple[list[str], list[str]]]  # cluster -> (its own nodes, its child clusters)
    label_height: dict[str, float]  # cluster -> height of its label (points)
    box: Box
    title_height: float = 0.0  # the graph's own label, on top (points)


def read_layout(text: bytes) -> Layout:
    data = json.loads(text)
    objects = data.get("objects", [])
    by_id = {o["_gvid"]: o for o in objects}
    nodes = {}
    for o in objects:
        if "pos" in o:
            x, y = (float(v) for v in o["pos"].split(",")[:2])
            nodes[o["name"]] = (x, y, float(o["width"]) * 72, float(o["height"]) * 72)
    clusters, children, labels = {}, {}, {}
    for o in objects:
        if "bb" in o and o["name"].startswith("cluster"):
            clusters[o["name"]] = Box(*(float(v) for v in o["bb"].split(",")))
            labels[o["name"]] = float(o.get("lheight", 0)) * 72
    for name in clusters:
        o = next(x for x in objects if x.get("name") == name)
        subs = [by_id[i]["name"] for i in o.get("subgraphs", []) if by_id[i]["name"] in clusters]
        nested = {n for s in subs for n in all_nodes(by_id, next(x for x in objects if x.get("name") == s))}
        own = [by_id[i]["name"] for i in o.get("nodes", []) if "pos" in by_id[i] and by_id[i]["name"] not in nested]
        children[name] = (own, subs)
    return Layout(nodes, clusters, children, labels, Box(*(float(v) for v in data["bb"].split(","))),
                  float(data.get("lheight", 0)) * 72)


def all_nodes(by_id: dict, cluster: dict) -> set[str]:
    return {by_id[i]["name"] for i in cluster.get("nodes", []) if "pos" in by_id[i]}


def node_box(x, y, w, h) -> Box:
    return Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def pinned_positions(base: Layout, union: Layout, mapping: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Node name -> position: BASE's for what BASE had, new nodes beside their nearest old neighbour."""
    placed: dict[str, tuple[float, float]] = {}
    for name in union.nodes:
        old = mapping.get(name, name)
        if old in base.nodes:
            placed[name] = base.nodes[old][:2]
    anchors = [n for n in placed if n in union.nodes]
    for name, (x, y, w, h) in sorted(union.nodes.items(), key=lambda item: (-item[1][1], item[1][0], item[0])):
        if name in placed:
            continue
        if anchors:
            near = min(anchors, key=lambda n: ((union.nodes[n][0] - x) ** 2 + (union.nodes[n][1] - y) ** 2, n))
            x, y = x + placed[near][0] - union.nodes[near][0], y + placed[near][1] - union.nodes[near][1]
        taken = [node_box(*placed[n], *union.nodes[n][2:]) for n in placed if not n.startswith(("column-", "header-"))]
        while any(node_box(x, y, w, h).overlaps(other, GAP) for other in taken):
            y -= h / 2 + GAP
        placed[name] = (x, y)
    return placed


def cluster_boxes(union: Layout, base: Layout, placed: dict) -> dict[str, Box]:
    boxes: dict[str, Box] = {}

    def build(name: str) -> Box | None:
        own, subs = union.children[name]
        parts = [node_box(*placed[n], *union.nodes[n][2:]) for n in own if n in placed]
        parts += [b for b in (build(s) for s in subs) if b]
        if not parts:
            return None
        box = parts[0]
        for part in parts[1:]:
            box = box.union(part)
        box = Box(box.x1 - CLUSTER_MARGIN, box.y1 - CLUSTER_MARGIN, box.x2 + CLUSTER_MARGIN,
                  box.y2 + CLUSTER_MARGIN + union.label_height.get(name, 0))
        if name in base.clusters:
            box = box.union(base.clusters[name])
        boxes[name] = box
        return box
    nested = {s for _, subs in union.children.values() for s in subs}
    for name in union.clusters:
        if name not in nested:
            build(name)
    return boxes


def pinned_source(source: str, base: Layout, union: Layout, placed: dict[str, tuple[float, float]]) -> str:
    """The union's DOT source (without dot's layout helpers) with the position of every node in `placed` and the
    bounds of every box fixed, for `neato -n2`."""
    boxes = cluster_boxes(union, base, placed)
    whole = base.box
    for name, (x, y) in placed.items():
        whole = whole.union(node_box(x, y, *union.nodes[name][2:]))
    for box in boxes.values():
        whole = whole.union(box)
    whole = Box(whole.x1, whole.y1, whole.x2, max(whole.y2, base.box.y2))
    lines = source.rstrip().rstrip("}").rstrip().splitlines()
    out = []
    for line in lines:
        out.append(line)
        match = re.match(r'\s*subgraph "?(cluster[^"]*)"? \{$', line)
        if match and match.group(1) in boxes:
            out.append(f'\t\tgraph [bb="{boxes[match.group(1)].text()}"]')
    out.insert(1, f'\tgraph [bb="{whole.text()}"]')
    out += [f'\t"{name}" [pos="{x:.2f},{y:.2f}"]' for name, (x, y) in placed.items()]
    # neato -n2 fits the picture to what it draws; two invisible corners keep BASE's frame (no shift of all)
    out += [f'\t"diff-corner-{k}" [pos="{x:.2f},{y:.2f}" shape=point style=invis width=0 height=0 label=""]'
            for k, (x, y) in enumerate(((whole.x1, whole.y1), (whole.x2, whole.y2 - base.title_height)))]
    return "\n".join(out) + "\n}\n"


def declared(edge: Edge) -> tuple[str, str]:
    """The (tail, head) Graphviz sees: a reversed edge is declared head first."""
    return (edge.target, edge.source) if edge.reverse else (edge.source, edge.target)


def laid_edges(view: View, laid_json: bytes) -> list[dict]:
    """Each of the view's edges' route in a layout ({pos, lp, xlp}, or {} if none), matched by its ends and its
    place among the edges between the same two nodes (Graphviz lists edges in its own order)."""
    data = json.loads(laid_json)
    names = {o["_gvid"]: o["name"] for o in data.get("objects", []) if "pos" in o or "name" in o}
    by_pair: dict[tuple[str, str], list[dict]] = {}
    for e in data.get("edges", []):
        if "invis" not in e.get("style", ""):
            pair = (names.get(e["tail"], ""), names.get(e["head"], ""))
            by_pair.setdefault(pair, []).append({k: e[k] for k in ("pos", "lp", "xlp") if k in e})
    return [by_pair.get(declared(edge), []).pop(0) if by_pair.get(declared(edge)) else {} for edge in view.edges]


def base_routes(base_view: View, base_json: bytes, key) -> dict[tuple, list[dict]]:
    """edge key -> the routes BASE's picture drew for it, in declaration order."""
    routes: dict[tuple, list[dict]] = {}
    for edge, laid in zip(base_view.edges, laid_edges(base_view, base_json)):
        routes.setdefault(key(edge), []).append(laid)
    return routes


def shifted(route: dict, tail: tuple[float, float], head: tuple[float, float]) -> dict:
    """dot's route of an edge in the union layout, bent to ends that moved by `tail` and `head`: each control
    point moves by the share of both that its place along the curve gives (labels by half of each)."""
    def move(x, y, t):
        return f"{x + (1 - t) * tail[0] + t * head[0]:.2f},{y + (1 - t) * tail[1] + t * head[1]:.2f}"
    tokens = route["pos"].split()
    points = [t for t in tokens if not t.startswith(("e,", "s,"))]
    out = []
    for token in tokens:
        if token.startswith(("e,", "s,")):
            x, y = (float(v) for v in token[2:].split(","))
            out.append(token[:2] + move(x, y, 1.0 if token[0] == "e" else 0.0))
        else:
            x, y = (float(v) for v in token.split(","))
            index = points.index(token)
            out.append(move(x, y, index / max(len(points) - 1, 1)))
    moved = {"pos": " ".join(out)}
    for key in ("lp", "xlp"):
        if key in route:
            x, y = (float(v) for v in route[key].split(","))
            moved[key] = move(x, y, 0.5)
    return moved


def union_routes(view: View, union_json: bytes) -> list[dict]:
    return laid_edges(view, union_json)


def with_routes(view: View, routes: dict[tuple, list[dict]], key, status: dict[str, str], union: list[dict],
                union_nodes: dict, placed: dict) -> View:
    """The view with a route on every edge, so that neato routes none (its router takes seconds on a big picture):
    BASE's route where BASE drew the edge between two old nodes, else dot's route in the union bent to the ends'
    new places."""
    left = {k: list(v) for k, v in routes.items()}
    edges = []
    for index, edge in enumerate(view.edges):
        found = left.get(key(edge))
        tail, head = declared(edge)
        if found and "pos" in found[0] and status.get(edge.source) != "added" and status.get(edge.target) != "added":
            route = found.pop(0)
        elif index < len(union) and "pos" in union[index] and tail in placed and head in placed:
            route = shifted(union[index], delta(tail, union_nodes, placed), delta(head, union_nodes, placed))
        else:
            route = {}
        edges.append(replace(edge, dot=tuple({**dict(edge.dot), **route}.items())))
    return replace(view, edges=tuple(edges))


def delta(name: str, union_nodes: dict, placed: dict) -> tuple[float, float]:
    return placed[name][0] - union_nodes[name][0], placed[name][1] - union_nodes[name][1]
