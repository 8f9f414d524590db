"""Deterministic, readable YAML for templates: PyYAML's safe dumper plus the !Ref, !GetAtt and !Sub short forms.

Plain strings are quoted by the dumper wherever YAML would read them otherwise, so model text cannot inject YAML."""
from __future__ import annotations

import yaml

from .intrinsics import GetAtt, Ref, Sub


class TemplateDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # never anchors (&id001): every node is written out
        return True

    def choose_scalar_style(self):
        """Short forms unquoted (!Ref Name, !GetAtt Name.Arn) whenever the text is safe as a plain scalar."""
        if self.analysis is None:
            self.analysis = self.analyze_scalar(self.event.value)
        tagged = self.event.tag and self.event.tag.startswith("!") and not self.event.style
        if tagged and self.analysis.allow_block_plain and self.analysis.allow_flow_plain and not self.analysis.empty:
            return ""
        return super().choose_scalar_style()


def _ref(dumper, value: Ref):
    return dumper.represent_scalar("!Ref", value.name)


def _getatt(dumper, value: GetAtt):
    return dumper.represent_scalar("!GetAtt", f"{value.resource}.{value.attribute}")


def _sub(dumper, value: Sub):
    if value.variables:
        return dumper.represent_sequence("!Sub", [value.template, dict(value.variables)])
    return dumper.represent_scalar("!Sub", value.template)


def _text(dumper, value: str):
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


TemplateDumper.add_representer(Ref, _ref)
TemplateDumper.add_representer(GetAtt, _getatt)
TemplateDumper.add_representer(Sub, _sub)
TemplateDumper.add_representer(str, _text)


DUMPED: dict[str, bytes] = {}  # repr(document) -> its text: in `serve`, an edit re-dumps only the templates it changed
DUMPED_KEPT = 64


def dump(document) -> bytes:
    """The document's YAML; the same document (its repr: types, values and key order) is dumped once per process."""
    key = repr(document)
    text = DUMPED.get(key)
    if text is None:
        text = written(document)
        if len(DUMPED) >= DUMPED_KEPT:
            DUMPED.pop(next(iter(DUMPED)))
        DUMPED[key] = text
    return text


def written(document) -> bytes:
    return yaml.dump(document, Dumper=TemplateDumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=120, indent=2).encode("utf-8")


class _TagLoader(yaml.SafeLoader):
    """Reads templates back (tests, docs): each short form becomes its long form."""


def _long_form(loader, suffix, node):
    name = {"Ref": "Ref", "Condition": "Condition"}.get(suffix, f"Fn::{suffix}")
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_TagLoader.add_multi_constructor("!", _long_form)


def load(text: str | bytes):
    return yaml.load(text, Loader=_TagLoader)
