"""The threat model as one JSON-serialisable payload: what the page and the exports show, and nothing else."""
from __future__ import annotations

from ..model.types import Model
from ..layout.zones import zone_label, zone_of
from .boundaries import store_flows
from .engine import ThreatModel


def element_json(model: Model, element_id: str, stores: set[str]) -> dict:
    element = model.element(element_id)
    component = element_id in model.components
    kind = "store" if element_id in stores else "process" if component else "actor"
    return {"name": element.name, "component": component, "zone": zone_of(model, element_id), "kind": kind,
            "type": element.type.label if component else element.kind, "description": element.description}


def threat_json(threat) -> dict:
    rule = threat.rule
    return {"id": threat.id, "number": threat.number, "rule": rule.id, "stride": rule.stride,
            "category": rule.category, "title": rule.title, "description": rule.description,
            "severity": rule.severity, "element": threat.element, "flow": threat.flow, "status": threat.status,
            "detail": threat.detail, "by": threat.by, "reason": threat.reason, "fix": rule.fix}


def payload(model: Model, threats: ThreatModel) -> dict:
    stores = {s.id for s in threats.stores}
    ids = dict.fromkeys(e for x in threats.crossings for e in (x.connection.source, x.connection.target))
    ids.update(dict.fromkeys(s.id for s in threats.stores))
    inner = store_flows(model, threats.crossings, threats.stores)
    ids.update(dict.fromkeys(c.source for c in inner))
    ids.update(dict.fromkeys(t.by for t in threats.threats if t.by in model.components))
    elements = {e: element_json(model, e, stores) for e in ids}
    zones = list(dict.fromkeys(e["zone"] for e in elements.values()))
    return {
        "system": {"name": model.system.name, "description": model.system.description, "owner": model.system.owner},
        "zones": [{"id": z, "label": zone_label(model, z)} for z in zones],
        "elements": elements,
        "flows": [{"number": x.number, "id": x.id, "source": x.connection.source, "target": x.connection.target,
                   "protocol": x.connection.protocol, "auth": x.connection.auth, "purpose": x.connection.purpose,
                   "asynchronous": x.connection.asynchronous, "boundary": x.boundary} for x in threats.crossings],
        "store_flows": [{"id": c.id, "source": c.source, "target": c.target, "protocol": c.protocol,
                         "purpose": c.purpose} for c in inner],
        "stores": [s.id for s in threats.stores],
        "threats": [threat_json(t) for t in threats.threats],
        "rules": [{"id": r.id, "stride": r.stride, "category": r.category, "subject": r.subject,
                   "severity": r.severity, "title": r.title, "fix": r.fix} for r in threats.rules],
    }
