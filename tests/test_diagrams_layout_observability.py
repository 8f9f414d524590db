"""The observability diagram drawn as an architect would: a dashboard beside the people who watch it, reached
without crossing anything, its widgets listed on it; a big model's rows wrapped into blocks side by side, so that
the PNG renders at full scale. Checked on Graphviz's own layout (`-Tplain`)."""
from __future__ import annotations

import re
import struct
import subprocess
import sys

import pytest

from archkit.model import load_model
from archkit.renderers.graph.graphviz_run import PNG_MAX_PIXELS
from archkit.renderers.graph.producer import render
from archkit.layout.blocks import MAX_ASPECT, split_sources
from archkit.views.displays import MAX_LISTED, displays
from archkit.layout.fanin import fan_ins
from archkit.views.observability import observability_view
from conftest import MODEL, ROOT, SCHEMA_REF
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
    column = {n: k for k, members in enumerate(view.hints.columns) for n in members}
    topics = [cid for cid, c in model.components.items() if c.type.label == "SNS topic"]
    for dashboard in dashboards(model):
        assert column[dashboard] == max(column[t] for t in topics)
        assert all(nodes[dashboard][1] < nodes[t][1] for t in topics)  # y grows upwards


def test_widgets_are_listed_on_the_dashboard_not_drawn_through_the_rows(drawn):
    model, view, nodes, edges = drawn
    labels = {n.id: n for n in view.nodes}
    for dashboard in dashboards(model):
        widgets = model.components[dashboard].properties["widgets"]
        assert not [e for e in edges if e[1] == dashboard and e[0] in widgets]
        label = labels[dashboard].label.replace("\n", " ")
        assert f"widgets ({len(widgets)}):" in label
        for widget in widgets[:MAX_LISTED]:
            assert model.name_of(widget) in label
            assert model.name_of(widget) in labels[dashboard].tooltip
            assert f"shown on: {model.name_of(dashboard)}" in labels[widget].tooltip


def test_no_edge_crosses_another(drawn):
    """X-Ray, fed by every function and the API, stands in its own row at the bottom of its column, reached by
    one edge out of the sources' box (fanin.py); the alarms' edges into their topic, the dashboard's and every
    source -> metric -> alarm row cross nothing."""
    _, _, _, edges = drawn
    assert crossing_pairs(edges) == []


def test_a_fan_in_is_reached_by_one_edge_out_of_the_sources_box(drawn):
    model, view, nodes, edges = drawn
    sources = view.hints.columns[0]
    shown = {n.id for n in view.nodes}
    fans = fan_ins(sources, [(c.source, c.target) for c in model.connections if c.target in shown])
    assert fans == ["tracing"]
    into = [e for e in view.edges if e.target == "tracing"]
    assert len(into) == 1 and into[0].tail_cluster == "sources" and "(4 links)" in into[0].label
    assert into[0].tooltip.count("-> X-Ray tracing") == 4
    column = next(c for c in view.hints.columns if "tracing" in c)
    assert column[-1] == "tracing" and all(nodes["tracing"][1] < nodes[n][1] for n in column[:-1])
    assert {n.cluster for n in view.nodes if n.id in sources} == {"sources"}


def test_a_fan_in_needs_many_sources_or_sources_apart():
    sources = ["a", "b", "c", "d"]
    assert fan_ins(sources, [("a", "x"), ("b", "x")]) == []  # two neighbours: drawn between them
    assert fan_ins(sources, [("a", "x"), ("c", "x")]) == ["x"]  # b's row between them
    assert fan_ins(sources, [("a", "x"), ("b", "x"), ("c", "x")]) == ["x"]


def test_a_dashboard_nobody_watches_is_still_drawn_aside_when_it_shows_several():
    members = ["m1", "m2", "a1", "board", "topic"]
    connected = [("a1", "topic")]
    derived = [("m1", "a1", "metric"), ("m1", "board", "widgets"), ("m2", "board", "widgets")]
    assert displays(members, [], connected, derived, derived) == {"board": ["m1", "m2"]}
    assert displays(members, ["person"], connected + [("topic", "person")], derived[:2], derived[:2]) == {}


NOTIFY_ONLY = SCHEMA_REF + """
system: {name: Notify only}
environments:
  one: {account: "123456789012", region: eu-west-1}
actors:
  partner: {kind: external-system, name: Partner}
components:
  fn: {type: lambda, runtime: python3.12}
  errors: {type: metric, namespace: AWS/Lambda, metric_name: Errors, source: fn}
  errors-alarm: {type: alarm, metric: errors, threshold: 1, notify: [alerts]}
  alerts: {type: sns-topic}
connections:
  - {from: alerts, to: partner, protocol: HTTPS, async: true}
"""


