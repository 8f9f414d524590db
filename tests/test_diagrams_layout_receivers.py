"""Actors that only receive from the system stand on the right of the infrastructure overview, in a box of their
own after what they receive from, and their edges run forward; so do watchers, who deal only with the
observability band (an on-call operator who gets alerts and watches a dashboard, a pager), when that band is drawn
at the right of the region; people who start requests keep the left Internet box."""
from __future__ import annotations

import pytest

from archkit.model import load_model
from archkit.views.infrastructure import infrastructure_view
from archkit.layout.receivers import receivers, watchers
from archkit.layout.zones import zone_cluster_id
from layoutkit import plain_layout
from conftest import MODEL, ROOT, SCHEMA_REF

# A partner fed from the middle of the region (a webhook from the first function), an auditor fed by two
# components, an on-call operator who gets e-mail and watches a dashboard, a pager fed only by the alert topic.
PROBE = SCHEMA_REF + """
system: {name: Receivers probe}
environments:
  one: {account: "123456789012", region: eu-west-1}
actors:
  customer: {kind: end-user, name: Customer}
  oncall: {kind: operator, name: On call}
  pager: {kind: external-system, name: Pager service}
  partner: {kind: external-system, name: Webhook partner}
  auditor: {kind: external-system, name: Auditor}
components:
  front-api:
    type: api-gateway-rest
    stages: {live: {environment: one}}
    routes:
      - {method: POST, path: /jobs, target: intake-fn}
  intake-fn: {type: lambda, runtime: python3.12}
  jobs-table: {type: dynamodb-table, partition_key: {name: id}}
  jobs-queue: {type: sqs-queue}
  worker-fn: {type: lambda, runtime: python3.12}
  results-table: {type: dynamodb-table, partition_key: {name: id}}
  alerts: {type: sns-topic}
  board: {type: dashboard}
connections:
  - {from: customer, to: front-api, protocol: HTTPS}
  - {from: front-api, to: intake-fn, protocol: Lambda invoke}
  - {from: intake-fn, to: jobs-table, protocol: AWS SDK}
  - {from: intake-fn, to: jobs-queue, protocol: AWS SDK}
  - {from: intake-fn, to: partner, protocol: HTTPS webhook, async: true}
  - {from: jobs-queue, to: worker-fn, protocol: SQS poll}
  - {from: worker-fn, to: results-table, protocol: AWS SDK}
  - {from: worker-fn, to: auditor, protocol: HTTPS, async: true}
  - {from: jobs-queue, to: auditor, protocol: HTTPS poll, async: true}
  - {from: alerts, to: oncall, protocol: email, async: true}
  - {from: oncall, to: board, protocol: HTTPS}
  - {from: alerts, to: pager, protocol: HTTPS, async: true}
"""

SLACK = 0.25  # inches an edge may bend back (an S-bend round a box); drawn from the left, it ran back 20 inches


@pytest.fixture
def probe(write_model):
    return load_model(write_model({"model.yaml": PROBE}))


def curve(points: list[tuple[float, float]], steps: int = 20) -> list[tuple[float, float]]:
    """Points along the cubic Bezier segments that Graphviz gives as control points (p0 c c p1 c c p2 ...)."""
    along = [points[0]]
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i:i + 4]
        for k in range(1, steps + 1):
            t = k / steps
            along.append(tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t ** 3 * d
                               for a, b, c, d in zip(p0, p1, p2, p3)))
    return along


def furthest_back(xs: list[float]) -> float:
    """How far a path runs back left of the furthest right it has been."""
    reached, back = xs[0], 0.0
    for x in xs:
        reached = max(reached, x)
        back = max(back, reached - x)
    return back


def drawn(model) -> tuple[dict, dict, list]:
    view = infrastructure_view(model)
    nodes, edges = plain_layout(view)
    return view, nodes, edges


def test_receivers_start_nothing_and_hear_from_the_main_line(probe):
    assert receivers(probe) == ["partner", "auditor"]  # not the operator (calls the dashboard), not the pager


