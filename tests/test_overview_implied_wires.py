"""The overview draws what the templates wire from properties alone (an HTTP API's routes to its functions, a
function's layers, a distribution's edge function), once, with the catalogue's words for it in the tooltip; a
connection the model draws either way is not drawn twice."""
from __future__ import annotations

from archkit.model import load_model
from archkit.views.infrastructure import infrastructure_view

MODEL = """
system: {name: Shop}
environments: {dev: {account: "111111111111", region: eu-west-1}}
actors: {user: {kind: browser, name: User}}
components:
  api:
    type: api-gateway-http
    routes: [{method: GET, path: /items, target: items, public: true, public_reason: a public list}]
  items: {type: lambda, runtime: python3.12, layers: [libs]}
  orders: {type: lambda, runtime: python3.12}
  libs: {type: lambda-layer, runtimes: [python3.12]}
connections:
  - {from: user, to: api, protocol: HTTPS}
  - {from: orders, to: items, protocol: Lambda invoke, permissions: ["lambda:InvokeFunction"]}
"""


def edges_of(write_model, text=MODEL):
    view = infrastructure_view(load_model(write_model({"model.yaml": text})))
    return [(e["source"], e["target"], e.get("tooltip", "")) for e in view["edges"]]


def test_property_wires_are_drawn_once_with_what_they_are(write_model):
    edges = edges_of(write_model)
    pairs = [(s, t) for s, t, _ in edges]
    assert pairs.count(("api", "items")) == 1 and pairs.count(("items", "libs")) == 1
    [(_, _, tooltip)] = [e for e in edges if e[:2] == ("api", "items")]
    assert "HTTP API invokes a function" in tooltip


def test_a_connection_the_model_draws_is_not_doubled_by_its_property(write_model):
    text = MODEL + "  - {from: api, to: items, protocol: Lambda invoke}\n"
    pairs = [(s, t) for s, t, _ in edges_of(write_model, text)]
    assert pairs.count(("api", "items")) == 1 and ("items", "api") not in pairs
