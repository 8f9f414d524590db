"""Systems nobody wrote: ten seeds in a row of tests/modelgen.plausible_system (15 to 120 components, every
catalogue type among them, connected by the references the catalogue derives and by SDK calls) build templates
that pass cfn-lint (0 errors, 0 warnings) and checkov (0 failed), like the hand-written test models do. The same
systems are deployed in moto by test_deploy_moto. Before, they showed: routes to a queue, table or state machine
with no method (an API that could not deploy), records with no value, dashboards whose region was not
substituted, two pipelines' deploy roles of one name, two queues each the other's dead-letter queue."""
from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from archkit import paths
from archkit.model import load_model
from archkit.renderers.cloudformation.render import render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from conftest import ROOT
from modelgen import plausible_system

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
SEEDS = range(10)


@pytest.fixture(scope="module")
def plausible_builds(tmp_path_factory):
    """seed -> the folder its templates are written to (<root>/<seed>/cfn)."""
    root = tmp_path_factory.mktemp("plausible")
    built = {}
    for seed in SEEDS:
        folder = root / str(seed)
        (folder / "cfn").mkdir(parents=True)
        (folder / "model.yaml").write_text(yaml.safe_dump(plausible_system(seed)), encoding="utf-8")
        for path, data in render_templates(templates_payload(load_model(folder))).items():
            if path.startswith(f"{paths.CLOUDFORMATION_DIR}/") and path.count("/") == 1:
                (folder / "cfn" / path.rsplit("/", 1)[1]).write_bytes(data)
        built[seed] = folder / "cfn"
    return built


@pytest.mark.parametrize("seed", SEEDS)
def test_cfn_lint_reports_nothing_for_a_plausible_system(plausible_builds, seed):
    from cfnlint.api import ManualArgs, lint
    templates = sorted(plausible_builds[seed].glob("*.yaml"))
    assert templates
    problems = []
    for template in templates:
        regions = ["us-east-1"] if template.name == "global.yaml" else ["eu-west-1"]
        problems += [f"{template.name}: {m.rule.id} {m.message[:200]}"
                     for m in lint(template.read_text(), config=ManualArgs(regions=regions))]
    assert problems == []


def test_checkov_fails_nothing_on_the_plausible_systems(plausible_builds):
    assert CHECKOV.exists(), "run scripts/setup.sh --dev: it creates .venv-checkov with checkov"
    root = next(iter(plausible_builds.values())).parent.parent
    run = subprocess.run([str(CHECKOV), "-d", str(root), "--framework", "cloudformation", "--skip-download",
                          "-o", "json"], capture_output=True, text=True, timeout=900)
    reports = json.loads(run.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [(c["check_id"], c["file_path"], c["resource"]) for r in reports for c in r["results"]["failed_checks"]]
    assert failed == []
    assert sum(r["summary"]["passed"] for r in reports) > 1000


ZONE = """
system: {name: Dns}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  api: {type: api-gateway-rest, routes: [{method: GET, path: /a, target: fn, public: true, public_reason: x}],
        stages: {v1: {environment: dev}}}
  fn: {type: lambda, runtime: python3.12}
  zone:
    type: route53-zone
    domain: example.org
    records:
"""


@pytest.mark.parametrize("record, says", [
    ("      - {name: www}\n", "has neither alias_to nor value"),
    ("      - {name: api, alias_to: api}\n", "cannot alias"),
])
def test_a_record_that_would_answer_nothing_is_a_located_error(write_model, record, says):
    from conftest import run_generate
    folder = write_model({"model.yaml": ZONE + record})
    run = run_generate("--model", str(folder), "--validate")
    assert run.returncode == 2 and says in run.stderr and "model.yaml:" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_a_dashboard_of_metrics_without_dimensions_still_substitutes_its_region(write_model):
    from archkit.renderers.cloudformation.assemble import build
    from archkit.renderers.cloudformation.intrinsics import Sub
    folder = write_model({"model.yaml": """
system: {name: Board}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  orders: {type: metric, namespace: Shop, metric_name: Orders}
  board: {type: dashboard, widgets: [orders]}
"""})
    result = build(templates_payload(load_model(folder)))
    [body] = [r.properties["DashboardBody"] for s in result.stacks.values() for r in s.resources.values()
              if r.type == "AWS::CloudWatch::Dashboard"]
    assert isinstance(body, Sub) and "${AWS::Region}" in body.template
