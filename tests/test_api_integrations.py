"""A REST API route to a state machine, a queue or a table (not a function) is an AWS integration with a role
API Gateway assumes, allowed exactly the route's action: before, such a route had no method at all, and an API
with only such routes could not deploy ("The REST API doesn't contain any methods"). Deployed in moto by
test_deploy_moto (the plausible systems have such routes); here, what the templates say."""
from __future__ import annotations

import pytest

from archkit.model import load_model
from archkit.model.connections import wires
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.split import PlacementError

MODEL = """
system: {name: Direct}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  machine: {type: step-functions}
  orders: {type: sqs-queue, fifo: true}
  table: {type: dynamodb-table, partition_key: {name: id}, sort_key: {name: at, type: N}}
  api:
    type: api-gateway-rest
    authorizers: [{name: iam, kind: iam}]
    routes:
      - {method: POST, path: /runs, target: machine, authorizer: iam}
      - {method: POST, path: /orders, target: orders, authorizer: iam}
      - {method: GET, path: /items, target: table, authorizer: iam}
      - {method: PUT, path: /items, target: table, authorizer: iam}
    stages: {v1: {environment: dev}}
"""


def placed(folder):
    result = build(templates_payload(load_model(folder)))
    return {lid: r for stack in result.stacks.values() for lid, r in stack.resources.items()}


@pytest.fixture
def direct(write_model):
    return placed(write_model({"model.yaml": MODEL}))


def test_each_service_route_has_an_aws_integration_with_the_routes_action(direct):
    methods = {lid: r.properties for lid, r in direct.items() if r.type == "AWS::ApiGateway::Method"}
    assert len(methods) == 4
    uris = sorted(m["Integration"]["Uri"].template.split(":${AWS::Region}:")[1] for m in methods.values())
    assert uris == ["dynamodb:action/GetItem", "dynamodb:action/PutItem", "sqs:path/${AWS::AccountId}/${Queue}",
                    "states:action/StartExecution"]
    for method in methods.values():
        integration = method["Integration"]
        assert integration["Type"] == "AWS" and integration["Credentials"].resource == "ApiIntegrationRole"
        assert {r["StatusCode"] for r in integration["IntegrationResponses"]} == {
            m["StatusCode"] for m in method["MethodResponses"]}
    get = next(m for m in methods.values() if m["HttpMethod"] == "GET")["Integration"]["RequestTemplates"]
    text = get["application/json"].template
    assert '"id": {"S": "$input.params(\'id\')"}' in text and '"at": {"N": "$input.params(\'at\')"}' in text
    queue = next(m for m in methods.values() if "sqs:path" in m["Integration"]["Uri"].template)["Integration"]
    assert "MessageGroupId=" in queue["RequestTemplates"]["application/json"]  # FIFO: a group and a dedup id
    assert "MessageDeduplicationId=$context.requestId" in queue["RequestTemplates"]["application/json"]


def test_the_integration_role_may_do_exactly_the_routes_actions(direct):
    role = direct["ApiIntegrationRole"].properties
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "apigateway.amazonaws.com"}
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert sorted(a for s in statements for a in s["Action"]) == [
        "dynamodb:GetItem", "dynamodb:PutItem", "sqs:SendMessage", "states:StartExecution"]


def test_the_routes_are_connections_the_wiring_index_realises(write_model):
    folder = write_model({"model.yaml": MODEL})
    model = load_model(folder)
    result = build(templates_payload(model))
    kinds = {w.id: w.kind.name for w in wires(model)}
    assert {kinds[f"api->{t}"] for t in ("machine", "orders", "table")} == {"api-integration"}
    assert "ApiIntegrationRole" in result.context.realised["api->table"]["lids"]


def test_a_table_route_with_a_method_no_table_action_fits_is_a_located_error(write_model):
    from conftest import run_generate
    folder = write_model({"model.yaml": MODEL.replace("{method: PUT, path: /items", "{method: PATCH, path: /items")})
    with pytest.raises(PlacementError, match="PATCH /items"):
        placed(folder)
    run = run_generate("--model", str(folder), "--validate")
    assert run.returncode == 2 and "model.yaml:" in run.stderr and "Traceback" not in run.stderr, run.stderr


def test_only_a_method_without_an_authorizer_carries_the_catalogues_ckv_aws_59_skip(write_model):
    open_route = MODEL.replace("{method: POST, path: /runs, target: machine, authorizer: iam}",
                               "{method: POST, path: /runs, target: machine}")
    methods = {lid: r for lid, r in placed(write_model({"model.yaml": open_route})).items()
               if r.type == "AWS::ApiGateway::Method"}
    skipped = {lid for lid, r in methods.items()
               if any(s["id"] == "CKV_AWS_59" for s in r.metadata.get("checkov", {}).get("skip", []))}
    assert skipped == {"ApiRunsPostMethod"} and len(methods) == 4
