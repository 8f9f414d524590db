"""What the templates wire from properties alone (an HTTP API's routes to its functions, a function's layers) stays
off the overview, which draws the model's connections: drawn there, such wires tripled the crossing pairs of random
systems' overviews (bench/random_layouts.py: median 2 without them, 25 with). Each component's neighbourhood
diagram shows them, as references."""
from __future__ import annotations

from archkit.model import load_model
from archkit.views.infrastructure import infrastructure_view
from archkit.views.neighbourhood import neighbourhood_view

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


def test_the_overview_draws_the_models_connections_not_property_wires(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    pairs = [(e.source, e.target) for e in infrastructure_view(model).edges]
    assert ("orders", "items") in pairs and ("user", "api") in pairs
    assert ("api", "items") not in pairs and ("items", "libs") not in pairs


def test_the_neighbourhood_shows_the_property_wires(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    pairs = [(e.source, e.target) for e in neighbourhood_view(model, "items").edges]
    assert ("api", "items") in pairs and ("items", "libs") in pairs
