"""A box of neighbours too many for one column, wrapped into a grid, its edges to the centre drawn as one.

Graphviz gives each column a rank; an edge from a far column to the centre would have to leave the box and arc
around it (the ranks between belong to the box). So the grid's edges to the centre become one edge from (or to)
the box, labelled with their distinct labels and keeping every link in its tooltip. (A box whose neighbours the
centre reaches in different ways is first split by label: views/by_label.py.)"""
from __future__ import annotations

import math
from dataclasses import replace

from .contract import Edge
from .labels import wrap

MAX_ROWS = 4  # neighbours in one column before the box wraps into a grid
LABEL_WIDTH = 18


def grid_columns(members: list[str], side: str, rows: int = MAX_ROWS) -> list[list[str]]:
    """Columns, nearest the centre first, of members filled row by row in reading order (left to right)."""
    count = math.ceil(len(members) / rows)
    columns = [members[k::count] for k in range(count)]
    return columns[::-1] if side == "left" else columns


def row_pairs(members: list[str], rows: int = MAX_ROWS) -> list[list[str]]:
    """[left, right] neighbours on one row of the grid."""
    count = math.ceil(len(members) / rows)
    lines = [members[k:k + count] for k in range(0, len(members), count)]
    return [[line[k], line[k + 1]] for line in lines for k in range(len(line) - 1)]


def inward_pairs(members: list[str], centre: str, side: str) -> set[tuple[str, str]]:
    """(source, target) of the edges between a box's members and the centre that the box's side points."""
    return {(m, centre) if side == "left" else (centre, m) for m in members}


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
