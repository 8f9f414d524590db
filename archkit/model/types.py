"""The model as the rest of the package sees it: plain, typed, validated, with defaults filled in."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..errors import Location
from .catalogue import ComponentType


@dataclass(frozen=True)
class System:
    name: str
    description: str = ""
    owner: str = ""
    links: dict = field(default_factory=dict)
    rules_dir: str = ""


@dataclass(frozen=True)
class Environment:
    id: str
    name: str
    account: str
    region: str
    domain: str = ""
    description: str = ""
    production: bool = False
    home: bool = False
    location: Location | None = None


@dataclass(frozen=True)
class Actor:
    id: str
    kind: str
    name: str
    description: str = ""
    owner: str = ""
    links: dict = field(default_factory=dict)
    location: Location | None = None


@dataclass(frozen=True)
class Suppression:
    rule: str
    reason: str


@dataclass(frozen=True)
class AcceptedThreat:
    threat: str  # a threat rule id, TM...
    element: str  # a component id or a connection id 'from->to'
    reason: str
    location: Location | None = None


@dataclass(frozen=True)
class Component:
    id: str
    type: ComponentType
    name: str
    layer: str
    properties: dict  # the type's properties, defaults filled in
    description: str = ""
    owner: str = ""
    links: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)  # environment id -> {property: value}
    suppressions: tuple[Suppression, ...] = ()
    location: Location | None = None
    region: str = ""  # the Region it runs in when not its environment's ("" for the environment's)

    def props(self, environment: str | None = None) -> dict:
        """Properties as deployed in `environment` (overrides merged over the defaults), or the base ones."""
        merged = clone(self.properties)
        merged.update(clone(self.overrides.get(environment, {})))
        return merged


def clone(value):
    """A deep copy of plain model data (dicts, lists, scalars): several times faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {key: clone(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clone(item) for item in value]
    return value


@dataclass(frozen=True)
class Connection:
    source: str
    target: str
    protocol: str
    purpose: str = ""
    auth: str = ""
    asynchronous: bool = False
    permissions: tuple[str, ...] = ()
    location: Location | None = None

    @property
    def id(self) -> str:
        return f"{self.source}->{self.target}"


@dataclass(frozen=True)
class Failure:
    when: str
    response: str
    status: int | None = None
    source: str = ""  # who answers with it: the step's target when empty
    target: str = ""  # who receives it: the step's source when empty


@dataclass(frozen=True)
class Step:
    number: int
    source: str
    target: str
    action: str
    protocol: str = ""
    path: str = ""
    auth: str = ""
    timeout_ms: int | None = None
    returns: str = ""
    failures: tuple[Failure, ...] = ()
    location: Location | None = None


@dataclass(frozen=True)
class Frame:
    """Steps first..last that repeat (loop), run in parallel (par), are alternatives (alt) or optional (opt)."""
    kind: str
    label: str
    first: int
    last: int
    operands: tuple[int, ...] = ()  # par/alt: the steps that start a further branch


@dataclass(frozen=True)
class Flow:
    id: str
    name: str
    kind: str
    steps: tuple[Step, ...]
    description: str = ""
    location: Location | None = None
    frames: tuple[Frame, ...] = ()

    def participants(self) -> list[str]:
        """Element ids in order of first appearance."""
        seen: dict[str, None] = {}
        for step in self.steps:
            seen.setdefault(step.source)
            seen.setdefault(step.target)
            for failure in step.failures:
                seen.update(dict.fromkeys(filter(None, (failure.source, failure.target))))
        return list(seen)


@dataclass(frozen=True)
class Action:
    name: str
    kind: str
    uses: str = ""
    target: str = ""
    command: str = ""
    artifacts: tuple[str, ...] = ()
    environment: str = ""


@dataclass(frozen=True)
class Stage:
    name: str
    actions: tuple[Action, ...]
    environment: str = ""


@dataclass(frozen=True)
class Pipeline:
    id: str
    name: str
    trigger: str
    source: str
    runs_on: str
    stages: tuple[Stage, ...]
    description: str = ""
    location: Location | None = None

    def elements(self) -> list[str]:
        """Every element id the pipeline touches, in order of first appearance."""
        seen: dict[str, None] = {self.source: None, self.runs_on: None}
        for stage in self.stages:
            for action in stage.actions:
                for ref in (action.uses, action.target):
                    if ref:
                        seen.setdefault(ref)
        return list(seen)


@dataclass(frozen=True)
class Model:
    system: System
    environments: dict[str, Environment]
    actors: dict[str, Actor]
    components: dict[str, Component]
    connections: tuple[Connection, ...]
    flows: dict[str, Flow]
    pipelines: dict[str, Pipeline]
    files: tuple[str, ...] = ()  # model files, as displayed in messages
    accepted_threats: tuple[AcceptedThreat, ...] = ()  # the threat model's suppressions, with reasons

    @property
    def home_environment(self) -> str:
        """Id of the environment that runs the delivery pipeline: the one marked `home`, else the first."""
        return next((e.id for e in self.environments.values() if e.home), next(iter(self.environments), ""))

    def element(self, element_id: str) -> Component | Actor:
        return self.components.get(element_id) or self.actors[element_id]

    def name_of(self, element_id: str) -> str:
        return self.element(element_id).name

    def connections_of(self, element_id: str) -> list[Connection]:
        return list(self._connections_by_element.get(element_id, ()))

    @functools.cached_property
    def _connections_by_element(self) -> dict[str, list[Connection]]:
        """Element id -> its connections in model order: asked per element, so indexed once (the model is frozen)."""
        index: dict[str, list[Connection]] = {}
        for connection in self.connections:
            for end in dict.fromkeys((connection.source, connection.target)):
                index.setdefault(end, []).append(connection)
        return index

    def step_protocol(self, step: "Step") -> str:
        """A flow step's protocol; a step that names none runs over the connection it follows, if exactly one
        protocol joins its source to its target."""
        if step.protocol:
            return step.protocol
        found = {c.protocol for c in self.connections if (c.source, c.target) == (step.source, step.target)}
        return found.pop() if len(found) == 1 else ""

    def step_asynchronous(self, step: "Step") -> bool:
        """Whether a flow step travels over an asynchronous connection (an event, a queued message)."""
        joining = [c for c in self.connections if (c.source, c.target) == (step.source, step.target)]
        protocol = self.step_protocol(step)
        named = [c for c in joining if c.protocol == protocol] if protocol else []
        return any(c.asynchronous for c in named or joining)  # a protocol no connection names: the pair's

    def by_type(self, type_name: str) -> list[Component]:
        return list(self._components_by_type.get(type_name, ()))

    @functools.cached_property
    def _components_by_type(self) -> dict[str, list[Component]]:
        index: dict[str, list[Component]] = {}
        for component in self.components.values():
            index.setdefault(component.type.name, []).append(component)
        return index
