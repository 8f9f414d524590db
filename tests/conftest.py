"""Shared helpers: the project root, running generate.py, and snapshots of a folder."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The tool's tests run on a copy of the example model (tests/models/reference), never on model/: an architect
# editing model/ must not make them fail. model/ itself is gated by tests/test_user_model_gate.py (it builds,
# passes --strict and the template validators) and by the committed-outputs check.
MODEL = ROOT / "tests" / "models" / "reference"
USER_MODEL = ROOT / "model"
SCHEMA_REF = f"# yaml-language-server: $schema={(ROOT / 'model' / 'model.schema.json').as_posix()}\n"


def run_generate(*args: str, cwd: Path = ROOT, timeout: float = 300, python_flags: bool = False,
                 user_model: bool = False, rules_gate: bool = False) -> subprocess.CompletedProcess:
    """Run generate.py; with python_flags, leading args up to the first '--' option go to Python itself. Run from
    the project root without --model, it builds the reference copy (MODEL), or model/ itself with user_model.
    Rule errors fail a build by default; the test models carry some, so unless rules_gate (or --strict/--fail-on
    is given) the rules only report here: these tests are about building, test_rules_cli.py about the gate."""
    flags: list[str] = []
    if python_flags:
        while args and not args[0].startswith("--"):
            flags.append(args[0])
            args = args[1:]
    if cwd == ROOT and "--model" not in args and not user_model and args[:1] != ("diff",):
        args = ("--model", str(MODEL), *args)
    if not rules_gate and args[:1] != ("diff",) and not {"--strict", "--fail-on", "--help", "--list-rules"} & set(args):
        args = (*args, "--fail-on", "never")
    return subprocess.run([sys.executable, *flags, str(ROOT / "generate.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


def snapshot(folder: Path) -> dict[str, str]:
    """Path -> sha256 of every file under folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def write_model(tmp_path):
    """Write {file name: text} into a fresh model folder and return the folder."""
    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "model"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            data = text if isinstance(text, bytes) else text.encode()
            (folder / name).write_bytes(data)
        return folder
    return write


# CI explores the same examples every run (a landing must not depend on luck); locally each run explores anew.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
