"""A flow step that names no protocol runs over the connection it follows: the flow's page, its diagram and its
sequence all show that connection's protocol."""
from __future__ import annotations

from pathlib import Path

from archkit.model import load_model
from archkit.site import flow_page
from archkit.site.pages import flow_payload
from archkit.views.flows import flow_view

MODEL = Path(__file__).parent / "models" / "event-driven"


def test_a_step_without_a_protocol_takes_its_connections():
    model = load_model(str(MODEL))
    step = next(s for s in model.flows["place-order"].steps if (s.source, s.target) == ("intake-fn", "order-bus"))
    assert step.protocol == ""
    assert model.step_protocol(step) == "EventBridge PutEvents"


def test_the_flow_page_shows_the_connections_protocol():
    model = load_model(str(MODEL))
    page = next(iter(flow_page.render(flow_payload(model, "place-order")).values())).decode()
    rows = [line for line in page.splitlines() if line.startswith("| 4 |")]
    assert rows and "EventBridge PutEvents" in rows[0]


def test_the_flow_diagram_shows_the_connections_protocol():
    model = load_model(str(MODEL))
    labels = {(e.source, e.target): e.label for e in flow_view(model, model.flows["place-order"]).edges}
    assert "EventBridge rule" in labels[("order-bus", "fulfilment")]
