"""A box of neighbours too many for one column whose edges to the centre carry different labels (an API that
calls a user pool over HTTPS and functions by Lambda invoke) is split by label before it wraps: one box inside it
per label shared by several neighbours, each with one edge labelled by that label, and a neighbour whose label no
other shares keeps its own edge. One bundled edge labelled "HTTPS, Lambda invoke, ..." would not say which
neighbour is reached how."""
from __future__ import annotations

import math

from ..layout.grid import MAX_ROWS, inward_pairs
from .contract import Edge
from .grid import grid_group


def label_of(edges: list[Edge], member: str, centre: str, side: str) -> tuple:
    """What the member's edges to the centre say: their labels and styles (a dotted reference is not a call)."""
    inward = inward_pairs([member], centre, side)
    return tuple(sorted((e.label, e.style) for e in edges if (e.source, e.target) in inward))


def partitions(edges: list[Edge], members: list[str], centre: str, side: str) -> list[list[str]]:
    """Members grouped by what their edges to the centre say, in order of first appearance."""
    found: dict[tuple, list[str]] = {}
    for member in members:
        found.setdefault(label_of(edges, member, centre, side), []).append(member)
    return list(found.values())


def box_rows(count: int) -> int:
    """Rows of a box of `count` neighbours: near square, wider than tall (two side by side on one row), at most
    MAX_ROWS."""
    return min(MAX_ROWS, math.ceil(count / math.ceil(math.sqrt(count))))


def split_group(edges: list[Edge], group: str, members: list[str], centre: str, side: str) -> dict | None:
    """How a long group with mixed labels is drawn: {edges, boxes: [(box id, members)], same_rank, align};
    None when the group fits one column or all its edges say the same (grid.wrap_group draws it)."""
    parts = partitions(edges, members, centre, side)
    if len(members) <= MAX_ROWS or len(parts) < 2:
        return None
    boxes, same_rank, align = [], [], []
    for k, part in enumerate(p for p in parts if len(p) > 1):
        box = f"{group}-{k + 1}"
        edges, columns, pairs = grid_group(edges, box, part, centre, side, box_rows(len(part)))
        boxes.append((box, part))
        same_rank, align = same_rank + columns, align + pairs
    return {"edges": edges, "boxes": boxes, "same_rank": same_rank, "align": align}
