"""The Regions of a system that runs in more than one: a box per Region inside the account, holding the
components the model places in another Region (`region:`) and those of the environments' Region that connect to
them, the connections between them, and each DynamoDB global table's replicas, drawn in the Region they
replicate to (in every environment, or in those the label names). Drawn only for a model with such components or
replicas; the overview shows the same Region boxes, without the replicas."""
from __future__ import annotations

from .. import paths
from ..layout.zones import AWS_ACCOUNT, other_region, region_label, zone_cluster_id, zone_label, zone_look
from ..model.regions import region_in
from ..model.types import Model
from .contract import Edge, OnPage, View
from .elements import aws_groups, cluster, edge, node, view, wrap

NAME = "regions"


def replica_regions(model: Model, component_id: str) -> dict[str, list[str]]:
    """Region -> the environments in which the component (a global table) has a replica there."""
    found: dict[str, list[str]] = {}
    for env in model.environments:
        home = region_in(model, component_id, env)
        for region in model.components[component_id].props(env).get("replicas") or []:
            if region != home:
                found.setdefault(region, []).append(env)
    return found


def spans_regions(model: Model) -> bool:
    return any(other_region(model, cid) or replica_regions(model, cid) for cid in model.components)


def replica_id(component_id: str, region: str) -> str:
    return f"{component_id}@{region}"


def regions_view(model: Model) -> View:
    placed = [cid for cid in model.components if other_region(model, cid)]  # in model order: a set's varies by run
    replicas = {cid: replica_regions(model, cid) for cid in model.components if replica_regions(model, cid)}
    crossing = [c for c in model.connections if c.source in model.components and c.target in model.components
                and {c.source, c.target} & set(placed)]
    members = list(dict.fromkeys([e for c in crossing for e in (c.source, c.target)] + placed + list(replicas)))
    members = [m for m in members if region_in_view(model, m)]
    regions = sorted({other_region(model, m) for m in members} - {""}
                     | {r for found in replicas.values() for r in found})
    clusters = aws_groups(model)
    if any(not other_region(model, m) for m in members):
        clusters.append(cluster(zone_cluster_id("region"), zone_label(model, "region", accounts=False), AWS_ACCOUNT,
                                zone_look("region")))
    clusters += [cluster(zone_cluster_id("region", r), region_label(model, r, accounts=False), AWS_ACCOUNT,
                         zone_look("region")) for r in regions]
    nodes = [node(model, NAME, m, zone_cluster_id("region", other_region(model, m))) for m in members]
    edges = [edge(model, c) for c in crossing if c.source in members and c.target in members]
    every = sorted(model.environments)
    for table, found in replicas.items():
        for region, envs in sorted(found.items()):
            nodes.append(node(model, NAME, table, zone_cluster_id("region", region), node_id=replica_id(table, region),
                              label=wrap(f"{model.name_of(table)} replica"), note=f"Replica in {region}"))
            only = "" if envs == every else f" ({', '.join(envs)})"
            edges.append(Edge(table, replica_id(table, region), label="replicates" + only, style="dashed",
                              tooltip=f"{model.name_of(table)} replicates to {region}{only}: "
                                      "writes in either Region reach the other"))
    return view(NAME, f"{model.system.name}: Regions", nodes, edges, clusters,
                key=(("solid", "synchronous call"), ("dashed", "asynchronous (event, message, replication)")),
                on_page=OnPage(paths.page("environments"), "Regions", "Regions",
                               "What runs outside the environments' Region (`region:`), what it connects to, and the "
                               "global tables' replicas."))


def region_in_view(model: Model, component_id: str) -> bool:
    """Regional components only: a global service or one outside AWS has no Region box."""
    return any(region_in(model, component_id, env) for env in model.environments)
