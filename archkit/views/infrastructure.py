"""The whole system: every actor and component, clustered by zone and by layer, with every connection."""
from __future__ import annotations

from ..model.types import Model
from .observability import derived_edges
from .elements import cluster, edge, node, view
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
    edges = [edge(model, c) for c in model.connections] + derived_edges(model, list(model.connections))
    drawn = view(NAME, f"{model.system.name}: infrastructure", nodes, edges, clusters)
    drawn["same_rank"] = [list(model.actors)] if model.actors else []  # people in one column, on the left
    return drawn
