"""A flow's `frames:` (loop, par, alt, opt round steps first..last) become frames in its sequence diagram, round
exactly the messages they hold, nested frames inside the outer; a frame that cannot be drawn is a located error."""
from __future__ import annotations

import re

import pytest
import yaml

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.renderers.graph.sequence import sequence_dot
from archkit.site import flow_page
from archkit.site.pages import flow_payload
from archkit.views.flows import sequence_view

POINT = re.compile(r'^\t(p\d+) \[pos="([\d.]+),([\d.]+)!"', re.M)
EDGE = re.compile(r'^\t(p\d+) -> (p\d+) \[(.*)\]$', re.M)
TEXT = re.compile(r'^\t(t\d+) \[pos="([\d.]+),([\d.]+)!" .*?label="([^"]*)"', re.M)


def document(frames: list) -> dict:
    return {
        "system": {"name": "Frames"},
        "environments": {"dev": {"account": "111111111111", "region": "eu-west-1"}},
        "actors": {"user": {"kind": "end-user", "name": "User"}},
        "components": {"api": {"type": "lambda", "runtime": "python3.12", "name": "Front"},
                       "fn": {"type": "lambda", "runtime": "python3.12"},
                       "table": {"type": "dynamodb-table", "partition_key": {"name": "pk"}},
                       "queue": {"type": "sqs-queue"}},
        "connections": [{"from": "user", "to": "api", "protocol": "HTTPS"},
                        {"from": "api", "to": "fn", "protocol": "Lambda invoke"},
                        {"from": "fn", "to": "table", "protocol": "AWS SDK"},
                        {"from": "fn", "to": "queue", "protocol": "AWS SDK", "async": True}],
        "flows": {"f": {"name": "F", "steps": [
            {"from": "user", "to": "api", "action": "POST /items"},
            {"from": "api", "to": "fn", "action": "Invoke"},
            {"from": "fn", "to": "table", "action": "Read the item"},
            {"from": "fn", "to": "table", "action": "Write the item"},
            {"from": "fn", "to": "queue", "action": "Send a message per line"}], "frames": frames}},
    }


def load(tmp_path, frames: list):
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(document(frames)), encoding="utf-8")
    return load_model(tmp_path)


def shapes(dot: str):
    at = {name: (float(x), float(y)) for name, x, y in POINT.findall(dot)}
    edges = [(at[a], at[b], attributes) for a, b, attributes in EDGE.findall(dot)]
    texts = {label: (float(x), float(y)) for _, x, y, label in TEXT.findall(dot)}
    return edges, texts


def box_below(edges, texts, label: str) -> tuple[float, float, float, float]:
    """(left, right, low, high) of the frame whose label text is `label`: its four sides start at its corners."""
    x, y = texts[label]
    sides = [e for e in edges if 'arrowhead="none"' in e[2] and 'style="dashed"' not in e[2]
             and abs(e[0][1] - (y + 9)) < 0.01 and e[0][1] == e[1][1]]
    (top,) = [e for e in sides if e[0][0] < x < e[1][0]]
    left, right, high = top[0][0], top[1][0], top[0][1]
    (side,) = [e for e in edges if e[0] == (right, high) and e[1][0] == right]
    return left, right, side[1][1], high


def message_y(edges, number: int) -> float:
    return next(e[0][1] for e in edges if e[2].startswith(f'tooltip="{number}. ') and "fails:" not in e[2])


def test_frames_hold_exactly_their_steps_and_nest(tmp_path):
    model = load(tmp_path, [{"kind": "par", "label": "read and write", "first": 3, "last": 4, "operands": [4]},
                            {"kind": "loop", "label": "for each line", "first": 5, "last": 5},
                            {"kind": "opt", "label": "item found", "first": 3, "last": 5}])
    view = sequence_view(model, model.flows["f"])
    edges, texts = shapes(sequence_dot(view))
    par = box_below(edges, texts, "[read and write]")
    loop = box_below(edges, texts, "[for each line]")
    opt = box_below(edges, texts, "[item found]")
    for box, inside in ((par, {3, 4}), (loop, {5}), (opt, {3, 4, 5})):
        for number in range(1, 6):
            assert (box[2] < message_y(edges, number) < box[3]) == (number in inside), (box, number)
    for inner in (par, loop):  # nested frames stand inside the outer one, wider by a margin
        assert opt[0] < inner[0] and inner[1] < opt[1] and opt[2] < inner[2] and inner[3] < opt[3]
    separators = [e for e in edges if 'style="dashed"' in e[2] and 'arrowhead="none"' in e[2]
                  and e[0][1] == e[1][1] and e[0][0] == par[0] and e[1][0] == par[1]]
    assert len(separators) == 1 and message_y(edges, 4) < separators[0][0][1] < message_y(edges, 3)
    reply_3 = next(e[0][1] for e in edges if e[2].startswith('tooltip="reply to 3'))
    assert separators[0][0][1] < reply_3, "a branch's replies come before the next branch"
    assert texts["par"][0] < texts["[read and write]"][0]


@pytest.mark.parametrize("frames, where, says", [
    ([{"kind": "loop", "label": "x", "first": 2, "last": 9}], "last", "does not exist"),
    ([{"kind": "loop", "label": "x", "first": 4, "last": 2}], "first", "after its last step"),
    ([{"kind": "par", "label": "x", "first": 2, "last": 4, "operands": [5]}], "operands", "not inside"),
    ([{"kind": "opt", "label": "x", "first": 1, "last": 3}, {"kind": "opt", "label": "y", "first": 2, "last": 4}],
     "", "overlaps frame 1"),
])
def test_a_frame_that_cannot_be_drawn_is_a_located_error(tmp_path, frames, where, says):
    with pytest.raises(ModelError) as raised:
        load(tmp_path, frames)
    report = raised.value.report()
    assert "model.yaml:" in report and says in report, report
    assert "frames" in report and (not where or where in report), report


def test_the_flow_page_lists_the_frames(tmp_path):
    model = load(tmp_path, [{"kind": "loop", "label": "for each line", "first": 5, "last": 5}])
    page = next(iter(flow_page.render(flow_payload(model, "f")).values())).decode()
    assert "## Repeats and branches" in page and "| loop | 5–5 | for each line |" in page


def test_a_call_to_itself_gets_no_reply(tmp_path):
    (tmp_path / "model.yaml").write_text(yaml.safe_dump({**document([]), "flows": {"f": {"name": "F", "steps": [
        {"from": "user", "to": "api", "action": "POST"}, {"from": "api", "to": "api", "action": "Validate"}]}}}),
        encoding="utf-8")
    model = load_model(tmp_path)
    edges, _ = shapes(sequence_dot(sequence_view(model, model.flows["f"])))
    assert [e[2] for e in edges if 'tooltip="reply to' in e[2]] and \
        not [e for e in edges if 'tooltip="reply to 2' in e[2]]
