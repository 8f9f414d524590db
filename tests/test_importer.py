"""generate.py import: CloudFormation and SAM templates become a model folder that validates."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from archkit.importer import import_templates
from archkit.importer.reader import TemplateError, read_template
from archkit.model import load_model

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent / "importer"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcde", "bcdef")) + "Resources: {A: {Type: AWS::S3::Bucket}}\n"
SAM, JSON_STACK = HERE / "sam-orders.yaml", HERE / "cfn-reports.json"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def imported():
    return import_templates([SAM, JSON_STACK])


def test_sam_and_json_import_into_typed_components(imported):
    comps = imported.model["components"]
    assert comps["create-order"]["type"] == "lambda"
    assert comps["create-order"]["memory"] == 256 and comps["create-order"]["timeout"] == 10
    assert comps["orders-table"]["partition_key"] == {"name": "orderId", "type": "S"}
    assert comps["orders-queue"]["dead_letter"] == "orders-dlq"
    assert comps["orders-queue"]["max_receive_count"] == 3
    assert comps["reports-bucket"]["versioning"] is True
    assert comps["order-events"]["subscriptions"] == [{"protocol": "lambda", "endpoint": "audit"}]
    assert list(imported.model["environments"]) == ["dev", "prod"]


def test_connections_from_policies_events_and_exports(imported):
    conns = {(c["from"], c["to"]): c for c in imported.model["connections"]}
    assert "dynamodb:PutItem" in conns[("create-order", "orders-table")]["permissions"]
    assert conns[("worker", "order-events")]["permissions"] == ["sns:Publish"]
    assert conns[("orders-queue", "worker")]["protocol"] == "SQS poll"
    assert conns[("order-events", "audit")]["async"] is True
    # the second stack reads the first stack's table through Fn::ImportValue of its export
    assert conns[("reports-function", "orders-table")]["permissions"] == ["dynamodb:GetItem", "dynamodb:Query"]
    assert conns[("default-event-bus", "reports-function")]["protocol"] == "EventBridge rule"
    api = [c for c in imported.model["components"].values() if c["type"] == "api-gateway-rest"][0]
    assert api["routes"][0]["method"] == "POST" and api["routes"][0]["path"] == "/orders"


def test_unmapped_resources_are_reported_not_fatal(imported):
    assert [k for k in imported.ownership.unmapped] == [("cfn-reports", "ReportsVpc")]
    assert imported.mapped == imported.total - 1


def test_cli_writes_a_model_that_validates(tmp_path):
    out = tmp_path / "model"
    result = run("import", SAM, JSON_STACK, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "resources mapped" in result.stdout
    assert "AWS::EC2::VPC" in (out / "import-report.md").read_text()
    model = load_model(out)
    assert len(model.components) == len(yaml.safe_load((out / "model.yaml").read_text())["components"])
    check = run("--model", out, "--validate")
    assert "model OK" in check.stdout, check.stderr
    again = run("import", SAM, JSON_STACK, "--out", out)  # never overwrites without --force
    assert again.returncode == 2 and "already holds" in again.stderr


def test_import_is_deterministic(tmp_path):
    for name in ("a", "b"):
        assert run("import", SAM, JSON_STACK, "--out", tmp_path / name).returncode == 0
    assert (tmp_path / "a" / "model.yaml").read_bytes() == (tmp_path / "b" / "model.yaml").read_bytes()


@pytest.mark.parametrize("text, message", [
    ("Resources: {A: {Type: AWS::S3::Bucket}}\nResources: {}\n", "duplicate key"),
    ("Resources:\n  A: {Type: AWS::S3::Bucket, Properties: !Evil x}\n", "not a CloudFormation function"),
    ("- a list\n", "not a mapping"),
    ("Parameters: {}\n", "no 'Resources'"),
    ("Resources:\n  A: {Properties: {}}\n", "has no 'Type'"),
    ('{"Resources": {"A": ', "JSON syntax error"),
    (BOMB, "alias-expansion"),
])
def test_bad_templates_get_a_located_error(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(TemplateError) as err:
        read_template(path)
    assert message in str(err.value) and "bad.yaml" in str(err.value)
    result = run("import", path, "--out", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "bad.yaml" in result.stderr
    assert not (tmp_path / "out").exists()


def test_sam_it_cannot_expand_is_a_located_error(tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {Type: AWS::Serverless::Function, "
                    "Properties: {Events: {E: {Type: Nope}}}}\n")
    result = run("import", path, "--out", tmp_path / "out")
    assert result.returncode == 2 and "SAM cannot expand it" in result.stderr and "Traceback" not in result.stderr


def test_short_form_tags_become_the_long_form(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub '${AWS::StackName}-x',"
                    " Tags: [{Key: a, Value: !GetAtt Q.Arn}, {Key: b, Value: !Ref Q}]}}\n  Q: {Type: AWS::SQS::Queue}\n")
    props = read_template(path)["Resources"]["B"]["Properties"]
    assert props["BucketName"] == {"Fn::Sub": "${AWS::StackName}-x"}
    assert props["Tags"][0]["Value"] == {"Fn::GetAtt": ["Q", "Arn"]}
    assert props["Tags"][1]["Value"] == {"Ref": "Q"}
    assert json.dumps(props)  # plain values only


def test_odd_values_anywhere_never_crash(tmp_path):
    """Every property of a template's resources replaced by values of the wrong shape: a TemplateError at most."""
    template = read_template(JSON_STACK)
    odd = [None, 1, "x", [], {}, [1], {"Ref": 5}, {"Fn::GetAtt": 3}, {"Fn::Sub": [1]}, {"Fn::ImportValue": {}}]

    def spots(value, path=()):
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, child in children:
            yield path + (key,)
            yield from spots(child, path + (key,))

    count = 0
    for spot in list(spots(template["Resources"])):
        for value in odd:
            mutated = json.loads(json.dumps(template))
            parent = mutated["Resources"]
            for key in spot[:-1]:
                parent = parent[key]
            parent[spot[-1]] = value
            path = tmp_path / "odd.json"
            path.write_text(json.dumps(mutated))
            try:
                import_templates([path, SAM])
            except TemplateError:
                pass
            count += 1
    assert count > 300
