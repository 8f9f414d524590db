"""The small typed objects a diff is made of, shared by the model, deployment and rules parts and the reports."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

ADDED, REMOVED, RENAMED, CHANGED = "added", "removed", "renamed", "changed"
ALL_ENVIRONMENTS = ""  # a property change that is the same in every environment


def shown(value) -> str:
    """A value as one line of text: JSON for structures, the text itself for strings, '—' for absent."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


@dataclass(frozen=True)
class PropertyChange:
    path: str  # dotted, e.g. partition_key.name, routes[POST /orders].authorizer
    old: object
    new: object
    environment: str = ALL_ENVIRONMENTS

    def as_dict(self) -> dict:
        return {"path": self.path, "environment": self.environment, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class ElementChange:
    section: str  # components, actors, environments, connections, flows, pipelines, system
    kind: str  # added, removed, renamed, changed
    id: str  # HEAD's id (BASE's for a removal)
    old_id: str = ""  # BASE's id when renamed
    label: str = ""  # a human name: the element's name, or a connection's 'a -> b (protocol)'
    properties: tuple[PropertyChange, ...] = ()
    notes: tuple[str, ...] = ()  # steps, stages, permissions, suppressions in words

    def as_dict(self) -> dict:
        return {"section": self.section, "kind": self.kind, "id": self.id, "old_id": self.old_id,
                "label": self.label, "properties": [p.as_dict() for p in self.properties], "notes": list(self.notes)}


@dataclass
class ModelDiff:
    changes: list[ElementChange] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # BASE id -> HEAD id

    def of(self, section: str, kind: str | None = None) -> list[ElementChange]:
        return [c for c in self.changes if c.section == section and (kind is None or c.kind == kind)]

    def ids(self, kind: str) -> set[str]:
        return {c.id for c in self.changes if c.kind == kind and c.section in ("components", "actors")}
