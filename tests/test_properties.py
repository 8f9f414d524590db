"""Property-based tests: random valid models build deterministically; random mutations of the default model
either load or fail with located problems, never with an unexpected exception."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archkit.build.producers import all_jobs
from archkit.build.runner import build
from archkit.errors import ModelError
from archkit.model import load_model
from conftest import MODEL, snapshot

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
IDS = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?", fullmatch=True)


@st.composite
def valid_models(draw) -> dict:
    ids = draw(st.lists(IDS, min_size=2, max_size=8, unique=True))
    functions, tables = ids[: len(ids) // 2], ids[len(ids) // 2:]
    components = {}
    for fid in functions:
        components[fid] = {"type": "lambda", "name": draw(TEXT), "description": draw(TEXT),
                           "runtime": draw(st.sampled_from(["python3.12", "nodejs22.x", "java21"])),
                           "memory": draw(st.integers(128, 10240)), "timeout": draw(st.integers(1, 900))}
    for tid in tables:
        components[tid] = {"type": "dynamodb-table", "name": draw(TEXT), "partition_key": {"name": draw(IDS)}}
    connections = [{"from": f, "to": t, "protocol": draw(TEXT), "purpose": draw(TEXT)}
                   for f in functions for t in tables if draw(st.booleans())]
    steps = [{"from": f, "to": t, "action": draw(TEXT)} for f in functions[:2] for t in tables[:2]]
    model = {"system": {"name": draw(TEXT), "description": draw(TEXT)},
             "environments": {"dev": {"account": "123456789012", "region": "eu-west-1"}},
             "components": components, "connections": connections}
    if steps:
        model["flows"] = {"main": {"name": draw(TEXT), "kind": "request", "steps": steps}}
    return model


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(model=valid_models())
def test_random_valid_models_build_twice_identically(tmp_path_factory, model):
    folder = tmp_path_factory.mktemp("model")
    (folder / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    loaded = load_model(folder)
    outputs = []
    for run in range(2):
        out = tmp_path_factory.mktemp(f"out{run}")
        build(all_jobs(loaded), out, workers=1)
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]


MODEL_FILES = sorted(MODEL.glob("*.yaml"))
JUNK = st.sampled_from(["\t", ":", "- ", "{", "}", "[", "]", "'", '"', "&a", "*a", "!!python/object ", "<<: ",
                        "---\n", "\x00", "\ufeff", "0x", "-1", "1e400", "~", "null", "", "  ", "#"])


@st.composite
def mutations(draw):
    path = draw(st.sampled_from(MODEL_FILES))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "insert", "replace-value", "truncate"]))
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "insert":
        column = draw(st.integers(0, len(lines[index])))
        lines[index] = lines[index][:column] + draw(JUNK) + lines[index][column:]
    elif kind == "replace-value" and ":" in lines[index]:
        key = lines[index].split(":", 1)[0]
        value = draw(st.one_of(st.integers(-10**6, 10**6), st.booleans(), TEXT.map(lambda t: repr(t)), JUNK))
        lines[index] = f"{key}: {value}\n"
    elif kind == "truncate":
        lines = lines[:index]
    return path.name, "".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_mutated_default_model_loads_or_fails_located(tmp_path_factory, mutation):
    name, text = mutation
    folder = tmp_path_factory.mktemp("mutant")
    for path in MODEL_FILES:
        shutil.copy(path, folder / path.name)
    (folder / name).write_text(text, encoding="utf-8")
    try:
        load_model(folder)
    except ModelError as error:
        assert error.problems
        for problem in error.problems:
            assert Path(problem.location.file).suffix == ".yaml", str(problem)
            assert problem.fix, str(problem)
