"""Edges of the infrastructure overview that would criss-cross the picture, drawn once per cluster instead.

- Inside a band whose layer has a detail diagram (observability), and between it and the other components: not
  drawn; that diagram shows them (the band's label says so). Twenty dotted lines from every function and the API
  into the alarms are what made the overview unreadable.
- Between an element aside of the main line (the GitLab runner) and several main-line components of one cluster
  (three functions): one edge to or from that cluster's box.
- Between a component and many members of a layer drawn as a grid of several columns (an API calling 38
  functions): one edge to or from the layer's box. Between two such grids (38 functions, each with its table):
  one edge from box to box; layout/rows.py puts each member level with what it connects to.
- Only in the overviews the renderer tries when the drawn one crosses (places["bundling"]): with "calls back",
  calls from one box back against the request path into another zone (state machines and functions managing
  CloudFront, WAF or IAM): one edge from that box to the zone's box; with "box to box", also the edges between
  two boxes of the main line (five SDK calls from the compute box into the integration box): one edge between
  the boxes.
Edges to and from people are drawn one by one. A bundled edge keeps every link in its tooltip.
"""
from __future__ import annotations

from dataclasses import replace

from .contract import Edge
from .labels import wrap

LABEL_WIDTH = 18


def bundle_key(edge: Edge, places: dict) -> tuple | None:
    """What an edge is bundled by, None if it is drawn as it is, "drop" if it is not drawn."""
    source, target = edge.source, edge.target
    band, cluster, aside = places["detail_band"], places["cluster"], places["aside"]
    if source in places["actors"] or target in places["actors"]:
        return None
    if source in band or target in band:
        return ("drop",)
    if source in aside and target not in aside and cluster[source] != cluster[target]:
        return ("aside", source, cluster[target], "out")
    if target in aside and source not in aside and cluster[source] != cluster[target]:
        return ("aside", target, cluster[source], "in")
    zone_box, column = places["zone_box"], places["column"]
    if places["bundling"] != "one by one" and zone_box[source] != zone_box[target] and column[target] < column[source]:
        return ("back", cluster[source], zone_box[target])
    if places["bundling"] == "box to box" and cluster[source] != cluster[target] and source not in aside \
            and target not in aside:
        return ("boxes", cluster[source], cluster[target])
    gridded = places["gridded"]
    if source in gridded and target in gridded and cluster[source] != cluster[target]:
        return ("grids", cluster[source], cluster[target])
    if target in gridded and source not in gridded and cluster[source] != cluster[target]:
        return ("fan", source, cluster[target], "out")
    if source in gridded and target not in gridded and cluster[source] != cluster[target]:
        return ("fan", target, cluster[source], "in")
    return None


def representative(group: list[Edge], column: dict[str, int]) -> Edge:
    """The member drawn for a group: one of the shortest, the middle one of those (halfway down a grid)."""
    span = min(abs(column[e.target] - column[e.source]) for e in group)
    shortest = [e for e in group if abs(column[e.target] - column[e.source]) == span]
    return shortest[len(shortest) // 2]


def anchored(key: tuple, first: Edge, anchors: dict[str, str]) -> Edge:
    """A crowded overview's box-to-box edge from one node of its box to one of the other (the same for every
    edge of that box): edges that leave one box leave from one point, and do not cross each other."""
    if key[0] not in ("back", "boxes"):
        return first
    return replace(first, source=anchors.get(key[1], first.source), target=anchors.get(key[2], first.target))


def merged(key: tuple, group: list[Edge], column: dict[str, int], anchors: dict[str, str]) -> Edge:
    """One edge for a group, from or to the box of the cluster at the other end (both ends' boxes for the edges
    between two grids)."""
    first = group[0] if key[0] in ("aside", "back") else representative(group, column)
    first = anchored(key, first, anchors)
    protocols = list(dict.fromkeys(e.protocol for e in group if e.protocol))
    label = ", ".join(protocols) + ("" if key[0] == "aside" or len(group) == 1 else f" ({len(group)} links)")
    if key[0] in ("grids", "back", "boxes"):
        boxes = {"tail_cluster": key[1], "head_cluster": key[2]}
    else:
        boxes = {"head_cluster" if key[3] == "out" else "tail_cluster": key[2]}
    return Edge(first.source, first.target, label=wrap(label.strip(), LABEL_WIDTH),
                tooltip="\n\n".join(e.tooltip for e in group),
                style="solid" if any(e.style == "solid" for e in group) else "dashed", weight=0, constraint=False,
                **boxes)


def bundle(edges: list[Edge], places: dict) -> list[Edge]:
    """The edges to draw, in the order of their first member. places: cluster (element -> cluster id),
    detail_band (element -> its layer, for members of bands with a detail diagram), aside (set), actors (set),
    gridded (members of layers drawn as grids of several columns), column (element -> column)."""
    groups: dict[tuple, list[Edge]] = {}
    order: list[tuple] = []
    for position, edge in enumerate(edges):
        key = bundle_key(edge, places) or ("one", position)
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append(edge)
    drawn = []
    for key in order:
        group = groups[key]
        if key[0] == "drop":
            continue
        if key[0] in ("back", "boxes") or (key[0] in ("aside", "fan", "grids") and len(group) > 1):
            drawn.append(merged(key, group, places["column"], places["anchors"]))
        else:
            drawn += group
    return drawn
