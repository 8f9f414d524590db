"""The gate of the user's model (model/): the one place the tests read it (issue 16 point 9). The tool's own tests
run on tests/models/reference and on generated models. Here: model/ builds with --strict and its templates pass
cfn-lint and checkov; and an architect's typical edit, one Lambda function with only its required properties added
to a copy of model/, keeps the build, cfn-lint and checkov passing (rules then report what to add, e.g. its alarm; besides the committed-outputs check in test_rebuild.py)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from archkit.model import load_model
from archkit.model.catalogue import load_catalogue
from conftest import ROOT, USER_MODEL, run_generate

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def required_only(type_name: str) -> dict:
    """A component of `type_name` with its required scalar properties, as an architect would first write it."""
    spec = load_catalogue().types[type_name].properties
    values = {name: (p.values[0] if p.kind == "enum" else p.example or "x") for name, p in spec.items() if p.required}
    return {"type": type_name, **values}


def with_new_function(folder):
    """model/ copied, plus a file with one new function (only `runtime`, its one required property)."""
    shutil.copytree(USER_MODEL, folder)
    function = required_only("lambda")
    text = "components:\n  new-fn:\n" + "".join(f"    {k}: {v}\n" for k, v in function.items())
    (folder / "zz-new.yaml").write_text(text)
    return folder


def validators_pass(out) -> None:
    from cfnlint.api import ManualArgs, lint
    templates = sorted((out / "cloudformation").glob("*.yaml"))
    assert templates
    problems = []
    for template in templates:
        regions = ["us-east-1"] if template.name.startswith("global") else None
        config = ManualArgs(regions=regions) if regions else ManualArgs()
        problems += [f"{template.name}: {m.rule.id} {m.message}" for m in lint(template.read_text(), config=config)]
    assert problems == []
    assert CHECKOV.exists(), "run scripts/setup.sh --dev: it creates .venv-checkov with checkov"
    run = subprocess.run([str(CHECKOV), "-d", str(out / "cloudformation"), "--framework", "cloudformation",
                          "--skip-download", "-o", "json"], capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    report = report[0] if isinstance(report, list) else report
    assert [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]] == []


@pytest.mark.parametrize("edited", [False, True], ids=["model", "model-plus-a-new-function"])
def test_the_users_model_builds_strict_and_passes_the_validators(edited, tmp_path):
    model = with_new_function(tmp_path / "model") if edited else USER_MODEL
    if edited:
        assert "new-fn" in load_model(model).components
    out = tmp_path / "out"
    strict = () if edited else ("--strict",)  # a new function has findings to fix (no alarm yet): not an error
    result = run_generate("--model", str(model), "--out", str(out), *strict, "--quiet")
    assert result.returncode == 0, result.stderr[-3000:]
    validators_pass(out)
