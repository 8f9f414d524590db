"""Every resource of every template of every tests/models/* model, and of the generated minimal model of every
catalogue type, is valid against its CloudFormation resource schema (the registry schemas cfn-lint ships), not
only against cfn-lint's rules (issue 15 point 5). The checker itself is shown to catch what it should."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from archkit import paths
from archkit.model import load_model
from archkit.model.catalogue import load_catalogue
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from cfnschema import problems
from conftest import ROOT
from modelgen import minimal_model

TEST_MODELS = sorted(p for p in (ROOT / "tests" / "models").iterdir() if p.is_dir())


def templates_of(folder: Path) -> dict[str, dict]:
    files = render_templates(templates_payload(load_model(folder)))
    return {path: load(data) for path, data in sorted(files.items())
            if path.startswith(f"{paths.CLOUDFORMATION_DIR}/") and path.count("/") == 1 and path.endswith(".yaml")}


@pytest.mark.parametrize("folder", TEST_MODELS, ids=lambda p: p.name)
def test_every_resource_of_a_test_model_is_valid_against_its_cloudformation_schema(folder):
    docs = templates_of(folder)
    assert sum(len(d["Resources"]) for d in docs.values()) > 5
    assert [p for path, doc in docs.items() for p in problems(doc, path)] == []


def test_every_resource_of_every_minimal_component_is_valid_against_its_schema(tmp_path):
    found = []
    for type_name in sorted(load_catalogue().types):
        doc, _ = minimal_model(type_name)
        folder = tmp_path / type_name
        folder.mkdir()
        (folder / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
        found += [p for path, template in templates_of(folder).items() for p in problems(template, type_name)]
    assert found == []


def test_the_schema_check_reports_wrong_names_types_enums_and_missing_required_properties():
    template = {"Resources": {
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": "soon", "Colour": "red"}},
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "SOMETIMES"}},
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::Sub": "${AWS::StackName}"}}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["R", "Arn"]},
                                                               "Code": {"ZipFile": "x"}}}}}
    found = "\n".join(problems(template, "t"))
    assert "Queue AWS::SQS::Queue VisibilityTimeout" in found
    assert "Colour" in found
    assert "Table AWS::DynamoDB::Table BillingMode" in found and "KeySchema" in found
    assert "Topic" not in found and " Fn " not in found  # intrinsics resolve at deploy time; no required missing


def test_a_pipeline_without_a_source_stage_is_a_located_error_not_an_empty_stages_list(tmp_path):
    """What the schema check found in a test model: actions CodePipeline cannot run were dropped, leaving
    `Stages: []`, which CloudFormation refuses. Now the build says so at the component."""
    from conftest import run_generate
    doc = {"system": {"name": "No source"}, "environments": {"dev": {"account": "111111111111",
                                                                     "region": "eu-west-1"}},
           "components": {"delivery": {"type": "codepipeline", "artifact_bucket": "artifacts"},
                          "artifacts": {"type": "s3-bucket", "purpose": "artifacts"},
                          "stack": {"type": "cloudformation-stack", "template": "stack.yaml"}},
           "pipelines": {"release": {"name": "Release", "trigger": "manual", "runs_on": "delivery", "source": "delivery",
                                     "stages": [
               {"name": "Deploy", "environment": "dev",
                "actions": [{"name": "deploy", "kind": "deploy", "target": "stack"}]}]}}}
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    result = run_generate("--model", str(tmp_path), "--validate")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert ("components.delivery: CloudFormation: codepipeline 'delivery' has 0 stage(s) it can run and no stage "
            "of source actions first") in result.stderr
    assert "fix: start the pipeline with a stage whose action has kind: source" in result.stderr
