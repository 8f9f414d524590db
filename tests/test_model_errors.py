"""Every kind of model error is caught, located at file:line, with a fix, all at once, and writes nothing."""
import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from conftest import run_generate, snapshot

BASE = """system: {name: Test}
environments:
  dev: {account: "111111111111", region: eu-west-1}
components:
  fn:
    type: lambda
    runtime: python3.12
  table:
    type: dynamodb-table
    partition_key: {name: pk}
"""


def problems_of(write_model, files):
    with pytest.raises(ModelError) as caught:
        load_model(write_model(files))
    return caught.value.problems


CASES = {
    # name: (files, file, line, text that must appear in the message or fix)
    "misspelt key": ({"a.yaml": BASE.replace("runtime: python3.12", "runtime: python3.12\n    memroy: 256")},
                     "a.yaml", 8, "did you mean 'memory'"),
    "misspelt type": ({"a.yaml": BASE.replace("type: lambda", "type: lamda")}, "a.yaml", 6, "did you mean 'lambda'"),
    "misspelt enum": ({"a.yaml": BASE.replace("python3.12", "pythn3.12")}, "a.yaml", 7, "did you mean 'python3.12'"),
    "memory too small": ({"a.yaml": BASE.replace("runtime: python3.12", "runtime: python3.12\n    memory: 64")},
                         "a.yaml", 8, "from 128 to 10240"),
    "timeout too long": ({"a.yaml": BASE.replace("runtime: python3.12", "runtime: python3.12\n    timeout: 901")},
                         "a.yaml", 8, "900"),
    "wrong type": ({"a.yaml": BASE.replace("runtime: python3.12", "runtime: python3.12\n    memory: lots")},
                   "a.yaml", 8, "whole number"),
    "unquoted account": ({"a.yaml": BASE.replace('"111111111111"', "111111111111")}, "a.yaml", 3, "quote it"),
    "dangling reference": ({"a.yaml": BASE + "connections:\n  - {from: fn, to: tabel, protocol: SDK}\n"},
                           "a.yaml", 12, "did you mean 'table'"),
    "reference of wrong type": ({"a.yaml": BASE.replace("runtime: python3.12", "runtime: python3.12\n    log_group: table")},
                                "a.yaml", 8, "expected the id of log-group"),
    "unknown environment": ({"a.yaml": BASE.replace("runtime: python3.12", "runtime: python3.12\n    overrides: {dve: {memory: 256}}")},
                            "a.yaml", 8, "did you mean 'dev'"),
    "missing required": ({"a.yaml": BASE.replace("    partition_key: {name: pk}\n", "")}, "a.yaml", 8, "partition_key"),
    "duplicate key": ({"a.yaml": BASE.replace("runtime: python3.12", "runtime: python3.12\n    runtime: python3.11")},
                      "a.yaml", 8, "duplicate key 'runtime'"),
    "duplicate id across files": ({"a.yaml": BASE, "b.yaml": "components:\n  fn: {type: sqs-queue}\n"},
                                  "b.yaml", 2, "duplicate id 'fn'"),
    "unknown section": ({"a.yaml": BASE + "conections: []\n"}, "a.yaml", 11, "did you mean 'connections'"),
    "self connection": ({"a.yaml": BASE + "connections:\n  - {from: fn, to: fn, protocol: SDK}\n"},
                        "a.yaml", 12, "connected to itself"),
    "bad id": ({"a.yaml": BASE + "  ../../etc/passwd: {type: sqs-queue}\n"}, "a.yaml", 11, "lower-case letters"),
    "tabs": ({"a.yaml": BASE.replace("    runtime", "\truntime")}, "a.yaml", 7, "tab"),
    "syntax error": ({"a.yaml": BASE.replace("{name: pk}", "{name: pk")}, "a.yaml", 11, "YAML syntax error"),
    "invalid utf-8": ({"a.yaml": BASE.encode().replace(b"Test", b"T\xffst")}, "a.yaml", 1, "UTF-8"),
    "empty file": ({"a.yaml": BASE, "b.yaml": "  \n"}, "b.yaml", 1, "empty"),
    "root not a mapping": ({"a.yaml": BASE, "b.yaml": "- one\n- two\n"}, "b.yaml", 1, "not a mapping"),
    "several documents": ({"a.yaml": BASE + "---\nflows: {}\n"}, "a.yaml", 11, "more than one YAML document"),
    "python tag": ({"a.yaml": BASE + "actors: !!python/object/apply:os.system ['echo pwned']\n"}, "a.yaml", 11,
                   "not allowed"),
    "unknown tag": ({"a.yaml": BASE.replace("python3.12", "!Ref python3.12")}, "a.yaml", 7, "not allowed"),
    "alias bomb": ({"a.yaml": BASE + "actors:\n  x:\n    kind: end-user\n    description: &a [x, x, x, x, x, x, x, x, x, x]\n"
                    + "".join(f"    d{i}: &a{i + 1} [{', '.join(['*a' if i == 0 else f'*a{i}'] * 10)}]\n" for i in range(7))},
                   "a.yaml", 0, "alias-expansion"),
    "deep nesting": ({"a.yaml": BASE + "flows: " + "[" * 200 + "]" * 200 + "\n"}, "a.yaml", 0, "nesting"),
    "no system": ({"a.yaml": BASE.replace("system: {name: Test}\n", "")}, "a.yaml", 0, "no 'system' section"),
    "undefined authorizer": ({"a.yaml": BASE + "  api:\n    type: api-gateway-rest\n    stages: {dev: {environment: dev}}\n"
                              "    routes: [{method: GET, path: /x, target: fn, authorizer: cognto}]\n"},
                             "a.yaml", 14, "no authorizer named 'cognto'"),
    "public route without reason": ({"a.yaml": BASE + "  api:\n    type: api-gateway-rest\n    stages: {dev: {environment: dev}}\n"
                                     "    routes: [{method: GET, path: /x, target: fn, public: true}]\n"},
                                    "a.yaml", 14, "public_reason"),
    "flow step to nowhere": ({"a.yaml": BASE + "flows:\n  f:\n    name: F\n    steps: [{from: fn, to: nowhere, action: x}]\n"},
                             "a.yaml", 14, "'nowhere' is not the id"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_error_is_located_with_a_fix(write_model, name):
    files, file, line, text = CASES[name]
    problems = problems_of(write_model, files)
    matching = [p for p in problems if text in (p.message + " " + p.fix)]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.location.file.endswith(file)
    if line:
        assert problem.location.line == line, str(problem)
    assert problem.fix, "every problem says how to fix it"


def test_all_errors_reported_at_once(write_model):
    text = BASE.replace("runtime: python3.12", "runtime: python3.12\n    memory: 64\n    timout: 3")
    text += "connections:\n  - {from: fn, to: tabel, protocol: SDK}\n"
    problems = problems_of(write_model, {"a.yaml": text})
    assert len(problems) == 3
    assert [p.location.line for p in problems] == sorted(p.location.line for p in problems)


def test_path_in_model_is_named(write_model):
    text = BASE.replace("runtime: python3.12", "runtime: python3.12\n    timeout: 901")
    (problem,) = problems_of(write_model, {"a.yaml": text})
    assert problem.path == "components.fn.timeout"


def test_cli_invalid_model_exit_two_no_traceback_nothing_written(write_model, tmp_path):
    folder = write_model({"a.yaml": BASE.replace("type: lambda", "type: lamda")})
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    before = snapshot(tmp_path)
    result = run_generate("--model", str(folder), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "a.yaml:6:11" in result.stderr and "did you mean 'lambda'" in result.stderr
    assert snapshot(tmp_path) == before


def test_missing_model_path_is_a_clear_error(tmp_path):
    result = run_generate("--model", str(tmp_path / "nope"), "--validate")
    assert result.returncode == 2 and "no such file or folder" in result.stderr
