"""Graphviz's order of boxes within a column follows the order in which they are declared, chaotically: one more
node or box elsewhere can turn a column upside down. A view may therefore offer other declaration orders
(view.hints.orders: each an Order of cluster and node ids), a number of shuffled orders the renderer may try
(view.hints.shuffles) and whole alternative views (view.hints.alternatives: the overview without the CI/CD band's
edges); the layout with the fewest crossing edges wins, the earlier among equals: the view's own order first, its
alternatives last (so a view without crossings costs one extra plain layout).

Shuffles are seeded by the view's name and their number, so a build lays out the same orders on any machine; they
keep each cluster after its parent, the nodes the view stacks (a grid's columns, declared bottom up) in their
order, and the bands' boxes after the others. Bigger views get fewer of them (each is a whole layout); a view the
first round leaves with more than GOOD_ENOUGH crossings gets a deeper round of shuffles."""
from __future__ import annotations

import json
import random
from dataclasses import replace

from ...errors import RenderError
from ...views.contract import Order, View
from .crossings import crossing_pairs, graphviz_output, plain_edges

ANCHORS = ("column", "header")  # the layout's own invisible helpers
LAYOUT_BUDGET = 1500  # nodes laid out in shuffled orders per view: 12 shuffles of a 120-node view, 1 of 1,500
GOOD_ENOUGH = 5  # crossing pairs the first round may leave before a deeper round is tried (the goal: at most 6)
DEEPER_ROUND = 3  # the deeper round's shuffles per version, in multiples of the first round's
DEEPER_BUDGET = 4500  # nodes laid out in the deeper round per version: 36 shuffles of a 120-node view


def reordered(view: View, order: Order) -> View:
    """The view with its clusters and nodes declared in the given order."""
    clusters = {c.id: c for c in view.clusters}
    nodes = {n.id: n for n in view.nodes}
    return replace(view, clusters=tuple(clusters[c] for c in order.clusters), nodes=tuple(nodes[n] for n in order.nodes))


def shuffled_order(view: View, seed: str) -> Order:
    """A random declaration order that keeps parents before their clusters, the boxes of bands (view.hints.below)
    after the others (declared first, Graphviz puts a band above the main line) and stacked nodes in order."""
    chance = random.Random(seed)
    parent = {c.id: c.parent for c in view.clusters}

    def depth(cluster_id: str) -> int:
        return 0 if parent.get(cluster_id) not in parent else 1 + depth(parent[cluster_id])

    below = {m for groups in view.hints.below for group in groups for m in group}
    banded = {n.cluster for n in view.nodes if n.id in below}
    clusters = list(parent)
    chance.shuffle(clusters)
    clusters.sort(key=lambda c: (depth(c), c in banded))
    nodes = [n.id for n in view.nodes]
    stacked = {m for stack in view.hints.stacks for m in stack}
    held = iter([n for n in nodes if n in stacked])
    chance.shuffle(nodes)
    return Order(tuple(clusters), tuple(next(held) if n in stacked else n for n in nodes))


def candidates(view: View, deeper: bool = False):
    """The view's own order, its other orders, then its shuffles; the same for each alternative after. deeper: the
    next round of shuffles only (numbered on from the first round's, so that round is unchanged)."""
    for number, version in enumerate((view,) + view.hints.alternatives):
        first = min(version.hints.shuffles, LAYOUT_BUDGET // max(1, len(version.nodes)))
        if not deeper:
            yield version
            yield from (reordered(version, order) for order in version.hints.orders)
        more = min(DEEPER_ROUND * version.hints.shuffles, DEEPER_BUDGET // max(1, len(version.nodes)))
        for k in range(first, first + more) if deeper else range(first):
            yield reordered(version, shuffled_order(version, f"{view.name}/{number}/{k}"))


def crossings(engine: list[str], source: str, name: str = "") -> int:
    edges = [e for e in plain_edges(engine, source, name) if not e[0].startswith(ANCHORS)]
    return len(crossing_pairs(edges))


def least_crossing(view: View, engine: list[str], build) -> str:
    """The DOT source (build(view) -> str) of the candidate whose layout has the fewest overlapping labels, then
    the fewest crossing edges; when the first round leaves more than GOOD_ENOUGH crossings (or any overlap), a
    deeper round of shuffles is tried too (seed 424 of bench/random_layouts.py: 8 crossings after the first, 6
    after 48 shuffles per version)."""
    best, best_score = None, None
    for deeper in (False, True):
        if deeper and best_score is not None and best_score <= (0, GOOD_ENOUGH):
            break
        for candidate in candidates(view, deeper):
            source = build(candidate)
            try:
                score = defects(engine, source, view.name)
            except RenderError:  # Graphviz could not route this order's edges: another order may do
                continue
            if best_score is None or score < best_score:
                best, best_score = source, score
            if score == (0, 0):
                return best
    return best if best is not None else build(view)


def defects(engine: list[str], source: str, name: str = "") -> tuple[int, int]:
    """(label overlaps, crossing pairs) of Graphviz's layout of the source, read from one -Tjson run: an edge
    label that Graphviz places over a box's title (it reserves no room for it there) is a reason to try another
    order, like a crossing."""
    drawn = json_layout(engine, source, name)
    names = {item["_gvid"]: item.get("name", "") for item in drawn.get("objects", [])}
    edges = [(names[e["tail"]], names[e["head"]], curve_of(e)) for e in drawn.get("edges", [])
             if e.get("style") != "invis" and curve_of(e)]
    edges = [(tail, head, points) for tail, head, points in edges if not tail.startswith(ANCHORS)]
    return len(overlapping_labels(drawn)), len(crossing_pairs(edges))


def curve_of(edge: dict) -> list[tuple[float, float]]:
    for op in edge.get("_draw_", []):
        if op["op"] == "b":
            return [(x / 72, y / 72) for x, y in op["points"]]  # inches, as the plain output gives them
    return []


LABEL_SLACK = 1.0  # points two text boxes may share (rounding)


def text_boxes(ops: list[dict]) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each line of text drawn by xdot operations (y grows upwards)."""
    size, boxes = 14.0, []
    for op in ops:
        if op["op"] == "F":
            size = op["size"]
        elif op["op"] == "T" and op["text"].strip():
            x, y, width = op["pt"][0], op["pt"][1], op["width"]
            left = {"l": x, "c": x - width / 2, "r": x - width}[op["align"]]
            boxes.append((left, y - 0.25 * size, left + width, y + 0.8 * size))
    return boxes


def overlapping_labels(drawn: dict) -> list[tuple[int, int]]:
    """Pairs of texts of different owners (a box, a node, an edge) whose boxes overlap."""
    texts = [(("object", k), box) for k, item in enumerate(drawn.get("objects", []))
             for box in text_boxes(item.get("_ldraw_", []))]
    texts += [(("edge", k), box) for k, item in enumerate(drawn.get("edges", []))
              for key in ("_ldraw_", "_xldraw_", "_tldraw_", "_hldraw_") for box in text_boxes(item.get(key, []))]
    return [(i, j) for i, (owner, a) in enumerate(texts) for j, (other, b) in enumerate(texts[i + 1:], i + 1)
            if owner != other and boxes_overlap(a, b)]


def boxes_overlap(a, b) -> bool:
    slack = LABEL_SLACK
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def json_layout(engine: list[str], source: str, name: str = "") -> dict:
    return json.loads(graphviz_output(engine, "json", source, name))
