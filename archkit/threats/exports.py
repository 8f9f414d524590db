"""The threat model in the open exchange formats: Threat Dragon v2 JSON (opens in OWASP Threat Dragon) and the
Open Threat Model (OTM 0.2.0). Ids are derived from the model (uuid5), so the files are byte-identical per model."""
from __future__ import annotations

import json
import uuid

NAMESPACE = uuid.UUID("4f7d2f4e-8f0b-5a57-9a43-7a1f0d6b1c11")  # archkit's namespace for derived ids
TD_VERSION = "2.3.0"  # the Threat Dragon model version the export is written for
TD_SEVERITY = {"error": "High", "warning": "Medium", "info": "Low"}
TD_STATUS = {"open": "Open", "mitigated": "Mitigated", "accepted": "NA"}  # Threat Dragon has no "accepted"
TD_SHAPE = {"actor": ("actor", "tm.Actor"), "process": ("process", "tm.Process"), "store": ("store", "tm.Store")}
OTM_TRUST = {"internet": 0, "external": 30, "global": 70, "region": 90}  # how far the zone is trusted, 0-100
OTM_IMPACT = {"error": 80, "warning": 50, "info": 20}
COLUMN_W, ROW_H, NODE_W, NODE_H, PAD = 320, 140, 120, 80, 40


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\0".join(parts)))


def dump(document: dict) -> bytes:
    """Compact JSON (the C encoder: an indented dump of a 1,000-component model takes seconds)."""
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def by_element(data: dict) -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = {}
    for threat in data["threats"]:
        index.setdefault(threat["element"], []).append(threat)
    return index


# -- Threat Dragon v2 -----------------------------------------------------------------------------------------------

def layout(data: dict) -> dict[str, tuple[int, int]]:
    """Element id -> (x, y): one column per trust zone, elements stacked in model order."""
    column = {z["id"]: i for i, z in enumerate(data["zones"])}
    rows: dict[str, int] = {}
    out = {}
    for element_id, element in data["elements"].items():
        row = rows[element["zone"]] = rows.get(element["zone"], -1) + 1
        out[element_id] = (PAD + column[element["zone"]] * COLUMN_W + PAD, 2 * PAD + row * ROW_H)
    return out


def td_threats(data: dict, element: str, index: dict) -> list[dict]:
    return [{"id": uid("threat", t["id"]), "title": f"{t['title']} ({t['rule']})", "status": TD_STATUS[t["status"]],
             "severity": TD_SEVERITY[t["severity"]], "type": t["category"], "description": t["detail"],
             "mitigation": mitigation_text(t, data), "modelType": "STRIDE", "new": False, "number": t["number"],
             "score": ""} for t in index.get(element, [])]


def mitigation_text(threat: dict, data: dict) -> str:
    if threat["status"] == "mitigated":
        by = data["elements"].get(threat["by"], {}).get("name", threat["by"])
        return f"Mitigated by {by}: {threat['detail']}"
    if threat["status"] == "accepted":
        return f"Accepted: {threat['reason']}"
    return f"Open. Fix: {threat['fix']}"


def td_boundaries(data: dict, places: dict) -> list[dict]:
    cells = []
    for i, zone in enumerate(data["zones"]):
        members = [places[e] for e, el in data["elements"].items() if el["zone"] == zone["id"]]
        height = max(y for _, y in members) + NODE_H + PAD
        cells.append({"position": {"x": PAD + i * COLUMN_W, "y": PAD}, "size": {"width": COLUMN_W - PAD,
                      "height": height}, "attrs": {"label": {"text": zone["label"]}}, "visible": True,
                      "shape": "trust-boundary-box", "id": uid("zone", zone["id"]), "zIndex": -1,
                      "data": {"type": "tm.BoundaryBox", "name": zone["label"], "description": "",
                               "isTrustBoundary": True, "hasOpenThreats": False}})
    return cells


def td_node(element_id: str, element: dict, data: dict, place: tuple[int, int], z: int, index: dict) -> dict:
    shape, kind = TD_SHAPE[element["kind"]]
    threats = td_threats(data, element_id, index)
    attrs = {"text": {"text": element["name"]}}
    attrs.update({"topLine": {"strokeWidth": 1.5, "strokeDasharray": ""},
                  "bottomLine": {"strokeWidth": 1.5, "strokeDasharray": ""}} if shape == "store" else
                 {"body": {"stroke": "#333333", "strokeWidth": 1.5, "strokeDasharray": ""}})
    extra = {"actor": {"providesAuthentication": False},
             "process": {"handlesCardPayment": False, "handlesGoodsOrServices": False, "isWebApplication": False,
                         "privilegeLevel": ""},
             "store": {"isALog": "log" in element["type"].lower(), "storesCredentials": False,
                       "isSigned": False, "storesInventory": False,
                       "isEncrypted": any(t["rule"] == "TM101" and t["status"] == "mitigated"
                                          for t in index.get(element_id, []))}}[element["kind"]]
    return {"position": {"x": place[0], "y": place[1]}, "size": {"width": NODE_W, "height": NODE_H}, "attrs": attrs,
            "visible": True, "shape": shape, "id": uid("element", element_id), "zIndex": z,
            "data": {"type": kind, "name": element["name"], "description": element["description"],
                     "outOfScope": False, "reasonOutOfScope": "", **extra,
                     "hasOpenThreats": any(t["status"] == "Open" for t in threats), "threats": threats}}


