"""Issue 15: DynamoDB global tables: a table with `replicas` becomes an AWS::DynamoDB::GlobalTable with a replica in
its environment's region and in each region named (per environment, chosen by the Environment parameter when they
differ), each keeping point-in-time recovery and deletion protection, with the stream replication needs. What
the templates cannot make (provisioned capacity, one region's customer-managed key) is a located model error.
moto 5.2.5 has neither AWS::DynamoDB::GlobalTable nor replicas: checked here and by the CloudFormation schema
test (tests/test_cloudformation_schemas.py, tests/models/services), not deployed."""
from __future__ import annotations

import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.renderers.cloudformation.assemble import build, template
from archkit.renderers.cloudformation.snapshot import templates_payload

MODEL = """
system: {name: Carts}
environments:
  dev: {account: "111111111111", region: eu-west-1}
  live: {account: "222222222222", region: eu-central-1}
components:
  carts:
    type: dynamodb-table
    partition_key: {name: id}
    replicas: [us-east-1]
    overrides: {live: {replicas: [us-east-1, eu-central-1, ap-southeast-2]}}
  plain: {type: dynamodb-table, partition_key: {name: id}}
  reader: {type: lambda, runtime: python3.12}
connections:
  - {from: reader, to: carts, protocol: AWS SDK, permissions: ["dynamodb:GetItem"]}
"""


@pytest.fixture
def built(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    result = build(templates_payload(model))
    return result, {lid: r for s in result.stacks.values() for lid, r in s.resources.items()}


def test_a_table_with_replicas_is_a_global_table_with_one_replica_per_region(built):
    _, placed = built
    table = placed["CartsTable"]
    assert table.type == "AWS::DynamoDB::GlobalTable" and placed["PlainTable"].type == "AWS::DynamoDB::Table"
    props = table.properties
    assert props["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert "PointInTimeRecoverySpecification" not in props and "DeletionProtectionEnabled" not in props
    condition, dev, live = props["Replicas"]["Fn::If"]
    assert condition == "IsDev"
    assert [r["Region"] for r in dev] == ["eu-west-1", "us-east-1"]
    assert [r["Region"] for r in live] == ["eu-central-1", "us-east-1", "ap-southeast-2"]  # its own region once
    assert all(r["DeletionProtectionEnabled"] and r["PointInTimeRecoverySpecification"] for r in dev + live)


def test_the_template_declares_the_condition_its_replicas_choose_by(built):
    result, _ = built
    name = next(n for n, s in result.stacks.items() if "CartsTable" in s.resources)
    doc = template(result.context, result.stacks[name])
    [(reference, value)] = [doc["Conditions"]["IsDev"]["Fn::Equals"]]
    assert reference.name == "Environment" and value == "dev"
    assert "Environment" in doc["Parameters"]


def test_callers_are_granted_on_the_global_tables_arn(built):
    _, placed = built
    granted = placed["ReaderRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    [get] = [s for s in granted if s["Action"] == ["dynamodb:GetItem"]]
    assert "CartsTable" in repr(get["Resource"][0])  # the table's ARN, imported from the data stack


@pytest.mark.parametrize("setting, message", [
    ("billing_mode: PROVISIONED", "which the templates make on-demand only"),
    ("encryption: CUSTOMER_MANAGED", "a customer-managed key lives in one")])
def test_what_a_global_table_cannot_have_is_a_located_error(write_model, setting, message):
    text = MODEL.replace("    replicas: [us-east-1]\n", f"    replicas: [us-east-1]\n    {setting}\n")
    with pytest.raises(ModelError) as error:
        load_model(write_model({"model.yaml": text}))
    assert message in str(error.value) and "model.yaml:" in str(error.value)
