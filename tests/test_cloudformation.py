"""CloudFormation skeletons and the modelled system's CI files: valid under cfn-lint, checkov and the GitLab CI
schema, deterministic, least-privilege IAM, and model text kept as plain text."""
from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from archkit import paths
from archkit.model import load_model
from archkit.renderers.cloudformation import component_resources
from archkit.renderers.cloudformation.assemble import build, checkov_types
from archkit.renderers.cloudformation.types import step_functions
from archkit.renderers.cloudformation.ci import GITLAB_CI, render_ci
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.renderers.cloudformation.yamlout import load
from conftest import MODEL, ROOT, SCHEMA_REF, run_generate

EVENT_DRIVEN = ROOT / "tests" / "models" / "event-driven"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
ORIGIN_VERIFICATION = ("AWS::KMS::Key", "AWS::SecretsManager::Secret", "AWS::WAFv2::WebACL",
                       "AWS::WAFv2::WebACLAssociation")
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


@functools.cache
def synthetic_model(size: int = 50) -> Path:
    """The benchmark's synthetic model (bench/synth.py), written once per test session."""
    folder = Path(tempfile.mkdtemp(prefix=f"archkit-synth{size}-"))
    atexit.register(shutil.rmtree, folder, True)
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), str(size), str(folder)], check=True)
    return folder


WIRED = ROOT / "tests" / "models" / "wired"
MULTI_REGION = ROOT / "tests" / "models" / "multi-region"
MODELS = {"default": lambda: MODEL, "event-driven": lambda: EVENT_DRIVEN, "wired": lambda: WIRED,
          "multi-region": lambda: MULTI_REGION, "synthetic": synthetic_model}


def rendered(model_path) -> tuple[dict, dict]:
    payload = templates_payload(load_model(model_path))
    return payload, {**render_templates(payload), **render_ci(payload)}


@pytest.fixture(scope="module")
def default_files():
    return rendered(MODEL)


@pytest.fixture(scope="module")
def written(default_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cfn")
    for path, data in default_files[1].items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return folder


def templates(files: dict) -> dict[str, dict]:
    return {p: load(b) for p, b in files.items() if p.startswith("cloudformation/") and p.count("/") == 1}


def lint_problems(payload: dict, files: dict, only: set[str] | None = None) -> list[str]:
    from cfnlint.api import ManualArgs, lint
    result = build(payload)
    env_regions = sorted({e["region"] for e in payload["environments"].values()})
    problems = []
    for name, stack in result.stacks.items():
        if only is not None and name not in only:
            continue
        text = files[f"cloudformation/{name}.yaml"].decode()
        for match in lint(text, config=ManualArgs(regions=[stack.region] if stack.region else env_regions)):
            problems.append(f"{name}: {match.rule.id} line {match.linenumber}: {match.message}")
    return problems


@pytest.mark.parametrize("model", MODELS)
def test_cfn_lint_reports_no_error_and_no_warning(model):
    payload, files = rendered(MODELS[model]())
    assert templates(files), "no template generated"
    assert lint_problems(payload, files) == []


def write_files(files: dict, folder: Path) -> Path:
    for path, data in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return folder


@pytest.mark.parametrize("model", MODELS)
def test_checkov_reports_no_failed_check_and_every_skip_has_the_models_reason(model, tmp_path):
    model_path = MODELS[model]()
    assert CHECKOV.exists(), "run scripts/setup.sh --dev: it creates .venv-checkov with checkov"
    folder = write_files(rendered(model_path)[1], tmp_path)
    run = subprocess.run([str(CHECKOV), "-d", str(folder / "cloudformation"), "--framework", "cloudformation",
                          "--skip-download", "-o", "json"],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    report = report[0] if isinstance(report, list) else report
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == []
    assert report["summary"]["passed"] > 40
    model = load_model(model_path)
    reasons = {(s.rule, s.reason) for c in model.components.values() for s in c.suppressions}
    skipped = report["results"]["skipped_checks"]
    assert len(skipped) == report["summary"]["skipped"] > 0
    for check in skipped:
        assert (check["check_id"], check["check_result"]["suppress_comment"]) in reasons, check["check_id"]


def test_every_model_suppression_of_a_check_reaches_the_template_metadata(default_files):
    payload, files = default_files
    table = component_resources(load_model(MODEL))
    docs = templates(files)
    for component in payload["components"]:
        for skip in (s for s in component["suppress"] if s["rule"].startswith("CKV")):
            entries = table[component["id"]]
            kinds = checkov_types()[skip["rule"]]
            assert any(kind in kinds for _, _, kind in entries), (component["id"], skip["rule"])
            for path, lid, kind in entries:
                meta = docs[path]["Resources"][lid].get("Metadata", {}).get("checkov", {}).get("skip", [])
                entry = {"id": skip["rule"], "comment": skip["reason"]}
                assert (entry in meta) == (kind in kinds), (lid, skip["rule"])
    page = files[paths.page("cloudformation")].decode()
    assert "CKV_AWS_116" in page and "there is no event to keep" in page


def test_generated_gitlab_ci_passes_the_schema_and_every_stage_and_need_exists(written):
    path = written / GITLAB_CI
    run = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.gitlab-ci", "--data-transform",
                          "gitlab-ci", str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    doc = load(path.read_bytes())
    jobs = {name: job for name, job in doc.items() if isinstance(job, dict) and "script" in job}
    assert len(jobs) >= 4
    for name, job in jobs.items():
        assert job["stage"] in doc["stages"], name
        for need in job.get("needs", []):
            assert need in jobs, f"{name} needs {need}"
    scripts = "\n".join(line for job in jobs.values() for line in job["script"])
    for command in ("update-function-code", "publish-version", "update-alias", "s3 sync", "create-invalidation"):
        assert command in scripts
    assert any(r.get("when") == "manual" for job in jobs.values() for r in job.get("rules", []))


def test_buildspec_comes_from_the_codebuild_project(default_files):
    payload, files = default_files
    project = next(c for c in payload["components"] if c["type"] == "codebuild-project")
    spec = load(files[f"cloudformation/ci/{project['id']}/buildspec.yml"])
    commands = project["properties"]["commands"]
    assert spec["phases"]["build"]["commands"][:len(commands)] == commands  # the model's, first and as written
    assert all(c.startswith("aws cloudformation package ") for c in spec["phases"]["build"]["commands"][len(commands):])


def test_same_model_gives_byte_identical_files_across_processes(tmp_path):
    for out in ("a", "b"):
        assert run_generate("--out", str(tmp_path / out), "--quiet").returncode == 0
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a/cloudformation").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b/cloudformation").rglob("*") if p.is_file()}
    assert a and a == b


