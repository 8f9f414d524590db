"""Issue 14, point 3, "diagrams and flows show them": one diagram per state machine with modelled states (Task
states wear their function's icon, Map and Parallel states hold their iterator or branches in boxes, Choice edges
carry their condition, catches and retries are drawn), its component page embeds it, and a flow step from a state
machine to a function names the Task states that make the call."""
from __future__ import annotations

import importlib

import pytest

from archkit.model import load_model
from archkit.site.pages import diagram_names, jobs
from archkit.views import all_views
from archkit.views.flows import flow_view
from archkit.views.workflow import state_id, workflow_view
from conftest import ROOT

WIRED = ROOT / "tests" / "models" / "wired"

SMALL = """
system: {name: Orders}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  check-fn: {type: lambda, runtime: python3.12}
  ship-fn: {type: lambda, runtime: python3.12}
  orders:
    type: step-functions
    states:
      - {name: Check, function: check-fn, retry: [{errors: [States.Timeout], max_attempts: 4}],
         catch: [{errors: [States.ALL], next: Rejected}]}
      - {name: Decide, type: Choice, choices: [{variable: $.ok, equals: "yes", next: Ship}], default: Rejected}
      - {name: Ship, function: ship-fn}
      - {name: Rejected, type: Fail, error: NotOk}
connections:
  - {from: orders, to: check-fn, protocol: Lambda invoke}
  - {from: orders, to: ship-fn, protocol: Lambda invoke}
flows:
  order:
    name: Place an order
    steps:
      - {from: orders, to: check-fn, action: Check the order}
      - {from: orders, to: ship-fn, action: Ship it}
"""


@pytest.fixture
def small(write_model):
    return load_model(write_model({"model.yaml": SMALL}))


def edges_of(drawn: dict) -> set[tuple[str, str, str, str]]:
    return {(e.source, e.target, e.label.replace("\n", " "), e.style) for e in drawn.edges}


def test_each_state_is_a_node_and_each_transition_an_edge(small):
    drawn = workflow_view(small, small.components["orders"])
    by_id = {n.id: n for n in drawn.nodes}
    assert set(by_id) == {"start"} | {state_id(s) for s in ("Check", "Decide", "Ship", "Rejected")}
    check, decide = by_id[state_id("Check")], by_id[state_id("Decide")]
    assert check.icon and "check-fn" in check.label and check.href and not check.shape
    assert decide.shape == "diamond" and by_id[state_id("Rejected")].shape == "doublecircle"
    check_id, decide_id, ship_id, rejected_id = (state_id(s) for s in ("Check", "Decide", "Ship", "Rejected"))
    assert edges_of(drawn) == {
        ("start", check_id, "", "solid"),
        (check_id, decide_id, "", "solid"),
        (check_id, check_id, "retry x4", "dotted"),
        (check_id, rejected_id, "States.ALL", "dashed"),
        (decide_id, ship_id, "$.ok = yes", "solid"),
        (decide_id, rejected_id, "otherwise", "solid"),
        (ship_id, rejected_id, "", "solid"),  # a Task goes on to the next state of the list unless it ends
    }


def test_a_task_that_ends_the_machine_goes_to_the_end_marker(write_model):
    model = load_model(write_model({"model.yaml": SMALL.replace("{name: Ship, function: ship-fn}",
                                                                "{name: Ship, function: ship-fn, end: true}")}))
    drawn = workflow_view(model, model.components["orders"])
    assert (state_id("Ship"), "end", "", "solid") in edges_of(drawn)


def test_map_and_parallel_states_hold_their_states_in_boxes():
    model = load_model(WIRED)
    machine = next(c for c in model.components.values() if c.properties.get("states"))
    drawn = workflow_view(model, machine)
    inner = [s for s in machine.properties["states"] if s.get("in")]
    assert inner, "the wired model has states inside a Map or Parallel state"
    boxes = {c.id for c in drawn.clusters}
    by_id = {n.id: n for n in drawn.nodes}
    into_boxes = {(e.source, e.target) for e in drawn.edges if e.style == "dashed"}
    firsts = set()
    for state in inner:
        box = by_id[state_id(state["name"])].cluster
        assert box in boxes and box.startswith(state_id(state["in"]) + "-branch-")
        if box not in firsts:  # the first state of each iterator or branch: its container points into the box
            firsts.add(box)
            assert (state_id(state["in"]), state_id(state["name"])) in into_boxes


def test_the_diagram_is_listed_and_the_component_page_embeds_it():
    model = load_model(WIRED)
    machines = [cid for cid, c in model.components.items() if c.properties.get("states")]
    assert machines and all(f"states-{cid}" in diagram_names(model) for cid in machines)
    assert set(diagram_names(model)) == {v.name for v in all_views(model)}
    for job in jobs(model):
        cid = job.name.removeprefix("page component ")
        if job.name.startswith("page component ") and cid in machines:
            module, func = job.func.split(":")
            page = next(iter(getattr(importlib.import_module(module), func)(job.payload).values())).decode()
            assert "## States" in page and f"states-{cid}.svg" in page


def test_a_machine_without_states_has_no_states_diagram(write_model):
    model = load_model(write_model({"model.yaml": SMALL.split("    states:")[0] + "connections: []\n"}))
    assert not [n for n in diagram_names(model) if n.startswith("states-")]


def test_a_flow_step_from_a_machine_names_the_task_states_that_call(small):
    drawn = flow_view(small, small.flows["order"])
    labels = [e.label.replace("\n", " ") for e in drawn.edges]
    assert "state Check" in labels[0] and "state Ship" in labels[1]
    assert [row.path for row in drawn.legend] == ["state Check", "state Ship"]
