"""The component-type catalogue: data files in catalogue/, read once."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..datafiles import read_data

from .spec import Spec

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
NON_TYPE_FILES = {"actors.yaml", "layers.yaml", "connections.yaml"}


@dataclass(frozen=True)
class CheckovSkip:
    """A checkov check that the type's templates fail by default, skipped with its reason unless the model asks
    for what the check wants: the resource has the property `unless` (a dotted path) or the text `unless_text`, or
    lacks the text `only_text`, or the component's properties differ from `when`. The model's own `suppress` of
    the same check replaces it."""
    rule: str
    reason: str
    unless: str = ""
    unless_text: str = ""
    when: tuple = ()  # ((property, (values...)), ...)
    only_text: str = ""

    def as_data(self) -> dict:
        return {"rule": self.rule, "reason": self.reason, "unless": self.unless, "unless_text": self.unless_text,
                "only_text": self.only_text, "when": [[name, list(values)] for name, values in self.when]}


@dataclass(frozen=True)
class RetryPolicy:
    """How the service retries work handed to a component of this type (the catalogue's `retries:`): the sequence
    diagram draws it as a loop frame. `count` and `on_failure` are property paths ('async.max_retries')."""
    count: str
    default: int
    when: str  # asynchronous: only work that reaches the component over an asynchronous step is retried
    says: str  # the frame's label, '{times}' replaced by the number of retries ('once', '2 times')
    on_failure: str = ""  # where the work goes after the last retry (a ref property): outside the loop

    def retries(self, properties: dict) -> int:
        value = properties
        for key in self.count.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        return value if isinstance(value, int) else self.default

    def destination(self, properties: dict) -> str:
        value = properties
        for key in self.on_failure.split(".") if self.on_failure else ():
            value = value.get(key) if isinstance(value, dict) else None
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class ComponentType:
    name: str
    label: str
    icon: str  # diagrams node class, e.g. aws.compute.Lambda
    layer: str
    scope: str  # global | regional | external
    stateful: bool
    cloudformation: tuple[str, ...]
    properties: dict[str, Spec]
    name_max_length: int | None = None  # AWS's limit on the name <system>-<environment>-<id> the templates give it
    checkov_skips: tuple[CheckovSkip, ...] = ()  # default skips, with reasons, of checks a bare component fails
    global_when: tuple[tuple[str, object], ...] = ()  # a global type runs in a region unless its properties match
    review: tuple[str, ...] = ()  # lines a design review asks for, as format strings over the properties
    retries: RetryPolicy | None = None  # how the service retries work handed to it (a loop in a sequence)
    default_region: str = ""  # the Region a component of the type runs in unless it names one (us-east-1 for ACM)

    def is_global(self, properties: dict, region: str = "") -> bool:
        """Whether a component of this type, with these properties (and its `region`), is a global service
        (CloudFront, Route 53, a CLOUDFRONT-scope web ACL, a us-east-1 certificate), not one that runs in a region."""
        return self.scope == "global" and all((region if key == "region" else properties.get(key)) == value
                                              for key, value in self.global_when)


@dataclass(frozen=True)
class ActorKind:
    name: str
    label: str
    icon: str


@dataclass(frozen=True)
class Layer:
    name: str
    label: str
    zone: str
    aside: bool = False  # off the main request path: drawn below it in the infrastructure diagram
    beside: bool = False  # drawn in the column of the main-line component that calls it (auth beside the API)
    detail: str = ""  # the diagrams that show this layer's edges; the overview draws its members as a grid
    summarise: str = "always"  # or "when-crossing": the overview draws its edges unless that crosses more


@dataclass(frozen=True)
class Catalogue:
    types: dict[str, ComponentType]
    actor_kinds: dict[str, ActorKind]
    layers: dict[str, Layer]


def _read(path: Path) -> dict:
    return read_data(path)


@functools.cache
def load_catalogue(folder: Path = CATALOGUE_DIR) -> Catalogue:
    types: dict[str, ComponentType] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name in NON_TYPE_FILES:
            continue
        for name, entry in _read(path).items():
            types[name] = ComponentType(
                name=name, label=entry["label"], icon=entry["icon"], layer=entry["layer"],
                scope=entry.get("scope", "regional"), stateful=bool(entry.get("stateful", False)),
                cloudformation=tuple(entry.get("cloudformation", [])),
                properties={key: Spec.parse(spec, f"{name}.{key}") for key, spec in entry.get("properties", {}).items()},
                name_max_length=entry.get("name_max_length"),
                checkov_skips=tuple(checkov_skip(s) for s in entry.get("checkov_skips", [])),
                global_when=tuple(sorted(entry.get("global_when", {}).items())),
                review=tuple(entry.get("review", [])),
                retries=RetryPolicy(**entry["retries"]) if "retries" in entry else None,
                default_region=entry.get("region", ""),
            )
    actor_kinds = {name: ActorKind(name, e["label"], e["icon"]) for name, e in _read(folder / "actors.yaml").items()}
    layers = {name: Layer(name, e["label"], e["zone"], bool(e.get("aside", False)), bool(e.get("beside", False)),
                          e.get("detail", ""), e.get("summarise", "always"))
              for name, e in _read(folder / "layers.yaml").items()}
    return Catalogue(types, actor_kinds, layers)


def checkov_skip(entry: dict) -> CheckovSkip:
    when = tuple((name, tuple(v if isinstance(v, list) else [v])) for name, v in entry.get("when", {}).items())
    return CheckovSkip(entry["rule"], entry["reason"], entry.get("unless", ""), entry.get("unless_text", ""), when,
                       entry.get("only_text", ""))


@functools.cache
def load_structure() -> dict[str, Spec]:
    data = _read(Path(__file__).with_name("structure.yaml"))
    return {name: Spec.parse(spec, name) for name, spec in data.items()}
