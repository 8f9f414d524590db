"""Deployment impact: the generated templates of both sides compared the way CloudFormation would apply them.

Per stack: resources added, removed, modified (property paths), and those CloudFormation would replace (a changed
create-only property of the resource schema, a changed type, a move to another stack), loudly marked when the
resource holds data (the templates keep such resources with DeletionPolicy: Retain); IAM actions added and
removed per role; parameter values that change per environment (and the replacements they cause)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import ModelError
from ..model.types import Model
from ..renderers.cloudformation.intrinsics import long_form
from . import schemas

REPLACE, MAY_REPLACE = "replace", "may replace"
IAM_ROLE = "AWS::IAM::Role"
IAM_POLICIES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy")


@dataclass(frozen=True)
class Templates:
    """stack name -> template (plain), stack name -> environment -> parameter values."""
    stacks: dict[str, dict]
    parameters: dict[str, dict[str, dict]]
    components: dict[tuple[str, str], str] = field(default_factory=dict)  # (stack, logical id) -> component id


def templates_of(model: Model) -> Templates:
    from ..renderers.cloudformation import located
    from ..renderers.cloudformation.assemble import build, parameter_file, template
    from ..renderers.cloudformation.snapshot import templates_payload
    from ..renderers.cloudformation.split import PlacementError

    try:
        result = build(templates_payload(model))
    except PlacementError as exc:
        raise ModelError(located(model, exc)) from None
    stacks = {name: long_form(template(result.context, result.stacks[name])) for name in result.order}
    parameters = {name: {env: parameter_file(result.stacks[name], env)["Parameters"]
                         for env in result.stacks[name].environments} for name in result.order}
    owners = {(name, lid): resource.component for name in result.order
              for lid, resource in result.stacks[name].resources.items()}
    return Templates(stacks, parameters, owners)


@dataclass(frozen=True)
class ResourceChange:
    stack: str
    logical_id: str
    type: str
    kind: str  # added, removed, modified, moved
    paths: tuple[str, ...] = ()  # changed property paths ('KeySchema/0/AttributeName')
    replacement: str = ""  # '', 'replace', 'may replace'
    because: tuple[str, ...] = ()  # why: the create-only properties changed, 'type', 'moved from stack x'
    holds_data: bool = False
    environments: tuple[str, ...] = ()  # where a parameter change causes it ('' = every environment)
    note: str = ""
    component: str = ""

    def as_dict(self) -> dict:
        return {"stack": self.stack, "logical_id": self.logical_id, "type": self.type, "kind": self.kind,
                "component": self.component,
                "paths": list(self.paths), "replacement": self.replacement, "because": list(self.because),
                "holds_data": self.holds_data, "environments": list(self.environments), "note": self.note}


@dataclass(frozen=True)
class RoleChange:
    stack: str
    role: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    component: str = ""

    def as_dict(self) -> dict:
        return {"stack": self.stack, "role": self.role, "component": self.component, "added": list(self.added), "removed": list(self.removed)}


@dataclass(frozen=True)
class ParameterChange:
    stack: str
    environment: str
    name: str
    old: object
    new: object

    def as_dict(self) -> dict:
        return {"stack": self.stack, "environment": self.environment, "name": self.name, "old": self.old,
                "new": self.new}


@dataclass
class Impact:
    stacks_added: list[str] = field(default_factory=list)
    stacks_removed: list[str] = field(default_factory=list)
    resources: list[ResourceChange] = field(default_factory=list)
    roles: list[RoleChange] = field(default_factory=list)
    parameters: list[ParameterChange] = field(default_factory=list)
    schemas_missing: bool = False

    @property
    def replacements(self) -> list[ResourceChange]:
        return [r for r in self.resources if r.replacement]

    def as_dict(self) -> dict:
        return {"stacks_added": self.stacks_added, "stacks_removed": self.stacks_removed,
                "resources": [r.as_dict() for r in self.resources], "iam": [r.as_dict() for r in self.roles],
                "parameters": [p.as_dict() for p in self.parameters],
                "replacement_known": not self.schemas_missing}


def changed_paths(old, new, prefix: str = "") -> list[str]:
    """JSON-pointer-like paths under which two property trees differ (the deepest differing nodes)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new), key=str):
            path = f"{prefix}/{key}" if prefix else str(key)
            if key not in old or key not in new:
                out.append(path)
            elif old[key] != new[key]:
                out += changed_paths(old[key], new[key], path)
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                out += changed_paths(a, b, f"{prefix}/{i}" if prefix else str(i))
        return out
    return [prefix] if old != new else []


def replacement_of(resource_type: str, paths: list[str]) -> tuple[str, tuple[str, ...]]:
    rule = schemas.replacement(resource_type)
    if rule is None:
        return "", ()
    always = rule.always + schemas.documented(resource_type)
    hard = sorted({s for s in always for p in paths if schemas.covers(s, p)})
    if hard:
        return REPLACE, tuple(hard)
    soft = sorted({s for s in rule.conditional for p in paths if schemas.covers(s, p)})
    return (MAY_REPLACE, tuple(soft)) if soft else ("", ())