def iam_statements(node):
    """Statements of identity and resource policies; a KMS key policy's "*" is the key itself, so it is left out."""
    if isinstance(node, dict):
        if "Statement" in node and "Version" in node:
            yield from node["Statement"]
        for name, value in node.items():
            if name != "KeyPolicy":
                yield from iam_statements(value)
    elif isinstance(node, list):
        for value in node:
            yield from iam_statements(value)


@pytest.mark.parametrize("model", MODELS)
def test_iam_allows_only_named_resources_and_actions(model):
    _, files = rendered(MODELS[model]())
    statements = [s for doc in templates(files).values() for s in iam_statements(doc["Resources"])]
    assert statements
    for statement in statements:
        if statement["Effect"] == "Allow":
            resources = statement.get("Resource", [])
            resources = resources if isinstance(resources, list) else [resources]
            # CloudWatch Logs' delivery actions (a state machine's logging) take no resource but "*" (AWS docs)
            assert "*" not in resources or set(statement["Action"]) <= set(step_functions.LOG_ACTIONS), statement
            assert not any("*" in action for action in statement["Action"]), statement


def test_role_grants_exactly_the_connections_actions(default_files):
    payload, files = default_files
    docs = templates(files)
    for component in (c for c in payload["components"] if c["type"] == "lambda"):
        wanted = {a for c in payload["connections"] if c["from"] == component["id"] for a in c["permissions"]
                  if not a.startswith("xray:")}
        role = next(d["Resources"][f] for d in docs.values() for f in d["Resources"]
                    if f == "".join(w.title() for w in component["id"].split("-")) + "Role")
        granted = {a for s in iam_statements(role["Properties"].get("Policies", [])) for a in s["Action"]}
        assert granted == wanted, component["id"]


def test_stateful_resources_are_retained_and_deploy_order_puts_us_east_1_first(default_files):
    payload, files = default_files
    result = build(payload)
    docs = templates(files)
    stateful = [r for s in result.stacks.values() for r in s.resources.values() if r.stateful]
    assert len(stateful) >= 5
    for resource in stateful:
        doc = next(d for d in docs.values() if resource.logical_id in d["Resources"])["Resources"][resource.logical_id]
        assert doc["DeletionPolicy"] == doc["UpdateReplacePolicy"] == "Retain"
    first = result.stacks[result.order[0]]
    assert first.region == "us-east-1"
    types = {r.type for r in first.resources.values()}
    assert {"AWS::WAFv2::WebACL", "AWS::CertificateManager::Certificate"} <= types
    for position, name in enumerate(result.order):
        assert result.stacks[name].imports <= set(result.order[:position]) | {name}


