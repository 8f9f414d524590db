"""Graphviz's order of boxes within a column follows the order in which they are declared, chaotically: one more
node or box elsewhere can turn a column upside down. A view may therefore offer other declaration orders
(view["orders"]: each {"clusters": ids, "nodes": ids}); the one laid out with the fewest crossing edges wins, the
view's own order first among equals (so a view without crossings costs one extra plain layout)."""
from __future__ import annotations

from ...errors import RenderError
from .crossings import crossing_pairs, plain_edges

ANCHORS = ("column", "header")  # the layout's own invisible helpers


def reordered(view: dict, order: dict) -> dict:
    """The view with its clusters and nodes declared in the given order."""
    clusters = {c["id"]: c for c in view["clusters"]}
    nodes = {n["id"]: n for n in view["nodes"]}
    return {**view, "clusters": [clusters[c] for c in order["clusters"]], "nodes": [nodes[n] for n in order["nodes"]]}


def crossings(engine: list[str], source: str, name: str = "") -> int:
    edges = [e for e in plain_edges(engine, source, name) if not e[0].startswith(ANCHORS)]
    return len(crossing_pairs(edges))


def least_crossing(view: dict, engine: list[str], build) -> str:
    """The DOT source (build(view) -> str) of the view's declaration order with the fewest crossing edges."""
    best, best_count = None, None
    for candidate in [view] + [reordered(view, order) for order in view.get("orders", [])]:
        source = build(candidate)
        try:
            count = crossings(engine, source, view["name"])
        except RenderError:  # Graphviz could not route this order's edges: another order may do
            continue
        if best_count is None or count < best_count:
            best, best_count = source, count
        if count == 0:
            break
    return best if best is not None else build(view)
