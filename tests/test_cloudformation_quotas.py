"""Every generated stack within AWS's per-template quotas, for any model: a stack that would exceed one is split
into parts holding whole components, with imports flowing one way, deployed in order by the pipeline, with
parameter files and a place on the docs page; what cannot be split is a located model error."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archkit import paths
from archkit.errors import ModelError
from archkit.model import load_model
from archkit.renderers.cloudformation import assemble, jobs, render, split
from archkit.renderers.cloudformation.assemble import Stack, build, byte_limit, deploy_order
from archkit.renderers.cloudformation.ci import render_ci
from archkit.renderers.cloudformation.context import Resource
from archkit.renderers.cloudformation.render import parameters_path, render_templates, template_path
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import MODEL, ROOT, run_generate
from test_cloudformation import CHECKOV, lint_problems, synthetic_model, templates, write_files
from test_cloudformation_models import DIGEST

AWS = assemble.stack_rules()["quotas"]
LOW = {**AWS, "resources": 30, "outputs": 8}  # splits the default model's app and observability stacks
LOW_SPLIT = ("app", "observability")


@pytest.fixture
def quotas(monkeypatch):
    """Replace the per-template quotas for one test (and forget assembled stacks cached under the real ones)."""
    def use(limits: dict):
        monkeypatch.setattr(assemble, "stack_rules", lambda: {**RULES, "quotas": limits})
        render._listing_cache.clear()
    yield use
    render._listing_cache.clear()


RULES = assemble.stack_rules()


def counts(doc: dict) -> dict:
    return {"resources": len(doc["Resources"]), "parameters": len(doc.get("Parameters", {})),
            "outputs": len(doc.get("Outputs", {}))}


def assert_within(result, files: dict, limits: dict) -> None:
    for name, stack in result.stacks.items():
        text = files[template_path(name)]
        for quota, count in counts(load(text)).items():
            assert count <= limits[quota], (name, quota, count)
        assert len(text) <= byte_limit(stack), name
        assert text.count(b"{{resolve:") <= limits["dynamic_references"], name


def assert_imports_come_first(result) -> None:
    position = {name: i for i, name in enumerate(result.order)}
    for name, stack in result.stacks.items():
        for source in stack.imports:
            assert position[source] < position[name], (name, source)


def assert_components_whole(result) -> None:
    """All resources of a component that a stack by layer holds are in one of its parts."""
    homes: dict[tuple[str, str], set[str]] = {}
    for name, stack in result.stacks.items():
        for resource in stack.resources.values():
            homes.setdefault((stack.part_of or name, resource.component), set()).add(name)
    assert all(len(parts) == 1 for parts in homes.values()), {k: v for k, v in homes.items() if len(v) > 1}


def exported_and_imported(files: dict) -> tuple[dict[str, str], dict[str, set[str]]]:
    """export name -> stack exporting it; stack -> export names it imports (from the rendered templates)."""
    exports, imports = {}, {}
    for path, doc in templates(files).items():
        stack = path.rsplit("/", 1)[1].removesuffix(".yaml")
        for output in doc.get("Outputs", {}).values():
            if "Export" in output:
                exports[json.dumps(output["Export"]["Name"], sort_keys=True)] = stack
        imports[stack] = {json.dumps(value, sort_keys=True) for value in import_values(doc["Resources"])}
    return exports, imports


def import_values(node):
    if isinstance(node, dict):
        if "Fn::ImportValue" in node:
            yield node["Fn::ImportValue"]
        for value in node.values():
            yield from import_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from import_values(value)


def assert_every_import_exported_before(result, files: dict) -> None:
    exports, imports = exported_and_imported(files)
    assert any(imports.values())
    for stack, names in imports.items():
        for name in names:
            assert result.order.index(exports[name]) < result.order.index(stack), (stack, name)


def test_the_benchmarks_500_component_model_is_split_within_every_quota():
    payload = templates_payload(load_model(synthetic_model(500)))
    result = build(payload)
    files = render_templates(payload)
    assert_within(result, files, AWS)
    assert [n for n in result.order if result.stacks[n].part_of == "app"] == ["app", "app-2"]
    assert_imports_come_first(result)
    assert_components_whole(result)
    assert_every_import_exported_before(result, files)
    page = files[paths.page("cloudformation")].decode()
    assert "`app` into `app`, `app-2`" in page
    for env in payload["environments"]:
        assert parameters_path(env, "app-2") in files


def test_the_split_is_byte_identical_in_processes_with_other_hash_seeds():
    digests = [subprocess.run([sys.executable, "-c", DIGEST, str(synthetic_model(500))], capture_output=True,
                              text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120,
                              check=True).stdout for seed in ("1", "2")]
    assert digests[0] and digests[0] == digests[1]


def test_a_model_within_the_quotas_is_not_split():
    result = build(templates_payload(load_model(MODEL)))
    assert all(stack.part_of in (name, "") for name, stack in result.stacks.items())
    assert "app-2" not in result.stacks


@pytest.fixture
def split_default(quotas):
    quotas(LOW)
    payload = templates_payload(load_model(MODEL))
    return payload, build(payload), {**render_templates(payload), **render_ci(payload)}


def test_lowered_quotas_split_the_default_model_into_clean_parts(split_default, quotas):
    payload, result, files = split_default
    assert {"app-2", "app-3", "observability-2"} <= set(result.stacks)
    assert_within(result, files, LOW)
    assert_imports_come_first(result)
    assert_components_whole(result)
    assert_every_import_exported_before(result, files)
    quotas(AWS)
    whole = render_templates(payload)  # test_cloudformation lints these; here only what the split changed
    changed = {n for n in result.stacks if whole.get(template_path(n)) != files[template_path(n)]}
    assert {"app", "app-2", "app-3", "observability-2", "pipeline"} <= changed
    assert lint_problems(payload, files, changed) == []


def test_checkov_fails_no_check_on_the_parts(split_default, tmp_path):
    """A check that looks at two resources of one template (a function and its log group) must still pass."""
    _, result, files = split_default
    parts = {template_path(n): files[template_path(n)] for n, s in result.stacks.items() if s.part_of in LOW_SPLIT}
    assert len(parts) >= 5
    folder = write_files(parts, tmp_path) / "cloudformation"
    run = subprocess.run([str(CHECKOV), "-d", str(folder), "--framework", "cloudformation", "--skip-download",
                          "-o", "json"], capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    report = report[0] if isinstance(report, list) else report
    assert report["summary"]["passed"] > 50
    assert [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]] == []


def test_parts_have_parameter_files_and_a_place_on_the_page(split_default):
    payload, result, files = split_default
    for name, stack in result.stacks.items():
        assert template_path(name) in files
        for env in stack.environments:
            assert json.loads(files[parameters_path(env, name)])["Tags"] == {"Environment": env}
    page = files[paths.page("cloudformation")].decode()
    listed = re.findall(r"^\d+\. `([a-z0-9-]+)`", page, flags=re.M)
    assert listed == result.order
    assert "`app` into `app`, `app-2`, `app-3`" in page and "`observability` into" in page
    assert "(30 resources, 200 parameters, 8 outputs" in page


def test_the_pipeline_deploys_every_part_after_what_it_imports(split_default):
    _, result, _ = split_default
    pipeline = next(r for s in result.stacks.values() for r in s.resources.values()
                    if r.type == "AWS::CodePipeline::Pipeline")
    stages = [{a["Name"].removeprefix("Deploy-"): a["RunOrder"] for a in stage["Actions"]
               if a["Name"].startswith("Deploy-")} for stage in pipeline.properties["Stages"]]
    stages = [run_order for run_order in stages if run_order]
    assert len(stages) == len(result.context.environments)
    for run_order in stages:
        assert {"app", "app-2", "app-3", "observability-2"} <= set(run_order)
        for name, step in run_order.items():
            for source in result.stacks[name].imports & set(run_order):
                assert run_order[source] < step, (name, source)


def test_a_component_too_big_for_one_stack_is_a_located_model_error(quotas):
    quotas({**AWS, "resources": 20})
    model = load_model(MODEL)
    with pytest.raises(ModelError) as raised:
        jobs(model)
    problem = raised.value.problems[0]
    assert problem.path == "components.rest-api" and problem.location.line > 0
    assert "need 28 resources (at most 20)" in problem.message and "api-access-logs" in problem.message
    assert "(at most 20)" in problem.message and problem.fix


def one_big_api(source: Path, folder: Path) -> Path:
    """The synthetic model with every route on one API (the benchmark splits them over APIs of 100 services)."""
    import yaml

    folder.mkdir()
    for file in source.glob("*.yaml"):
        data = yaml.safe_load(file.read_text())
        components = data.get("components", {})
        apis = sorted(cid for cid, c in components.items() if c.get("type") == "api-gateway-rest")
        if apis:
            keep = components[apis[0]]
            for cid in apis[1:]:
                keep["routes"] += components.pop(cid)["routes"]
            for conn in data.get("connections", []):
                conn["to"] = apis[0] if conn.get("to") in apis else conn["to"]
                conn["from"] = apis[0] if conn.get("from") in apis else conn["from"]
            data["connections"] = [c for c in data.get("connections", []) if c["from"] != c["to"]]
            for body in components.values():
                if "origins" in body:
                    body["origins"] = [o for o in body["origins"] if o["target"] not in apis[1:]]
        (folder / file.name).write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


def test_generate_refuses_a_model_whose_api_exceeds_a_stack_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    model = one_big_api(synthetic_model(1100), tmp_path / "model")
    run = run_generate("--model", str(model), "--out", str(out), "--quiet")
    assert run.returncode == 2, run.stderr
    assert "components.api: CloudFormation: stack 'app': api needs" in run.stderr
    assert "(at most 500)" in run.stderr and not out.exists()


def unit(anchor: str, index: int, needs=(), resources: int = 1) -> split.Unit:
    return split.Unit(anchor, index, [Resource(f"{anchor}{i}", "AWS::SNS::Topic", {}, component=anchor)
                                      for i in range(resources)], set(needs))


def test_units_that_reference_each_other_stay_together_and_come_after_what_they_need():
    order = split.dependency_order([unit("c", 0, ["a"]), unit("a", 1, ["b"]), unit("b", 2, ["a", "d"]),
                                    unit("d", 3)])
    assert [u.anchor for u in order] == ["d", "a", "c"]
    assert order[1].components == ["a", "b"] and order[1].cycle


def test_parts_fill_in_dependency_order_and_a_cycle_too_big_is_named():
    limits = {**AWS, "resources": 4}
    parts = split.pack("app", [unit("api", 0, ["f1", "f2"], 3), unit("f1", 1, [], 2), unit("f2", 2, [], 2)], limits)
    assert [[u.anchor for u in p.units] for p in parts] == [["f1", "f2"], ["api"]]
    with pytest.raises(split.PlacementError, match="a, b reference each other in a cycle and together need 6 "
                                                   r"resources \(at most 4\)"):
        split.pack("app", [unit("a", 0, ["b"], 3), unit("b", 1, ["a"], 3)], limits)


def test_part_quotas_count_parameters_outputs_and_dynamic_references_not_only_resources():
    part = split.Part({**AWS, "parameters": 3, "outputs": 2})
    assert part.excess(split.Unit("a", 0, parameters={"Memory", "Timeout"})) == "4 parameters (at most 3)"
    assert part.excess(split.Unit("a", 0, outputs={"A", "B", "C"})) == "3 outputs (at most 2)"
    assert part.excess(split.Unit("a", 0, outputs={"A"})) == ""
    assert split.Part({**AWS, "dynamic_references": 1}).excess(
        split.Unit("a", 0, dynamic_references=2)) == "2 dynamic_references (at most 1)"


def test_stacks_that_import_from_each_other_are_an_error_naming_the_cycle():
    stacks = {name: Stack(name) for name in ("app", "data", "edge")}
    stacks["app"].resources["Fn"] = Resource("Fn", "AWS::Lambda::Function", {}, component="fn")
    stacks["data"].resources["Table"] = Resource("Table", "AWS::DynamoDB::Table", {}, component="table")
    stacks["app"].imports, stacks["app"].imported = {"data"}, {"data": {"Table"}}
    stacks["data"].imports, stacks["data"].imported = {"app"}, {"app": {"Fn"}}
    with pytest.raises(split.PlacementError) as raised:
        deploy_order(stacks)
    message = str(raised.value)
    assert "no deploy order" in message and "edge" not in message
    assert re.search(r"(app imports Table from data; data imports Fn from app|"
                     r"data imports Fn from app; app imports Table from data)", message), message
    assert raised.value.components == ["fn", "table"]


def test_a_stack_over_a_quota_after_the_split_is_an_error(quotas):
    quotas({**AWS, "resources": 2})  # e.g. a pipeline's deployers, added to its stack after the split
    stack = Stack("pipeline", resources={lid: Resource(lid, "AWS::SNS::Topic", {}) for lid in ("A", "B", "C")})
    with pytest.raises(split.PlacementError, match=r"stack 'pipeline' has 3 resources \(at most 2\)"):
        assemble.check_counts(stack)
    del stack.resources["C"]
    assemble.check_counts(stack)


def test_a_pinned_stack_over_the_direct_upload_size_is_split_and_each_part_gets_its_deployer(quotas):
    quotas({**AWS, "direct_bytes": 4000})  # the us-east-1 stack is deployed from a file: 51,200 bytes in AWS
    payload = templates_payload(load_model(MODEL))
    result, files = build(payload), render_templates(payload)
    pinned = [name for name in result.order if result.stacks[name].region]
    assert pinned == ["global", "global-2"] and result.order[:2] == pinned
    assert {source for source, _ in result.stacks["edge"].cross_region.values()} == set(pinned)
    pipeline = next(s for s in result.stacks.values() if any(r.type == "AWS::CodePipeline::Pipeline"
                                                              for r in s.resources.values()))
    projects = [r.properties["Name"].template for r in pipeline.resources.values()
                if r.type == "AWS::CodeBuild::Project"]
    assert all(any(p.endswith(f"-{name}") for p in projects) for name in pinned), projects
    for name in pinned:
        assert len(files[template_path(name)]) <= 4000
    assert lint_problems(payload, files, {*pinned, "edge", pipeline.name}) == []


def test_a_rendered_template_over_a_quota_is_a_render_error(quotas):
    from archkit.errors import RenderError
    quotas({**AWS, "dynamic_references": 1})
    stack = Stack("app")
    render.check_text("cloudformation/app.yaml", b"a: '{{resolve:ssm:x}}'\n", stack)
    with pytest.raises(RenderError, match="has 2 dynamic references"):
        render.check_text("cloudformation/app.yaml", b"a: '{{resolve:ssm:x}}{{resolve:ssm:y}}'\n", stack)
    with pytest.raises(RenderError, match=r"is 1000001 bytes, more than AWS takes \(1000000\)"):
        render.check_text("cloudformation/app.yaml", b"x" * 1_000_001, stack)
