"""A new component with only its required properties builds templates that pass cfn-lint (0 errors, 0 warnings)
and checkov (0 failed), for every type of the catalogue (issue 14 point 6): hardened defaults, or the catalogue's
default skips (`checkov_skips`), each with its reason in the resource's Metadata and on the CloudFormation page.
The models are generated from the catalogue (tests/modelgen.py), so a new type is covered when it is added."""
from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from archkit import paths
from archkit.model import load_model
from archkit.site import md
from archkit.model.catalogue import load_catalogue
from archkit.renderers.cloudformation.assemble import checkov_types
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from conftest import ROOT, run_generate
from modelgen import minimal_model

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
TYPES = sorted(load_catalogue().types)


@pytest.fixture(scope="module")
def minimal_builds(tmp_path_factory):
    """type -> (model folder, component id, rendered files), the templates written under <folder>/cfn."""
    root = tmp_path_factory.mktemp("minimal")
    result = {}
    for type_name in TYPES:
        doc, cid = minimal_model(type_name)
        folder = root / type_name
        (folder / "cfn").mkdir(parents=True)
        (folder / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
        files = render_templates(templates_payload(load_model(folder)))
        for path, data in files.items():
            if path.startswith(f"{paths.CLOUDFORMATION_DIR}/") and path.count("/") == 1:
                (folder / "cfn" / path.rsplit("/", 1)[1]).write_bytes(data)
        result[type_name] = (folder, cid, files)
    return result


def test_the_minimal_models_hold_only_required_properties_of_the_type_under_test():
    catalogue = load_catalogue()
    for type_name in TYPES:
        doc, cid = minimal_model(type_name)
        required = {n for n, spec in catalogue.types[type_name].properties.items() if spec.required}
        extra = set(doc["components"][cid]) - {"type"} - required
        assert extra <= {"artifact_bucket"}, (type_name, extra)  # a pipeline needs its artifact store


@pytest.mark.parametrize("type_name", TYPES)
def test_cfn_lint_reports_nothing_for_a_minimal_component(minimal_builds, type_name):
    from cfnlint.api import ManualArgs, lint
    folder, _, _ = minimal_builds[type_name]
    problems = []
    for template in sorted((folder / "cfn").glob("*.yaml")):
        regions = ["us-east-1"] if template.name == "global.yaml" else ["eu-west-1"]
        problems += [f"{template.name}: {m.rule.id} {m.message}"
                     for m in lint(template.read_text(), config=ManualArgs(regions=regions))]
    assert list((folder / "cfn").glob("*.yaml")) or type_name in {"gitlab-repo", "gitlab-runner", "metric",
                                                                   "cloudformation-stack"}
    assert problems == []


def test_checkov_fails_nothing_and_every_skip_is_the_catalogues_reason(minimal_builds):
    assert CHECKOV.exists(), "run scripts/setup.sh --dev: it creates .venv-checkov with checkov"
    root = next(iter(minimal_builds.values()))[0].parent
    run = subprocess.run([str(CHECKOV), "-d", str(root), "--framework", "cloudformation", "--skip-download",
                          "-o", "json"], capture_output=True, text=True, timeout=600)
    reports = json.loads(run.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [(c["check_id"], c["file_path"]) for r in reports for c in r["results"]["failed_checks"]]
    assert failed == []
    passed = sum(r["summary"]["passed"] for r in reports)
    assert passed > 100
    reasons = {(t.name, s.rule): s.reason for t in load_catalogue().types.values() for s in t.checkov_skips}
    skipped = [c for r in reports for c in r["results"]["skipped_checks"]]
    assert skipped
    for check in skipped:
        type_name = check["file_path"].strip("/").split("/")[0]
        assert any(check["check_result"]["suppress_comment"] == reason for (t, rule), reason in reasons.items()
                   if rule == check["check_id"]), (type_name, check["check_id"])


def test_every_default_skip_names_a_check_of_a_resource_type_the_type_creates():
    table = checkov_types()
    for type_ in load_catalogue().types.values():
        for skip in type_.checkov_skips:
            assert skip.rule in table, (type_.name, skip.rule)
            assert skip.reason.strip() and (skip.unless or skip.unless_text or skip.only_text or skip.when), (type_.name, skip.rule)


def test_a_default_skip_yields_to_what_the_check_wants_and_to_the_models_own_reason(tmp_path):
    doc, cid = minimal_model("lambda")
    doc["components"][cid].update(reserved_concurrency=5, suppress=[
        {"rule": "CKV_AWS_117", "reason": "our own reason"}])
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    files = render_templates(templates_payload(load_model(tmp_path)))
    template = yaml.safe_load(files["cloudformation/app.yaml"].decode().replace("!", ""))
    function = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function")
    skips = {s["id"]: s["comment"] for s in function["Metadata"]["checkov"]["skip"]}
    assert "CKV_AWS_115" not in skips  # reserved_concurrency set: the check passes on its own
    assert skips["CKV_AWS_117"] == "our own reason"
    assert skips["CKV_AWS_116"].startswith("No dead_letter in the model")
    page = files[paths.page("cloudformation")].decode()
    assert "## Checks skipped by the catalogue's defaults" in page
    assert f"| `CKV_AWS_116` | {md.text(skips['CKV_AWS_116'])} |" in page


def test_codepipeline_without_artifact_store_or_stages_is_a_located_error(tmp_path):
    doc = {"system": {"name": "Bare pipeline"}, "environments": {"dev": {"account": "111111111111",
                                                                         "region": "eu-west-1"}},
           "components": {"delivery": {"type": "codepipeline"}}}
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    result = run_generate("--model", str(tmp_path), "--validate")
    assert result.returncode == 2
    assert "components.delivery: CloudFormation: codepipeline 'delivery' has no artifact_bucket" in result.stderr
    assert "fix: add an s3-bucket with purpose: artifacts" in result.stderr


def test_a_distribution_without_origins_is_a_located_error_not_a_traceback(tmp_path):
    doc = {"system": {"name": "No origins"}, "environments": {"dev": {"account": "111111111111",
                                                                      "region": "eu-west-1"}},
           "components": {"cdn": {"type": "cloudfront", "origins": []}}}
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    result = run_generate("--model", str(tmp_path), "--validate")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "components.cdn: CloudFormation: cloudfront 'cdn' has no origins" in result.stderr
