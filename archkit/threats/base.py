"""What a threat rule is: STRIDE category, what it applies to, and `assess(model, subject)`, which tells whether
an element of the model mitigates the threat (Mitigated) or not (Open), or that it does not apply (None)."""
from __future__ import annotations

import re
from dataclasses import dataclass

STRIDE = {"S": "Spoofing", "T": "Tampering", "R": "Repudiation", "I": "Information disclosure",
          "D": "Denial of service", "E": "Elevation of privilege"}
SUBJECTS = ("flow", "store")  # a boundary-crossing connection, or a data store (a stateful component)
SEVERITIES = ("info", "warning", "error")
THREAT_ID = re.compile(r"^TM[0-9]{3}$")


@dataclass(frozen=True)
class Mitigated:
    by: str  # id of the element that mitigates it (a component, or the connection 'a->b')
    how: str


@dataclass(frozen=True)
class Open:
    detail: str  # what the model shows that leaves the threat open


class ThreatRule:
    """Subclass it, set the metadata, and return Mitigated, Open or None from `assess`."""

    id: str = ""
    stride: str = ""  # one letter of STRIDE
    subject: str = "flow"
    severity: str = "warning"  # of the finding an open threat gives (SARIF, --fail-on)
    title: str = ""  # the threat, in one line
    description: str = ""  # how it would happen
    fix: str = ""  # what to change in the model to mitigate it

    def assess(self, model, subject):
        """subject: a boundaries.Crossing (subject 'flow') or a Component (subject 'store')."""
        raise NotImplementedError

    @property
    def category(self) -> str:
        return STRIDE[self.stride]
