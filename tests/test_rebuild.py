"""The whole tool, end to end: incremental rebuilds, the staleness check, progress output (issue 6)."""
import shutil

import pytest

from conftest import MODEL, ROOT, run_generate, snapshot


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the default model and a full build of it, shared by the tests of this module."""
    base = tmp_path_factory.mktemp("rebuild")
    model, out = base / "model", base / "out"
    shutil.copytree(MODEL, model)
    result = run_generate("--model", str(model), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return model, out, result


def test_plain_progress_and_summary_when_not_on_a_terminal(built):
    _, _, result = built
    lines = result.stderr.splitlines() + result.stdout.splitlines()
    assert any(line.startswith("[1/") for line in lines), "plain N/M lines for CI logs"
    assert not any("\r" in line or "\033" in line for line in lines), "no terminal control codes in a log"
    assert any(line.startswith("rendered ") and " s" in line for line in result.stdout.splitlines())


def test_noop_rebuild_writes_nothing_and_never_imports_diagrams(built):
    model, out, _ = built
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run_generate("-X", "importtime", "--model", str(model), "--out", str(out), python_flags=True)
    assert result.returncode == 0, result.stderr
    assert "rendered 0 " in result.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "import time:" in line]
    assert imported and not [m for m in imported if m.split(".")[0] in ("diagrams", "graphviz", "cfnlint")]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_check_passes_then_names_what_an_edit_makes_stale(built, tmp_path):
    model, out, _ = built
    assert run_generate("--model", str(model), "--out", str(out), "--check").returncode == 0
    edited = tmp_path / "model"
    shutil.copytree(model, edited)
    first = sorted(edited.glob("*.yaml"))[0]
    first.write_text(first.read_text().replace("description: ", "description: Changed. ", 1))
    before = snapshot(out)
    result = run_generate("--model", str(edited), "--out", str(out), "--check")
    assert result.returncode == 1
    assert "stale: " in result.stderr and "generate.py" in result.stderr
    assert snapshot(out) == before, "--check writes nothing"


def test_quiet_prints_nothing_on_success(built):
    model, out, _ = built
    result = run_generate("--model", str(model), "--out", str(out), "--quiet")
    assert result.returncode == 0 and result.stdout == ""


def test_committed_outputs_match_the_default_model():
    result = run_generate("--check", user_model=True)  # the gate of model/: its committed outputs are in step
    assert result.returncode == 0, result.stderr[-3000:]
