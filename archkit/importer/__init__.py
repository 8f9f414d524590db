"""Import CloudFormation and SAM templates into a model folder (generate.py import)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.catalogue import load_catalogue
from ..model.yamlsafe import DYNAMIC_REFERENCE, UNPRINTABLE
from .owners import Ownership, assign
from .properties import read_properties
from .stacks import Key, Stacks, load_stacks
from .wiring import Wiring

ENV_PARAMETERS = re.compile(r"^(env|environment|environmentname|envname|stage|stagename|deploymentstage)$", re.I)
ENV_ID = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION = "000000000000", "us-east-1"


@dataclass
class Imported:
    model: dict
    stacks: Stacks
    ownership: Ownership
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.stacks.keys())

    @property
    def mapped(self) -> int:
        return self.total - len(self.ownership.unmapped)

    @property
    def share(self) -> float:
        return self.mapped / self.total if self.total else 1.0


def import_templates(paths: list[Path], system_name: str | None = None) -> Imported:
    return import_stacks(load_stacks(paths), system_name)


def import_stacks(stacks: Stacks, system_name: str | None = None) -> Imported:
    catalogue = load_catalogue()
    ownership = assign(stacks, catalogue)
    notes: list[str] = []
    read_properties(stacks, ownership, catalogue, notes)
    environments = _environments(stacks, notes)
    connections = Wiring(stacks, ownership, notes).run()
    _complete(ownership, environments, notes)
    _application_topics(ownership, connections)
    model = {
        "system": {"name": system_name or _system_name(stacks),
                   "description": _clean(_first_description(stacks)) or "Imported from CloudFormation templates"},
        "environments": environments,
        "components": {cid: _component(c) for cid, c in sorted(ownership.components.items())},
        "connections": connections,
    }
    return Imported(model, stacks, ownership, notes)


def _environments(stacks: Stacks, notes: list[str]) -> dict:
    names: list[str] = []
    for stack in stacks.stacks.values():
        for pname, param in stack.parameters.items():
            if ENV_PARAMETERS.match(pname) and isinstance(param, dict):
                values = param.get("AllowedValues") or ([param["Default"]] if "Default" in param else [])
                names += [v for v in values if isinstance(v, str) and ENV_ID.match(v)]
    names = list(dict.fromkeys(names)) or ["default"]
    notes.append(f"environments {', '.join(names)}: account {PLACEHOLDER_ACCOUNT} and region {PLACEHOLDER_REGION} "
                 "are placeholders (a template does not say where it is deployed); set them in model.yaml")
    return {n: {"account": PLACEHOLDER_ACCOUNT, "region": PLACEHOLDER_REGION} for n in names}


def _complete(ownership: Ownership, environments: dict, notes: list[str]):
    """Required properties the templates did not give, filled so that the model validates, and noted."""
    first = next(iter(environments))
    for c in ownership.components.values():
        p = c.properties
        if c.type == "api-gateway-rest":
            stages = p.get("stages") or {first: {"environment": "__default__"}}
            p["stages"] = {name: {**s, "environment": name if name in environments else first}
                           if s.get("environment") == "__default__" else s for name, s in stages.items()}
            p.setdefault("routes", [])
            if not p["routes"]:
                notes.append(f"{c.id}: no route whose integration names a function of the templates")
            if any(r.get("public") for r in p["routes"]) is False and not p.get("authorizers"):
                pass
        if c.type == "cognito-user-pool":
            p.setdefault("clients", [])
        if c.type == "cloudfront":
            p.setdefault("origins", [])
            if not p["origins"]:
                notes.append(f"{c.id}: no origin is a bucket or API of the templates")
        if c.type == "eventbridge-bus" and not p.get("rules"):
            p.pop("rules", None)


def _application_topics(ownership: Ownership, connections: list[dict]):
    """A topic that functions publish to or that feeds functions and queues is part of the application, not of
    its monitoring: in the integration layer, so that its stack and the functions' do not import each other."""
    app = {"lambda", "sqs-queue", "step-functions"}
    kinds = {cid: c.type for cid, c in ownership.components.items()}
    for conn in connections:
        for topic, other in ((conn["from"], conn["to"]), (conn["to"], conn["from"])):
            if kinds.get(topic) == "sns-topic" and kinds.get(other) in app:
                ownership.components[topic].layer = "integration"


def _component(c) -> dict:
    data = {"type": c.type}
    if c.layer:
        data["layer"] = c.layer
    if c.description:
        data["description"] = _clean(c.description)
    for name, value in c.properties.items():
        data[name] = value
    return data


def _clean(text: str) -> str:
    text = UNPRINTABLE.sub("", text or "")
    return "" if DYNAMIC_REFERENCE.search(text) else " ".join(text.split())[:500]


def _system_name(stacks: Stacks) -> str:
    for stack in stacks.stacks.values():
        param = stack.parameters.get("SystemName")
        if isinstance(param, dict) and isinstance(param.get("Default"), str):
            return param["Default"]
    return next(iter(stacks.stacks))


def _first_description(stacks: Stacks) -> str:
    for stack in stacks.stacks.values():
        if isinstance(stack.template.get("Description"), str):
            return stack.template["Description"]
    return ""


__all__ = ["Imported", "import_templates", "Key"]
