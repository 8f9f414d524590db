"""Issue 15: an API Gateway HTTP API (v2) in the model: routes to functions (payload format 2.0), JWT authorizers
from a Cognito pool (its issuer, its app clients as the audience) or another identity provider, Lambda
authorizers, CORS, the `$default` route and stage with auto-deploy, access logs and throttling, and the permission
for the API to invoke each function. Deployed through moto's apigatewayv2 API by test_deploy_moto
(tests/models/services has one)."""
from __future__ import annotations

import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.rules.engine import run_rules

MODEL = """
system: {name: Http shop}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  users: {type: cognito-user-pool, clients: [{name: web}, {name: mobile}]}
  orders-fn: {type: lambda, runtime: python3.12}
  auth-fn: {type: lambda, runtime: python3.12}
  shop-api:
    type: api-gateway-http
    throttling_rate: 50
    throttling_burst: 100
    cors: {allow_origins: [https://shop.example.org], allow_methods: [GET, POST]}
    authorizers:
      - {name: users, user_pool: users}
      - {name: partners, kind: lambda, function: auth-fn}
    routes:
      - {method: GET, path: /orders, target: orders-fn, authorizer: users}
      - {method: POST, path: /orders, target: orders-fn, authorizer: partners}
      - {method: ANY, path: $default, target: orders-fn}
"""


@pytest.fixture
def placed(write_model):
    result = build(templates_payload(load_model(write_model({"model.yaml": MODEL}))))
    return {lid: r for stack in result.stacks.values() for lid, r in stack.resources.items()}


def test_routes_authorizers_and_stage_are_what_the_model_says(placed):
    routes = {r.properties["RouteKey"]: r.properties for r in placed.values() if r.type == "AWS::ApiGatewayV2::Route"}
    assert set(routes) == {"GET /orders", "POST /orders", "$default"}
    assert routes["GET /orders"]["AuthorizationType"] == "JWT"
    assert routes["POST /orders"]["AuthorizationType"] == "CUSTOM" and routes["$default"]["AuthorizationType"] == "NONE"
    assert {r["Target"].variables["Integration"].name for r in routes.values()} == {"ShopApiToOrdersFnIntegration"}
    jwt = placed["ShopApiAuthorizerUsers"].properties["JwtConfiguration"]
    assert jwt["Issuer"].template == "https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}"
    audience = [a["Fn::ImportValue"].template for a in jwt["Audience"]]  # the pool's stack exports its clients
    assert [a.rsplit("-", 1)[1] for a in audience] == ["UsersWebClient", "UsersMobileClient"]
    lam = placed["ShopApiAuthorizerPartners"].properties
    assert lam["AuthorizerType"] == "REQUEST" and lam["AuthorizerPayloadFormatVersion"] == "2.0"
    stage = placed["ShopApiStage"].properties
    assert stage["StageName"] == "$default" and stage["AutoDeploy"] is True
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 50
    assert stage["AccessLogSettings"]["DestinationArn"].resource == "ShopApiAccessLogs"
    assert placed["ShopApiApi"].properties["CorsConfiguration"]["AllowOrigins"] == ["https://shop.example.org"]


def test_the_api_may_invoke_each_function_it_routes_to_or_asks(placed):
    permissions = {lid: r.properties for lid, r in placed.items() if r.type == "AWS::Lambda::Permission"}
    assert set(permissions) == {"ShopApiInvokeOrdersFn", "ShopApiInvokeAuthFn"}
    assert all(p["Principal"] == "apigateway.amazonaws.com" and p["SourceArn"].variables["Api"].name == "ShopApiApi"
               for p in permissions.values())


@pytest.mark.parametrize("authorizer, says", [
    ("{name: idp}", "needs 'user_pool', or 'issuer' and 'audience'"),
    ("{name: idp, kind: lambda}", "needs 'function'"),
    ("{name: idp, user_pool: bare}", "has no app clients"),
])
def test_an_authorizer_that_could_accept_nobody_is_a_located_model_error(write_model, authorizer, says):
    text = MODEL.replace("      - {name: users, user_pool: users}\n", f"      - {authorizer}\n").replace(
        "authorizer: users}", "authorizer: idp}") + "  bare: {type: cognito-user-pool, clients: []}\n"
    with pytest.raises(ModelError) as caught:
        load_model(write_model({"model.yaml": text}))
    assert any(says in p.message and p.location.line > 0 for p in caught.value.problems), caught.value.problems


def test_a_route_without_authorizer_or_public_reason_is_reported(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    findings = run_rules(model)
    findings.findings = [f for f in findings.findings if f.rule == "SEC003"]
    assert [f.message for f in findings.findings] == ["ANY $default has no authorizer"]
