"""A small diagram per component: the component and its direct connections, for its docs page."""
from __future__ import annotations

from ..model.types import Model
from .elements import cluster, edge, node, view


def neighbourhood_name(component_id: str) -> str:
    return f"component-{component_id}"


def neighbourhood_view(model: Model, component_id: str) -> dict:
    name = neighbourhood_name(component_id)
    connections = model.connections_of(component_id)
    callers = [c.source for c in connections if c.target == component_id and c.source != component_id]
    callees = [c.target for c in connections if c.source == component_id and c.target != component_id]
    callers = list(dict.fromkeys(callers))
    callees = [c for c in dict.fromkeys(callees) if c not in callers]
    centre = node(model, name, component_id, "centre", details=True)
    centre["highlight"] = True
    nodes = [node(model, name, e, "callers") for e in callers] + [centre]
    nodes += [node(model, name, e, "callees") for e in callees]
    clusters = ([cluster("callers", "Calls it")] if callers else []) + [cluster("centre", "")]
    clusters += [cluster("callees", "It calls")] if callees else []
    edges = [edge(model, c) for c in connections]
    return view(name, f"{model.name_of(component_id)}: neighbourhood", nodes, edges, clusters)
