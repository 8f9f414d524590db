"""The observability diagram drawn as an architect would: a dashboard beside the people who watch it, reached
without crossing anything, its widgets listed on it; checked on Graphviz's own layout (`-Tplain`)."""
from __future__ import annotations

import pytest

from archkit.model import load_model
from archkit.views.displays import MAX_LISTED, displays
from archkit.views.observability import observability_view
from conftest import MODEL
from layoutkit import crossing_pairs, plain_layout


@pytest.fixture(scope="module")
def drawn():
    model = load_model(MODEL)
    view = observability_view(model)
    nodes, edges = plain_layout(view)
    return model, view, nodes, edges


def dashboards(model) -> list[str]:
    return [cid for cid, c in model.components.items() if c.type.properties.get("widgets") and c.properties.get("widgets")]


def test_a_dashboard_stands_in_the_last_stage_below_the_topics(drawn):
    model, view, nodes, _ = drawn
    assert dashboards(model)
    column = {n: k for k, members in enumerate(view["columns"]) for n in members}
    topics = [cid for cid, c in model.components.items() if c.type.label == "SNS topic"]
    for dashboard in dashboards(model):
        assert column[dashboard] == max(column[t] for t in topics)
        assert all(nodes[dashboard][1] < nodes[t][1] for t in topics)  # y grows upwards


def test_widgets_are_listed_on_the_dashboard_not_drawn_through_the_rows(drawn):
    model, view, nodes, edges = drawn
    labels = {n["id"]: n for n in view["nodes"]}
    for dashboard in dashboards(model):
        widgets = model.components[dashboard].properties["widgets"]
        assert not [e for e in edges if e[1] == dashboard and e[0] in widgets]
        label = labels[dashboard]["label"].replace("\n", " ")
        assert f"widgets ({len(widgets)}):" in label
        for widget in widgets[:MAX_LISTED]:
            assert model.name_of(widget) in label
            assert model.name_of(widget) in labels[dashboard]["tooltip"]
            assert f"shown on: {model.name_of(dashboard)}" in labels[widget]["tooltip"]


def test_only_a_fan_in_from_several_sources_crosses_anything(drawn):
    """The dashboard's and the topic's edges, and every metric -> alarm row, cross nothing. What may cross is an
    edge into a node fed from several source rows (all functions -> X-Ray): no drawing avoids that."""
    _, view, _, edges = drawn
    sources = set(view["columns"][0])
    fed_from_sources = {}
    for a, b, _ in edges:
        if a in sources:
            fed_from_sources.setdefault(b, set()).add(a)
    fan_ins = {node for node, feeders in fed_from_sources.items() if len(feeders) > 2}
    for first, second in crossing_pairs(edges):
        assert first[1] in fan_ins or second[1] in fan_ins, (first, second)


def test_a_dashboard_nobody_watches_is_still_drawn_aside_when_it_shows_several():
    members = ["m1", "m2", "a1", "board", "topic"]
    connected = [("a1", "topic")]
    derived = [("m1", "a1", "metric"), ("m1", "board", "widgets"), ("m2", "board", "widgets")]
    assert displays(members, [], connected, derived) == {"board": ["m1", "m2"]}
    assert displays(members, ["person"], connected + [("topic", "person")], derived[:2]) == {}
