"""What a type module sees while it builds its resources: components, connections, per-environment values."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model.types import clone
from .ids import logical_id, pascal, slug
from .intrinsics import Ref, Sub


@dataclass
class Resource:
    logical_id: str
    type: str
    properties: dict
    component: str = ""
    region: str = ""  # pinned region, e.g. us-east-1 for CloudFront's certificate and WAF ACL
    with_component: str = ""  # placed in the stack of that component instead of its own
    condition: str = ""
    depends_on: tuple[str, ...] = ()
    stateful: bool = False
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Comp:
    id: str
    type: str
    name: str
    layer: str
    description: str
    properties: dict
    overrides: dict
    suppress: tuple
    checkov_defaults: tuple = ()  # the catalogue's default skips of the type (CheckovSkip.as_data)
    region: str = ""  # the Region the model places it in, "" for the environment's

    def props(self, environment: str | None = None) -> dict:
        merged = clone(self.properties)
        merged.update(clone(self.overrides.get(environment, {})))
        return merged

    def get(self, key, default=None):
        value = self.properties.get(key)
        return default if value is None else value


class Context:
    def __init__(self, payload: dict, registry: dict):
        self.system = payload["system"]
        self.system_slug = slug(payload["system"])
        self.environments: dict = payload["environments"]
        self.home: str = payload.get("home") or next(iter(self.environments), "")  # runs the pipeline
        self.components = {c["id"]: Comp(c["id"], c["type"], c["name"], c["layer"], c.get("description", ""),
                                         c["properties"], c["overrides"], tuple(c["suppress"]),
                                         tuple(c.get("checkov_defaults", ())), c.get("region", ""))
                           for c in payload["components"]}
        self.connections = payload["connections"]
        self.pipelines = payload.get("pipelines", [])
        self.wires: list[dict] = payload.get("wires", [])  # connections between components, with their kinds
        self.realised: dict[str, dict] = {}  # connection id -> {"lids": [...], "manual": text} (wiring.py)
        self.registry = registry
        self.parameters: dict[str, dict] = {}  # name -> {"definition": ..., "values": {env: value}}
        self.conditions: dict[str, dict] = {}
        self._grants_by: dict[str, dict[str, list[dict]]] = {}

    # -- naming ------------------------------------------------------------------------------------------------
    def lid(self, component_id: str, suffix: str = "") -> str:
        return logical_id(component_id, suffix)

    def primary(self, component_id: str) -> str:
        comp = self.components[component_id]
        return self.lid(component_id, self.registry[comp.type].primary)

    def physical_name(self, component_id: str) -> Sub:
        """A resource name unique per system and environment: <system>-<environment>-<component id>."""
        self.parameter_system()
        return Sub("${SystemName}-${Environment}-" + component_id)

    def parameter_system(self) -> None:
        self.parameters.setdefault("SystemName", {"definition": {
            "Type": "String", "Default": self.system_slug, "AllowedPattern": "^[a-z0-9-]+$",
            "Description": "Prefix of resource names and exports"}, "values": {}})
        self.parameters.setdefault("Environment", {"definition": {
            "Type": "String", "AllowedValues": sorted(self.environments), "Description": "Environment id"},
            "values": {env: env for env in self.environments}})

    # -- per-environment values --------------------------------------------------------------------------------
    def value(self, comp: Comp, key: str):
        """The property as a literal when every environment agrees, else a parameter set by each parameter file."""
        per_env = {env: comp.props(env).get(key) for env in self.environments}
        distinct = {repr(v) for v in per_env.values()}
        if len(distinct) <= 1:
            return comp.get(key)
        return self.per_environment(self.lid(comp.id, key), per_env, f"{comp.name}: {key} per environment")

    def per_environment(self, name: str, per_env: dict, description: str):
        """A parameter whose value each environment's parameter file sets (a literal when they all agree)."""
        if len({repr(v) for v in per_env.values()}) <= 1:
            return next(iter(per_env.values()))
        sample = next(iter(per_env.values()))
        kind = "Number" if isinstance(sample, (int, float)) and not isinstance(sample, bool) else \
            "CommaDelimitedList" if isinstance(sample, list) else "String"
        values = {env: ",".join(map(str, v)) if isinstance(v, list) else str(v) for env, v in per_env.items()}
        self.parameters[name] = {"definition": {"Type": kind, "Description": description}, "values": values}
        return Ref(name)

    def in_environment(self, env: str) -> str:
        """Name of a condition true only when deploying `env`."""
        self.parameter_system()
        name = "Is" + pascal(env)
        self.conditions[name] = {"Fn::Equals": [Ref("Environment"), env]}
        return name

    # -- connections -------------------------------------------------------------------------------------------
    def grants_from(self, source_id: str) -> list[dict]:
        return list(self._grants("from").get(source_id, ()))

    def grants_to(self, target_id: str) -> list[dict]:
        return list(self._grants("to").get(target_id, ()))

    def _grants(self, end: str) -> dict[str, list[dict]]:
        """Connections that carry permissions, by one end: asked per component, so indexed once."""
        if end not in self._grants_by:
            self._grants_by[end] = {}
            for connection in self.connections:
                if connection["permissions"]:
                    self._grants_by[end].setdefault(connection[end], []).append(connection)
        return self._grants_by[end]

    def statements(self, source_ids: list[str]) -> tuple[list[dict], list]:
        """IAM statements for what the sources' connections need, on each target's ARN; plus managed policies."""
        statements, managed = [], []
        for source_id in source_ids:
            for connection in self.grants_from(source_id):
                target = self.components.get(connection["to"])
                if target is None or target.type not in self.registry:
                    continue
                module = self.registry[target.type]
                for action in connection["permissions"]:
                    policy = module.managed_policy(self, target)
                    if policy is not None:
                        if policy not in managed:
                            managed.append(policy)
                        continue
                    resources = module.arns(self, target, action)
                    if resources:
                        statements.append({"Effect": "Allow", "Action": [action], "Resource": resources})
            statements += self.kind_statements(source_id)
        return merge_statements(statements), managed

    def kind_statements(self, source_id: str) -> list[dict]:
        """What the connections' kinds add: the caller's actions on its target (a failure destination), the
        consumer's on its source (a function polling its queue), kms on a target's customer-managed key."""
        found = []
        for wire in self.wires:
            ends = [(wire["to"], wire["caller_actions"])] if wire["from"] == source_id else []
            ends += [(wire["from"], wire["target_actions"])] if wire["to"] == source_id else []
            for other, actions in ends:
                module = self.registry.get(self.components[other].type)
                if not actions or module is None:
                    continue
                found += [{"Effect": "Allow", "Action": [a], "Resource": arns}
                          for a in actions if (arns := module.arns(self, self.components[other], a))]
        for connection in self.grants_from(source_id):
            target = self.components.get(connection["to"])
            module = self.registry.get(target.type) if target else None
            if module is not None:
                found += module.key_statement(self, target, connection["permissions"])
        return found


def merge_statements(statements: list[dict]) -> list[dict]:
    """One statement per set of resources (and condition), actions in first-seen order."""
    merged: dict[str, dict] = {}
    for statement in statements:
        key = repr((statement["Resource"], statement.get("Condition")))
        entry = merged.setdefault(key, {"Effect": "Allow", "Action": [], "Resource": statement["Resource"],
                                        **({"Condition": statement["Condition"]} if "Condition" in statement else {})})
        for action in statement["Action"]:
            if action not in entry["Action"]:
                entry["Action"].append(action)
    return list(merged.values())
