"""Connection kinds (catalogue/connections.yaml): what AWS needs for a connection between two types to work, and
the model's connections with their kinds, explicit ones and those its properties imply (an alarm's notify, a
rule's target, a function's failure destination). A connection between components that the catalogue cannot
realise is a located problem."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..datafiles import read_data
from ..errors import Location, Problem
from .memo import per_model
from .refs import paths_of
from .types import Connection, Model

KINDS_FILE = Path(__file__).with_name("catalogue") / "connections.yaml"


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    via: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    principal: str = ""
    caller_actions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (target type or '*', actions)
    target_actions: tuple[str, ...] = ()
    permissions_required: bool = False
    manual: str = ""
    refuse: str = ""
    realise: str = ""
    same_region: str = ""  # why both ends must run in one Region (model/regions.py)
    # (target type, kms:ViaService service, ((IAM action or prefix, kms actions), ...)), from `key_use`
    key_use: tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()

    def matches(self, source_type: str, target_type: str) -> bool:
        return (("*" in self.sources or source_type in self.sources)
                and ("*" in self.targets or target_type in self.targets))

    def actions_on(self, target_type: str) -> tuple[str, ...]:
        table = dict(self.caller_actions)
        return table.get(target_type, table.get("*", ()))


@dataclass(frozen=True)
class Wire:
    """A connection between two components with its kind; `implied` when only a property of the model says so."""
    source: str
    target: str
    kind: Kind
    permissions: tuple[str, ...] = ()
    implied: bool = False
    location: Location | None = None

    @property
    def id(self) -> str:
        return f"{self.source}->{self.target}"


def _kind(name: str, entry: dict) -> Kind:
    actions = entry.get("caller_actions", {})
    table = actions if isinstance(actions, dict) else {"*": actions}
    return Kind(name=name, label=entry["label"], sources=tuple(entry["from"]), targets=tuple(entry["to"]),
                via=tuple(entry.get("via", ())), needs=tuple(entry.get("needs", ())),
                resources=tuple(entry.get("resources", ())), principal=entry.get("principal", ""),
                caller_actions=tuple((t, tuple(a)) for t, a in table.items()),
                target_actions=tuple(entry.get("target_actions", ())),
                permissions_required=entry.get("permissions") == "required", manual=entry.get("manual", ""),
                refuse=entry.get("refuse", ""), realise=entry.get("realise", ""),
                same_region=entry.get("same_region", ""),
                key_use=tuple((t, use["service"], tuple((a, tuple(kms)) for a, kms in use["actions"].items()))
                              for t, use in entry.get("key_use", {}).items()))


@functools.cache
def load_kinds() -> tuple[Kind, ...]:
    return tuple(_kind(name, entry) for name, entry in read_data(KINDS_FILE).items())


def key_use(target_type: str, actions) -> tuple[str, tuple[str, ...]]:
    """(service, kms actions) a caller with IAM `actions` on a target of `target_type` needs on the target's
    customer-managed key, from the sdk-call kind's `key_use` (connections.yaml); ("", ()) when it needs none."""
    sdk_call = next(kind for kind in load_kinds() if kind.name == "sdk-call")
    for use_type, service, by_action in sdk_call.key_use:
        if use_type != target_type:
            continue
        needed: list[str] = []
        for action in actions:
            for prefix, kms in by_action:
                if action == prefix or (prefix.endswith(":") and action.startswith(prefix)):
                    needed += [a for a in kms if a not in needed]
        return service, tuple(needed)
    return "", ()


def _named(model: Model, holder: str, other: str, via: tuple[str, ...]) -> bool:
    component = model.components[holder]
    return any(".".join(path) in via and target == other for path, target in paths_of(component))


def kind_of(model: Model, source: str, target: str) -> Kind | None:
    """The first kind that matches the two components' types (and, with `via`, a property of either end that
    names the other)."""
    if source not in model.components or target not in model.components:
        return None
    source_type, target_type = model.components[source].type.name, model.components[target].type.name
    for kind in load_kinds():
        if not kind.matches(source_type, target_type):
            continue
        if kind.via and not (_named(model, source, target, kind.via) or _named(model, target, source, kind.via)):
            continue
        return kind
    return None


@per_model
def wires(model: Model) -> tuple[Wire, ...]:
    """Every connection between two components with a kind that realises it: the model's connections in order,
    then those only its properties imply (an alarm's notify without a connection), in component order."""
    found: dict[tuple[str, str], Wire] = {}
    for connection in model.connections:
        kind = kind_of(model, connection.source, connection.target)
        if kind and not kind.refuse and (connection.source, connection.target) not in found:
            found[connection.source, connection.target] = Wire(connection.source, connection.target, kind,
                                                               connection.permissions, False, connection.location)
    for component in model.components.values():
        for path, target in paths_of(component):
            if (component.id, target) in found or (target, component.id) in found or target not in model.components \
                    or target == component.id:  # a connection either way already says it
                continue
            kind = kind_of(model, component.id, target)
            if kind and not kind.refuse and ".".join(path) in kind.via:
                found[component.id, target] = Wire(component.id, target, kind, (), True, component.location)
    return tuple(found.values())


def problems(model: Model) -> list[Problem]:
    """Connections between components that the catalogue cannot realise, each at its place in the model."""
    fallback = Location(model.files[0] if model.files else "model")
    found = []
    for index, connection in enumerate(model.connections):
        problem = _problem(model, connection)
        if problem:
            found.append(Problem(connection.location or fallback, f"connections[{index}]", *problem))
    return found


def _problem(model: Model, connection: Connection) -> tuple[str, str] | None:
    source, target = connection.source, connection.target
    if source not in model.components or target not in model.components:
        return None
    kind = kind_of(model, source, target)
    types = f"{model.components[source].type.name} '{source}' to {model.components[target].type.name} '{target}'"
    if kind is None:
        known = sorted({t for k in load_kinds() if not k.refuse for t in k.targets
                        if model.components[source].type.name in k.sources or "*" in k.sources})
        return (f"the templates cannot realise a connection from {types}: no connection kind of the catalogue "
                "joins these types", "connect it to " + (", ".join(known) if known else "nothing: this type "
                "starts no connection") + ", or add a kind to archkit/model/catalogue/connections.yaml")
    if kind.refuse:
        return f"the templates cannot realise the connection from {types} ({kind.label})", kind.refuse
    return None
