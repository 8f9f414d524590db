"""Run the rules over a model, apply the model's suppressions, and report per rule."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .. import paths
from .base import Finding, severity_rank
from .registry import all_rules


class RuleCrashed(Exception):
    """A rule raised an exception: the model may be fine, the rule is not."""


@dataclass(frozen=True)
class Suppressed:
    finding: Finding
    reason: str


@dataclass
class Report:
    rules: list  # Rule instances, sorted by id
    findings: list[Finding] = field(default_factory=list)  # not suppressed
    suppressed: list[Suppressed] = field(default_factory=list)
    unused: list[tuple[str, str, object]] = field(default_factory=list)  # (component, rule, location) matching nothing

    def status(self, rule_id: str) -> str:
        if any(f.rule == rule_id for f in self.findings):
            return "findings"
        if any(s.finding.rule == rule_id for s in self.suppressed):
            return "suppressed"
        return "pass"

    def at_least(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if severity_rank(f.severity) >= severity_rank(severity)]

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in ("error", "warning", "info")}
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    def summary(self) -> str:
        c = self.counts()
        text = (f"rules: {len(self.rules)} checked, {c['error']} error(s), {c['warning']} warning(s), "
                f"{c['info']} info, {len(self.suppressed)} suppressed")
        return text

    def as_dict(self) -> dict:
        return {"rules": [dict(r.describe(), status=self.status(r.id)) for r in self.rules],
                "findings": [f.as_dict() for f in self.findings],
                "suppressed": [dict(s.finding.as_dict(), reason=s.reason) for s in self.suppressed],
                "summary": dict(self.counts(), suppressed=len(self.suppressed), rules=len(self.rules))}


def sort_key(f: Finding):
    loc = f.location
    return (loc.file if loc else "", loc.line if loc else 0, loc.column if loc else 0, f.rule, f.element, f.message)


def attribute(finding: Finding, model) -> Finding:
    """Point a finding at a component of the model where possible (a connection's source, else its target)."""
    component = finding.component
    if component not in model.components and "->" in finding.element:
        component = finding.element.split("->", 1)[1]
    if component not in model.components:
        return replace(finding, component="")
    return replace(finding, component=component, page=finding.page or paths.component_page(component))


def run_rules(model, rules=None) -> Report:
    rules = all_rules(model) if rules is None else rules
    report = Report(rules=rules)
    raw: list[Finding] = []
    for rule in rules:
        try:
            raw += [attribute(f, model) for f in rule.check(model)]
        except Exception as exc:
            raise RuleCrashed(f"rule {rule.id} ({type(rule).__module__}) crashed: {type(exc).__name__}: {exc}") from exc
    used: set[tuple[str, str]] = set()
    for finding in sorted(set(raw), key=sort_key):
        reason = suppression_for(model, finding)
        if reason is None:
            report.findings.append(finding)
        else:
            report.suppressed.append(Suppressed(finding, reason))
            used.add((finding.component, finding.rule))
    known = {rule.id for rule in rules}
    report.unused = [(c.id, s.rule, c.location) for c in model.components.values() for s in c.suppressions
                     if (c.id, s.rule) not in used and (s.rule in known or not s.rule.startswith("CKV"))]
    # CKV ids belong to checkov, which runs on the templates, not here
    return report


def suppression_for(model, finding: Finding) -> str | None:
    component = model.components.get(finding.component)
    if component is None:
        return None
    return next((s.reason for s in component.suppressions if s.rule == finding.rule), None)


_cache: list = []


def report_for(model) -> Report:
    """run_rules, once per Model object (the CLI and the Checks page producer share it)."""
    if _cache and _cache[0] is model:
        return _cache[1]
    report = run_rules(model)
    _cache[:] = [model, report]
    return report
