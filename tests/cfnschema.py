"""Generated resource properties checked against the CloudFormation resource provider schemas that cfn-lint ships
(cfnlint.schema), with jsonschema: property names, types, enums, ranges, patterns and required properties, as the
CloudFormation registry defines them (issue 15 point 5).

A value that is an intrinsic function (Ref, Fn::GetAtt, Fn::Sub, Fn::ImportValue, ...) resolves only at deploy
time: an error at such a value, or a oneOf/anyOf that one of its branches would pass but for such values, is not
reported. Patterns use the `regex` module (the schemas use \\p{L}, which `re` lacks), as cfn-lint does."""
from __future__ import annotations

import functools

import jsonschema
import regex
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

REGION = "us-east-1"


def is_intrinsic(value) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in {
        "Ref", "Condition"} | {k for k in value if k.startswith("Fn::")}


def contains_intrinsic(value) -> bool:
    if is_intrinsic(value):
        return True
    if isinstance(value, dict):
        return any(contains_intrinsic(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_intrinsic(v) for v in value)
    return False


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


@functools.cache
def validator(resource_type: str):
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, resource_type).schema
    return Validator(schema)


def real(error) -> bool:
    """The error stands even though intrinsic functions resolve at deploy time."""
    if is_intrinsic(error.instance):
        return False
    if error.validator in ("anyOf", "oneOf"):
        if contains_intrinsic(error.instance) and not error.context:
            return False  # "valid under each of": an intrinsic may match several branches
        branches: dict[int, list] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        if any(not any(real(e) for e in errs) for errs in branches.values()):
            return False
    return True


def problems(template: dict, name: str = "") -> list[str]:
    """Each property that breaks its resource type's schema: '<template> <logical id> <path>: <message>'."""
    found = []
    for lid, resource in template.get("Resources", {}).items():
        properties = resource.get("Properties", {})
        for error in validator(resource["Type"]).iter_errors(properties):
            if real(error):
                path = "/".join(map(str, error.absolute_path)) or "(properties)"
                found.append(f"{name} {lid} {resource['Type']} {path}: {error.message[:300]}")
    return sorted(found)
