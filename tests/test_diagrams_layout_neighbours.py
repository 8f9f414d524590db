"""Readability of the flow diagrams' step order and of the per-component neighbourhood diagrams, checked on the
layout Graphviz makes (`-Tjson`: positions in points, y grows upwards; clusters with their boxes)."""
from __future__ import annotations

import json
import subprocess
from collections import Counter

import pytest

from archkit.model import load_model
from archkit.renderers.graph import style
from archkit.renderers.graph.producer import dot_source
from archkit.views.flows import flow_view
from archkit.layout.grid import MAX_ROWS
from archkit.views.neighbourhood import CENTRE, neighbourhood_view
from archkit.views.references import references_of, referrers_index
from conftest import MODEL, ROOT

MIXED = ROOT / "tests" / "models" / "mixed-callers"  # a queue with six callers in three ways
MODELS = [MODEL, ROOT / "tests" / "models" / "event-driven", MIXED]
LEFT, RIGHT = ("callers", "referrers"), ("callees", "referred")


def side_group(view: dict, node: dict) -> str:
    """The group (callers, callees, ...) a node stands in, through the box inside it that holds it."""
    parent = {c.id: c.parent for c in view.clusters}
    box = node.cluster
    while parent.get(box):
        box = parent[box]
    return box


@pytest.fixture(scope="module", params=MODELS, ids=lambda p: p.name)
def model(request):
    return load_model(request.param)


def layout(view: dict) -> tuple[dict[str, dict], dict[str, dict]]:
    """(node name -> {x, y, w, h}, cluster name -> {box: (x1, y1, x2, y2), pencolor}) in points."""
    engine, source = dot_source(view)
    out = json.loads(subprocess.run([*engine, "-Tjson"], input=source.encode(), capture_output=True,
                                     check=True).stdout)
    nodes, clusters = {}, {}
    for item in out.get("objects", []):
        if item["name"].startswith("cluster_"):
            clusters[item["name"]] = {"box": tuple(float(v) for v in item["bb"].split(",")),
                                      "pencolor": item.get("pencolor", "")}
        elif "pos" in item:
            x, y = (float(v) for v in item["pos"].split(","))
            nodes[item["name"]] = {"x": x, "y": y, "w": float(item["width"]) * 72, "h": float(item["height"]) * 72}
    return nodes, clusters


@pytest.fixture(scope="module")
def neighbourhoods(model):
    referrers = referrers_index(model)
    views = {cid: neighbourhood_view(model, cid, referrers) for cid in model.components}
    return model, views, {cid: layout(view) for cid, view in views.items()}


# -- flows -----------------------------------------------------------------------------------------------------
def test_a_step_from_a_new_participant_starts_where_the_flow_has_got_to(model):
    """A step whose source no earlier step reached (an alarm on the queue the last step filled) stands in the
    column of the previous step's target, not back at the far left."""
    for flow in model.flows.values():
        nodes, _ = layout(flow_view(model, flow))
        seen = set()
        for previous, step in zip(flow.steps, flow.steps[1:]):
            seen |= {previous.source, previous.target}
            if step.source not in seen:
                assert abs(nodes[step.source]["x"] - nodes[previous.target]["x"]) < 1, (flow.id, step.number)


def test_the_default_export_flow_continues_from_the_queue():
    model = load_model(MODEL)
    view = flow_view(model, model.flows["export"])
    assert ("export-dlq", "export-dlq-alarm") in view.hints.same_rank
    nodes, _ = layout(view)
    first = min(n["x"] for n in nodes.values())
    assert nodes["export-dlq-alarm"]["x"] > first + 500


# -- neighbourhoods: references ---------------------------------------------------------------------------------
def drawn_pairs(view: dict) -> set[frozenset]:
    """Pairs of elements an edge joins, the members of a bundled edge's box included."""
    group = {n.id: n.cluster for n in view.nodes}
    pairs = set()
    for e in view.edges:
        for end, box in ((e.source, e.tail_cluster), (e.target, e.head_cluster)):
            other = e.target if end == e.source else e.source
            pairs |= {frozenset((m, other)) for m in group if box and group[m] == box} or {frozenset((end, other))}
    return pairs