def td_flow(flow: dict, data: dict, z: int, numbered: bool, index: dict) -> dict:
    threats = td_threats(data, flow["id"], index) if numbered else []
    name = (f"F{flow['number']} " if numbered else "") + flow["protocol"]
    encrypted = any(t["rule"] == "TM003" and t["status"] == "mitigated" for t in index.get(flow["id"], []))
    public = numbered and data["elements"][flow["source"]]["zone"] in ("internet", "external")
    return {"shape": "flow", "attrs": {"line": {"stroke": "#333333", "targetMarker": {"name": "block"},
                                                "sourceMarker": {"name": ""}, "strokeDasharray": ""}},
            "width": 200, "height": 100, "zIndex": z, "connector": "smooth",
            "labels": [{"position": 0.5, "attrs": {"label": {"text": name}}}],
            "data": {"type": "tm.Flow", "name": name, "description": flow.get("purpose", ""), "outOfScope": False,
                     "reasonOutOfScope": "", "protocol": flow["protocol"], "isEncrypted": encrypted,
                     "isPublicNetwork": public, "isBidirectional": False,
                     "hasOpenThreats": any(t["status"] == "Open" for t in threats), "threats": threats},
            "id": uid("flow", flow["id"]), "source": {"cell": uid("element", flow["source"])},
            "target": {"cell": uid("element", flow["target"])}}


def threat_dragon(data: dict) -> dict:
    places, index = layout(data), by_element(data)
    cells = td_boundaries(data, places)
    cells += [td_node(e, el, data, places[e], 10 + i, index) for i, (e, el) in enumerate(data["elements"].items())]
    z = 10 + len(data["elements"])
    cells += [td_flow(f, data, z + i, True, index) for i, f in enumerate(data["flows"])]
    cells += [td_flow(f, data, z + len(data["flows"]) + i, False, index) for i, f in enumerate(data["store_flows"])]
    system = data["system"]
    return {"version": TD_VERSION,
            "summary": {"title": f"{system['name']} threat model", "owner": system["owner"],
                        "description": system["description"], "id": 0},
            "detail": {"contributors": [], "diagrams": [{
                "id": 0, "title": f"{system['name']}: data flows and trust boundaries", "diagramType": "STRIDE",
                "placeholder": "Generated by archkit from the architecture model", "thumbnail":
                "./public/content/images/thumbnail.stride.jpg", "version": TD_VERSION, "cells": cells}],
                "diagramTop": 1, "reviewer": "", "threatTop": len(data["threats"])}}


# -- Open Threat Model ----------------------------------------------------------------------------------------------

def otm_instances(index: dict, element: str) -> list[dict]:
    out = []
    for t in index.get(element, []):
        entry = {"threat": t["id"], "state": t["status"]}
        if t["status"] == "mitigated":
            entry["mitigations"] = [{"mitigation": f"M{t['number']}", "state": "implemented"}]
        out.append(entry)
    return out


def otm(data: dict) -> dict:
    system, index = data["system"], by_element(data)
    return {
        "otmVersion": "0.2.0",
        "project": {"name": system["name"], "id": uid("project", system["name"]), "description": system["description"],
                    "owner": system["owner"]},
        "trustZones": [{"id": z["id"], "name": z["label"], "risk": {"trustRating": OTM_TRUST.get(z["id"], 50)}}
                       for z in data["zones"]],
        "components": [{"id": e, "name": el["name"], "type": el["type"], "description": el["description"],
                        "parent": {"trustZone": el["zone"]}, "tags": [el["kind"]], "threats": otm_instances(index, e)}
                       for e, el in data["elements"].items()],
        "dataflows": [{"id": f["id"], "name": f"F{f['number']} {f['protocol']}", "description": f["purpose"],
                       "bidirectional": False, "source": f["source"], "destination": f["target"],
                       "tags": [f["boundary"]], "threats": otm_instances(index, f["id"])} for f in data["flows"]]
        + [{"id": f["id"], "name": f["protocol"], "description": f["purpose"], "bidirectional": False,
            "source": f["source"], "destination": f["target"]} for f in data["store_flows"]],
        "threats": [{"id": t["id"], "name": t["title"], "description": t["description"], "categories": [t["category"]],
                     "risk": {"likelihood": None, "impact": OTM_IMPACT[t["severity"]],
                              "impactComment": f"severity {t['severity']} (rule {t['rule']})"},
                     "attributes": {"rule": t["rule"], "status": t["status"], "detail": t["detail"],
                                    "fix": t["fix"], "reason": t["reason"]}} for t in data["threats"]],
        "mitigations": [{"id": f"M{t['number']}", "name": mitigation_text(t, data), "riskReduction": 100,
                         "attributes": {"by": t["by"]}} for t in data["threats"] if t["status"] == "mitigated"],
    }


def render(data: dict) -> dict[str, bytes]:
    from .page import export_path

    return {export_path("threat-dragon"): dump(threat_dragon(data)), export_path("otm"): dump(otm(data))}
