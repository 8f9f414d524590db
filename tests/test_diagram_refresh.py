"""Issue 16, point 4 (live preview): a diagram is laid out with its tooltips as tokens, so an edit that changes only
tooltips (a component's description) writes the new texts into the earlier layout instead of running Graphviz
again. The refreshed SVG is byte-identical to a full render of the edited view, the PNG is kept, and an SVG that
is not as the build left it is rendered again."""
from __future__ import annotations

import json

import pytest

from archkit.build.producers import all_jobs
from archkit.build.runner import build
from archkit.model import load_model
from archkit.renderers.graph import graphviz_run, producer, tooltips
from archkit.views import all_views

MODEL = """
system: {name: Shop}
environments: {dev: {account: "111111111111", region: eu-west-1}}
actors: {user: {kind: browser, name: Shopper}}
components:
  api: {type: api-gateway-rest, stages: {dev: {environment: dev}}, routes: [{method: GET, path: /x, target: fn, public: true, public_reason: a test}]}
  fn: {type: lambda, runtime: python3.12, description: %s}
  table: {type: dynamodb-table, partition_key: {name: id}}
connections:
  - {from: user, to: api, protocol: HTTPS}
  - {from: api, to: fn, protocol: Lambda invoke}
  - {from: fn, to: table, protocol: AWS SDK, permissions: ["dynamodb:GetItem"]}
flows:
  get:
    name: Get
    steps:
      - {from: user, to: api, action: GET /x}
      - {from: api, to: fn, action: invoke}
"""
HOSTILE = 'Reads "quotes" & <script>alert(1)</script> \\\\N -- ok'


def views_of(write_model, description: str) -> dict[str, dict]:
    model = load_model(write_model({"model.yaml": MODEL % json.dumps(description)}))
    return {view.name: view for view in all_views(model)}


@pytest.mark.parametrize("name", ["infrastructure", "flow-get", "sequence-get", "component-fn"])
def test_a_refreshed_svg_is_the_full_render_of_the_edited_view(write_model, name, tmp_path):
    before = views_of(write_model, "Serves the shop.")[name]
    after = views_of(write_model, HOSTILE)[name]
    assert tooltips.tokenized(before)[0] == tooltips.tokenized(after)[0]  # only tooltips differ: one layout
    earlier, edited = producer.render(before), producer.render(after)
    refreshed = producer.refresh(after, earlier)
    assert refreshed == edited
    svg = refreshed[producer.outputs(name)[0]].decode()
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "&quot;quotes&quot;" in svg


def test_an_svg_without_its_record_is_rendered_again(write_model):
    view = views_of(write_model, "Serves the shop.")["infrastructure"]
    svg_path = producer.outputs("infrastructure")[0]
    earlier = producer.render(view)
    stripped = {**earlier, svg_path: earlier[svg_path].split(b"\n<!-- archkit-tooltips:")[0] + b"\n"}
    assert producer.refresh(view, stripped) is None
    extra = {**earlier, svg_path: earlier[svg_path].replace(b"<svg", b'<a xlink:title="x"/><svg', 1)}
    assert producer.refresh(view, extra) is None  # one title more than recorded


def test_a_description_edit_rebuilds_no_diagram_with_graphviz(write_model, tmp_path, monkeypatch):
    folder = write_model({"model.yaml": MODEL % json.dumps("Serves the shop.")})
    out = tmp_path / "out"
    build(all_jobs(load_model(folder)), out, workers=1)
    (folder / "model.yaml").write_text(MODEL % json.dumps("Serves the whole shop."))
    edited = all_jobs(load_model(folder))

    def refuse(*args):
        raise AssertionError(f"Graphviz ran for an edit of a description: {args[2]}")
    monkeypatch.setattr(graphviz_run, "run_graphviz", refuse)
    summary = build(edited, out, workers=1)
    assert any(p.endswith(".svg") for p in summary.rendered) and not any(p.endswith(".png") for p in summary.rendered)
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    build(edited, fresh, workers=1, no_cache=True)
    for job in edited:
        for path in job.outputs:
            assert (out / path).read_bytes() == (fresh / path).read_bytes(), path


def test_a_layout_change_runs_graphviz(write_model, tmp_path, monkeypatch):
    folder = write_model({"model.yaml": MODEL % json.dumps("Serves the shop.")})
    out = tmp_path / "out"
    build(all_jobs(load_model(folder)), out, workers=1)
    (folder / "model.yaml").write_text((MODEL % json.dumps("Serves the shop.")).replace("name: Shopper", "name: Customer"))
    calls = []
    original = graphviz_run.run_graphviz
    monkeypatch.setattr(graphviz_run, "run_graphviz", lambda *a: calls.append(a[2]) or original(*a))
    build(all_jobs(load_model(folder)), out, workers=1)
    assert "infrastructure" in calls  # a node's label takes room: laid out again
