"""The checked-in JSON Schema is generated from the code's specs and accepts the default model."""
import json

import jsonschema
import yaml

from archkit.model.schema import schema_text
from conftest import MODEL, ROOT, USER_MODEL


def test_schema_file_in_step_with_code():
    assert (USER_MODEL / "model.schema.json").read_text(encoding="utf-8") == schema_text(), \
        "regenerate with: python -m archkit.model.schema > model/model.schema.json"


def test_every_model_file_references_the_schema():
    for path in sorted(MODEL.glob("*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = path.parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (USER_MODEL / "model.schema.json").resolve(), path


def test_default_model_is_valid_against_json_schema():
    validator = jsonschema.Draft202012Validator(json.loads((USER_MODEL / "model.schema.json").read_text()))
    for path in sorted(MODEL.glob("*.yaml")) + [ROOT / "tests/models/event-driven/model.yaml"]:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert not errors, (path, errors[:3])


def test_json_schema_catches_what_the_loader_catches():
    validator = jsonschema.Draft202012Validator(json.loads((USER_MODEL / "model.schema.json").read_text()))
    bad = {"components": {"f": {"type": "lambda", "runtime": "python3.12", "memory": 64}}}
    assert any("64" in e.message for e in validator.iter_errors(bad))
    assert list(validator.iter_errors({"components": {"f": {"type": "lambda", "runtime": "python3.12", "memry": 1}}}))
