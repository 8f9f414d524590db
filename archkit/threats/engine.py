"""Run the threat rules over the boundary crossings and the data stores, and apply the model's accepted threats."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.types import Model
from .base import Mitigated, Open
from .boundaries import Crossing, crossings, stores
from .registry import threat_rules

STATUSES = ("open", "accepted", "mitigated")


@dataclass(frozen=True)
class Threat:
    number: int  # T1, T2, ... on the page and in the exports
    rule: object  # the ThreatRule
    element: str  # a connection id 'a->b' or a component id
    flow: int  # the crossing's number, 0 for a store
    status: str  # open | accepted | mitigated
    detail: str  # how it is mitigated, or what leaves it open
    by: str = ""  # the mitigating element
    reason: str = ""  # why it is accepted
    location: object = None  # where in the model the element (or the acceptance) is written

    @property
    def id(self) -> str:
        return f"T{self.number}"


@dataclass
class ThreatModel:
    crossings: list[Crossing]
    stores: list  # Components
    rules: list
    threats: list[Threat] = field(default_factory=list)
    unused: list = field(default_factory=list)  # AcceptedThreats that match no open threat

    def of(self, element: str) -> list[Threat]:
        return [t for t in self.threats if t.element == element]

    def counts(self) -> dict[str, int]:
        return {s: sum(t.status == s for t in self.threats) for s in STATUSES}


def analyse(model: Model) -> ThreatModel:
    rules = threat_rules()
    result = ThreatModel(crossings(model), stores(model), rules)
    accepted = {(a.threat, a.element): a for a in model.accepted_threats}
    used: set = set()
    subjects = [("flow", c.id, c.number, c, c.connection.location) for c in result.crossings]
    subjects += [("store", s.id, 0, s, s.location) for s in result.stores]
    for kind, element, number, subject, location in subjects:
        for rule in (r for r in rules if r.subject == kind):
            outcome = rule.assess(model, subject)
            if outcome is None:
                continue
            entry = {"number": len(result.threats) + 1, "rule": rule, "element": element, "flow": number,
                     "location": location}
            if isinstance(outcome, Mitigated):
                result.threats.append(Threat(status="mitigated", detail=outcome.how, by=outcome.by, **entry))
                continue
            assert isinstance(outcome, Open), f"{rule.id} returned {outcome!r}"
            acceptance = accepted.get((rule.id, element))
            if acceptance:
                used.add((rule.id, element))
                result.threats.append(Threat(status="accepted", detail=outcome.detail, reason=acceptance.reason,
                                             **{**entry, "location": acceptance.location}))
            else:
                result.threats.append(Threat(status="open", detail=outcome.detail, **entry))
    result.unused = [a for key, a in accepted.items() if key not in used]
    return result


_cache: list = []


def threat_model_for(model: Model) -> ThreatModel:
    """analyse, once per Model object (the CLI's findings and the producers share it)."""
    if not (_cache and _cache[0] is model):
        _cache[:] = [model, analyse(model)]
    return _cache[1]
