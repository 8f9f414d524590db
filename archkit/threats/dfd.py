"""The data-flow diagram: trust zones as boxes (their borders are the trust boundaries), the boundary-crossing
connections numbered as on the threats page, the data stores, and the flows into them. A graph view for the
shared Graphviz renderer (archkit/renderers/graph)."""
from __future__ import annotations

from .. import paths
from ..layout.zones import ZONE_ORDER, zone_cluster_id, zone_label, zone_of
from ..model.types import Model
from ..views.contract import Edge, OnPage, View
from ..views.elements import cluster, connection_tooltip, node, view, wrap
from .boundaries import store_flows
from .engine import ThreatModel

NAME = "threats"
OPEN_EDGE = (("color", "#C7254E"), ("fontcolor", "#C7254E"), ("penwidth", "2"))  # a flow with an open threat


def dfd_view(model: Model, threats: ThreatModel) -> View:
    store_ids = [s.id for s in threats.stores]
    inner = store_flows(model, threats.crossings, threats.stores)
    ids = dict.fromkeys(e for x in threats.crossings for e in (x.connection.source, x.connection.target))
    ids.update(dict.fromkeys(store_ids))
    ids.update(dict.fromkeys(c.source for c in inner))
    zones = [z for z in ZONE_ORDER if any(zone_of(model, e) == z for e in ids)]
    clusters = [cluster(zone_cluster_id(z), "Trust zone: " + zone_label(model, z)) for z in zones]
    nodes = [node(model, NAME, e, zone_cluster_id(zone_of(model, e)),
                  note="data store" if e in store_ids else "") for e in ids]
    open_flows = {t.flow for t in threats.threats if t.status == "open" and t.flow}
    edges = []
    for crossing in threats.crossings:
        c = crossing.connection
        edges.append(Edge(c.source, c.target, label=wrap(f"F{crossing.number} {c.protocol}", 16),
                          tooltip=f"F{crossing.number} crosses {crossing.boundary}\n" + connection_tooltip(model, c),
                          style="dashed" if c.asynchronous else "solid",
                          constraint=c.target not in model.actors,  # people stay on the left
                          dot=OPEN_EDGE if crossing.number in open_flows else ()))
    edges += [Edge(c.source, c.target, tooltip=connection_tooltip(model, c), style="dotted") for c in inner]
    return view(NAME, f"{model.system.name}: data flows and trust boundaries", nodes, edges, clusters,
                note="Numbered: flows across a trust boundary (red: an open threat). Dotted: flows into a data store.",
                on_page=OnPage(paths.page("threats"), "Data flows and trust boundaries",
                               "Data flows and trust boundaries"))
