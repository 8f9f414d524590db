"""The threat model's part of a run: print the open threats and merge them into the rules' report."""
from __future__ import annotations

import sys

from .engine import threat_model_for
from .findings import finding, summary, with_threats


def report_threats(model, report, say):
    threats = threat_model_for(model)
    opened = [t for t in threats.threats if t.status == "open"]
    for threat in opened:
        print(finding(threat).line(), file=sys.stderr)
    for accepted in threats.unused:
        print(f"{accepted.location}: NOTE accepted threat {accepted.threat} on {accepted.element} matches no open "
              "threat; remove it", file=sys.stderr)
    (print if opened else say)(summary(threats), **({"file": sys.stderr} if opened else {}))
    return with_threats(report, threats)
