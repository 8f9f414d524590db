"""The pipeline's stack is deployed once, in the home environment (marked `home: true`, else the first)."""
from __future__ import annotations

import shutil

from archkit.model import load_model
from archkit.renderers.cloudformation.render import outputs_for, render_templates
from archkit.renderers.cloudformation.snapshot import templates_payload
from conftest import MODEL, run_generate


def copy_model(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    return folder


def parameter_files(model_path, stack: str) -> list[str]:
    return [p for p in outputs_for(templates_payload(load_model(model_path)))
            if p.startswith("cloudformation/parameters/") and p.endswith(f"/{stack}.json")]


def test_without_a_home_flag_the_first_environment_runs_the_pipeline():
    assert load_model(MODEL).home_environment == "dev"
    assert parameter_files(MODEL, "pipeline") == ["cloudformation/parameters/dev/pipeline.json"]
    assert parameter_files(MODEL, "app") == ["cloudformation/parameters/dev/app.json",
                                             "cloudformation/parameters/prod/app.json"]


def test_home_flag_moves_the_pipeline_stack_and_the_page_says_where(tmp_path):
    folder = copy_model(tmp_path)
    system = folder / "system.yaml"
    system.write_text(system.read_text().replace("    production: true\n", "    production: true\n    home: true\n"))
    assert load_model(folder).home_environment == "prod"
    assert parameter_files(folder, "pipeline") == ["cloudformation/parameters/prod/pipeline.json"]
    files = render_templates(templates_payload(load_model(folder)))
    page = files["docs/architecture/cloudformation.md"].decode()
    assert "`pipeline` once, in the home environment `prod` only" in page
    assert "deploy it by hand once, in the home environment `prod`" in page


def test_two_home_environments_are_a_located_error_and_nothing_is_written(tmp_path):
    folder = copy_model(tmp_path)
    system = folder / "system.yaml"
    text = system.read_text().replace("    production: true\n", "    production: true\n    home: true\n")
    system.write_text(text.replace("    region: ap-southeast-1\n", "    region: ap-southeast-1\n    home: true\n", 1))
    out = tmp_path / "out"
    run = run_generate("--model", str(folder), "--out", str(out))
    assert run.returncode == 2
    assert "system.yaml:" in run.stderr and "'dev' is already the home environment" in run.stderr
    assert not out.exists() or not any(out.rglob("*.yaml"))
