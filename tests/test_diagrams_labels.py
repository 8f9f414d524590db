"""No label overlaps another, and no edge label covers a node, in any diagram of the default model and of the test
models: measured on Graphviz's own layout (-Tjson gives every text's position and width)."""
from __future__ import annotations

import json
import subprocess

import pytest

from archkit.model import load_model
from archkit.renderers.graph.producer import dot_source
from archkit.renderers.graph.trials import boxes_overlap, text_boxes
from archkit.views import all_views
from conftest import MODEL, ROOT

overlap = boxes_overlap  # the renderer's text boxes and overlap rule, which its layout trials also apply


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
