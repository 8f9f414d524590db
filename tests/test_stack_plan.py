"""Stacks by dependency, not by layer alone (issue 14 point 5): the stack plan never turns an ordinary design into
an import cycle, `--validate` refuses exactly what the build refuses, and on random models (tests/modelgen.py)
every build's templates are consistent: each import exported by a stack deployed before, each reference resolved
in its own template, each parameter given a value in every parameter file."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from archkit import paths
from archkit.model import load_model
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import ROOT, run_generate
from modelgen import random_model

CROSS_STACK = ROOT / "tests" / "models" / "cross-stack"
RANDOM_MODELS = 300


def test_an_alarm_across_layers_builds_in_the_stack_of_what_it_watches():
    payload = templates_payload(load_model(CROSS_STACK))
    result = build(payload)
    placed = {r.component: name for name, stack in result.stacks.items() for r in stack.resources.values()}
    assert placed["fn-alarm"] == placed["jobs-fn"] == "app"  # moved: its layer's stack would close a cycle
    assert placed["access-logs"] == placed["alerts"] == "observability"
    assert [(m.component, m.layer_stack, m.stack) for m in result.moves] == [("fn-alarm", "observability", "app")]
    assert result.order.index("observability") < result.order.index("app")
    page = render_templates(payload)[paths.page("cloudformation")].decode()
    assert "| [fn-alarm](components/fn-alarm.md) | `observability` | `app` |" in page


def test_by_layer_alone_the_same_model_would_cycle(monkeypatch):
    from archkit.renderers.cloudformation import plan
    from archkit.renderers.cloudformation.split import PlacementError

    monkeypatch.setattr(plan, "acyclic", lambda stacks, home: (
        {name: list(stack.resources.values()) for name, stack in stacks.items()}, []))
    with pytest.raises(PlacementError, match="stacks import from each other in a cycle"):
        build(templates_payload(load_model(CROSS_STACK)))


def test_validate_accepts_what_builds_and_the_build_agrees(tmp_path):
    checked = run_generate("--model", str(CROSS_STACK), "--validate")
    assert checked.returncode == 0, checked.stderr
    built = run_generate("--model", str(CROSS_STACK), "--out", str(tmp_path), "--quiet")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "cloudformation" / "app.yaml").is_file()


def with_function_reading_the_artifact_bucket(folder):
    doc = yaml.safe_load((CROSS_STACK / "model.yaml").read_text())
    doc["components"].update({
        "artifacts": {"type": "s3-bucket", "purpose": "artifacts"},
        "delivery": {"type": "codepipeline", "artifact_bucket": "artifacts"},
        "reader-fn": {"type": "lambda", "runtime": "python3.12"},
        "repo": {"type": "gitlab-repo"}, "packager": {"type": "codebuild-project"}})
    doc["pipelines"] = {"release": {"name": "Release", "trigger": "push", "source": "repo", "runs_on": "delivery",
                                    "stages": [{"name": "Source", "actions": [{"name": "Checkout", "kind": "source",
                                                                               "uses": "repo"}]},
                                               {"name": "Build", "actions": [{"name": "Package", "kind": "build",
                                                                              "uses": "packager"}]}]}}
    doc["connections"].append({"from": "reader-fn", "to": "artifacts", "protocol": "AWS SDK",
                               "permissions": ["s3:GetObject"]})
    (folder / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return folder


def test_a_reference_to_what_the_pipeline_deploys_once_is_a_located_error_in_validate_and_build(tmp_path):
    folder = with_function_reading_the_artifact_bucket(tmp_path)
    for args in (["--validate"], ["--out", str(tmp_path / "out")]):
        result = run_generate("--model", str(folder), *args)
        assert result.returncode == 2, result.stderr
        assert re.search(r"model\.yaml:\d+:\d+: components\.reader-fn: CloudFormation: reader-fn \(deployed in every "
                         r"environment\) refers to artifacts, delivery, which the pipeline stack deploys once",
                         result.stderr), result.stderr
        assert "fix: refer to a component of its own environment" in result.stderr
    assert not (tmp_path / "out" / "cloudformation").exists()


def walk(node):
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def referenced_names(doc: dict) -> set[str]:
    """Logical ids and parameters that a template's resources and outputs refer to with Ref, GetAtt or Sub."""
    names = set()
    for node in walk([doc["Resources"], doc.get("Outputs", {})]):
        if isinstance(node, dict) and "Ref" in node:
            names.add(node["Ref"])
        if isinstance(node, dict) and "Fn::GetAtt" in node:
            target = node["Fn::GetAtt"]
            names.add(target[0] if isinstance(target, list) else target.split(".")[0])
        if isinstance(node, dict) and "Fn::Sub" in node:
            text, variables = (node["Fn::Sub"], {}) if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"]
            names |= {n.split(".")[0] for n in re.findall(r"\$\{([^}!]+)\}", text)} - set(variables)
        if isinstance(node, dict) and "DependsOn" in node:
            names |= set(node["DependsOn"] if isinstance(node["DependsOn"], list) else [node["DependsOn"]])
    return {n for n in names if not n.startswith("AWS::")}


