"""Real public templates (tests/corpus-templates/SOURCES.md): each imports, validates and builds every output;
together at least 90% of their resources become, or belong to, a component of a catalogue type."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archkit.importer import import_templates

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus-templates"
REFUSED = {"sns-sqs.yaml": "duplicate key 'Description'"}
TEMPLATES = sorted(p for p in CORPUS.glob("*.yaml") if p.name not in REFUSED)


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_real_template_imports_validates_and_builds(template, tmp_path):
    model = tmp_path / "model"
    result = run("import", template, "--out", model)
    assert result.returncode == 0, result.stderr
    check = run("--model", model, "--validate", "--quiet")
    assert "error: " not in check.stderr and "invalid" not in check.stderr, check.stderr
    # rule findings are the imported system's (no alarms, no owners...): the build must still write every output
    build = run("--model", model, "--out", tmp_path / "out", "--quiet", "--jobs", "1", "--fail-on", "never")
    assert build.returncode == 0, build.stderr
    assert list((tmp_path / "out" / "cloudformation").glob("*.yaml")), "no template was built"
    assert list((tmp_path / "out" / "diagrams").rglob("*.svg")), "no diagram was built"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_template_gets_a_located_error(name, tmp_path):
    result = run("import", CORPUS / name, "--out", tmp_path / "model")
    assert result.returncode == 2 and REFUSED[name] in result.stderr and f"{name}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_share_of_resources_mapped_to_typed_components():
    mapped = total = 0
    for template in TEMPLATES:
        imported = import_templates([template])
        mapped, total = mapped + imported.mapped, total + imported.total
    assert total >= 30
    assert mapped / total >= 0.9, f"{mapped}/{total}"