def holds_data(resource: dict) -> bool:
    return resource.get("DeletionPolicy") == "Retain"


def custom_name_note(resource_type: str, properties: dict, because: tuple[str, ...]) -> str:
    """CloudFormation refuses to replace a resource whose name is set in the template unless the name changes."""
    rule = schemas.replacement(resource_type)
    names = [p for p in (rule.always if rule else ()) if "/" not in p and p.endswith("Name") and p in properties]
    if names and not set(names) & set(because):
        return (f"{names[0]} is set in the template: CloudFormation cannot replace a custom-named resource, so "
                "the update fails unless the name changes too")
    return ""


def resource_changes(stack: str, old: dict, new: dict) -> list[ResourceChange]:
    changes = []
    for lid in sorted(set(old) | set(new)):
        a, b = old.get(lid), new.get(lid)
        if a is None:
            changes.append(ResourceChange(stack, lid, b["Type"], "added", holds_data=holds_data(b)))
        elif b is None:
            changes.append(ResourceChange(stack, lid, a["Type"], "removed", holds_data=holds_data(a),
                                          note="retained (DeletionPolicy: Retain): left behind, no longer managed"
                                          if holds_data(a) else ""))
        elif a != b:
            changes.append(modified(stack, lid, a, b))
    return changes


def modified(stack: str, lid: str, a: dict, b: dict) -> ResourceChange:
    if a["Type"] != b["Type"]:
        return ResourceChange(stack, lid, b["Type"], "modified", ("Type",), REPLACE, (f"type was {a['Type']}",),
                              holds_data(a) or holds_data(b))
    props_a, props_b = a.get("Properties", {}), b.get("Properties", {})
    paths = changed_paths(props_a, props_b)
    other = [k for k in sorted(set(a) | set(b)) if k not in ("Properties", "Type") and a.get(k) != b.get(k)]
    kind, because = replacement_of(b["Type"], paths)
    note = custom_name_note(b["Type"], props_b, because) if kind else ""
    return ResourceChange(stack, lid, b["Type"], "modified", tuple(paths + other), kind, because,
                          holds_data(a) or holds_data(b), note=note)


def moves(changes: list[ResourceChange]) -> list[ResourceChange]:
    """A logical id removed from one stack and added to another of the same type: CloudFormation deletes it there
    and creates a new one here (a retained old one stays behind, holding the data)."""
    added = {(c.logical_id, c.type): c for c in changes if c.kind == "added"}
    result, moved = [], set()
    for c in changes:
        twin = added.get((c.logical_id, c.type)) if c.kind == "removed" else None
        if twin and twin.stack != c.stack:
            moved.add((twin.stack, c.logical_id))
            result.append(ResourceChange(twin.stack, c.logical_id, c.type, "moved", (), REPLACE,
                                         (f"moved from stack {c.stack}",), c.holds_data,
                                         note="deleted in the old stack and created anew in this one"))
        elif c.kind != "removed" or not twin:
            result.append(c)
    return [c for c in result if not (c.kind == "added" and (c.stack, c.logical_id) in moved)]


def statements(resource: dict) -> list[dict]:
    props = resource.get("Properties", {})
    docs = [p.get("PolicyDocument", {}) for p in props.get("Policies", []) if isinstance(p, dict)]
    if "PolicyDocument" in props:
        docs.append(props["PolicyDocument"])
    found = []
    for doc in docs:
        items = doc.get("Statement", []) if isinstance(doc, dict) else []
        found += [s for s in (items if isinstance(items, list) else [items]) if isinstance(s, dict)]
    return found


def grants(template: dict) -> dict[str, set[str]]:
    """role logical id -> {'Allow dynamodb:PutItem on <resource>'} from its inline policies and the policies
    attached to it in the same template."""
    resources = template.get("Resources", {})
    table: dict[str, set[str]] = {lid: set() for lid, r in resources.items() if r.get("Type") == IAM_ROLE}
    for lid, resource in resources.items():
        if resource.get("Type") == IAM_ROLE:
            targets = [lid]
        elif resource.get("Type") in IAM_POLICIES:
            targets = [r["Ref"] for r in resource.get("Properties", {}).get("Roles", [])
                       if isinstance(r, dict) and r.get("Ref") in table]
        else:
            continue
        for statement in statements(resource):
            for role in targets:
                table[role] |= set(grant_lines(statement))
    return table


def grant_lines(statement: dict) -> list[str]:
    actions = statement.get("Action", [])
    actions = actions if isinstance(actions, list) else [actions]
    resources = statement.get("Resource", [])
    resources = resources if isinstance(resources, list) else [resources]
    effect = "" if statement.get("Effect", "Allow") == "Allow" else f"{statement.get('Effect')} "
    where = ", ".join(sorted(resource_text(r) for r in resources)) or "*"
    return [f"{effect}{a} on {where}" for a in actions if isinstance(a, str)]


