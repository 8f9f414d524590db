"""Issue 15: API Gateway WebSocket APIs in the model: routes ($connect, $disconnect, $default and route keys) to
functions, a Lambda or IAM authorizer on $connect, one stage with access logs and throttling deployed by a
deployment that follows the routes, the invoke permissions, and a backend's execute-api:ManageConnections on the
stage's @connections only. Applied through moto's apigatewayv2 API by test_deploy_moto (tests/models/services)."""
from __future__ import annotations

import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.model.connections import wires
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.rules.engine import run_rules

MODEL = """
system: {name: Chat}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  chat:
    type: api-gateway-websocket
    throttling_rate: 20
    authorizer: {function: gate, identity_source: [route.request.querystring.token]}
    routes:
      - {key: $connect, target: sessions}
      - {key: $disconnect, target: sessions}
      - {key: sendMessage, target: messages}
  gate: {type: lambda, runtime: python3.12}
  sessions: {type: lambda, runtime: python3.12}
  messages: {type: lambda, runtime: python3.12}
connections:
  - {from: messages, to: chat, protocol: HTTPS, permissions: ["execute-api:ManageConnections"]}
"""


def placed_of(write_model, text=MODEL):
    model = load_model(write_model({"model.yaml": text}))
    result = build(templates_payload(model))
    return model, result, {lid: r for s in result.stacks.values() for lid, r in s.resources.items()}


@pytest.fixture
def built(write_model):
    return placed_of(write_model)


def test_routes_go_to_their_functions_and_only_connect_is_authorized(built):
    _, _, placed = built
    api = placed["ChatApi"].properties
    assert api["ProtocolType"] == "WEBSOCKET" and api["RouteSelectionExpression"] == "$request.body.action"
    routes = {r.properties["RouteKey"]: r.properties for r in placed.values() if r.type == "AWS::ApiGatewayV2::Route"}
    assert set(routes) == {"$connect", "$disconnect", "sendMessage"}
    assert routes["$connect"]["AuthorizationType"] == "CUSTOM"
    assert routes["$connect"]["AuthorizerId"].name == "ChatConnectAuthorizer"
    assert routes["sendMessage"]["AuthorizationType"] == "NONE"
    assert routes["sendMessage"]["Target"].variables["Integration"].name == "ChatToMessagesIntegration"
    authorizer = placed["ChatConnectAuthorizer"].properties
    assert authorizer["AuthorizerType"] == "REQUEST"
    assert authorizer["IdentitySource"] == ["route.request.querystring.token"]
    uri = placed["ChatToMessagesIntegration"].properties["IntegrationUri"]
    assert uri.template.endswith("/functions/${Target}/invocations") and uri.variables["Target"].name == "MessagesAlias"
    invoked = {r.properties["FunctionName"].name for r in placed.values() if r.type == "AWS::Lambda::Permission"}
    assert invoked == {"GateAlias", "SessionsAlias", "MessagesAlias"}


def test_the_stage_serves_a_deployment_whose_id_changes_with_the_routes(built, write_model):
    _, _, placed = built
    stage = placed["ChatStage"].properties
    [deployment] = [r for r in placed.values() if r.type == "AWS::ApiGatewayV2::Deployment"]
    assert stage["DeploymentId"].name == deployment.logical_id and stage["StageName"] == "live"
    assert set(deployment.depends_on) == {r.logical_id for r in placed.values() if r.type == "AWS::ApiGatewayV2::Route"}
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 20 and "AccessLogSettings" in stage
    _, _, again = placed_of(write_model, MODEL.replace("key: sendMessage", "key: postMessage"))
    [changed] = [r for r in again.values() if r.type == "AWS::ApiGatewayV2::Deployment"]
    assert changed.logical_id != deployment.logical_id


def test_a_backend_may_manage_the_stages_connections_and_nothing_else(built):
    model, result, placed = built
    granted = placed["MessagesRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    [manage] = [s for s in granted if s["Action"] == ["execute-api:ManageConnections"]]
    assert manage["Resource"][0].template.endswith("${Api}/live/*/@connections/*")
    kinds = {w.id: w.kind.name for w in wires(model)}
    assert kinds["chat->gate"] == "websocket-invoke" and kinds["chat->sessions"] == "websocket-invoke"
    assert kinds["messages->chat"] == "sdk-call"
    assert "ChatConnectAuthorizer" in result.context.realised["chat->gate"]["lids"]


def test_an_authorizer_without_a_connect_route_or_function_is_a_located_error(write_model):
    text = MODEL.replace("      - {key: $connect, target: sessions}\n", "").replace("function: gate, ", "")
    with pytest.raises(ModelError) as error:
        load_model(write_model({"model.yaml": text}))
    message = str(error.value)
    assert "a lambda authorizer needs 'function'" in message
    assert "the authorizer runs on the $connect route, which this API does not have" in message
    assert "model.yaml:" in message


def test_an_api_anyone_may_connect_to_is_a_finding_unless_public_with_a_reason(write_model):
    text = MODEL.replace("    authorizer: {function: gate, identity_source: [route.request.querystring.token]}\n", "")
    model = load_model(write_model({"model.yaml": text}))
    assert [f.message for f in run_rules(model).findings if f.rule == "SEC003"] == [
        "anyone may connect: $connect has no authorizer"]
    public = text.replace("    throttling_rate: 20\n", "    throttling_rate: 20\n    public: true\n"
                                                         "    public_reason: a public lobby\n")
    assert [f for f in run_rules(load_model(write_model({"model.yaml": public}))).findings if f.rule == "SEC003"] == []
