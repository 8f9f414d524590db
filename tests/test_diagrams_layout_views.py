"""Readability of the diagrams other than the infrastructure overview, checked on the layout Graphviz makes
(`-Tplain`: positions in inches, y grows upwards)."""
from __future__ import annotations

import subprocess
from collections import Counter

import pytest

from archkit.model import load_model
from archkit.renderers.graph.producer import dot_source
from archkit.views.observability import ROW_WEIGHT, observability_view
from conftest import MODEL, ROOT

MODELS = [MODEL, ROOT / "tests" / "models" / "event-driven"]


@pytest.fixture(scope="module", params=MODELS, ids=lambda p: p.name)
def model(request):
    return load_model(request.param)


def plain_nodes(view: dict) -> dict[str, tuple[float, float, float]]:
    """Node centres and heights (x, y, height) from Graphviz's plain output."""
    engine, source = dot_source(view)
    plain = subprocess.run([*engine, "-Tplain"], input=source.encode(), capture_output=True, check=True).stdout
    found = {}
    for parts in (line.split() for line in plain.decode().splitlines()):
        if parts[0] == "node":
            found[parts[1].strip('"')] = (float(parts[2]), float(parts[3]), float(parts[5]))
    return found


@pytest.fixture(scope="module")
def observability():
    view = observability_view(load_model(MODEL))
    return view, plain_nodes(view)


def test_observability_edges_run_left_to_right_along_rows(observability):
    """A metric's alarm sits right of it, on its row: no diagonal metric -> alarm edges. (Of the rows a source
    starts, the middle one runs straight.)"""
    view, at = observability
    starts = Counter(e.source for e in view.edges if e.weight == ROW_WEIGHT)
    rows = [e for e in view.edges if e.weight == ROW_WEIGHT and starts[e.source] == 1]
    assert any(e.source == "api-5xx" and e.target == "api-5xx-alarm" for e in rows)
    for e in rows:
        (x1, y1, h1), (x2, y2, h2) = at[e.source], at[e.target]
        same_row = min(abs(y2 - y1), abs((y2 + h2 / 2) - (y1 + h1 / 2)))  # centres or icons (a taller label) level
        assert x2 > x1 and same_row < 0.05, e


def test_observability_columns_keep_their_order_top_to_bottom(observability):
    view, at = observability
    for column in view.hints.columns:
        heights = [at[n][1] for n in column]
        assert heights == sorted(heights, reverse=True), column


def test_observability_columns_follow_the_stages(observability):
    view, at = observability
    lefts = [min(at[n][0] for n in column) for column in view.hints.columns]
    rights = [max(at[n][0] for n in column) for column in view.hints.columns]
    assert all(r < l for r, l in zip(rights, lefts[1:]))
    column = {n: k for k, members in enumerate(view.hints.columns) for n in members}
    assert column["rest-api"] == 0 and column["operator"] == len(view.hints.columns) - 1
    assert column["api-5xx"] < column["api-5xx-alarm"] < column["alerts-topic"]


def test_observability_headers_share_the_top_row(observability):
    view, at = observability
    headers = [at[f"header-{k}"] for k in range(len(view.hints.columns))]
    top = max(y for name, (_, y, _) in at.items() if not name.startswith(("header-", "column-")))
    assert len({round(y, 2) for _, y, _ in headers}) == 1 and headers[0][1] > top


def test_pipeline_stages_run_left_to_right_on_one_row(model):
    """Each action right of the one before (no staircase of stages); an action's target stands in its column."""
    from archkit.views.pipelines import pipeline_view

    for pipeline in model.pipelines.values():
        view = pipeline_view(model, pipeline)
        at = plain_nodes(view)
        chain = [e for e in view.edges if not e.flat]
        for e in chain:
            assert at[e.target][0] > at[e.source][0], (view.name, e.source, e.target)
        heights = [at[n][1] + at[n][2] / 2 for e in chain for n in (e.source, e.target)]  # node tops
        assert max(heights) - min(heights) < 1.0, view.name  # less than an icon: no stage below another
        for e in view.edges:
            if e.flat:
                assert abs(at[e.target][0] - at[e.source][0]) < 0.05, (view.name, e.target)


