"""No label overlaps another, and no edge label covers a node, in any diagram of the default model and of the test
models: measured on Graphviz's own layout (-Tjson gives every text's position and width)."""
from __future__ import annotations

import json
import subprocess

import pytest

from archkit.model import load_model
from archkit.renderers.graph.producer import dot_source
from archkit.views import all_views
from conftest import MODEL, ROOT

SLACK = 1.0  # points two boxes may share (rounding)


def text_boxes(ops: list[dict]) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each line of text drawn by xdot operations (y grows upwards)."""
    size, boxes = 14.0, []
    for op in ops:
        if op["op"] == "F":
            size = op["size"]
        elif op["op"] == "T" and op["text"].strip():
            x, y, width = op["pt"][0], op["pt"][1], op["width"]
            left = {"l": x, "c": x - width / 2, "r": x - width}[op["align"]]
            boxes.append((left, y - 0.25 * size, left + width, y + 0.8 * size))
    return boxes


def overlap(a, b) -> bool:
    return a[0] + SLACK < b[2] and b[0] + SLACK < a[2] and a[1] + SLACK < b[3] and b[1] + SLACK < a[3]


def layout(view: dict) -> dict:
    engine, source = dot_source(view)
    return json.loads(subprocess.run([*engine, "-Tjson"], input=source.encode(), capture_output=True,
                                     check=True).stdout)


def labels(drawn: dict) -> list[tuple[str, tuple]]:
    """(owner, box) of every text: clusters' and nodes' labels, edges' labels."""
    found = []
    for item in drawn.get("objects", []):
        found += [(f"object {item.get('name')}", box) for box in text_boxes(item.get("_ldraw_", []))]
    for item in drawn.get("edges", []):
        owner = f"edge {item['tail']}->{item['head']}"
        for key in ("_ldraw_", "_xldraw_", "_tldraw_", "_hldraw_"):
            found += [(owner, box) for box in text_boxes(item.get(key, []))]
    return found


def node_boxes(drawn: dict) -> list[tuple[str, tuple]]:
    boxes = []
    for item in drawn.get("objects", []):
        if "pos" in item and "width" in item and item.get("style") != "invis":
            x, y = map(float, item["pos"].split(","))
            w, h = float(item["width"]) * 72 / 2, float(item["height"]) * 72 / 2
            if w > 1 and h > 1:
                boxes.append((item["name"], (x - w, y - h, x + w, y + h)))
    return boxes


def views() -> list:
    return [pytest.param(view, id=f"{path.name}:{view.name}")
            for path in (MODEL, *(ROOT / "tests" / "models" / name for name in ("event-driven", "mixed-callers")))
            for view in all_views(load_model(path))]


def test_the_check_sees_labels_that_overlap():
    """Pinned nodes drawn on top of each other, an edge label on a node: what the check must catch."""
    source = ('digraph { a [pos="0,0" label="first label"]; b [pos="10,4" label="second label"]; '
              'c [pos="200,0"]; d [pos="131,7"]; a -> c [label="over d"] }')
    drawn = json.loads(subprocess.run(["neato", "-n2", "-Tjson"], input=source.encode(), capture_output=True,
                                      check=True).stdout)
    texts = labels(drawn)
    assert any(overlap(a, b) for i, (_, a) in enumerate(texts) for _, b in texts[i + 1:])
    assert any(overlap(box, node) for owner, box in texts if owner.startswith("edge") for _, node in node_boxes(drawn))


@pytest.mark.parametrize("view", views())
def test_no_label_overlaps_another_or_a_node(view):
    drawn = layout(view)
    texts = labels(drawn)
    clashes = [(a, b) for i, (a, box_a) in enumerate(texts) for b, box_b in texts[i + 1:]
               if a != b and overlap(box_a, box_b)]
    assert not clashes, clashes
    if view.kind != "sequence":  # a sequence's labels sit on its lifelines by design
        covered = [(owner, node) for owner, box in texts if owner.startswith("edge")
                   for node, node_box in node_boxes(drawn) if overlap(box, node_box)]
        assert not covered, covered
