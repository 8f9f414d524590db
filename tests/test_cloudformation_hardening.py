"""Secure by default for any model: every API stage writes access logs (the account's CloudWatch role set), and a
table with a customer-managed key gets its own rotated, retained key."""
from __future__ import annotations

import pytest

from archkit.model import load_model
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import MODEL, ROOT

EVENT_DRIVEN = ROOT / "tests" / "models" / "event-driven"


def target(value: dict) -> str:
    """The logical id a !GetAtt or !Ref names."""
    return value["Fn::GetAtt"][0] if "Fn::GetAtt" in value else value["Ref"]


def resources(model_path) -> dict[str, dict]:
    files = render_templates(templates_payload(load_model(model_path)))
    return {lid: r for path, data in files.items() if path.startswith("cloudformation/") and path.count("/") == 1
            for lid, r in load(data)["Resources"].items()}


@pytest.mark.parametrize("model_path", [MODEL, EVENT_DRIVEN], ids=["default", "event-driven"])
def test_every_stage_writes_access_logs_with_the_accounts_cloudwatch_role(model_path):
    found = resources(model_path)
    stages = {lid: r for lid, r in found.items() if r["Type"] == "AWS::ApiGateway::Stage"}
    assert stages
    for lid, stage in stages.items():
        logs = target(stage["Properties"]["AccessLogSetting"]["DestinationArn"])
        assert found[logs]["Type"] == "AWS::Logs::LogGroup", lid
        account = stage["DependsOn"][0]
        assert found[account]["Type"] == "AWS::ApiGateway::Account"
        role = found[target(found[account]["Properties"]["CloudWatchRoleArn"])]
        assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
            "Service": "apigateway.amazonaws.com"}


def test_a_stage_without_a_modelled_log_group_logs_to_the_apis_own_and_a_modelled_one_is_used():
    modelled = resources(MODEL)  # the default model names api-access-logs on its stages
    assert "RestApiAccessLogs" not in modelled
    assert {target(s["Properties"]["AccessLogSetting"]["DestinationArn"]) for s in modelled.values()
            if s["Type"] == "AWS::ApiGateway::Stage"} == {"ApiAccessLogsLogGroup"}
    own = resources(EVENT_DRIVEN)  # the event-driven model names none
    assert own["OrdersApiAccessLogs"]["Type"] == "AWS::Logs::LogGroup"
    assert own["OrdersApiAccessLogs"]["DeletionPolicy"] == "Retain"
    assert {target(s["Properties"]["AccessLogSetting"]["DestinationArn"]) for s in own.values()
            if s["Type"] == "AWS::ApiGateway::Stage"} == {"OrdersApiAccessLogs"}


def test_customer_managed_table_encryption_has_its_own_rotated_retained_key():
    found = resources(EVENT_DRIVEN)
    sse = found["OrdersTableTable"]["Properties"]["SSESpecification"]
    assert sse["SSEEnabled"] is True and sse["SSEType"] == "KMS"
    key = found[target(sse["KMSMasterKeyId"])]
    assert key["Type"] == "AWS::KMS::Key" and key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == key["UpdateReplacePolicy"] == "Retain"


def test_aws_managed_table_encryption_creates_no_key():
    found = resources(MODEL)
    sse = found["EntriesTableTable"]["Properties"]["SSESpecification"]
    assert "KMSMasterKeyId" not in sse and not any(lid.startswith("EntriesTable") and r["Type"] == "AWS::KMS::Key"
                                                   for lid, r in found.items())
