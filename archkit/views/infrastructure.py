"""The whole system: every actor and component, clustered by zone and by layer, with its connections.

Left to right along the request path (people, edge, API with its authentication beside it, compute, data); the
layers aside of that path (identity, CI/CD, observability) as bands below it (bands.py); edges that would cross
the picture drawn once per cluster (bundles.py).
"""
from __future__ import annotations

from ..model.catalogue import load_catalogue
from ..model.types import Model
from .bands import place_bands
from .bundles import bundle
from .columns import columns, is_aside, split_tall
from .elements import cluster, edge, label_once, node, view
from .observability import derived_edges
from .zones import layer_cluster_id, layer_label, layer_rank, zone_cluster_id, zone_label, zone_of

NAME = "infrastructure"


DRAWING_ORDER = ("internet", "global", "region", "external")  # Graphviz starts from the input order, top first


def ordered_elements(model: Model) -> list[str]:
    """Actors first, then components by zone and catalogue layer order (aside layers after the main line), model
    order within."""
    def rank(element_id: str):
        zone = zone_of(model, element_id)
        layer = model.components[element_id].layer if element_id in model.components else ""
        return DRAWING_ORDER.index(zone), is_aside(model, element_id), layer_rank(layer)
    ids = list(model.actors) + list(model.components)
    return sorted(ids, key=rank)  # stable: model order within a layer


def cluster_label(layer: str) -> str:
    detail = load_catalogue().layers[layer].detail if layer in load_catalogue().layers else ""
    return f"{layer_label(layer)} (links: {detail} diagram)" if detail else layer_label(layer)


def clusters_and_nodes(model: Model) -> tuple[list[dict], list[dict]]:
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
                clusters.append(cluster(home, cluster_label(layer), zone_id))
        nodes.append(node(model, NAME, element_id, home))
    return clusters, nodes


def model_edges(model: Model) -> list[dict]:
    drawn = [dict(edge(model, c), protocol=c.protocol) for c in model.connections]
    return drawn + derived_edges(model, list(model.connections))


def layout(model: Model, ids: list[str], links: list[tuple[str, str]]) -> tuple[list[list[str]], dict]:
    placed = columns(model, ids, links)
    column_lists = split_tall([[e for e in ids if placed.get(e) == k] for k in range(max(placed.values()) + 1)])
    bands = place_bands(model, ids, column_lists, links)
    return column_lists, bands


def places(model: Model, nodes: list[dict], bands: dict) -> dict:
    detail_layers = [layer for layer in bands["bands"] if load_catalogue().layers[layer].detail]
    return {
        "cluster": {n["id"]: n["cluster"] for n in nodes}, "actors": set(model.actors),
        "aside": {n["id"] for n in nodes if is_aside(model, n["id"])},
        "detail_band": {m: layer for layer in detail_layers for m in bands["bands"][layer]},
    }


def infrastructure_view(model: Model) -> dict:
    clusters, nodes = clusters_and_nodes(model)
    ids = [n["id"] for n in nodes]
    raw = model_edges(model)
    column_lists, bands = layout(model, ids, [(e["source"], e["target"]) for e in raw])
    edges = label_once(bundle(raw, places(model, nodes, bands)), nodes)
    column = {n: k for k, members in enumerate(column_lists) for n in members}
    for drawn_edge in edges:
        drawn_edge.pop("protocol", None)
        if column[drawn_edge["target"]] <= column[drawn_edge["source"]]:
            drawn_edge["constraint"] = False  # backwards or within a column: it must not move the columns
        if is_aside(model, drawn_edge["source"]) or is_aside(model, drawn_edge["target"]):
            drawn_edge["weight"] = 0  # the main line stays straight; what is aside follows it
    drawn = view(NAME, f"{model.system.name}: infrastructure", nodes, edges, clusters)
    drawn.update(columns=column_lists, below=bands["below"], align=bands["align"])
    return drawn