def assert_consistent(result, files: dict) -> None:
    exported: dict[str, str] = {}
    for name in result.order:
        doc = load(files[f"cloudformation/{name}.yaml"])
        defined = set(doc["Resources"]) | set(doc.get("Parameters", {}))
        assert referenced_names(doc) <= defined, (name, referenced_names(doc) - defined)
        for node in walk(doc["Resources"]):
            if isinstance(node, dict) and "Fn::ImportValue" in node:
                key = json.dumps(node["Fn::ImportValue"], sort_keys=True)
                assert key in exported, (name, key)  # exported by a stack earlier in the deploy order
        for output in doc.get("Outputs", {}).values():
            if "Export" in output:
                key = json.dumps(output["Export"]["Name"], sort_keys=True)
                assert key not in exported, (name, key)
                exported[key] = name
        for env in result.stacks[name].environments:
            values = json.loads(files[f"cloudformation/parameters/{env}/{name}.json"])["Parameters"]
            needed = {p for p, spec in doc.get("Parameters", {}).items() if "Default" not in spec}
            assert needed <= set(values), (name, env, needed - set(values))


@pytest.fixture(scope="module")
def random_builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("random")
    paths_ = []
    for seed in range(RANDOM_MODELS):
        path = folder / f"random-{seed}.yaml"
        path.write_text(yaml.safe_dump(random_model(seed, size=8 + seed % 20), sort_keys=False))
        paths_.append((seed, path))
    return paths_


def test_random_models_never_cycle_and_their_templates_are_consistent(random_builds):
    moved = stacks_seen = 0
    for seed, path in random_builds:
        payload = templates_payload(load_model(path))
        result = build(payload)  # a PlacementError (a cycle) fails the test, naming the model
        assert_consistent(result, render_templates(payload))
        moved += bool(result.moves)
        stacks_seen = max(stacks_seen, len(result.stacks))
    assert moved >= 5, moved  # the generator does draw designs that layers alone would turn into cycles
    assert stacks_seen >= 5


def test_random_models_pass_validate_when_they_build(tmp_path):
    """--validate runs what the build plans: a sample of random models, each accepted by both."""
    for seed in range(0, RANDOM_MODELS, 60):
        path = tmp_path / f"random-{seed}.yaml"
        path.write_text(yaml.safe_dump(random_model(seed, size=8 + seed % 20), sort_keys=False))
        result = run_generate("--model", str(path), "--validate", "--fail-on", "never")
        assert result.returncode == 0 and "model OK" in result.stdout, (seed, result.stderr[-2000:])


def test_validate_runs_the_template_checks_the_build_stops_at(monkeypatch, capsys):
    """A template over AWS's size limit is found when rendering; --validate renders the templates too."""
    from archkit import cli
    from archkit.renderers.cloudformation import render

    monkeypatch.setattr(render, "byte_limit", lambda stack: 100)
    render._listing_cache.clear()
    status = cli.main(["--model", str(CROSS_STACK), "--validate", "--quiet"], root=ROOT)
    assert status == cli.EXIT_FAILED
    assert "bytes, more than AWS takes (100)" in capsys.readouterr().err
