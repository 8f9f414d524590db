"""The property-spec language shared by the catalogue and the model structure.

A spec is data (a mapping in YAML); `Spec` reads it once. The same specs drive validation (`checker.py`)
and the JSON Schema (`schema.py`), so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCALAR_KINDS = {"string", "integer", "number", "boolean", "enum"}
NAME_KINDS = {"ref", "environment", "component-type", "actor-kind", "layer"}
CONTAINER_KINDS = {"list", "map", "object", "overrides"}
KINDS = SCALAR_KINDS | NAME_KINDS | CONTAINER_KINDS
CONSTRAINT_KEYS = ("min", "max", "pattern", "values", "to", "unit")


@dataclass
class Spec:
    kind: str
    doc: str = ""
    required: bool = False
    default: object = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    values: list | None = None
    unit: str = ""
    example: str = ""  # shown in the fix when a value does not match `pattern`
    to: list[str] | None = None  # ref: allowed component types (None: any component)
    actors: bool = False  # ref: actors allowed too
    sends: bool = False  # ref: the component sends to what it names (an alarm notifies its topics); otherwise
    # what it names feeds it (a metric's source, an alarm's metric, a dashboard's widgets)
    max_length: int | None = None  # string: at most this many characters; list: items (an AWS limit)
    key_pattern: str | None = None  # map: every key matches (e.g. the characters AWS allows in a stage name)
    unique_keys: bool = False  # map: keys stay distinct once folded into a CloudFormation logical id
    unique: list[str] | None = None  # list of objects: these fields, folded into a logical id, are unique together
    items: "Spec | None" = None
    values_of: "Spec | None" = None
    fields: dict[str, "Spec"] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: dict, where: str = "") -> "Spec":
        kind = data.get("type")
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown spec type {kind!r}")
        return cls(
            kind=kind,
            doc=data.get("doc", ""),
            required=bool(data.get("required", False)),
            default=data.get("default"),
            minimum=data.get("min"),
            maximum=data.get("max"),
            pattern=data.get("pattern"),
            values=data.get("values"),
            unit=data.get("unit", ""),
            example=str(data.get("example", "")),
            to=data.get("to"),
            actors=bool(data.get("actors", False)),
            sends=bool(data.get("sends", False)),
            max_length=data.get("max_length"),
            key_pattern=data.get("key_pattern"),
            unique_keys=bool(data.get("unique_keys", False)),
            unique=data.get("unique"),
            items=cls.parse(data["items"], f"{where}[]") if "items" in data else None,
            values_of=cls.parse(data["values_of"], f"{where}.*") if "values_of" in data else None,
            fields={name: cls.parse(sub, f"{where}.{name}") for name, sub in data.get("fields", {}).items()},
        )

    def describe(self) -> str:
        """A short human description of what this spec expects."""
        if self.kind == "enum":
            return "one of " + ", ".join(str(v) for v in self.values)
        text = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
                "list": "a list", "map": "a mapping", "object": "a mapping", "overrides": "a mapping",
                "ref": "the id of " + (" or ".join(self.to) if self.to else "a component") + (" or actor" if self.actors else ""),
                "environment": "an environment id", "component-type": "a component type",
                "actor-kind": "an actor kind", "layer": "a layer"}[self.kind]
        if self.minimum is not None and self.maximum is not None:
            text += f" from {_num(self.minimum)} to {_num(self.maximum)}"
        elif self.minimum is not None:
            text += f" of at least {_num(self.minimum)}"
        elif self.maximum is not None:
            text += f" of at most {_num(self.maximum)}"
        return text + (f" ({self.unit})" if self.unit else "")


def _num(value) -> str:
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)
