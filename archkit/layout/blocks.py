"""The observability diagram of a big model: its rows wrapped into blocks that stand side by side.

A hundred functions give two hundred rows (function -> log group; function -> metric -> alarm): one strip about
40,000 points tall, which cairo cannot rasterise at full size, so Graphviz scales the whole PNG down until no
text can be read. Like a newspaper's columns, the sources are cut into consecutive blocks, each a box holding its
sources and the stage columns of what they feed, standing side by side; what several blocks share (X-Ray, the
alarms' topic, a dashboard) stands in the shared stage columns at the right, next to the people. (views/blocks.py
draws the edges of one block into one shared node once, from the block's box.)
"""
from __future__ import annotations

import math
from collections import Counter

from .stages import in_rows, member_stages

ROW_PT = 220  # points: one row of the diagram (an icon, its label and the space below it), measured
COLUMN_PT = 240  # points: one stage column, measured
TOP_PT = 250  # points: the title and the column headers
MAX_ASPECT = 2.5  # height / width of a diagram still drawn as one block (the default model's is 2.2)
WRAPPED_ASPECT = 1.25  # wrapped: the fewest blocks that bring height / width down to this


def aspect(tall: int, blocks: int, block_columns: int, shared_columns: int) -> float:
    height = ROW_PT * math.ceil(tall / blocks) + TOP_PT
    return height / (COLUMN_PT * (block_columns * blocks + shared_columns))


def block_count(sources: list[str], stages: list[list[str]], readers: list[str]) -> int:
    """1 while the picture is at most MAX_ASPECT times as tall as wide; else the fewest blocks that bring it to
    WRAPPED_ASPECT (never more blocks than sources)."""
    tall = max([len(sources)] + [len(s) for s in stages])
    columns = 1 + len(stages)
    if not sources or aspect(tall, 1, columns, bool(readers)) <= MAX_ASPECT:
        return 1
    blocks = 2
    while blocks < len(sources) and aspect(tall, blocks, columns, 1 + bool(readers)) > WRAPPED_ASPECT:
        blocks += 1
    return blocks


def split_sources(sources: list[str], links: list[tuple[str, str]], count: int) -> list[list[str]]:
    """Consecutive runs of the sources, about equally many rows each (a source's rows: what it feeds)."""
    fed = Counter(a for a, _ in links)
    rows = {s: max(1, fed[s]) for s in sources}
    share = sum(rows.values()) / count
    chunks: list[list[str]] = [[]]
    done = 0
    for source in sources:
        if chunks[-1] and done >= share * len(chunks) and len(chunks) < count:
            chunks.append([])
        chunks[-1].append(source)
        done += rows[source]
    return chunks


def homes(chunks: list[list[str]], stages: list[list[str]], links: list[tuple[str, str]]) -> dict[str, int]:
    """Block of every node that belongs to one: a source's chunk; a member's, when all it is fed by (sources or
    members of earlier stages) belong to one block. The others are shared."""
    home = {s: k for k, chunk in enumerate(chunks) for s in chunk}
    feeders: dict[str, list[str]] = {}
    for a, b in links:
        feeders.setdefault(b, []).append(a)
    before: set[str] = set()
    for stage in stages:
        for member in stage:
            blocks = {home.get(f, -1) for f in feeders.get(member, []) if f in home or f in before}
            if len(blocks) == 1 and -1 not in blocks:
                home[member] = blocks.pop()
        before.update(stage)
    return home


def wrapped_columns(sources: list[str], members: list[str], readers: list[str], links: list[tuple[str, str]],
                    shown_on: dict[str, list[str]], last: frozenset[str] = frozenset()) \
        -> tuple[list[list[str]], list[str], dict[str, int]]:
    """(columns in their top-to-bottom order, each column's role: 'sources', 'stage' or 'readers', block of every
    node in a block: empty when the diagram is one block). One block: the nodes in `last` (its fan-ins, fanin.py)
    at the bottom of their columns."""
    stages = member_stages(members, links, shown_on)
    count = block_count(sources, stages, readers)
    if count == 1:
        columns = ([list(sources)] if sources else []) + stages
        roles = ["sources"] * bool(sources) + ["stage"] * len(stages)
        return in_rows(columns + [list(readers)] * bool(readers), links, last), roles + ["readers"] * bool(readers), {}
    chunks = split_sources(sources, links, count)
    home = homes(chunks, stages, links)
    columns, roles = [], []
    for k, chunk in enumerate(chunks):
        inside = [[m for m in stage if home.get(m) == k] for stage in stages]
        columns += [chunk] + [c for c in inside if c]
        roles += ["sources"] + ["stage"] * sum(1 for c in inside if c)
    shared = [c for c in ([m for m in stage if m not in home] for stage in stages) if c]
    columns += shared + [list(readers)] * bool(readers)
    roles += ["stage"] * len(shared) + ["readers"] * bool(readers)
    return in_rows(columns, links), roles, home


def block_id(k: int) -> str:
    return f"block-{k + 1}"


def block_label(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{names[0]} … {names[-1]}"
