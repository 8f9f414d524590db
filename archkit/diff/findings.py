"""Rule findings new in HEAD and closed since BASE, with their locations.

A finding is the same on both sides when rule, element and message agree (renamed elements mapped to their new
ids); its location is where HEAD has it (a closed one: where BASE had it). Only the built-in rules run: a diff
reviews a branch, and a branch's own rules (system.rules_dir) are code nobody has reviewed yet."""
from __future__ import annotations

from dataclasses import dataclass

from ..model.types import Model


@dataclass(frozen=True)
class FindingChange:
    kind: str  # new, closed
    rule: str
    severity: str
    element: str
    message: str
    where: str  # file:line:column as the reader's repository spells it

    def as_dict(self) -> dict:
        return {"kind": self.kind, "rule": self.rule, "severity": self.severity, "element": self.element,
                "message": self.message, "location": self.where}


def run(model: Model):
    from ..rules.engine import run_rules
    from ..rules.registry import CUSTOM_RULES, all_rules

    enabled = CUSTOM_RULES["enabled"]
    CUSTOM_RULES["enabled"] = False
    try:
        return run_rules(model, all_rules(model)).findings
    finally:
        CUSTOM_RULES["enabled"] = enabled


def located(finding, display) -> str:
    loc = finding.location
    if loc is None:
        return "model"
    text = display(loc.file)
    return f"{text}:{loc.line}:{loc.column}" if loc.line else text


def diff_findings(base: Model, head: Model, renamed: dict[str, str], base_display, head_display) -> list[FindingChange]:
    def key(f, mapping):
        return (f.rule, mapping.get(f.element, f.element), f.message)
    old = {key(f, renamed): f for f in run(base)}
    new = {key(f, {}): f for f in run(head)}
    changes = [FindingChange("new", f.rule, f.severity, f.element, f.message, located(f, head_display))
               for k, f in new.items() if k not in old]
    changes += [FindingChange("closed", f.rule, f.severity, f.element, f.message, located(f, base_display))
                for k, f in old.items() if k not in new]
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(changes, key=lambda c: (c.kind != "new", rank.get(c.severity, 3), c.rule, c.element, c.message))
