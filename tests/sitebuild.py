"""Build the site in a temporary copy of the project, for the site tests: generate.py, then mkdocs build --strict."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["archkit", "model", "docs", "mkdocs.yml", "generate.py", ".archkit"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


REFERENCE = ROOT / "tests" / "models" / "reference"  # the example model's copy: the tests never read model/


def copy_project(dest: Path, model: Path | None = None) -> Path:
    """The project copied to dest, its model/ replaced by `model` (default: the reference copy of the example)."""
    model = REFERENCE if model is None else model
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    shutil.rmtree(dest / "model")
    shutil.copytree(model, dest / "model") if model.is_dir() else (
        (dest / "model").mkdir(), shutil.copy2(model, dest / "model" / model.name))
    if not (dest / "model" / "model.schema.json").exists():
        shutil.copy2(ROOT / "model" / "model.schema.json", dest / "model" / "model.schema.json")
    return dest


LINK_CHECK = {"htmlproofer": {"validate_external_urls": False, "raise_error": True}}


def with_link_check(project: Path) -> Path:
    """The site's mkdocs.yml plus htmlproofer: the link check runs in the tests, not in every `mkdocs build`."""
    import yaml

    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["plugins"] = [*config.get("plugins", []), LINK_CHECK]
    checked = project / "mkdocs-linkcheck.yml"
    checked.write_text(yaml.safe_dump(config, sort_keys=False))
    return checked


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def build_site(project: Path) -> subprocess.CompletedProcess:
    """generate.py then `mkdocs build --strict` with the link check in project; returns the mkdocs run."""
    generated = subprocess.run([sys.executable, "generate.py", "--quiet", "--fail-on", "never"], cwd=project, capture_output=True,
                               text=True, env={**env(), "PYTHONPATH": str(project)}, timeout=600)
    assert generated.returncode == 0, generated.stderr
    return subprocess.run([*MKDOCS, "build", "--strict", "-f", str(with_link_check(project))], cwd=project, capture_output=True, text=True,
                          env={**env(), "PYTHONPATH": str(project)}, timeout=600)
