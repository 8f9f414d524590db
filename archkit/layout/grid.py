"""A box of neighbours too many for one column, wrapped into a grid: its columns (nearest the centre first) and
the neighbours that stand on one row. (views/grid.py draws the grid's edges to the centre as one.)"""
from __future__ import annotations

import math

MAX_ROWS = 4  # neighbours in one column before the box wraps into a grid


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
