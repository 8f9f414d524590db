"""A box of neighbours too many for one column, wrapped into a grid, its edges to the centre drawn as one.

Graphviz gives each column a rank; an edge from a far column to the centre would have to leave the box and arc
around it (the ranks between belong to the box). So the grid's edges to the centre become one edge from (or to)
the box, labelled with their distinct labels and keeping every link in its tooltip. (layout/grid.py places the
grid's columns and rows; a box whose neighbours the centre reaches in different ways is first split by label:
views/by_label.py.)"""
from __future__ import annotations

from dataclasses import replace

from ..layout.grid import MAX_ROWS, grid_columns, inward_pairs, row_pairs
from .contract import Edge
from .labels import wrap

LABEL_WIDTH = 18


def bundled(edges: list[Edge], group: str, anchor: str, centre: str, side: str) -> Edge:
    labels = list(dict.fromkeys(e.label.replace("\n", " ") for e in edges if e.label))
    styles = {e.style for e in edges}
    drawn = Edge(anchor, centre, label=wrap(", ".join(labels), LABEL_WIDTH),
                 tooltip="\n\n".join(e.tooltip for e in edges), style=styles.pop() if len(styles) == 1 else "solid")
    if side == "right":
        return replace(drawn, source=centre, target=anchor, head_cluster=group)
    return replace(drawn, tail_cluster=group)


def grid_group(edges: list[Edge], group: str, members: list[str], centre: str, side: str,
               rows: int = MAX_ROWS) -> tuple:
    """(edges, same_rank groups, align pairs) that lay a box out as a grid of at most `rows` rows, its edges to
    the centre bundled into one."""
    columns = grid_columns(members, side, rows)
    anchor = columns[0][len(columns[0]) // 2]
    inward = inward_pairs(members, centre, side)
    grouped = [e for e in edges if (e.source, e.target) in inward]
    if not grouped:
        return edges, columns, row_pairs(members, rows)
    kept = [e for e in edges if (e.source, e.target) not in inward]
    at = edges.index(grouped[0])
    kept.insert(min(at, len(kept)), bundled(grouped, group, anchor, centre, side))
    return kept, columns, row_pairs(members, rows)


def wrap_group(edges: list[Edge], group: str, members: list[str], centre: str, side: str) -> tuple:
    """(edges, same_rank groups, align pairs) that lay a group out; a short group as one column, as it is."""
    if len(members) <= MAX_ROWS:
        return edges, [], []
    return grid_group(edges, group, members, centre, side)
