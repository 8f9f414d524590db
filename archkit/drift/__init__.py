"""Drift: the model against deployed reality (generate.py drift --against PATH).

Reality is templates (as `aws cloudformation get-template` returns them) or a resource listing
(`aws cloudformation describe-stack-resources` or `aws resourcegroupstaggingapi get-resources` JSON).
Templates are compared through the importer on both sides: the model's own generated templates are imported
too, so that what the importer cannot tell (names, flows, per-environment values) never shows as drift.
"""
from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ..importer import import_stacks, import_templates
from ..importer.stacks import stacks_of
from ..model.types import Model
from ..renderers.cloudformation.intrinsics import long_form


@dataclass(frozen=True, order=True)
class Finding:
    kind: str  # component-missing, component-extra, type, property, connection-missing, ...
    subject: str  # component id, connection "a -> b", or resource logical id
    detail: str = ""
    expected: str = ""
    actual: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def generated_templates(model: Model, folder: Path) -> list[Path]:
    """The model's CloudFormation templates, written into folder (parameter files and CI files left out)."""
    from ..renderers.cloudformation import jobs

    written = []
    for job in jobs(model):
        if job.name != "cloudformation templates":  # the modelled system's CI files are not deployed stacks
            continue
        for rel, data in sorted(job.run().items()):
            if rel.startswith("cloudformation/") and rel.count("/") == 1 and rel.endswith(".yaml"):
                path = folder / rel.split("/", 1)[1]
                path.write_bytes(data)
                written.append(path)
    return written


def expected_side(model: Model):
    """(imported model, {logical id: type}) of what the model deploys: its templates as the generator builds
    them, taken before they are written out as YAML (the same values, without printing and parsing them)."""
    from ..renderers.cloudformation.assemble import build, template
    from ..renderers.cloudformation.snapshot import templates_payload

    result = build(templates_payload(model))
    documents = [(name, f"cloudformation/{name}.yaml", long_form(template(result.context, result.stacks[name])))
                 for name in result.order]
    imported = import_stacks(stacks_of(documents), model.system.name)
    return imported.model, _resources(imported.stacks)


def compare_templates(expected: dict, expected_resources: dict, paths: list[Path]) -> list[Finding]:
    actual = import_templates(paths, "deployed")
    return sorted(set(compare_models(expected, actual.model)
                      + compare_resources(expected_resources, _resources(actual.stacks))))


def _resources(stacks) -> dict[str, str]:
    return {lid: r["Type"] for s in stacks.stacks.values() for lid, r in s.resources.items()}


def compare_models(expected: dict, actual: dict) -> list[Finding]:
    found: list[Finding] = []
    want, got = expected["components"], actual["components"]
    for cid in sorted(set(want) - set(got)):
        found.append(Finding("component-missing", cid, f"{want[cid]['type']} in the model, not deployed"))
    for cid in sorted(set(got) - set(want)):
        found.append(Finding("component-extra", cid, f"{got[cid]['type']} deployed, not in the model"))
    for cid in sorted(set(want) & set(got)):
        found += _component(cid, want[cid], got[cid])
    found += _connections(expected["connections"], actual["connections"], set(want) & set(got))
    return found


def _component(cid: str, want: dict, got: dict) -> list[Finding]:
    if want["type"] != got["type"]:
        return [Finding("type", cid, "component type differs", want["type"], got["type"])]
    found = []
    for name in sorted((set(want) | set(got)) - {"type", "description"}):
        if want.get(name) != got.get(name):
            found.append(Finding("property", cid, name, _text(want.get(name)), _text(got.get(name))))
    return found


def _connections(want: list[dict], got: list[dict], both: set[str]) -> list[Finding]:
    def pairs(conns):
        return {(c["from"], c["to"]): c for c in conns if c["from"] in both and c["to"] in both}

    want_pairs, got_pairs = pairs(want), pairs(got)
    found = []
    for a, b in sorted(set(want_pairs) - set(got_pairs)):
        found.append(Finding("connection-missing", f"{a} -> {b}", want_pairs[(a, b)]["protocol"]))
    for a, b in sorted(set(got_pairs) - set(want_pairs)):
        found.append(Finding("connection-extra", f"{a} -> {b}", got_pairs[(a, b)]["protocol"]))
    for pair in sorted(set(want_pairs) & set(got_pairs)):
        expected, actual = want_pairs[pair].get("permissions", []), got_pairs[pair].get("permissions", [])
        if expected != actual:
            found.append(Finding("permissions", f"{pair[0]} -> {pair[1]}", "IAM actions differ",
                                 _text(sorted(set(expected) - set(actual))) + " not granted" if set(expected) - set(actual) else "",
                                 _text(sorted(set(actual) - set(expected))) + " granted beyond the model" if set(actual) - set(expected) else ""))
    return found


def compare_resources(expected: dict[str, str], actual: dict[str, str], only_types: set[str] | None = None,
                      report_missing: bool = True) -> list[Finding]:
    found = []
    considered = {lid: t for lid, t in expected.items() if only_types is None or t in only_types}
    if report_missing:
        for lid in sorted(set(considered) - set(actual)):
            found.append(Finding("resource-missing", lid, considered[lid]))
    for lid in sorted(set(actual) - set(expected)):
        found.append(Finding("resource-extra", lid, actual[lid]))
    for lid in sorted(set(considered) & set(actual)):
        if actual[lid] and considered[lid] != actual[lid]:
            found.append(Finding("resource-type", lid, "resource type differs", considered[lid], actual[lid]))
    return found


def _text(value) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)
