"""The JSON Schema of a model file, generated from structure.yaml and the catalogue (one source of truth)."""
from __future__ import annotations

import json

from .catalogue import Catalogue, load_catalogue, load_structure
from .spec import Spec

SCHEMA_ID = "https://archkit.example/model.schema.json"
ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$"


def to_json_schema(spec: Spec, catalogue: Catalogue, properties: dict[str, Spec] | None = None) -> dict:
    out: dict = {"description": spec.doc} if spec.doc else {}
    kind = spec.kind
    if kind in ("string", "ref", "environment"):
        out["type"] = "string"
        if spec.pattern:
            out["pattern"] = spec.pattern
        if spec.max_length is not None:
            out["maxLength"] = spec.max_length
    elif kind in ("integer", "number"):
        out["type"] = kind
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
    elif kind == "boolean":
        out["type"] = "boolean"
    elif kind == "enum":
        out["enum"] = list(spec.values)
    elif kind == "component-type":
        out["enum"] = sorted(catalogue.types)
    elif kind == "actor-kind":
        out["enum"] = sorted(catalogue.actor_kinds)
    elif kind == "layer":
        out["enum"] = list(catalogue.layers)
    elif kind == "list":
        out.update(type="array", items=to_json_schema(spec.items, catalogue, properties))
        if spec.max_length is not None:
            out["maxItems"] = spec.max_length
    elif kind == "map":
        names = {"pattern": spec.key_pattern} if spec.key_pattern else \
            {"pattern": ID_PATTERN} if spec.values_of.kind == "object" else {}
        out.update(type="object", additionalProperties=to_json_schema(spec.values_of, catalogue, properties),
                   propertyNames=names)
    elif kind == "overrides":
        optional = {k: Spec(**{**s.__dict__, "required": False}) for k, s in (properties or {}).items()}
        out.update(object_schema(optional, catalogue))
    elif kind == "object":
        out.update(object_schema(spec.fields, catalogue, properties))
    if spec.default is not None and kind not in ("object", "map"):
        out["default"] = spec.default
    return out


def object_schema(fields: dict[str, Spec], catalogue: Catalogue, properties=None) -> dict:
    return {
        "type": "object",
        "properties": {name: to_json_schema(sub, catalogue, properties) for name, sub in fields.items()},
        "required": sorted(name for name, sub in fields.items() if sub.required),
        "additionalProperties": False,
    }


def component_schema(structure: dict[str, Spec], catalogue: Catalogue) -> dict:
    common = structure["component"]
    branches = []
    for name, ctype in sorted(catalogue.types.items()):
        fields = {**common.fields, **ctype.properties}
        then = object_schema(fields, catalogue, ctype.properties)
        then["description"] = ctype.label
        branches.append({"if": {"properties": {"type": {"const": name}}, "required": ["type"]}, "then": then})
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": sorted(catalogue.types), "description": "Component type from the catalogue"}},
        "allOf": branches,
    }


def model_schema(catalogue: Catalogue | None = None) -> dict:
    catalogue = catalogue or load_catalogue()
    structure = load_structure()
    sections = {name: to_json_schema(spec, catalogue) for name, spec in structure.items() if name != "component"}
    sections["components"] = {
        "description": "Components by id",
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/component"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "archkit model file",
        "description": "One file of an archkit model; a model folder merges all its files.",
        "type": "object",
        "properties": dict(sorted(sections.items())),
        "additionalProperties": False,
        "$defs": {"component": component_schema(structure, catalogue)},
    }


def schema_text() -> str:
    return json.dumps(model_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(schema_text())
