"""Open threats as findings of the rules' report: printed, written to json/sarif/gitlab, counted by --fail-on."""
from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..rules.base import Finding
from ..rules.engine import Report, Suppressed
from .engine import ThreatModel

THREATS_PAGE = paths.page("threats")


@dataclass(frozen=True)
class ThreatRuleEntry:
    """A threat rule as the rules' reports list it (id, severity, title, rationale, link, fix)."""

    id: str
    severity: str
    title: str
    rationale: str
    fix: str
    link: str = ""

    def describe(self) -> dict:
        return {"id": self.id, "severity": self.severity, "title": self.title, "rationale": self.rationale,
                "link": self.link, "fix": self.fix}


def entries(threats: ThreatModel) -> list[ThreatRuleEntry]:
    """One entry per threat rule, of a class named like the rule's (the SARIF rule name is the class name)."""
    return [type(type(r).__name__, (ThreatRuleEntry,), {})(r.id, r.severity, f"{r.category}: {r.title}",
                                                          r.description, r.fix) for r in threats.rules]


def finding(threat) -> Finding:
    rule = threat.rule
    message = f"{threat.id} {rule.category}: {rule.title}; {threat.detail}"
    component = threat.element if "->" not in threat.element else threat.element.split("->", 1)[0]
    return Finding(rule.id, rule.severity, threat.element, message, threat.location, component, THREATS_PAGE)


def with_threats(report: Report, threats: ThreatModel) -> Report:
    """A new report: the rules' findings and the open threats, the rules' suppressions and the accepted threats."""
    opened = [finding(t) for t in threats.threats if t.status == "open"]
    accepted = [Suppressed(finding(t), t.reason) for t in threats.threats if t.status == "accepted"]
    return Report(rules=list(report.rules) + entries(threats), findings=list(report.findings) + opened,
                  suppressed=list(report.suppressed) + accepted, unused=list(report.unused))


def summary(threats: ThreatModel) -> str:
    c = threats.counts()
    return (f"threats: {len(threats.crossings)} boundary crossing(s), {len(threats.stores)} store(s), "
            f"{c['open']} open, {c['accepted']} accepted, {c['mitigated']} mitigated")
