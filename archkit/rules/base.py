"""What a rule is and what it finds. A rule is a small class: metadata as class attributes, `check(model)`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterable

from ..errors import Location

SEVERITIES = ("info", "warning", "error")  # in rising order
RULE_ID = re.compile(r"^[A-Z]+[0-9]+$")  # as the model's `suppress: [{rule: ...}]` spells it


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    element: str  # id of the element at fault (component, connection 'a->b', flow, pipeline, environment)
    message: str
    location: Location | None = None
    component: str = ""  # the component that holds the suppression and whose page the finding links to
    page: str = ""  # generated page of the element ('' when it has none)
    fix: str = ""  # what to change where: the rule's `fix`, or one the check wrote for this finding

    def line(self) -> str:
        where = str(self.location) if self.location else "model"
        head = f"{where}: {self.severity.upper()} {self.rule} {self.element}: {self.message}"
        return head + (f"\n    fix: {self.fix}" if self.fix else "")

    def as_dict(self) -> dict:
        loc = self.location
        return {"rule": self.rule, "severity": self.severity, "element": self.element, "message": self.message,
                "file": loc.file if loc else "", "line": loc.line if loc else 0, "column": loc.column if loc else 0,
                "component": self.component, "page": self.page, "fix": self.fix}


class Rule:
    """Subclass it, set the metadata, and yield `self.finding(element, message)` from `check`."""

    id: str = ""
    severity: str = "warning"
    title: str = ""  # one line: what must hold
    rationale: str = ""  # why, in a sentence or two
    link: str = ""  # the AWS guidance it comes from
    fix: str = ""  # what to change in the model

    def check(self, model) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, element, message: str, fix: str = "") -> Finding:
        """element: a Component, Actor, Connection, Flow, Pipeline or Environment of the model; fix: what to change
        for this finding (default: the rule's `fix`)."""
        from .. import paths

        kind = type(element).__name__
        component, page = "", ""
        if kind == "Component":
            component, page = element.id, paths.component_page(element.id)
        elif kind == "Connection":
            component = element.source
        elif kind == "Flow":
            page = paths.flow_page(element.id)
        elif kind == "Pipeline":
            component, page = element.runs_on, paths.pipeline_page(element.id)
        return Finding(self.id, self.severity, element.id, message, element.location, component, page,
                       fix or self.fix or f"see {self.id} on the Checks page (docs/architecture/checks.md)")

    @classmethod
    def describe(cls) -> dict:
        return {"id": cls.id, "severity": cls.severity, "title": cls.title, "rationale": cls.rationale,
                "link": cls.link, "fix": cls.fix}
