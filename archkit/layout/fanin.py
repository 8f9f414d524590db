"""Fan-ins of the observability diagram: a node fed by many sources (every function and the API -> X-Ray), which
an architect draws apart, in its own row at the bottom of its column (views/fanin.py boxes the sources and draws
one edge from the box to it)."""
from __future__ import annotations

MIN_FEEDERS = 3  # sources feeding one node that make it a fan-in even when they stand next to one another


def fan_ins(sources: list[str], links: list[tuple[str, str]]) -> list[str]:
    """Nodes fed by at least MIN_FEEDERS sources, or by sources with another source between them, in link order."""
    row = {s: k for k, s in enumerate(sources)}
    fed: dict[str, set[int]] = {}
    for source, target in links:
        if source in row and target not in row:
            fed.setdefault(target, set()).add(row[source])
    return [node for node, rows in fed.items()
            if len(rows) >= MIN_FEEDERS or (len(rows) > 1 and max(rows) - min(rows) >= len(rows))]
