"""Rows across the grids of a big overview.

A layer with dozens of similar components (38 functions) is drawn as a grid of side-by-side columns
(columns.split_tall). When most members of a later grid (38 tables) are fed by an earlier grid, the later one is
ordered from its sources: each target on the row of the component that feeds it, the columns nested the other way
round (the source grid's last column feeds the target grid's first, its first the target's last), so the edges
between the two grids run level, one inside the other, and never cross. Both grids keep their rows level.
"""
from __future__ import annotations

Grid = list[list[str]]  # columns, left to right, each top to bottom


def successors(links: list[tuple[str, str]]) -> dict[str, list[str]]:
    succs: dict[str, list[str]] = {}
    for source, target in links:
        if source != target and target not in succs.setdefault(source, []):
            succs[source].append(target)
    return succs


def fed_members(source: Grid, target: Grid, succs: dict[str, list[str]]) -> set[str]:
    inside = {m for column in target for m in column}
    return {t for column in source for s in column for t in succs.get(s, []) if t in inside}


def feeding_grid(grids: list[Grid], index: int, succs: dict[str, list[str]]) -> int | None:
    """The earlier grid that feeds most members of grids[index], if it feeds at least half of them and both grids
    span more than one column (a small model keeps Graphviz's own order)."""
    target = grids[index]
    size = sum(len(column) for column in target)
    best, best_count = None, 0
    for k in range(index):
        count = len(fed_members(grids[k], target, succs))
        if count > best_count and count * 2 >= size and len(grids[k]) > 1 and len(target) > 1:
            best, best_count = k, count
    return best


def nested_order(source: Grid, target: Grid, succs: dict[str, list[str]], cap: int) -> Grid:
    """The target grid's columns: the targets of the source's last column (row order), then of the one before, ...
    each at most cap high; members fed by none of them fill what room is left, then new columns."""
    inside = [m for column in target for m in column]
    placed: set[str] = set()
    columns: Grid = []
    for source_column in reversed(source):
        fed = [t for s in source_column for t in succs.get(s, []) if t in inside and t not in placed]
        fed = list(dict.fromkeys(fed))
        placed.update(fed)
        columns += [fed[i:i + cap] for i in range(0, len(fed), cap)]
    rest = [m for m in inside if m not in placed]
    for column in columns:
        room = cap - len(column)
        column += rest[:max(room, 0)]
        rest = rest[max(room, 0):]
    columns += [rest[i:i + cap] for i in range(0, len(rest), cap)]
    return columns


def row_pairs(grid: Grid) -> list[tuple[str, str]]:
    """(left, right) neighbours on one row of a grid."""
    return [(left[r], right[r]) for left, right in zip(grid, grid[1:]) for r in range(min(len(left), len(right)))]


def stacks_of(grid: Grid, box: dict[str, tuple]) -> list[list[str]]:
    """Runs of a grid's columns that share a box (only those are kept in order: Graphviz orders boxes itself)."""
    runs: list[list[str]] = []
    for column in grid:
        for member in column:
            if runs and runs[-1][-1] in column and box[runs[-1][-1]] == box[member]:
                runs[-1].append(member)
            else:
                runs.append([member])
    return [run for run in runs if len(run) > 1]


def pair_rows(grids: list[Grid], links: list[tuple[str, str]], cap: int,
              box: dict[str, tuple]) -> tuple[list[Grid], dict]:
    """The grids with each fed grid reordered from its sources, and how to hold them: {"level": row neighbours
    kept level, "stacks": runs of a column whose order is kept top to bottom}. box: element -> its cluster."""
    succs = successors(links)
    result = [list(map(list, grid)) for grid in grids]
    level: list[tuple[str, str]] = []
    stacks: list[list[str]] = []
    for index in range(len(result)):
        source = feeding_grid(result, index, succs)
        if source is None:
            continue
        result[index] = nested_order(result[source], result[index], succs, cap)
        across = row_pairs([result[source][-1], result[index][0]]) if source == index - 1 else []
        level += row_pairs(result[source]) + across + row_pairs(result[index])
        stacks += [run for run in stacks_of(result[source], box) + stacks_of(result[index], box) if run not in stacks]
    return result, {"level": list(dict.fromkeys(level)), "stacks": stacks}


def declared_bottom_up(nodes: list, stacks: list[list[str]]) -> list:
    """The nodes (anything with an `id`) with each stack's members declared in reverse order (in the same slots),
    so that Graphviz draws the stack's first member at the top (dotsource.add_stacks)."""
    place = {member: (k, i) for k, stack in enumerate(stacks) for i, member in enumerate(stack)}
    stacked = iter(sorted((n for n in nodes if n.id in place), key=lambda n: (place[n.id][0], -place[n.id][1])))
    return [next(stacked) if n.id in place else n for n in nodes]
