"""A CodePipeline's build projects get its artifact bucket (the ARTIFACT_BUCKET variable their package commands use)
and the rights to read and write its artefacts because the model's pipelines use them, with or without a
connection saying so; the pipeline may start those builds and use its bucket the same way."""
from __future__ import annotations

import shutil

import pytest

from archkit.model import load_model
from archkit.renderers.cloudformation.ci import render_ci
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import MODEL

IMPLIED = ("{from: infra-pipeline, to: build-project", "{from: infra-pipeline, to: artifact-bucket")


def pipeline_stack(folder) -> tuple[dict, dict]:
    payload = templates_payload(load_model(folder))
    files = {**render_templates(payload), **render_ci(payload)}
    return load(files["cloudformation/pipeline.yaml"])["Resources"], files


def granted(role: dict) -> dict[str, set[str]]:
    """repr(resource) -> actions the role's inline policies allow on it."""
    table: dict[str, set[str]] = {}
    for policy in role["Properties"].get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            for resource in statement["Resource"]:
                table.setdefault(repr(resource), set()).update(statement["Action"])
    return table


@pytest.fixture(scope="module")
def without_connections(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model") / "model"
    shutil.copytree(MODEL, folder)
    connections = folder / "connections.yaml"
    lines = connections.read_text().splitlines(keepends=True)
    kept = [line for line in lines if not any(marker in line for marker in IMPLIED)]
    assert len(lines) - len(kept) == len(IMPLIED), "the default model no longer has these connections"
    connections.write_text("".join(kept))
    return folder


@pytest.mark.parametrize("connected", [True, False], ids=["connected", "not-connected"])
def test_build_project_gets_the_pipelines_artifact_bucket(connected, without_connections):
    resources, files = pipeline_stack(MODEL if connected else without_connections)
    project = resources["BuildProjectProject"]["Properties"]
    variables = {v["Name"]: v["Value"] for v in project["Environment"]["EnvironmentVariables"]}
    assert variables["ARTIFACT_BUCKET"] == {"Ref": "ArtifactBucketBucket"}
    assert project["Source"]["Type"] == "CODEPIPELINE"
    objects = repr({"Fn::Sub": ["${Bucket}/*", {"Bucket": {"Fn::GetAtt": ["ArtifactBucketBucket", "Arn"]}}]})
    assert {"s3:GetObject", "s3:PutObject"} <= granted(resources["BuildProjectRole"])[objects]
    pipeline_role = granted(resources["InfraPipelineRole"])
    assert {"s3:GetObject", "s3:PutObject"} <= pipeline_role[objects]
    project_arn = repr({"Fn::GetAtt": ["BuildProjectProject", "Arn"]})
    assert {"codebuild:StartBuild", "codebuild:BatchGetBuilds"} <= pipeline_role[project_arn]
    buildspec = files["cloudformation/ci/build-project/buildspec.yml"].decode()
    assert buildspec.count('--s3-bucket "$ARTIFACT_BUCKET"') >= 2

