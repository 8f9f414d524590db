"""Issue 15: CloudFront Functions and Lambda@Edge in the model. A CloudFront Function runs on a viewer event of the
origins that name it; a Lambda@Edge function is deployed with its role in us-east-1 (its version ARN reaches the
distribution's stack as a parameter), trusted by edgelambda.amazonaws.com, logging where its replicas run; EDGE001
and EDGE002 refuse what CloudFront would. Deployed by test_deploy_moto (tests/models/services)."""
from __future__ import annotations

import json

import pytest

from archkit.model import load_model
from archkit.model.connections import wires
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.rules.engine import run_rules

MODEL = """
system: {name: Site}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  site: {type: s3-bucket, purpose: static-site}
  api: {type: s3-bucket}
  cdn:
    type: cloudfront
    origins:
      - {name: site, target: site, functions: [rewrite, headers], edge_functions: [{event: origin-response, function: images}]}
      - {name: files, target: api, path_pattern: /files/*, edge_functions: [{event: viewer-request, function: gate, include_body: true}]}
  rewrite: {type: cloudfront-function, event: viewer-request, kind: index-rewrite}
  headers: {type: cloudfront-function, event: viewer-response, kind: security-headers}
  images: {type: lambda, runtime: nodejs22.x, architecture: x86_64, tracing: PassThrough, memory: 1024, timeout: 30}
  gate: {type: lambda, runtime: python3.12, architecture: x86_64, tracing: PassThrough, timeout: 5}
  regional: {type: lambda, runtime: python3.12}
"""


@pytest.fixture
def built(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    payload = templates_payload(model)
    result = build(payload)
    return model, result, render_templates(payload)


def placed_in(result, lid):
    return next((name, stack) for name, stack in result.stacks.items() if lid in stack.resources)


def test_behaviours_name_their_viewer_functions_and_the_edge_functions_versions(built):
    _, result, _ = built
    _, stack = placed_in(result, "CdnDistribution")
    config = stack.resources["CdnDistribution"].properties["DistributionConfig"]
    default, files = config["DefaultCacheBehavior"], config["CacheBehaviors"][0]
    assert [(a["EventType"], a["FunctionARN"].resource) for a in default["FunctionAssociations"]] == [
        ("viewer-request", "RewriteFunction"), ("viewer-response", "HeadersFunction")]
    assert [(a["EventType"], a["LambdaFunctionARN"].name) for a in default["LambdaFunctionAssociations"]] == [
        ("origin-response", "ImagesVersion")]
    assert files["LambdaFunctionAssociations"] == [{"EventType": "viewer-request",
                                                    "LambdaFunctionARN": files["LambdaFunctionAssociations"][0]["LambdaFunctionARN"],
                                                    "IncludeBody": True}]
    function = stack.resources["RewriteFunction"].properties
    assert function["AutoPublish"] is True and function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert "index.html" in function["FunctionCode"]


def test_an_edge_function_and_its_role_are_in_us_east_1_and_reach_the_distribution_as_a_parameter(built):
    _, result, files = built
    edge_stack, edge = placed_in(result, "ImagesFunction")
    assert edge.region == "us-east-1" and {"ImagesRole", "ImagesVersion", "GateFunction"} <= set(edge.resources)
    cdn_stack, _ = placed_in(result, "CdnDistribution")
    parameters = json.loads(files[f"cloudformation/parameters/dev/{cdn_stack}.json"])["Parameters"]
    assert parameters["ImagesVersion"] == f"SET-AT-DEPLOY: output ImagesVersion of stack site-dev-{edge_stack} in us-east-1"
    regional_stack, regional = placed_in(result, "RegionalFunction")
    assert regional.region != "us-east-1" and regional_stack != edge_stack


def test_the_edge_role_is_trusted_by_lambda_at_edge_and_logs_where_replicas_run(built):
    _, result, _ = built
    _, stack = placed_in(result, "ImagesRole")
    role = stack.resources["ImagesRole"].properties
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"] == [
        "edgelambda.amazonaws.com", "lambda.amazonaws.com"]
    [logs] = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert logs["Action"] == ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    assert "log-group:/aws/lambda/us-east-1.${SystemName}-${Environment}-images:*" in logs["Resource"][0].template
    assert "ImagesLogGroup" not in stack.resources
    assert "LogGroup" not in stack.resources["ImagesFunction"].properties["LoggingConfig"]


def test_the_functions_are_connections_the_wiring_index_realises(built):
    model, result, _ = built
    kinds = {w.id: w.kind.name for w in wires(model)}
    assert kinds["cdn->rewrite"] == "viewer-function" and kinds["cdn->images"] == "edge-function"
    assert "CdnDistribution" in result.context.realised["cdn->gate"]["lids"]


def findings(write_model, text, rule):
    return sorted(f.message for f in run_rules(load_model(write_model({"model.yaml": text}))).findings
                  if f.rule == rule)


def test_two_functions_on_one_event_or_a_kind_on_the_wrong_event_are_errors(write_model):
    text = MODEL.replace("functions: [rewrite, headers], edge_functions: [{event: origin-response",
                         "functions: [rewrite, headers], edge_functions: [{event: viewer-request").replace(
        "headers: {type: cloudfront-function, event: viewer-response", "headers: {type: cloudfront-function, event: viewer-request")
    assert findings(write_model, text, "EDGE001") == [
        "kind security-headers is for viewer-response, but the function runs on viewer-request",
        "origin 'site' runs 3 functions on viewer-request (rewrite, headers, images)"]


def test_what_lambda_at_edge_refuses_is_an_error_naming_the_fix(write_model):
    text = MODEL.replace("gate: {type: lambda, runtime: python3.12, architecture: x86_64, tracing: PassThrough, timeout: 5}",
                         "gate: {type: lambda, runtime: java21, timeout: 10, memory: 256, environment: {A: b}}")
    assert findings(write_model, text, "EDGE002") == [
        "runs at the edge (viewer-request) but X-Ray tracing is Active",
        "runs at the edge (viewer-request) but it has environment variables",
        "runs at the edge (viewer-request) but its architecture is arm64",
        "runs at the edge (viewer-request) but its memory 256 MB is above 128 MB for viewer events",
        "runs at the edge (viewer-request) but its runtime java21 is not Node.js or Python",
        "runs at the edge (viewer-request) but its timeout 10 s is above 5 s for viewer events"]
    assert findings(write_model, MODEL, "EDGE002") == []
