"""Every broken or hostile model of the corpus: exit 2, located error with a fix, no traceback, nothing written."""
import os
import time
from pathlib import Path

import pytest
import yaml

from archkit.cli import main
from archkit.model import load_model
from conftest import ROOT, run_generate, snapshot

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text())


def test_corpus_is_large_and_complete():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")}
    folders.discard("__pycache__")
    assert len(EXPECTED) >= 60
    assert folders == set(EXPECTED)


def test_corpus_base_is_valid():
    load_model(ROOT / "tests" / "models" / "corpus-base")


def run_case(model: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["--model", str(model), "--out", str(out)], root=ROOT)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(name, tmp_path, capsys):
    expected = EXPECTED[name]
    out = tmp_path / "out"
    out.mkdir()
    (out / "person.md").write_text("mine\n")
    before = snapshot(CORPUS / name), snapshot(out)
    code, err = run_case(CORPUS / name, out, capsys)
    assert code == 2, err
    assert "Traceback" not in err
    located = [line for line in err.splitlines() if f"{expected['file']}:" in line]
    assert located, err
    if expected["line"]:
        assert any(f"{expected['file']}:{expected['line']}:" in line for line in located), err
    assert expected["says"] in err, err
    assert "fix:" in err
    assert (snapshot(CORPUS / name), snapshot(out)) == before


def write_big(path: Path, megabytes: int):
    filler = "".join(f"  note-{i}: {{kind: developer, description: padding padding padding}}\n" for i in range(100))
    with open(path, "w") as handle:
        handle.write((ROOT / "tests/models/corpus-base/model.yaml").read_text().replace("actors:\n", "actors:\n" + filler, 1))
        while handle.tell() < megabytes * 1024 * 1024:
            handle.write("# " + "x" * 1000 + "\n")


def test_twenty_megabyte_model(tmp_path, capsys):
    write_big(tmp_path / "model.yaml", 20)
    started = time.perf_counter()
    code, err = run_case(tmp_path, tmp_path / "out", capsys)
    assert code == 2 and "at most" in err and "model.yaml" in err
    assert time.perf_counter() - started < 10
    assert not (tmp_path / "out").exists()


def test_multi_megabyte_line(tmp_path, capsys):
    base = (ROOT / "tests/models/corpus-base/model.yaml").read_text()
    (tmp_path / "model.yaml").write_text(base.replace("system: {name: Corpus}", "system: {name: Corpus, description: '" + "y" * 3_000_000 + "'}"))
    code, err = run_case(tmp_path, tmp_path / "out", capsys)
    assert code == 2 and "model.yaml:2:" in err and "characters" in err


@pytest.mark.parametrize("name", ["python-object-tag", "alias-bomb", "invalid-utf8", "deep-nesting"])
def test_hostile_cases_end_to_end(name, tmp_path):
    result = run_generate("--model", str(CORPUS / name), "--out", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("error:")
    assert not os.listdir(tmp_path)
    assert not Path("/tmp/pwned").exists()