def resource_text(value) -> str:
    """A policy resource in short: the logical id or export it names, or its text."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("Ref", "Fn::ImportValue", "Fn::GetAtt", "Fn::Sub"):
            if key in value:
                inner = value[key]
                if isinstance(inner, list):
                    inner = ".".join(resource_text(i) for i in inner if not isinstance(i, dict)) or resource_text(inner[0])
                return resource_text(inner)
    return "…"


def role_changes(stack: str, old: dict, new: dict) -> list[RoleChange]:
    a, b = grants(old), grants(new)
    out = []
    for role in sorted(set(a) | set(b)):
        added, removed = sorted(b.get(role, set()) - a.get(role, set())), sorted(a.get(role, set()) - b.get(role, set()))
        if added or removed:
            out.append(RoleChange(stack, role, tuple(added), tuple(removed)))
    return out


def parameter_changes(stack: str, old: dict[str, dict], new: dict[str, dict]) -> list[ParameterChange]:
    out = []
    for env in sorted(set(old) & set(new)):
        a, b = old[env], new[env]
        out += [ParameterChange(stack, env, name, a.get(name), b.get(name))
                for name in sorted(set(a) | set(b)) if a.get(name) != b.get(name)]
    return out


def refs_in(value) -> set[str]:
    if isinstance(value, dict):
        found = {value["Ref"]} if isinstance(value.get("Ref"), str) else set()
        if "Fn::Sub" in value:
            text = value["Fn::Sub"][0] if isinstance(value["Fn::Sub"], list) else value["Fn::Sub"]
            found |= {name.split(".")[0] for name in _sub_names(text)}
        for item in value.values():
            found |= refs_in(item)
        return found
    if isinstance(value, list):
        return set().union(*(refs_in(v) for v in value)) if value else set()
    return set()


def _sub_names(text) -> list[str]:
    import re
    return re.findall(r"\$\{([A-Za-z0-9:.]+)\}", text) if isinstance(text, str) else []


def parameter_replacements(stack: str, template: dict, changes: list[ParameterChange]) -> list[ResourceChange]:
    """A parameter whose value changes in an environment and feeds a create-only property: replaced there."""
    by_name: dict[str, list[str]] = {}
    for c in changes:
        by_name.setdefault(c.name, []).append(c.environment)
    out = []
    for lid, resource in sorted(template.get("Resources", {}).items()):
        rule = schemas.replacement(resource.get("Type", ""))
        if rule is None:
            continue
        props = resource.get("Properties", {})
        for kind, paths in ((REPLACE, rule.always), (MAY_REPLACE, rule.conditional)):
            hit = sorted(p for p in paths if refs_in(props.get(p.split("/")[0])) & set(by_name))
            if hit:
                envs = sorted({e for p in hit for n in refs_in(props.get(p.split("/")[0])) for e in by_name.get(n, ())})
                out.append(ResourceChange(stack, lid, resource["Type"], "modified", tuple(hit), kind, tuple(hit),
                                          holds_data(resource), tuple(envs), note="through a parameter value"))
                break
    return out


def deployment_impact(base: Templates, head: Templates) -> Impact:
    impact = Impact(schemas_missing=not schemas.available())
    impact.stacks_added = sorted(set(head.stacks) - set(base.stacks))
    impact.stacks_removed = sorted(set(base.stacks) - set(head.stacks))
    changes: list[ResourceChange] = []
    for stack in sorted(set(base.stacks) | set(head.stacks)):
        old, new = base.stacks.get(stack, {}), head.stacks.get(stack, {})
        changes += resource_changes(stack, old.get("Resources", {}), new.get("Resources", {}))
        impact.roles += role_changes(stack, old, new)
        params = parameter_changes(stack, base.parameters.get(stack, {}), head.parameters.get(stack, {}))
        impact.parameters += params
        seen = {(c.stack, c.logical_id) for c in changes if c.replacement}
        changes += [c for c in parameter_replacements(stack, new, params) if (c.stack, c.logical_id) not in seen]
    owner = {**base.components, **head.components}
    impact.resources = [replace(c, component=owner.get((c.stack, c.logical_id), "")) for c in merge_same(moves(changes))]
    impact.roles = [replace(r, component=owner.get((r.stack, r.role), "")) for r in impact.roles]
    return impact


def merge_same(changes: list[ResourceChange]) -> list[ResourceChange]:
    """One entry per resource: a template change and a parameter-caused replacement of it join."""
    seen: dict[tuple[str, str], ResourceChange] = {}
    for c in changes:
        key = (c.stack, c.logical_id)
        if key in seen and not seen[key].replacement and c.replacement:
            first = seen[key]
            seen[key] = ResourceChange(c.stack, c.logical_id, c.type, first.kind, first.paths + c.paths,
                                       c.replacement, c.because, c.holds_data, c.environments, c.note)
        else:
            seen.setdefault(key, c)
    return sorted(seen.values(), key=lambda c: (c.stack, c.logical_id))
