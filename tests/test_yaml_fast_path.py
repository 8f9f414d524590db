"""The model reader parses with libyaml when it can and falls back to PyYAML's Python reader for errors: on what
PyYAML reads, both must give the same values and positions, and every error is worded and located by PyYAML.
libyaml, YAML's reference parser, reads a few odd constructs PyYAML refuses (e.g. `? |` at the top of a file);
those then load and meet the model checks like any other text."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archkit.model import yamlsafe

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    path for folder in ("model", "tests/models", "tests/corpus") for path in (ROOT / folder).rglob("*.yaml")
)
JUNK = st.sampled_from(["[", "]", "{", "}", ": ", "- ", "? ", "&a ", "*a ", "!!str ", "!x ", "'", '"', "|", ">",
                        "\t", "#", "---\n", "...\n", "\\", "%YAML 1.1\n", "<<: *a\n", "\x85", "\ufeff", "\u2028"])


def read(path: Path, fast: bool, monkeypatch):
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yamlsafe, "_CParser", None)
        try:
            value, positions = yamlsafe.read_yaml(path, path.name)
            return "ok", value, without_empty_values(value, positions), positions.keys
        except yamlsafe.YamlError as error:
            return "error", str(error.problem)


def without_empty_values(value, positions) -> dict:
    """Positions, less those of values left empty (`key:` then nothing): libyaml puts an empty value where the next
    token starts, PyYAML right after the key."""
    return {path: where for path, where in positions.items() if lookup(value, path) is not None}


def lookup(value, path: tuple):
    for step in path:
        value = value[step]
    return value


def test_libyaml_is_there_so_the_fast_path_is_measured():
    assert yamlsafe._CParser is not None, "PyYAML was built without libyaml: every read takes the slow path"


@pytest.mark.parametrize("path", YAML_FILES, ids=[str(p.relative_to(ROOT)) for p in YAML_FILES])
def test_fast_and_python_reader_agree_on_every_model_file(path, monkeypatch):
    assert read(path, True, monkeypatch) == read(path, False, monkeypatch)


def test_hostile_nesting_is_refused_without_crashing(tmp_path, monkeypatch):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    outcome = read(path, True, monkeypatch)
    assert outcome[0] == "error" and "nesting" in outcome[1]


@settings(max_examples=int(__import__("os").environ.get("FAST_PATH_EXAMPLES", 150)), deadline=None)
@given(source=st.sampled_from(YAML_FILES[:40]), edits=st.lists(st.tuples(st.floats(0, 1), JUNK), min_size=1,
                                                                max_size=4))
def test_fast_and_python_reader_agree_on_mangled_text(tmp_path_factory, source, edits):
    text = source.read_text(encoding="utf-8")
    for where, junk in edits:
        cut = int(where * len(text))
        text = text[:cut] + junk + text[cut:]
    path = tmp_path_factory.mktemp("mangled") / "model.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, python = read(path, True, monkeypatch), read(path, False, monkeypatch)
    if python[0] == "ok" or "YAML syntax error" in fast[-1]:
        assert fast == python
