"""Issue 15: Lambda layers in the model: a layer version from a package in the team's code bucket, loaded by the
functions that name it (in order, at most five), and refused by FN001 when it leaves out a function's runtime or
architecture (Lambda would fail the deploy). Deployed in moto by test_deploy_moto (tests/models/services)."""
from __future__ import annotations

import json

import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.model.connections import wires
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.rules.engine import run_rules

MODEL = """
system: {name: Parsers}
environments:
  dev: {account: "111111111111", region: eu-west-1}
  live: {account: "222222222222", region: eu-central-1}
components:
  parsing: {type: lambda-layer, runtimes: [python3.12, python3.13], license: Apache-2.0}
  tracing-libs: {type: lambda-layer, runtimes: [python3.12], architectures: [arm64, x86_64], retain_versions: false}
  reader: {type: lambda, runtime: python3.12, layers: [tracing-libs, parsing]}
  plain: {type: lambda, runtime: python3.12}
"""


@pytest.fixture
def built(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    payload = templates_payload(model)
    result = build(payload)
    placed = {lid: r for s in result.stacks.values() for lid, r in s.resources.items()}
    return model, result, placed, render_templates(payload)


def test_a_function_loads_its_layers_by_version_arn_in_the_models_order(built):
    _, _, placed, _ = built
    assert [ref.name for ref in placed["ReaderFunction"].properties["Layers"]] == ["TracingLibsLayer", "ParsingLayer"]
    assert "Layers" not in placed["PlainFunction"].properties
    parsing = placed["ParsingLayer"].properties
    assert parsing["CompatibleRuntimes"] == ["python3.12", "python3.13"]
    assert parsing["CompatibleArchitectures"] == ["arm64"] and parsing["LicenseInfo"] == "Apache-2.0"
    assert parsing["Content"]["S3Key"].template == "${SystemName}/layers/parsing.zip"
    assert placed["ParsingLayer"].stateful and not placed["TracingLibsLayer"].stateful


def test_each_environments_parameter_file_names_its_code_bucket(built):
    _, result, _, files = built
    stack = next(name for name, s in result.stacks.items() if "ParsingLayer" in s.resources)
    values = {env: json.loads(files[f"cloudformation/parameters/{env}/{stack}.json"])["Parameters"]
              for env in ("dev", "live")}
    assert values["dev"]["CodeBucket"] == "parsers-code-111111111111-eu-west-1"
    assert values["live"]["CodeBucket"] == "parsers-code-222222222222-eu-central-1"


def test_the_layers_property_is_a_connection_the_wiring_index_realises(built):
    model, result, _, _ = built
    kinds = {w.id: w.kind.name for w in wires(model)}
    assert kinds["reader->parsing"] == "layer" and kinds["reader->tracing-libs"] == "layer"
    assert "ReaderFunction" in result.context.realised["reader->parsing"]["lids"]


def test_a_layer_without_the_functions_runtime_or_architecture_is_an_error(write_model):
    text = MODEL.replace("reader: {type: lambda, runtime: python3.12,",
                         "reader: {type: lambda, runtime: nodejs22.x, architecture: x86_64,")
    model = load_model(write_model({"model.yaml": text}))
    found = [f for f in run_rules(model).findings if f.rule == "FN001"]
    messages = sorted(f.message for f in found)
    assert messages == ["loads layer 'parsing', whose `architectures` leave out its architecture x86_64",
                        "loads layer 'parsing', whose `runtimes` leave out its runtime nodejs22.x",
                        "loads layer 'tracing-libs', whose `runtimes` leave out its runtime nodejs22.x"]
    assert all(f.severity == "error" and "model.yaml:" in f.fix for f in found)


def test_more_than_five_layers_is_a_located_model_error(write_model):
    many = "".join(f"  l{i}: {{type: lambda-layer, runtimes: [python3.12]}}\n" for i in range(6))
    text = MODEL.replace("components:\n", "components:\n" + many).replace(
        "layers: [tracing-libs, parsing]", "layers: [l0, l1, l2, l3, l4, l5]")
    with pytest.raises(ModelError) as error:
        load_model(write_model({"model.yaml": text}))
    assert "layers: has 6 items; AWS allows at most 5" in str(error.value)
    assert "model.yaml:" in str(error.value)