def test_every_reference_to_or_from_a_component_is_in_its_neighbourhood(neighbourhoods):
    model, views, _ = neighbourhoods
    for cid, component in model.components.items():
        pairs = drawn_pairs(views[cid])
        for _, target in references_of(model, component):
            assert frozenset((cid, target)) in pairs, (cid, target)
            assert frozenset((cid, target)) in drawn_pairs(views[target]) if target in views else True


def test_a_reference_is_a_dotted_edge_labelled_by_its_property():
    model = load_model(MODEL)
    view = neighbourhood_view(model, "api-5xx")
    edges = {(e.source, e.target): e for e in view.edges}
    assert edges[("api-5xx", "rest-api")].label == "source"
    assert edges[("api-5xx-alarm", "api-5xx")].label == "metric"
    assert edges[("ops-dashboard", "api-5xx")].label == "widgets"
    assert {e.style for e in edges.values()} == {"dotted"}


def test_observability_components_are_not_drawn_alone(neighbourhoods):
    model, views, _ = neighbourhoods
    for cid, component in model.components.items():
        if component.layer == "observability" and references_of(model, component):
            assert len(views[cid].nodes) > 1, cid


# -- neighbourhoods: layout -------------------------------------------------------------------------------------
def test_what_points_at_it_stands_left_and_what_it_points_at_right(neighbourhoods):
    """Callers and referrers left of the centre; callees, receivers (a person the topic e-mails) and what it
    refers to right of it."""
    model, views, layouts = neighbourhoods
    for cid, view in views.items():
        nodes, _ = layouts[cid]
        centre = nodes[cid]["x"]
        for n in view.nodes:
            if side_group(view, n) in LEFT:
                assert nodes[n.id]["x"] < centre, (cid, n.id)
            if side_group(view, n) in RIGHT:
                assert nodes[n.id]["x"] > centre, (cid, n.id)


def test_a_long_column_of_neighbours_wraps_into_a_grid(neighbourhoods):
    model, views, layouts = neighbourhoods
    for cid, view in views.items():
        nodes, _ = layouts[cid]
        columns = Counter((n.cluster, round(nodes[n.id]["x"])) for n in view.nodes if n.id != cid)
        assert max(columns.values(), default=0) <= MAX_ROWS, (cid, columns)


def test_a_grid_row_stands_level_and_its_edges_leave_its_box(neighbourhoods):
    """Rows of a grid are level; no edge runs from inside a grid past the box's other nodes (an arc around it)."""
    model, views, layouts = neighbourhoods
    for cid, view in views.items():
        nodes, _ = layouts[cid]
        for left, right in view.hints.align:
            assert abs(nodes[left]["y"] - nodes[right]["y"]) < 2, (cid, left, right)
            assert nodes[left]["x"] < nodes[right]["x"]
        wrapped = {n.cluster for pair in view.hints.align for n in view.nodes if n.id in pair}
        for e in view.edges:
            ends = {n.cluster for n in view.nodes if n.id in (e.source, e.target)}
            if ends & wrapped:
                assert e.tail_cluster in wrapped or e.head_cluster in wrapped, (cid, e)


def test_the_default_alert_topic_has_its_alarms_in_a_grid_and_its_operator_right():
    model = load_model(MODEL)
    view = neighbourhood_view(model, "alerts-topic")
    nodes, _ = layout(view)
    alarms = [n.id for n in view.nodes if n.cluster == "callers"]
    assert len(alarms) == 6 and len({round(nodes[a]["x"]) for a in alarms}) == 2
    assert nodes["operator"]["x"] > nodes["alerts-topic"]["x"]


