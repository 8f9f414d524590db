"""Fan-ins of the observability diagram: a node fed by many sources (every function and the API -> X-Ray).

Drawn in the middle of its column, one edge per source, it is reached across the rows between: each of those
edges crosses the rows of the sources below or above it. An architect draws it apart, in its own row at the bottom
of its column, the sources in one box, and one edge from the box to it ('X-Ray (4 links)'); the tooltip keeps
every link. Below the last row, that edge crosses nothing. (A big model's blocks do the same per block: blocks.py;
layout/fanin.py finds the fan-ins.)
"""
from __future__ import annotations

from dataclasses import replace

from .blocks import merged
from .contract import Cluster, Edge, Node

BOX = "sources"  # the cluster id of the sources' box


def box_sources(nodes: list[Node], sources: list[str]) -> tuple[list[Node], list[Cluster]]:
    """The nodes with the sources put in their box, and the box (no label: the column's header names it)."""
    inside = set(sources)
    return [replace(n, cluster=BOX) if n.id in inside else n for n in nodes], [Cluster(BOX, "")]


def bundle_fan_ins(edges: list[Edge], sources: list[str], fans: list[str]) -> list[Edge]:
    """The sources' edges into each fan-in drawn as one edge out of the bottom of their box (from its bottom
    source, downwards, clipped at the box), so that it runs below every row; labelled with the links' labels and count, the tooltip keeping each."""
    inside, fan_set = set(sources), set(fans)
    row = {s: k for k, s in enumerate(sources)}
    groups: dict[str, list[Edge]] = {}
    kept = []
    for drawn in edges:
        if drawn.source in inside and drawn.target in fan_set:
            groups.setdefault(drawn.target, []).append(drawn)
        else:
            kept.append(drawn)
    for fan in fans:
        bundled = merged(groups[fan], 0, "out", row, high=False)
        kept.append(replace(bundled, source=sources[-1], tail_cluster=BOX, tail_port="s"))
    return kept
