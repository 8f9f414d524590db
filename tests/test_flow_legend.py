"""A flow diagram numbers its steps in circles on their edges and explains the numbers in a legend table beside the
picture (from -> to, action, protocol, path, auth, timeout; each failure with its condition, status and who
answers); the flow page has the same table. Checked on every model under tests/models/ that has flows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from archkit.model import load_model
from archkit.renderers.graph.producer import dot_source
from archkit.renderers.graph.text import entities
from archkit.site import flow_page
from archkit.site.pages import flow_payload
from archkit.views.flows import flow_view
from layoutkit import crossing_pairs, plain_layout

MODELS = sorted(p for p in (Path(__file__).parent / "models").iterdir() if p.is_dir())
FLOWS = [(path, fid) for path in MODELS for fid in load_model(str(path)).flows]
CIRCLE = re.compile(r'label=<<TABLE[^\n]*?<B>(\d+)</B>')


@pytest.fixture(scope="module", params=FLOWS, ids=[f"{p.name}-{f}" for p, f in FLOWS])
def drawn(request):
    path, fid = request.param
    model = load_model(str(path))
    view = flow_view(model, model.flows[fid])
    return model, model.flows[fid], view, dot_source(view)[1]


def test_every_step_edge_carries_its_number_in_a_circle(drawn):
    _, flow, _, source = drawn
    edge_lines = [line for line in source.splitlines() if " -> " in line and "invis" not in line]
    numbers = [int(m.group(1)) for line in edge_lines for m in [CIRCLE.search(line)] if m]
    assert numbers == [s.number for s in flow.steps]


def test_the_legend_lists_every_step_and_failure(drawn):
    model, flow, _, source = drawn
    legend = source[source.index("graph ["):]
    legend = legend[:legend.index("\n\t")] if "\n\t" in legend else legend
    for step in flow.steps:
        assert f"<B>{step.number}</B>" in legend
        for word in step.action.split()[:3]:
            assert entities(word) in legend, (step.number, word)
        if step.timeout_ms:
            assert re.search(r"\b\d+(\.\d+)? m?s\b", legend)
        for failure in step.failures:
            assert entities(failure.when.split()[0]) in legend
            if failure.status is not None:
                assert f": {failure.status} " in legend
            answers = model.name_of(failure.source or step.target)
            assert entities(answers.split()[0]) in legend


def test_numbering_keeps_flows_free_of_crossings(drawn):
    _, flow, view, _ = drawn
    _, edges = plain_layout(view)
    assert crossing_pairs(edges) == [], flow.id


def test_the_flow_page_has_the_legend_table():
    path, fid = next((p, f) for p, f in FLOWS if any(s.failures for s in load_model(str(p)).flows[f].steps))
    model = load_model(str(path))
    page = next(iter(flow_page.render(flow_payload(model, fid)).values())).decode()
    assert "| Step | From → To | Action | Protocol | Path | Auth | Timeout |" in page
    assert "| Step | Condition | Status | Who answers → to whom | Answer |" in page
    flow = model.flows[fid]
    failing = next(s for s in flow.steps if s.failures)
    rows = [line for line in page.splitlines() if line.startswith(f"| {failing.number} |")]
    assert len(rows) == 1 + len(failing.failures)
