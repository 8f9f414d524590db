"""Where an element runs and whom it trusts: the zone (internet, outside AWS, AWS global, AWS region) and layer."""
from __future__ import annotations

from ..model.catalogue import load_catalogue
from ..model.connections import wires
from ..model.memo import per_model
from ..model.types import Model

ZONE_ORDER = ("internet", "external", "global", "region")
EDGE_REGION = "us-east-1"  # where CloudFront takes its certificates, web ACLs and Lambda@Edge functions from


def zone_of(model: Model, element_id: str) -> str:
    if element_id not in model.components:
        return "internet"
    component = model.components[element_id]
    if component.type.scope == "external":
        return "external"
    if element_id in edge_functions(model):
        return "global"
    return "global" if component.type.is_global(component.properties, component.region) else "region"


@per_model
def edge_functions(model: Model) -> frozenset[str]:
    """Functions CloudFront runs at its edge locations (Lambda@Edge): global, made in us-east-1."""
    return frozenset(w.target for w in wires(model) if w.kind.name == "edge-function")


def other_region(model: Model, element_id: str) -> str:
    """The Region a component runs in when the model places it outside its environments' Regions (`region:`),
    drawn in a Region box of its own; "" for the others."""
    component = model.components.get(element_id)
    if component is None or not component.region or zone_of(model, element_id) != "region":
        return ""
    return "" if component.region in {e.region for e in model.environments.values()} else component.region


def other_regions(model: Model) -> list[str]:
    return sorted({r for cid in model.components for r in [other_region(model, cid)] if r})


def region_label(model: Model, region: str, accounts: bool = True) -> str:
    """The box of a second Region: its name, and the accounts unless an account box around it names them."""
    named = account_label(model) if accounts else ""
    return f"AWS Region {region}" + (f" · {named}" if named else "")


def box_layer(model: Model, component_id: str) -> str:
    """The layer box a component is drawn in: its own layer, unless that layer lives in another zone (a front-end
    bucket of the edge layer runs in the region): then its type's layer (the bucket in the region's data box)."""
    component = model.components[component_id]
    layer = load_catalogue().layers.get(component.layer)
    if layer is None or layer.zone == zone_of(model, component_id) or component.layer == component.type.layer:
        return component.layer
    return component.type.layer


def zone_label(model: Model, zone: str, accounts: bool = True) -> str:
    """The zone's box label; the Region's names the accounts unless an account box around it does."""
    if zone == "region":
        regions = sorted({e.region for e in model.environments.values()})
        region = "AWS Region " + ", ".join(regions) if regions else "AWS Region"
        named = account_label(model) if accounts else ""
        return f"{region} · {named}" if named else region
    return {"internet": "Internet: people and their devices", "external": "Outside AWS",
            "global": global_label(model)}[zone]


def global_label(model: Model) -> str:
    """'AWS global services', with the region their regional parts live in (a CloudFront certificate in us-east-1,
    Lambda@Edge functions made there), read from the global components' own region."""
    regions = sorted({c.region or EDGE_REGION if cid in edge_functions(model) else c.region
                      for cid, c in model.components.items() if zone_of(model, cid) == "global"} - {""})
    return "AWS global services" + (f" ({', '.join(regions)})" if regions else "")


def layer_label(layer: str) -> str:
    entry = load_catalogue().layers.get(layer)
    return entry.label if entry else layer


def layer_rank(layer: str) -> int:
    layers = list(load_catalogue().layers)
    return layers.index(layer) if layer in layers else len(layers)


def account_label(model: Model) -> str:
    """'AWS account' with each account id and the environments deployed to it (the same design in each)."""
    accounts: dict[str, list[str]] = {}
    for environment in model.environments.values():
        if environment.account:
            accounts.setdefault(environment.account, []).append(environment.name)
    listed = "; ".join(f"{account} ({', '.join(names)})" for account, names in sorted(accounts.items()))
    return ("AWS account " if len(accounts) == 1 else "AWS accounts ") + listed if accounts else ""


AWS_CLOUD, AWS_ACCOUNT = "aws-cloud", "aws-account"
AWS_ZONES = ("global", "region")


def zone_look(zone: str) -> str:
    """How a zone's box is drawn (renderers/graph/style.LOOKS): AWS's Region and group outlines."""
    return {"region": "region", "global": "global"}.get(zone, "outside")


def zone_cluster_id(zone: str, region: str = "") -> str:
    return f"zone-{zone}" + (f"-{region}" if region else "")


def layer_cluster_id(zone: str, layer: str, region: str = "") -> str:
    return f"layer-{zone}-" + (f"{region}-" if region else "") + layer
