"""Where an element runs and whom it trusts: the zone (internet, outside AWS, AWS global, AWS region) and layer."""
from __future__ import annotations

from ..model.catalogue import load_catalogue
from ..model.types import Model

ZONE_ORDER = ("internet", "external", "global", "region")


def zone_of(model: Model, element_id: str) -> str:
    if element_id not in model.components:
        return "internet"
    component = model.components[element_id]
    if component.type.scope == "external":
        return "external"
    layer = load_catalogue().layers.get(component.layer)
    return layer.zone if layer and layer.zone in ZONE_ORDER else "region"


def zone_label(model: Model, zone: str) -> str:
    if zone == "region":
        regions = sorted({e.region for e in model.environments.values()})
        return "AWS Region " + ", ".join(regions) if regions else "AWS Region"
    return {"internet": "Internet: people and their devices", "external": "Outside AWS",
            "global": "AWS global services (edge)"}[zone]


def layer_label(layer: str) -> str:
    entry = load_catalogue().layers.get(layer)
    return entry.label if entry else layer


def layer_rank(layer: str) -> int:
    layers = list(load_catalogue().layers)
    return layers.index(layer) if layer in layers else len(layers)


def zone_cluster_id(zone: str) -> str:
    return f"zone-{zone}"


def layer_cluster_id(zone: str, layer: str) -> str:
    return f"layer-{zone}-{layer}"
