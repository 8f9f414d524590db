"""The observability diagram of a big model, wrapped into blocks that stand side by side (layout/blocks.py): the
edges of one block into one shared node (X-Ray, the alarms' topic, a dashboard) are drawn once, from the block's
box (the tooltip keeps every link). Graphviz routes an edge round the boxes that hold neither of its ends, so they
never run through another block's rows.
"""
from __future__ import annotations

from dataclasses import replace

from ..layout.blocks import block_id
from .contract import Edge
from .labels import wrap

LABEL_WIDTH = 18


def bundle_blocks(edges: list[Edge], home: dict[str, int], row: dict[str, int], high: set[str]) -> list[Edge]:
    """The edges between a block and one node outside it drawn as one edge from (or to) the block's box;
    labelled with their labels and how many they are, the tooltip keeping every link. An edge to what stands
    high (the last stage and the people: topics, dashboards) leaves from the block's top member and runs above
    the blocks after it; to an earlier shared stage (X-Ray), from its bottom member and below them: two sets of
    lanes that never cross."""
    groups: dict[tuple, list[Edge]] = {}
    kept: list[Edge] = []
    for drawn in edges:
        source, target = drawn.source, drawn.target
        if source in home and home.get(target) != home[source]:
            groups.setdefault((home[source], target, "out"), []).append(drawn)
        elif target in home and home.get(source) != home[target]:
            groups.setdefault((home[target], source, "in"), []).append(drawn)
        else:
            kept.append(drawn)
    for (block, outside, way), group in groups.items():
        kept.append(merged(group, block, way, row, outside in high))
    return kept


def merged(group: list[Edge], block: int, way: str, row: dict[str, int], high: bool) -> Edge:
    inner = "source" if way == "out" else "target"
    group = sorted(group, key=lambda e: row[getattr(e, inner)])
    middle = group[0] if high else group[-1]
    labels = list(dict.fromkeys(e.label.replace("\n", " ") for e in group if e.label))
    count = f"({len(group)} links)" if len(group) > 1 else ""
    styles = {e.style for e in group}
    box = {"tail_cluster" if way == "out" else "head_cluster": block_id(block)}
    return replace(middle, label=wrap(" ".join(filter(None, [", ".join(labels), count])), LABEL_WIDTH),
                   tooltip="\n\n".join(e.tooltip for e in group), style=styles.pop() if len(styles) == 1 else "solid",
                   **box)