def test_an_alarm_notifies_its_topic_when_only_its_notify_property_says_so(write_model):
    """No connection from the alarm to the topic: the alarm's `notify` (a reference that sends, in the catalogue)
    still draws alarm -> topic, and the topic, watched by a partner, is no display of the alarm."""
    model = load_model(write_model({"model.yaml": NOTIFY_ONLY}))
    drawn = observability_view(model)
    edges = {(e.source, e.target): e for e in drawn.edges}
    assert ("errors-alarm", "alerts") in edges and ("alerts", "errors-alarm") not in edges
    assert "notify" in edges[("errors-alarm", "alerts")].tooltip
    labels = {n.id: n.label for n in drawn.nodes}
    assert "(1)" not in labels["alerts"]
    column = {n: k for k, members in enumerate(drawn.hints.columns) for n in members}
    assert column["errors-alarm"] < column["alerts"] < column["partner"]


# --- a big model: the rows wrapped into blocks side by side (views/blocks.py) ---------------------------------

DPI = 96  # Graphviz's PNG resolution: 1 point = 96/72 pixels
CAIRO_LIMIT = 32767  # pixels: beyond it Graphviz scales the whole PNG down


def synthetic(tmp_path_factory, size: int):
    folder = tmp_path_factory.mktemp(f"synth{size}")
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), str(size), str(folder)], check=True,
                   capture_output=True)
    return load_model(folder)


@pytest.mark.parametrize("size", [50, 200])
def test_a_synthetic_model_has_no_crossing(tmp_path_factory, size):
    nodes, edges = plain_layout(observability_view(synthetic(tmp_path_factory, size)))
    assert crossing_pairs(edges) == []


@pytest.fixture(scope="module", params=[200, 500])
def big(request, tmp_path_factory):
    model = synthetic(tmp_path_factory, request.param)
    view = observability_view(model)
    nodes, edges = plain_layout(view)
    return model, view, nodes, edges


def test_a_big_model_is_drawn_in_blocks_side_by_side(big):
    _, view, nodes, _ = big
    boxes = view.clusters
    assert len(boxes) >= 3
    lefts = [min(nodes[n.id][0] for n in view.nodes if n.cluster == box.id) for box in boxes]
    assert lefts == sorted(lefts)
    width = max(x for x, _, _ in nodes.values()) - min(x for x, _, _ in nodes.values())
    height = max(y for _, y, _ in nodes.values()) - min(y for _, y, _ in nodes.values())
    assert height / width <= MAX_ASPECT
    assert height * DPI < CAIRO_LIMIT


def test_no_edge_crosses_a_row_of_a_block(big):
    """Only the bundled edges between blocks and what they share (run round the boxes) may cross each other."""
    _, view, nodes, edges = big
    box = {n.id: n.cluster for n in view.nodes}
    for first, second in crossing_pairs(edges):
        for a, b in (first, second):
            assert not (box[a] and box[a] == box[b]), (first, second)
    for column in view.hints.columns:
        heights = [nodes[n][1] for n in column]
        assert heights == sorted(heights, reverse=True), column[:3]


def test_every_link_of_a_block_is_kept_in_its_bundled_edge(big):
    model, view, _, _ = big
    box = {n.id: n.cluster for n in view.nodes}
    bundled = [e for e in view.edges if e.tail_cluster or e.head_cluster]
    assert bundled and all(box[e.source] != box[e.target] for e in bundled)
    alarms_to_topic = [c for c in model.connections if c.protocol == "SNS"]
    assert sum(e.tooltip.count("protocol: SNS") for e in bundled) == len(alarms_to_topic)
    assert any("links)" in e.label for e in bundled)


def test_the_png_is_rasterised_whole_at_full_scale_or_within_the_pixel_cap(tmp_path_factory):
    """cairo's limit does not shrink the picture: the PNG is the SVG's points at 96 dpi, or at the lower dpi that
    keeps it within the pixel cap (graphviz_run.PNG_MAX_PIXELS), never cropped."""
    view = observability_view(synthetic(tmp_path_factory, 500))
    written = render(view)
    svg = written["diagrams/observability.svg"].decode()
    png = written["diagrams/observability.png"]
    width_pt, height_pt = (float(re.search(rf'<svg[^>]* {side}="([0-9.]+)pt"', svg).group(1))
                           for side in ("width", "height"))
    width_px, height_px = struct.unpack(">II", png[16:24])
    dpi = round(width_px / width_pt * 72)
    assert abs(height_px - height_pt * dpi / 72) <= 2  # the whole picture, same aspect: not cropped
    assert dpi == DPI or (dpi < DPI and width_px * height_px <= PNG_MAX_PIXELS)
    assert max(width_px, height_px) < CAIRO_LIMIT


def test_a_small_model_stays_one_block():
    model = load_model(MODEL)
    view = observability_view(model)
    assert [box.id for box in view.clusters] == ["sources"]  # the sources' box (fanin.py), no block
    assert {e.tail_cluster for e in view.edges} == {"", "sources"}


def test_sources_split_into_consecutive_runs_of_about_equal_rows():
    sources = [f"s{k}" for k in range(10)]
    links = [(s, f"{s}-{part}") for s in sources for part in ("logs", "metric")] + [("s0", "s0-extra")] * 4
    chunks = split_sources(sources, links, 3)
    assert [s for chunk in chunks for s in chunk] == sources and len(chunks) == 3
    assert chunks[0][:2] == ["s0", "s1"] and len(chunks[0]) < len(chunks[1])
