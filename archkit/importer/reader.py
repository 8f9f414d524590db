"""Reading an untrusted CloudFormation template: YAML with the short-form tags (!Ref, !GetAtt, !Sub...) or JSON.

The bounds are the model reader's (archkit/model/yamlsafe.py): file size, value count, nesting depth, text length.
Short-form tags become the long form ({"Fn::GetAtt": [...]}), so the rest of the importer sees one shape.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..errors import Location, Problem
from ..model import yamlsafe
from ..model.yamlsafe import YamlError

# !Tag -> long-form key; GetAtt's scalar form "A.b" becomes [A, b] as CloudFormation reads it.
SHORT_FORMS = {
    "!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt",
    **{f"!{name}": f"Fn::{name}" for name in (
        "Sub", "ImportValue", "Join", "Select", "Split", "FindInMap", "GetAZs", "Base64", "Cidr", "If", "Not",
        "Equals", "And", "Or", "Transform", "Length", "ToJsonString", "ForEach")},
}


class TemplateError(Exception):
    """A template cannot be read; `problem` names the file, line and fix."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def fail(file: str, message: str, fix: str, line: int = 0, column: int = 0):
    raise TemplateError(Problem(Location(file, line, column), "", message, fix))


class _Builder(yamlsafe._Builder):
    """The model reader's bounded builder, with CloudFormation's tags allowed and turned into their long form."""

    def check_tag(self, node):
        if node.tag in yamlsafe.ALLOWED_TAGS or node.tag in SHORT_FORMS:
            return
        self.fail(node, f"tag '{node.tag}' is not a CloudFormation function",
                  "use one of " + ", ".join(sorted(SHORT_FORMS)))

    def build(self, node, path: tuple, depth: int = 0):
        if node.tag not in SHORT_FORMS:
            return super().build(node, path, depth)
        key = SHORT_FORMS[node.tag]
        node = _retagged(node)
        value = super().build(node, path + (key,), depth + 1)
        if key == "Fn::GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {key: value}

    def scalar(self, node):
        # Templates hold '{{resolve:...}}' dynamic references legitimately: kept here, never copied into a model.
        if len(node.value) > yamlsafe.MAX_TEXT:
            self.fail(node, f"a value of {len(node.value):,} characters; the most is {yamlsafe.MAX_TEXT:,}",
                      "shorten it (inline code belongs in a code file)")
        if node.tag in (yamlsafe.STR, yamlsafe.TIMESTAMP):
            return node.value
        if node.tag == yamlsafe.NULL:
            return None
        if node.tag == yamlsafe.BOOL:
            return node.value.lower() == "true"
        constructor = yamlsafe._Loader.yaml_constructors[node.tag]
        return constructor(yaml.constructor.SafeConstructor(), node)


def _retagged(node):
    """The same node with its default tag, so that the base builder reads it as plain text, list or mapping."""
    tag = {yaml.ScalarNode: yamlsafe.STR, yaml.SequenceNode: yamlsafe.SEQ, yaml.MappingNode: yamlsafe.MAP}
    clone = type(node)(tag[type(node)], node.value, node.start_mark, node.end_mark)
    return clone


def read_template(path: Path, display: str | None = None) -> dict:
    """The template as plain values, or TemplateError naming the file and line."""
    display = display or str(path)
    try:
        raw = yamlsafe.read_bounded(path, display)
        text = yamlsafe._decode(raw, display)
    except YamlError as exc:
        raise TemplateError(exc.problem) from None
    except OSError as exc:
        fail(display, f"cannot be read: {exc.strerror or exc}", "check the path")
    if not text.strip():
        fail(display, "file is empty", "pass a CloudFormation or SAM template")
    data = _read_json(text, display) if text.lstrip().startswith("{") else _read_yaml(text, display)
    _check_shape(data, display)
    return data


def _read_json(text: str, display: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(display, f"JSON syntax error: {exc.msg}", "check the brackets, commas and quoting near this line",
             exc.lineno, exc.colno)
    except RecursionError:
        fail(display, "nesting is too deep to read", f"keep nesting under {yamlsafe.MAX_DEPTH} levels")
    _bound_json(data, display)
    return data


def _bound_json(data, display: str):
    count, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > yamlsafe.MAX_NODES or depth > yamlsafe.MAX_DEPTH:
            fail(display, f"more than {yamlsafe.MAX_NODES:,} values or {yamlsafe.MAX_DEPTH} levels of nesting",
                 "split the template into stacks")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and len(value) > yamlsafe.MAX_TEXT:
            fail(display, f"a value of {len(value):,} characters; the most is {yamlsafe.MAX_TEXT:,}",
                 "shorten it (inline code belongs in a code file)")


def _read_yaml(text: str, display: str):
    try:
        node = yamlsafe._compose_fast(text)  # libyaml; the Python reader words and locates any error
        if node is yamlsafe._FAILED:
            node = yamlsafe._compose(text, display)
        if node is None:
            fail(display, "file holds only comments", "pass a CloudFormation or SAM template")
        return _Builder(display, yamlsafe.Positions()).build(node, ())
    except YamlError as exc:
        raise TemplateError(exc.problem) from None


def _check_shape(data, display: str):
    if not isinstance(data, dict):
        fail(display, "is not a template: the top level is not a mapping", "pass a CloudFormation or SAM template")
    resources = data.get("Resources")
    if not isinstance(resources, dict) or not resources:
        fail(display, "has no 'Resources' mapping", "pass a CloudFormation or SAM template with resources")
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            fail(display, f"resource '{logical_id}' has no 'Type'", "give every resource a Type, e.g. AWS::S3::Bucket")
        if not isinstance(resource.get("Properties", {}), dict):
            fail(display, f"resource '{logical_id}': 'Properties' is not a mapping", "write Properties as a mapping")
