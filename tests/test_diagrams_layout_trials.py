"""Graphviz orders a column's boxes chaotically: the overview offers other declaration orders and the renderer keeps
the one laid out with the fewest crossing edges (renderers/graph/trials.py)."""
from __future__ import annotations

import subprocess
import sys

from archkit.model import load_model
from archkit.renderers.graph.dotsource import graph_dot
from archkit.renderers.graph.producer import dot_source
from archkit.renderers.graph.trials import crossings, least_crossing, reordered
from archkit.views.infrastructure import infrastructure_view
from conftest import MODEL, ROOT


def test_the_renderer_keeps_the_order_with_fewest_crossings(tmp_path):
    """The synthetic 50-component model: declared in layer order, the content network's edge to its site bucket
    crosses the API's edge to the user pool; declared with the bucket first in the region, nothing crosses."""
    subprocess.run([sys.executable, str(ROOT / "bench/synth.py"), "50", str(tmp_path)], check=True,
                   capture_output=True)
    view = infrastructure_view(load_model(tmp_path))
    assert len(view.hints.orders) == 1
    own = crossings(["dot"], graph_dot(view))
    other = crossings(["dot"], graph_dot(reordered(view, view.hints.orders[0])))
    chosen = crossings(*dot_source(view))
    assert chosen == min(own, other) == 0 and own > 0


def test_the_first_of_equals_wins_and_a_clean_order_stops_the_search():
    view = infrastructure_view(load_model(MODEL))
    built: list[dict] = []

    def build(candidate: dict) -> str:
        built.append(candidate)
        return graph_dot(candidate)

    assert least_crossing(view, ["dot"], build) == graph_dot(view)
    assert len(built) == 1  # the default overview's own order has no crossing


def test_other_orders_hold_the_same_clusters_and_nodes():
    view = infrastructure_view(load_model(MODEL))
    for order in view.hints.orders:
        assert sorted(order.clusters) == sorted(c.id for c in view.clusters)
        assert sorted(order.nodes) == sorted(n.id for n in view.nodes)
        assert order.clusters != tuple(c.id for c in view.clusters)
