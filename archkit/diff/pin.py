"""Pin a diff picture to BASE's layout: every node BASE had stays exactly where BASE's picture put it, each new node
goes where Graphviz put it among its neighbours (shifted with its nearest old neighbour, then down until it
overlaps nothing), the boxes grow around their members, and neato (-n2) routes the edges between the fixed nodes.

Graphviz's dot cannot keep nodes in place: one node more in a column re-centres every rank. This step runs only
when the plain union layout moved unchanged nodes."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

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
    return Layout(nodes, clusters, children, labels, Box(*(float(v) for v in data["bb"].split(","))))


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


def pinned_source(source: str, base: Layout, union: Layout, mapping: dict[str, str]) -> tuple[str, dict]:
    """The union's DOT source with every node's position and every box's bounds fixed, for `neato -n2`."""
    placed = pinned_positions(base, union, mapping)
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
    return "\n".join(out) + "\n}\n", placed
