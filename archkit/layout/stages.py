"""Columns and rows of the observability diagram: the picture an on-call engineer draws on a whiteboard.

Left to right: the sources, then each stage of what watches them (logs, traces and metrics; alarms; topics), then
the people notified. What people read or hear from (a topic, a dashboard) sits in the last stage, next to them.
Top to bottom: sources in model order, and every other node in the row of what feeds it (the mean of its feeders'
rows), so that source -> metric -> alarm runs along one row.
"""
from __future__ import annotations

from .columns import depths


def stage_columns(sources: list[str], members: list[str], readers: list[str],
                  links: list[tuple[str, str]], shown_on: dict[str, list[str]] | None = None) -> list[list[str]]:
    """Columns of node ids, each in its top-to-bottom order: [sources, stage 1, stage 2, ..., readers].
    shown_on: displays (displays.py) -> what they show; a display goes to the last stage, after what it shows."""
    columns = [list(sources)] if sources else []
    columns += member_stages(members, links, shown_on or {})
    if readers:
        columns.append(list(readers))
    return in_rows(columns, links)


def member_stages(members: list[str], links: list[tuple[str, str]],
                  shown_on: dict[str, list[str]]) -> list[list[str]]:
    """The members in stages, left to right, each in model order: a member one stage right of what feeds it."""
    member_set = set(members)
    inner = [(a, b) for a, b in links if a in member_set and b in member_set]
    succs: dict[str, list[str]] = {m: [] for m in members}
    for a, b in inner:
        succs[a].append(b)
    depth = depths(members, succs)
    place_displays(depth, shown_on)
    stages: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for m in members:
        stages[depth[m]].append(m)
    return [s for s in stages if s]


def place_displays(depth: dict[str, int], shown_on: dict[str, list[str]]):
    """Each display in the last stage of the others, and right of everything it shows."""
    others = [d for m, d in depth.items() if m not in shown_on]
    for display, shown in shown_on.items():
        depth[display] = max(max(others, default=0), max((depth[s] + 1 for s in shown), default=0))


def in_rows(columns: list[list[str]], links: list[tuple[str, str]], last: frozenset[str] = frozenset()) \
        -> list[list[str]]:
    """Each column after the first sorted by the mean row of its feeders in the columns before it (stable: nodes
    without a feeder keep their order, after the others); readers by the mean row of what they hear from.
    The nodes in `last` (fan-ins, fanin.py) go to the bottom of their column."""
    row: dict[str, float] = {}
    ordered: list[list[str]] = []
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for a, b in links:
        into.setdefault(b, []).append(a)
        out_of.setdefault(a, []).append(b)
    for k, column in enumerate(columns):
        def key(node: str, k=k):
            if node in last:
                return (2, 0.0)
            feeders = [row[a] for a in into.get(node, []) if a in row]
            if not feeders:
                feeders = [row[b] for b in out_of.get(node, []) if b in row]
            return (0, sum(feeders) / len(feeders)) if feeders else (1, 0.0)
        column = column if k == 0 else sorted(column, key=key)
        span = max(len(column) - 1, 1)
        row.update({n: i / span for i, n in enumerate(column)})
        ordered.append(column)
    return ordered
