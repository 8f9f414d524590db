"""Sequences: every synchronous call is answered by a dotted reply once the work it led to is done (so the
initiator gets its answer); an asynchronous message is dashed with an open arrowhead and gets none; where the
catalogue says the service retries work (Lambda's asynchronous retries), a loop frame stands on the retrying
participant around the steps it retries. Checked on every flow of tests/models/*."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from archkit.model import load_model
from archkit.renderers.graph.sequence import sequence_dot
from archkit.views.flows import sequence_view

MODELS = sorted(p for p in (Path(__file__).parent / "models").iterdir() if p.is_dir())
FLOWS = [(path, fid) for path in MODELS for fid in load_model(str(path)).flows]
POINT = re.compile(r'^\t(p\d+) \[pos="([\d.]+),([\d.]+)!"', re.M)
EDGE = re.compile(r'^\t(p\d+) -> (p\d+) \[(.*)\]$', re.M)


def drawn_edges(dot: str) -> list[tuple[tuple[float, float], tuple[float, float], str]]:
    at = {name: (float(x), float(y)) for name, x, y in POINT.findall(dot)}
    return [(at[a], at[b], attributes) for a, b, attributes in EDGE.findall(dot)]


def heads(view: dict, dot: str) -> dict[str, float]:
    found = dict(re.findall(r'^\thead_(\d+) \[pos="([\d.]+),', dot, re.M))
    return {p.id: float(found[str(i)]) for i, p in enumerate(view.nodes)}


@pytest.fixture(scope="module", params=FLOWS, ids=[f"{p.name}-{f}" for p, f in FLOWS])
def drawn(request):
    path, fid = request.param
    model = load_model(str(path))
    view = sequence_view(model, model.flows[fid])
    dot = sequence_dot(view)
    return model, model.flows[fid], view, dot


def test_every_synchronous_call_gets_one_reply_and_no_asynchronous_message_does(drawn):
    model, flow, view, dot = drawn
    at = heads(view, dot)
    replies = {}
    for start, end, attributes in drawn_edges(dot):
        tip = re.search(r'tooltip="reply to (\d+)', attributes)
        if tip:
            assert 'style="dotted"' in attributes
            replies.setdefault(int(tip.group(1)), []).append((start[0], end[0]))
    for step in flow.steps:
        if model.step_asynchronous(step) or step.source == step.target:
            assert step.number not in replies, (flow.id, step.number)
        else:
            assert replies.get(step.number) == [(at[step.target], at[step.source])], (flow.id, step.number)


def test_asynchronous_messages_are_dashed_with_an_open_arrowhead(drawn):
    model, flow, _, dot = drawn
    for step in flow.steps:
        line = next(a for _, _, a in drawn_edges(dot) if a.startswith(f'tooltip="{step.number}. ')
                    or f'tooltip="{step.number}. ' in a and "fails:" not in a)
        asynchronous = model.step_asynchronous(step)
        assert ('style="dashed"' in line and 'arrowhead="vee"' in line) == asynchronous, (flow.id, step.number)


def test_the_initiator_gets_the_last_answer_when_it_called():
    model = load_model(str(Path(__file__).parent / "models" / "reference"))
    flow = model.flows["request"]
    view = sequence_view(model, flow)
    dot = sequence_dot(view)
    at = heads(view, dot)
    arrows = [e for e in drawn_edges(dot) if 'arrowhead="none"' not in e[2]]
    last = min(arrows, key=lambda e: e[0][1])  # y grows upwards: the lowest arrow
    assert last[1][0] == at[flow.steps[0].source] and "reply to" in last[2], last


def test_lambdas_asynchronous_retries_are_a_loop_on_the_retried_function():
    model = load_model(str(Path(__file__).parent / "models" / "reference"))
    flow = next(f for f in model.flows.values()
                if any(model.step_asynchronous(s) and model.components.get(s.target) is not None
                       and model.components[s.target].type.name == "lambda" for s in f.steps))
    handover = next(s for s in flow.steps if model.step_asynchronous(s) and s.target in model.components
                    and model.components[s.target].type.name == "lambda")
    view = sequence_view(model, flow)
    (loop,) = view.loops
    retries = (model.components[handover.target].props().get("async") or {}).get("max_retries", 2)
    assert loop.participant == handover.target
    assert loop.label.endswith("at most once" if retries == 1 else f"at most {retries} times")
    dot = sequence_dot(view)
    at = heads(view, dot)
    assert ">loop<" in dot or 'label="loop"' in dot
    frame = [e for e in drawn_edges(dot) if 'color="#B9770E"' in e[2]]
    assert len(frame) == 4
    xs = [x for start, end, _ in frame for x in (start[0], end[0])]
    ys = [y for start, end, _ in frame for y in (start[1], end[1])]
    assert min(xs) < at[handover.target] < max(xs)
    assert not min(xs) < at[handover.source] < max(xs), "the caller does not retry"
    # the retried steps are inside the frame, the step to the failure destination below it
    inside = [s for s in flow.steps if handover.number < s.number <= loop.last]
    assert inside
    for start, _, attributes in drawn_edges(dot):
        for step in flow.steps:
            if attributes.startswith(f'tooltip="{step.number}. ') and "fails:" not in attributes:
                assert (min(ys) < start[1] < max(ys)) == (step in inside), step.number