def test_sequence_participants_stand_level(model):
    """Every participant's icon the same size with its top level with the others, whatever its name's length."""
    from archkit.views.flows import sequence_view

    for flow in model.flows.values():
        at = plain_nodes(sequence_view(model, flow))
        icons = [at[n] for n in at if n.startswith("head_")]
        assert len(icons) == len(flow.participants())
        assert len({(round(y, 2), round(h, 2)) for _, y, h in icons}) == 1, flow.id


def test_pipeline_arrows_run_level_and_targets_stand_on_one_row():
    """Every action (and the trigger) has its icon on one line, so the arrows between them are level, not a
    staircase, whatever the number of lines in their labels or their targets'; the targets share a row too."""
    from archkit.views.pipelines import pipeline_view

    model = load_model(MODEL)
    for pipeline in model.pipelines.values():
        view = pipeline_view(model, pipeline)
        at = plain_nodes(view)
        targets = {e.target for e in view.edges if e.flat}
        for row in ([n.id for n in view.nodes if n.id not in targets], sorted(targets)):
            centres = [at[n][1] for n in row]
            assert max(centres, default=0) - min(centres, default=0) < 0.02, (view.name, row, centres)


def sequence_layout(model, flow) -> dict:
    """Graphviz's own layout (-Tjson, points, y upwards) of a flow's sequence diagram."""
    import json

    from archkit.views.flows import sequence_view

    engine, source = dot_source(sequence_view(model, flow))
    return json.loads(subprocess.run([*engine, "-Tjson"], input=source.encode(), capture_output=True,
                                     check=True).stdout)


def test_sequence_labels_hide_the_lifelines_they_span(model):
    """A message's label that spans a lifeline (step 4 from the browser to CloudFront passes the user pool's) is
    drawn over it on a white ground, not struck through by the dashed line."""
    spanned = 0
    for flow in model.flows.values():
        out = sequence_layout(model, flow)
        assert out["outputorder"] == "edgesfirst"
        objects = out["objects"]
        points = {o["_gvid"]: tuple(float(v) for v in o["pos"].split(",")) for o in objects if "pos" in o}
        lifelines = [(points[e["tail"]][0], sorted((points[e["tail"]][1], points[e["head"]][1])))
                     for e in out.get("edges", []) if e.get("color") == "#AEB6BE"]
        assert len(lifelines) == len(flow.participants())
        for o in objects:
            if not o["name"].startswith("t") or "pos" not in o:
                continue
            x, y = points[o["_gvid"]]
            half_w, half_h = float(o["width"]) * 36, float(o["height"]) * 36
            for lx, (low, high) in lifelines:
                if x - half_w < lx < x + half_w and low < y < high:
                    spanned += 1
                    assert o.get("style") == "filled" and o.get("fillcolor") == "white", (flow.id, o["label"])
    assert spanned


def test_sequence_title_stands_clear_of_the_icons(model):
    for flow in model.flows.values():
        out = sequence_layout(model, flow)
        title_bottom = float(out["lp"].split(",")[1]) - float(out["fontsize"]) / 2
        icons_top = max(float(o["pos"].split(",")[1]) + float(o["height"]) * 36
                        for o in out["objects"] if o["name"].startswith("head_"))
        assert title_bottom - icons_top >= 16, (flow.id, title_bottom - icons_top)


def test_a_step_without_protocol_shows_the_connection_it_follows():
    """The event-driven flow names no protocol after its first step: each step still says how it travels, from
    the one connection between its two ends."""
    from archkit.views.flows import flow_view, sequence_view

    model = load_model(ROOT / "tests" / "models" / "event-driven")
    flow = model.flows["place-order"]
    details = [m.detail for m in sequence_view(model, flow).messages]
    assert details[1:4] == ["Lambda invoke timeout 5 s", "AWS SDK", "EventBridge PutEvents"]
    labels = [e.label.replace("\n", " ") for e in flow_view(model, flow).edges]
    assert labels[2] == "3. Store the order AWS SDK"
    default = load_model(MODEL)
    assert sequence_view(default, default.flows["auth"]).messages[0].detail == "UI"