def test_the_event_driven_partner_is_a_receiver_and_the_default_operator_is_not():
    assert receivers(load_model(ROOT / "tests" / "models" / "event-driven")) == ["partner"]
    assert receivers(load_model(MODEL)) == []


def assert_receivers_stand_right(model, also=()):
    view, nodes, edges = drawn(model)
    receiving = receivers(model) + list(also)
    assert receiving and list(view.hints.columns[-1]) == receiving
    home = {n.id: n.cluster for n in view.nodes}
    assert {home[r] for r in receiving} == {zone_cluster_id("receiving")}
    assert all(home[a] == zone_cluster_id("internet") for a in model.actors if a not in receiving)
    others = [x for name, (x, _, _) in nodes.items()
              if name in model.components or (name in model.actors and name not in receiving)]
    for receiver in receiving:
        assert nodes[receiver][0] > max(others), receiver  # right of every component and of the people
    into = [(tail, head, points) for tail, head, points in edges if head in receiving]
    assert {c.source for c in model.connections if c.target in receiving} == {tail for tail, _, _ in into}
    for tail, head, points in into:
        assert nodes[head][0] > nodes[tail][0], (tail, head)
        xs = [x for x, _ in curve(points)]
        assert xs[-1] > xs[0] and furthest_back(xs) < SLACK, (tail, head, xs)


def test_receivers_stand_right_of_their_sources_and_their_edges_run_forward(probe):
    assert_receivers_stand_right(probe)


def test_the_event_driven_partner_stands_right_of_the_region():
    assert_receivers_stand_right(load_model(ROOT / "tests" / "models" / "event-driven"))


def test_watchers_deal_only_with_the_observability_band(probe):
    assert watchers(probe) == ["oncall", "pager"]
    assert watchers(load_model(MODEL)) == ["operator"]
    assert watchers(load_model(ROOT / "tests" / "models" / "event-driven")) == []


def test_watchers_stand_right_when_their_band_does():
    """The default overview's observability band fills the region's last columns: the operator stands right of it."""
    model = load_model(MODEL)
    assert_receivers_stand_right(model, also=["operator"])
    assert list(infrastructure_view(model).hints.columns[0]) == [a for a in model.actors if a != "operator"]


def test_watchers_keep_the_left_box_when_their_band_is_near_it(probe):
    """The probe's band (a topic and a dashboard) stands in the region's first columns, next to the people: its
    watchers keep the left box, their edges short (on the right they ran across the whole region)."""
    view = infrastructure_view(probe)
    assert view.hints.columns[0] == ("customer", "oncall", "pager")
    assert list(view.hints.columns[-1]) == receivers(probe)


def test_the_operator_stands_level_with_the_topic_that_alerts_them():
    """Their two edges (alerts by e-mail, the dashboard over HTTPS) are short: they used to run from the top left
    under the whole observability band to its bottom right."""
    model = load_model(MODEL)
    view, nodes, edges = drawn(model)
    assert abs(nodes["operator"][1] - nodes["alerts-topic"][1]) < 0.5
    for tail, head, points in edges:
        if "operator" in (tail, head):
            xs = [x for x, _ in points]
            assert max(xs) - min(xs) < 6, (tail, head)  # inches: the band alone is 14 wide


def test_the_right_hand_box_says_who_stands_in_it():
    from archkit.layout.receivers import box_label

    event_driven = load_model(ROOT / "tests" / "models" / "event-driven")
    assert box_label(event_driven, ["partner"]) == "Internet: receiving from the system"
    default = load_model(MODEL)  # the on-call operator gets the alerts and watches the dashboard
    assert box_label(default, ["operator"]) == "Internet: receiving from and watching the system"
    labels = {c.id: c.label for c in infrastructure_view(default).clusters}
    assert labels[zone_cluster_id("receiving")] == "Internet: receiving from and watching the system"