def test_the_highlight_box_leaves_room_around_the_centre(neighbourhoods):
    """The orange box is the centre's cluster: its margin keeps the border clear of the icon and its label."""
    model, views, layouts = neighbourhoods
    for cid in views:
        nodes, clusters = layouts[cid]
        box, centre = clusters[f"cluster_{CENTRE}"], nodes[cid]
        assert box["pencolor"].upper() == style.ACCENT
        x1, y1, x2, y2 = box["box"]
        room = min(centre["x"] - centre["w"] / 2 - x1, x2 - centre["x"] - centre["w"] / 2,
                   centre["y"] - centre["h"] / 2 - y1, y2 - centre["y"] - centre["h"] / 2)
        assert room >= 8, (cid, room)


# -- neighbourhoods: a long group reached in different ways ----------------------------------------------------
def edge_labels_by_neighbour(view: dict, centre: str) -> dict[str, set[str]]:
    """Neighbour -> the labels (one line each) on the drawn edges between it, or the box holding it, and the
    centre."""
    boxed: dict[str, list[str]] = {}
    for n in view.nodes:
        boxed.setdefault(n.cluster, []).append(n.id)
    found: dict[str, set[str]] = {}
    for e in view.edges:
        ends = [e.source, e.target]
        if centre not in ends:
            continue
        box = e.tail_cluster or e.head_cluster
        other = e.target if e.source == centre else e.source
        for member in boxed[box] if box else [other]:
            found.setdefault(member, set()).add(e.label.replace("\n", " "))
    return found


def test_each_neighbour_of_a_long_group_is_labelled_by_its_own_connection(neighbourhoods):
    """A box too long for one column whose neighbours the centre reaches in different ways is drawn as one box
    per way, each edge labelled with that one protocol: never one edge labelled 'HTTPS, Lambda invoke, ...'."""
    model, views, _ = neighbourhoods
    for cid, view in views.items():
        labels = edge_labels_by_neighbour(view, cid)
        for c in model.connections_of(cid):
            other = c.target if c.source == cid else c.source
            if other == cid or other not in labels:
                continue
            assert c.protocol in labels[other], (cid, other, labels[other])
            assert all(", " not in label or label == c.protocol for label in labels[other]), (cid, other)


def test_the_mixed_queue_draws_one_box_and_edge_per_protocol():
    model = load_model(MIXED)
    view = neighbourhood_view(model, "jobs-queue")
    into_queue = [e for e in view.edges if e.target == "jobs-queue"]
    assert sorted(e.label for e in into_queue) == ["AWS SDK", "EventBridge rule", "SNS"]
    box = next(e.tail_cluster for e in into_queue if e.label == "AWS SDK")
    assert {n.id for n in view.nodes if n.cluster == box} == {"submit-fn", "import-fn", "export-fn",
                                                                       "retry-fn"}
    assert {c.parent for c in view.clusters if c.id == box} == {"callers"}


def test_a_box_per_protocol_stands_inside_its_group_and_holds_its_members(neighbourhoods):
    """Each per-protocol box lies inside its group's box, its members inside it, boxes of one side apart."""
    model, views, layouts = neighbourhoods
    for cid, view in views.items():
        nodes, clusters = layouts[cid]
        boxes = [c for c in view.clusters if c.parent]
        for box in boxes:
            x1, y1, x2, y2 = clusters[f"cluster_{box.id}"]["box"]
            g1, h1, g2, h2 = clusters[f"cluster_{box.parent}"]["box"]
            assert g1 <= x1 and h1 <= y1 and x2 <= g2 and y2 <= h2, (cid, box.id)
            for n in view.nodes:
                if n.cluster == box.id:
                    at = nodes[n.id]
                    assert x1 < at["x"] < x2 and y1 < at["y"] < y2, (cid, n.id)
        for a, b in ((a, b) for a in boxes for b in boxes if a.id < b.id):
            (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = (clusters[f"cluster_{c.id}"]["box"] for c in (a, b))
            assert ay2 <= by1 or by2 <= ay1 or ax2 <= bx1 or bx2 <= ax1, (cid, a.id, b.id)
