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


def scripted_trials(monkeypatch, scores):
    """least_crossing over the reference overview with defects() answering scores in turn (the last one after)."""
    from archkit.renderers.graph import trials

    answers = iter(scores)
    last = {"score": scores[-1]}

    def defects(engine, source, name=""):
        last["score"] = next(answers, last["score"])
        return last["score"]
    monkeypatch.setattr(trials, "defects", defects)
    view = infrastructure_view(load_model(MODEL))
    built: list = []
    trials.least_crossing(view, ["dot"], lambda candidate: built.append(candidate) or graph_dot(candidate))
    first_round = len(list(trials.candidates(view)))
    return built, first_round, len(list(trials.candidates(view, deeper=True)))


def test_a_first_round_within_good_enough_tries_no_deeper_round(monkeypatch):
    from archkit.renderers.graph.trials import GOOD_ENOUGH

    built, first_round, deeper = scripted_trials(monkeypatch, [(0, GOOD_ENOUGH)])
    assert deeper > 0 and len(built) == first_round


def test_a_crossed_first_round_tries_the_deeper_round_and_keeps_its_first_order(monkeypatch):
    from archkit.renderers.graph.trials import GOOD_ENOUGH, candidates

    built, first_round, deeper = scripted_trials(monkeypatch, [(0, GOOD_ENOUGH + 3)])
    assert len(built) == first_round + deeper
    view = infrastructure_view(load_model(MODEL))
    assert [graph_dot(c) for c in built[:first_round]] == [graph_dot(c) for c in candidates(view)]
    assert all(graph_dot(c) not in {graph_dot(d) for d in built[:first_round]} for c in built[first_round:][:3])


def test_a_clean_layout_in_the_deeper_round_ends_the_search(monkeypatch):
    from archkit.renderers.graph.trials import GOOD_ENOUGH, candidates

    first_round = len(list(candidates(infrastructure_view(load_model(MODEL)))))
    scores = [(1, 0)] + [(0, GOOD_ENOUGH + 1)] * (first_round - 1) + [(0, 3), (0, 0), (0, 1)]
    built, _, deeper = scripted_trials(monkeypatch, scores)
    assert deeper > 2 and len(built) == first_round + 2
