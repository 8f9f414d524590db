"""A failure can name who answers with it and who receives it (`from`, `to`): the authorizer's 401 comes from the
API and goes to the browser, not from the user pool the API asked. The sequence draws it between those two."""
from __future__ import annotations

import re
import shutil

import pytest

from archkit.model import load_model
from archkit.errors import ModelError
from archkit.renderers.graph.sequence import sequence_dot
from archkit.views.flows import sequence_view
from conftest import MODEL

POINT = re.compile(r'^\t(p\d+) \[pos="([\d.]+),[\d.]+!"', re.M)
EDGE = re.compile(r'^\t(p\d+) -> (p\d+) \[(.*)\]$', re.M)


def arrows(dot: str) -> dict[str, tuple[float, float]]:
    """tooltip -> (x where the arrow starts, x where it ends) for each straight arrow."""
    x = {name: float(pos) for name, pos in POINT.findall(dot)}
    found = {}
    for start, end, attributes in EDGE.findall(dot):
        tip = re.search(r'tooltip="([^"]*)"', attributes)
        if tip and "arrowhead" not in attributes:
            found[tip.group(1)] = (x[start], x[end])
    return found


def columns(view: dict, dot: str) -> dict[str, float]:
    heads = dict(re.findall(r'^\thead_(\d+) \[pos="([\d.]+),', dot, re.M))
    return {p.id: float(heads[str(i)]) for i, p in enumerate(view.nodes)}


def test_a_failure_runs_from_who_answers_to_who_receives_it():
    model = load_model(MODEL)
    redirected = [(flow, step, f) for flow in model.flows.values() for step in flow.steps for f in step.failures
                  if f.source or f.target]
    assert redirected, "the default model's auth flow names who answers its 401/403"
    for flow, step, failure in redirected:
        view = sequence_view(model, flow)
        dot = sequence_dot(view)
        at = columns(view, dot)
        answer = " ".join(str(p) for p in (failure.status or "", failure.response) if p)
        drawn = arrows(dot)[f"{step.number}. fails: {failure.when} -&gt; {answer}"]
        assert drawn == (at[failure.source or step.target], at[failure.target or step.source])


def test_a_failure_without_from_and_to_answers_the_caller():
    model = load_model(MODEL)
    flow, step, failure = next((fl, s, f) for fl in model.flows.values() for s in fl.steps for f in s.failures
                               if not f.source and not f.target)
    view = sequence_view(model, flow)
    dot = sequence_dot(view)
    at = columns(view, dot)
    answer = " ".join(str(p) for p in (failure.status or "", failure.response) if p)
    assert arrows(dot)[f"{step.number}. fails: {failure.when} -&gt; {answer}"] == (at[step.target], at[step.source])


def test_an_unknown_failure_receiver_is_a_located_error(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    flows = folder / "flows.yaml"
    flows.write_text(flows.read_text().replace("from: rest-api, to: browser}", "from: rest-api, to: browsr}", 1))
    with pytest.raises(ModelError) as raised:
        load_model(folder)
    report = raised.value.report()
    assert "flows.yaml:" in report and "browsr" in report and "did you mean 'browser'" in report