def test_cross_stack_references_are_exported_and_imported(default_files):
    _, files = default_files
    docs = templates(files)
    exports = {o["Export"]["Name"]["Fn::Sub"] for d in docs.values() for o in d.get("Outputs", {}).values()
               if "Export" in o}
    text = "\n".join(b.decode() for p, b in files.items() if p.endswith(".yaml") and "/ci/" not in p)
    imports = set()
    for doc in docs.values():
        stack = [doc["Resources"]]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if "Fn::ImportValue" in node:
                    imports.add(node["Fn::ImportValue"]["Fn::Sub"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    assert imports and imports <= exports
    assert "!Ref " in text and "!GetAtt " in text and "!Sub " in text


def test_model_text_stays_plain_text(write_model, tmp_path):
    evil = "${AWS::AccountId} 'quote' \"dq\" # not a comment\n- not: a list"
    folder = write_model({"m.yaml": SCHEMA_REF + f"""
system: {{name: Probe}}
environments:
  one: {{account: "123456789012", region: eu-west-1}}
components:
  probe-fn:
    type: lambda
    runtime: python3.12
    description: {json.dumps(evil)}
    environment: {{GREETING: {json.dumps(evil)}}}
"""})
    payload, files = rendered(folder)
    doc = templates(files)["cloudformation/app.yaml"]
    function = doc["Resources"]["ProbeFnFunction"]["Properties"]
    assert function["Description"] == evil
    assert function["Environment"]["Variables"]["GREETING"] == evil
    # cfn-lint flags ${...} outside !Sub (E1029): proof that the text stayed literal, not a substitution
    assert all(" E1029 " in p for p in lint_problems(payload, files))


def test_component_resources_cover_every_component_with_resources(default_files):
    model = load_model(MODEL)
    table = component_resources(model)
    for component in model.components.values():
        if component.type.cloudformation:
            assert table.get(component.id), component.id
            for path, lid, kind in table[component.id]:
                assert path.startswith("cloudformation/") and lid.isalnum() and kind in component.type.cloudformation \
                    or kind in ("AWS::Logs::LogGroup", "AWS::IAM::Role", "AWS::Lambda::Permission", "AWS::KMS::Key") \
                    or kind in ORIGIN_VERIFICATION and component.type.name == "api-gateway-rest", (component.id, kind)


def test_docs_page_shows_and_links_every_template(default_files):
    payload, files = default_files
    page = files[paths.page("cloudformation")].decode()
    result = build(payload)
    assert "## Deploy order" in page
    for name in result.order:
        href = paths.site_link(paths.page("cloudformation"), f"cloudformation/{name}.yaml")
        assert f"]({href})" in page
        stack_page = files[paths.stack_page(name)].decode()  # the template is shown on its stack's page
        assert f"]({paths.relative(paths.page('cloudformation'), paths.stack_page(name))})" in page
        assert files[f"cloudformation/{name}.yaml"].decode().splitlines()[1] in stack_page
        assert stack_page.count("```yaml") == 1
    assert page.count("```yaml") == 0
    assert page.index(f"1. `{result.order[0]}` in **us-east-1**") > 0


def test_deploy_actions_deploy_the_templates_the_build_packages(default_files):
    _, files = default_files
    buildspec = load(files["cloudformation/ci/build-project/buildspec.yml"])
    written = {c.split("--output-template-file ")[1].split()[0] for c in buildspec["phases"]["build"]["commands"]
               if c.startswith("aws cloudformation package") and "--output-template-file packaged/" in c}
    assert "packaged/**/*" in buildspec["artifacts"]["files"]
    pipeline = templates(files)["cloudformation/pipeline.yaml"]["Resources"]["InfraPipelinePipeline"]["Properties"]
    builds = {o["Name"] for s in pipeline["Stages"] for a in s["Actions"] if a["ActionTypeId"]["Category"] == "Build"
              for o in a.get("OutputArtifacts", [])}
    deploys = [a for s in pipeline["Stages"] for a in s["Actions"] if a["ActionTypeId"]["Provider"] == "CloudFormation"]
    assert len(deploys) >= 10
    for action in deploys:
        artifact, path = action["Configuration"]["TemplatePath"].split("::")
        assert artifact in builds and path in written, action["Name"]
        assert action["InputArtifacts"] == [{"Name": artifact}]
    deployed = {a["Configuration"]["TemplatePath"].split("::")[1] for a in deploys}
    assert written == deployed | {"packaged/global.yaml"}  # global: by the CodeBuild deployer, in us-east-1
    regional = templates(files)["cloudformation/pipeline.yaml"]["Resources"]["InfraPipelineDeployGlobal"]
    assert '--template-file \\"packaged/$STACK.yaml\\"' in json.dumps(regional["Properties"]["Source"]["BuildSpec"])
