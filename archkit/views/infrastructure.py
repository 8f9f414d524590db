"""The whole system: every actor and component, clustered by zone and by layer, with every connection."""
from __future__ import annotations

from ..model.types import Model
from .observability import derived_edges
from .columns import columns, is_aside, split_tall
from .elements import cluster, edge, label_once, node, view
from .zones import ZONE_ORDER, layer_cluster_id, layer_label, layer_rank, zone_cluster_id, zone_label, zone_of

NAME = "infrastructure"


def ordered_elements(model: Model) -> list[str]:
    """Actors first, then components by zone and catalogue layer order, model order within."""
    def rank(element_id: str):
        zone = zone_of(model, element_id)
        layer = model.components[element_id].layer if element_id in model.components else ""
        return ZONE_ORDER.index(zone), layer_rank(layer)
    ids = list(model.actors) + list(model.components)
    return sorted(ids, key=rank)  # stable: model order within a layer


def infrastructure_view(model: Model) -> dict:
    clusters, nodes, seen = [], [], set()
    for element_id in ordered_elements(model):
        zone = zone_of(model, element_id)
        zone_id = zone_cluster_id(zone)
        if zone_id not in seen:
            seen.add(zone_id)
            clusters.append(cluster(zone_id, zone_label(model, zone)))
        home = zone_id
        if element_id in model.components and zone in ("global", "region"):
            layer = model.components[element_id].layer
            home = layer_cluster_id(zone, layer)
            if home not in seen:
                seen.add(home)
                clusters.append(cluster(home, layer_label(layer), zone_id))
        nodes.append(node(model, NAME, element_id, home))
    edges = label_once([edge(model, c) for c in model.connections] + derived_edges(model, list(model.connections)),
                       nodes)
    placed = columns(model, [n["id"] for n in nodes], [(e["source"], e["target"]) for e in edges])
    column_lists = split_tall([[n["id"] for n in nodes if placed[n["id"]] == k]
                               for k in range(max(placed.values()) + 1)])
    column = {n: k for k, members in enumerate(column_lists) for n in members}
    for drawn_edge in edges:
        if column[drawn_edge["target"]] <= column[drawn_edge["source"]]:
            drawn_edge["constraint"] = False  # backwards or within a column: it must not move the columns
        if is_aside(model, drawn_edge["source"]) or is_aside(model, drawn_edge["target"]):
            drawn_edge["weight"] = 0  # the main line stays straight; what is aside follows it
    drawn = view(NAME, f"{model.system.name}: infrastructure", nodes, edges, clusters)
    drawn["columns"] = column_lists
    drawn["above"] = main_above_aside(model, drawn["columns"])
    return drawn


def main_above_aside(model: Model, column_lists: list[list[str]]) -> list[tuple[str, str]]:
    """(upper, lower) pairs in one column and zone: the main line above what is aside of it."""
    pairs = []
    for members in column_lists:
        for zone in ZONE_ORDER:
            here = [e for e in members if zone_of(model, e) == zone]
            main = [e for e in here if not is_aside(model, e)]
            aside = [e for e in here if is_aside(model, e)]
            pairs += [(m, a) for m in main for a in aside]
    return pairs
