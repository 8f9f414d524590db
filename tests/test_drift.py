"""generate.py drift: seeded differences between a model and its deployed templates or resource listings are
all found; clean inputs give none."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from archkit.drift import compare_resources, compare_templates, expected_side, generated_templates
from archkit.importer.reader import read_template
from archkit.model import load_model

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "tests" / "models" / "event-driven"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """The model's own templates, as plain (long-form) dicts by stack name: what a clean deploy holds."""
    folder = tmp_path_factory.mktemp("generated")
    return {p.stem: read_template(p) for p in generated_templates(load_model(MODEL), folder)}


@pytest.fixture(scope="module")
def expected():
    return expected_side(load_model(MODEL))


def write(stacks: dict, folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, template in sorted(stacks.items()):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(template), encoding="utf-8")
        paths.append(path)
    return paths


def first(stacks: dict, kind: str) -> tuple[str, str, dict]:
    for name, template in sorted(stacks.items()):
        for lid, resource in sorted(template["Resources"].items()):
            if resource["Type"] == kind:
                return name, lid, resource
    raise AssertionError(f"the test model has no {kind}")


def policy_statements(resource: dict) -> list:
    return resource["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]


def seed(stacks: dict) -> dict:
    """Ten and more kinds of difference, each on its own resource."""
    stacks = copy.deepcopy(stacks)
    _, lid, function = first(stacks, "AWS::Lambda::Function")
    function["Properties"]["Runtime"] = "python3.11"  # 1 property (runtime)
    function["Properties"]["Timeout"] = 29  # 2 property (timeout)
    _, _, table = first(stacks, "AWS::DynamoDB::Table")
    table["Properties"]["KeySchema"][0]["AttributeName"] = "renamedKey"  # 3 property (partition_key)
    table["Properties"]["AttributeDefinitions"][0]["AttributeName"] = "renamedKey"
    _, _, machine = first(stacks, "AWS::StepFunctions::StateMachine")
    machine["Properties"]["StateMachineType"] = "EXPRESS"  # 4 property (workflow)
    role_lid = function["Properties"]["Role"]["Fn::GetAtt"][0]
    role_stack = [s for s, t in sorted(stacks.items()) if role_lid in t["Resources"]][0]
    role = stacks[role_stack]["Resources"][role_lid]
    statements = policy_statements(role)
    removed = statements.pop(0)  # 5 connection-missing (the function's first grant)
    statements[0]["Action"] = list(statements[0]["Action"]) + ["events:DescribeRule"]  # 6 permissions
    _, _, queue = first(stacks, "AWS::SQS::Queue")
    queue["Properties"]["VisibilityTimeout"] = 999  # 7 property (visibility_timeout)
    stacks[role_stack]["Resources"]["ExtraSendQueue"] = {"Type": "AWS::SQS::Queue"}  # 8 component/resource extra
    granted = json.dumps(statements)
    other = [l for l, r in sorted(stacks[role_stack]["Resources"].items()) if l not in granted
             and r["Type"] in ("AWS::SQS::Queue", "AWS::StepFunctions::StateMachine") and l != "ExtraSendQueue"][0]
    statements.append({"Effect": "Allow", "Action": ["sqs:SendMessage"],  # 9 connection-extra
                       "Resource": [{"Fn::GetAtt": [other, "Arn"]}]})
    _, perm_lid, _ = first(stacks, "AWS::Lambda::Permission")
    for template in stacks.values():  # 10 resource-missing (a helper resource)
        template["Resources"].pop(perm_lid, None)
    _, _, bus_rule = first(stacks, "AWS::Events::Rule")
    bus_rule["Properties"]["EventPattern"] = {"detail-type": ["SomethingElse"]}  # 11 property (bus rules)
    _, api_stage_lid, stage = first(stacks, "AWS::ApiGateway::Stage")
    stage["Type"] = "AWS::ApiGateway::Deployment"  # 12 resource-type
    stage["Properties"] = {"RestApiId": stage["Properties"]["RestApiId"]}
    _, log_lid, _ = first(stacks, "AWS::Logs::LogGroup")  # 13 component-missing (a whole component)
    for template in stacks.values():
        template["Resources"].pop(log_lid, None)
    return {"removed": removed, "stacks": stacks, "function": lid, "perm": perm_lid, "stage": api_stage_lid,
            "log": log_lid}


def test_clean_templates_show_no_drift(deployed, expected, tmp_path):
    paths = write(deployed, tmp_path / "clean")
    assert compare_templates(*expected, paths) == []
    assert compare_templates(*expected, list(reversed(paths))) == []  # the order of the files does not matter


def test_seeded_differences_are_all_found(deployed, expected, tmp_path):
    seeded = seed(deployed)
    findings = compare_templates(*expected, write(seeded["stacks"], tmp_path / "drifted"))
    kinds = {f.kind for f in findings}
    assert {"property", "connection-missing", "connection-extra", "permissions", "component-extra",
            "component-missing", "resource-missing", "resource-extra", "resource-type"} <= kinds, findings
    props = {f.detail for f in findings if f.kind == "property"}
    assert {"runtime", "timeout", "partition_key", "workflow", "rules", "visibility_timeout"} <= props, props
    assert any(f.kind == "resource-missing" and f.subject == seeded["perm"] for f in findings)
    assert any(f.kind == "resource-type" and f.subject == seeded["stage"] for f in findings)
    assert any(f.kind == "permissions" and "events:DescribeRule" in f.actual for f in findings)
    kinds_seen = len({(f.kind, f.detail if f.kind == "property" else "") for f in findings})
    assert kinds_seen >= 10


def listing(stacks: dict) -> dict:
    return {"StackResources": [{"StackName": f"sys-dev-{name}", "LogicalResourceId": lid, "ResourceType": r["Type"],
                                "PhysicalResourceId": f"{lid}-123", "ResourceStatus": "CREATE_COMPLETE"}
                               for name, t in sorted(stacks.items()) for lid, r in sorted(t["Resources"].items())]}


def test_stack_resource_listing(deployed, expected, tmp_path):
    _, resources = expected
    clean = listing(deployed)
    assert compare_resources(resources, {r["LogicalResourceId"]: r["ResourceType"] for r in clean["StackResources"]}) == []
    drifted = copy.deepcopy(clean)["StackResources"]
    gone = drifted.pop(0)
    drifted.append({"LogicalResourceId": "Surprise", "ResourceType": "AWS::SQS::Queue"})
    drifted[0]["ResourceType"] = "AWS::SNS::Topic"
    found = compare_resources(resources, {r["LogicalResourceId"]: r["ResourceType"] for r in drifted})
    assert {(f.kind, f.subject) for f in found} == {("resource-missing", gone["LogicalResourceId"]),
                                                    ("resource-extra", "Surprise"),
                                                    ("resource-type", drifted[0]["LogicalResourceId"])}


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_cli_exit_codes_and_formats(deployed, tmp_path):
    clean = write(deployed, tmp_path / "clean")
    ok = run("drift", "--model", MODEL, "--against", *clean)
    assert ok.returncode == 0 and "No drift" in ok.stdout, ok.stderr
    drifted = write(seed(deployed)["stacks"], tmp_path / "drifted")
    bad = run("drift", "--model", MODEL, "--against", tmp_path / "drifted", "--format", "json")
    assert bad.returncode == 1, bad.stderr
    report = json.loads(bad.stdout)
    assert report["drift"] is True and len(report["findings"]) >= 10
    md = run("drift", "--model", MODEL, "--against", *drifted)
    assert md.returncode == 1 and "| kind | subject |" in md.stdout
    tagged = tmp_path / "tags.json"
    tagged.write_text(json.dumps({"ResourceTagMappingList": [
        {"ResourceARN": "arn:aws:sqs:eu-west-1:123456789012:surprise",
         "Tags": [{"Key": "aws:cloudformation:logical-id", "Value": "SurpriseQueue"}]}]}))
    extra = run("drift", "--model", MODEL, "--against", tagged, "--format", "json")
    findings = json.loads(extra.stdout)["findings"]
    assert extra.returncode == 1 and {"kind": "resource-extra", "subject": "SurpriseQueue"}.items() <= findings[-1].items() \
        or any(f["subject"] == "SurpriseQueue" for f in findings)
    broken = tmp_path / "broken.json"
    broken.write_text('{"Resources": ')
    err = run("drift", "--model", MODEL, "--against", broken)
    assert err.returncode == 2 and "broken.json" in err.stderr and "Traceback" not in err.stderr
