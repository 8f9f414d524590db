"""Two Models -> a ModelDiff: elements added, removed, renamed (same type and connections, new id) and changed
(each property, per environment, old -> new); connections with their permissions; flow steps; pipeline stages;
suppressions."""
from __future__ import annotations

import difflib

from ..model.types import Component, Connection, Flow, Model, Pipeline
from .changes import (ADDED, ALL_ENVIRONMENTS, CHANGED, REMOVED, RENAMED, ElementChange, ModelDiff, PropertyChange,
                      shown)

LIST_KEYS = ("id", "name", "rule", "path")  # what identifies an item of a list of mappings, in this order


def flatten(value, prefix: str = "") -> dict[str, object]:
    """Nested model data -> {dotted path: leaf value}; a list of mappings is keyed by an identifying field."""
    if isinstance(value, dict):
        if not value and prefix:
            return {prefix: {}}
        out: dict[str, object] = {}
        for key in value:
            out.update(flatten(value[key], f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        key = list_key(value)
        if key:
            out = {}
            for index, item in enumerate(value):
                out.update(flatten(item, f"{prefix}[{item_name(item, key, index)}]"))
            return out
    return {prefix: value}


def list_key(items: list[dict]) -> tuple[str, ...]:
    for key in LIST_KEYS:
        if all(key in item for item in items) and len({shown(i[key]) for i in items}) == len(items):
            return (key,)
    if all("method" in i and "path" in i for i in items):  # routes
        if len({(i["method"], i["path"]) for i in items}) == len(items):
            return ("method", "path")
    return ()


def item_name(item: dict, key: tuple[str, ...], index: int) -> str:
    return " ".join(shown(item[k]) for k in key) if key else str(index)


def property_changes(old: dict, new: dict, environment: str = ALL_ENVIRONMENTS) -> list[PropertyChange]:
    a, b = flatten(old), flatten(new)
    return [PropertyChange(path, a.get(path), b.get(path), environment)
            for path in sorted(set(a) | set(b)) if a.get(path) != b.get(path)]


# -- components -------------------------------------------------------------------------------------------------------

def component_data(c: Component) -> dict:
    return {"type": c.type.name, "name": c.name, "layer": c.layer, "description": c.description, "owner": c.owner,
            "links": c.links}


def environment_changes(old: Component, new: Component, environments: list[str]) -> list[PropertyChange]:
    """Each deployed property old -> new: once when every environment changes alike, else per environment."""
    per_env = {env: {(p.path, shown(p.old), shown(p.new)): p
                     for p in property_changes(old.props(env), new.props(env), env)}
               for env in environments}
    base = {(p.path, shown(p.old), shown(p.new)): p for p in property_changes(old.properties, new.properties)}
    everywhere = set.intersection(*(set(v) for v in per_env.values())) if per_env else set(base)
    result = [base.get(key) or per_env[environments[0]][key] for key in sorted(everywhere)]
    result = [PropertyChange(p.path, p.old, p.new) for p in result]
    for env in environments:
        result += [p for key, p in sorted(per_env[env].items()) if key not in everywhere]
    return result


def suppression_notes(old: Component, new: Component) -> list[str]:
    a = {s.rule: s.reason for s in old.suppressions}
    b = {s.rule: s.reason for s in new.suppressions}
    notes = [f"suppression of {r} added: {b[r]}" for r in sorted(set(b) - set(a))]
    notes += [f"suppression of {r} removed (was: {a[r]})" for r in sorted(set(a) - set(b))]
    notes += [f"suppression of {r}: reason {a[r]!r} -> {b[r]!r}" for r in sorted(set(a) & set(b)) if a[r] != b[r]]
    return notes


def compare_component(old: Component, new: Component, environments: list[str]) -> tuple[list, list]:
    props = property_changes(component_data(old), component_data(new))
    props += environment_changes(old, new, environments)
    return props, suppression_notes(old, new)


def signature(model: Model, element_id: str, kind: str, item) -> tuple:
    """What a renamed element keeps: its type and its connections (the other end, protocol, direction); one
    without connections, its type and its properties."""
    ends = sorted((c.source == element_id, c.target if c.source == element_id else c.source, c.protocol)
                  for c in model.connections_of(element_id))
    own = shown(getattr(item, "properties", None)) if not ends else ""
    return (kind, tuple(ends), own)


def find_renames(base: Model, head: Model, section: str) -> dict[str, str]:
    """BASE id -> HEAD id for a removed and an added element of one type with the same connections (unambiguous)."""
    old_items, new_items = getattr(base, section), getattr(head, section)
    gone = [i for i in old_items if i not in new_items]
    came = [i for i in new_items if i not in old_items]
    if not gone or not came:
        return {}

    def kind(item):
        return item.type.name if section == "components" else item.kind
    old_sig: dict[tuple, list[str]] = {}
    for i in gone:
        old_sig.setdefault(signature(base, i, kind(old_items[i]), old_items[i]), []).append(i)
    new_sig: dict[tuple, list[str]] = {}
    for i in came:
        new_sig.setdefault(signature(head, i, kind(new_items[i]), new_items[i]), []).append(i)
    return {olds[0]: new_sig[sig][0] for sig, olds in old_sig.items()
            if len(olds) == 1 and len(new_sig.get(sig, ())) == 1}


def element_section(base: Model, head: Model, section: str, renamed: dict[str, str], environments: list[str]):
    old_items, new_items = getattr(base, section), getattr(head, section)
    back = {new: old for old, new in renamed.items()}
    changes = []
    for i in sorted(set(old_items) | set(new_items)):
        if i in old_items and i not in new_items:
            if i not in renamed:
                changes.append(ElementChange(section, REMOVED, i, label=old_items[i].name))
            continue
        old_id = back.get(i, i)
        if old_id not in old_items:
            changes.append(ElementChange(section, ADDED, i, label=new_items[i].name))
            continue
        old, new = old_items[old_id], new_items[i]
        if section == "components":
            props, notes = compare_component(old, new, environments)
        else:
            props, notes = property_changes(plain(old), plain(new)), []
        if props or notes or old_id != i:
            changes.append(ElementChange(section, RENAMED if old_id != i else CHANGED, i, old_id if old_id != i else "",
                                         new.name, tuple(props), tuple(notes)))
    return changes


def plain(item) -> dict:
    from dataclasses import asdict
    data = asdict(item)
    data.pop("location", None)
    data.pop("id", None)
    return data


# -- connections --------------------------------------------------------------------------------------------------------

def connection_key(c: Connection, renamed: dict[str, str]) -> tuple[str, str, str]:
    return (renamed.get(c.source, c.source), renamed.get(c.target, c.target), c.protocol)


def connection_label(key: tuple[str, str, str]) -> str:
    return f"{key[0]} -> {key[1]} ({key[2]})"


def connection_section(base: Model, head: Model, renamed: dict[str, str]) -> list[ElementChange]:
    old = {connection_key(c, renamed): c for c in base.connections}
    new = {connection_key(c, {}): c for c in head.connections}
    changes = []
    for key in sorted(set(old) | set(new)):
        cid, label = f"{key[0]}->{key[1]}", key[2]
        if key not in new:
            changes.append(ElementChange("connections", REMOVED, cid, label=label,
                                         notes=permission_notes(old[key].permissions, ())))
        elif key not in old:
            changes.append(ElementChange("connections", ADDED, cid, label=label,
                                         notes=permission_notes((), new[key].permissions)))
        else:
            a, b = old[key], new[key]
            props = [PropertyChange(name, getattr(a, name), getattr(b, name))
                     for name in ("purpose", "auth", "asynchronous") if getattr(a, name) != getattr(b, name)]
            notes = permission_notes(a.permissions, b.permissions)
            if props or notes:
                changes.append(ElementChange("connections", CHANGED, cid, label=label, properties=tuple(props),
                                             notes=tuple(notes)))
    return changes


def permission_notes(old, new) -> tuple[str, ...]:
    added = [p for p in new if p not in old]
    removed = [p for p in old if p not in new]
    return tuple([f"permission added: {p}" for p in added] + [f"permission removed: {p}" for p in removed])


# -- flows and pipelines ----------------------------------------------------------------------------------------------

def step_text(step) -> str:
    return f"{step.source} -> {step.target}: {step.action}"


def flow_notes(old: Flow, new: Flow, renamed: dict[str, str]) -> list[str]:
    def key(s):
        return (renamed.get(s.source, s.source), renamed.get(s.target, s.target), s.action)
    a, b = [key(s) for s in old.steps], [key(s) for s in new.steps]
    notes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            notes += [f"step {old.steps[i].number} removed: {step_text(old.steps[i])}" for i in range(i1, i2)]
        if tag in ("insert", "replace"):
            notes += [f"step {new.steps[j].number} added: {step_text(new.steps[j])}" for j in range(j1, j2)]
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                for p in property_changes(step_data(old.steps[i]), step_data(new.steps[j])):
                    notes.append(f"step {new.steps[j].number} ({step_text(new.steps[j])}): {p.path} "
                                 f"{shown(p.old)} -> {shown(p.new)}")
    return notes


def step_data(step) -> dict:
    data = plain(step)
    for name in ("number", "source", "target", "action"):
        data.pop(name)
    data["failures"] = [dict(f) for f in data["failures"]]
    return data


def flow_section(base: Model, head: Model, renamed: dict[str, str]) -> list[ElementChange]:
    changes = []
    for fid in sorted(set(base.flows) | set(head.flows)):
        if fid not in head.flows:
            changes.append(ElementChange("flows", REMOVED, fid, label=base.flows[fid].name))
        elif fid not in base.flows:
            changes.append(ElementChange("flows", ADDED, fid, label=head.flows[fid].name,
                                         notes=tuple(f"step {s.number}: {step_text(s)}" for s in head.flows[fid].steps)))
        else:
            old, new = base.flows[fid], head.flows[fid]
            props = [PropertyChange(n, getattr(old, n), getattr(new, n)) for n in ("name", "kind", "description")
                     if getattr(old, n) != getattr(new, n)]
            notes = flow_notes(old, new, renamed)
            if props or notes:
                changes.append(ElementChange("flows", CHANGED, fid, label=new.name, properties=tuple(props),
                                             notes=tuple(notes)))
    return changes


def stage_data(pipeline: Pipeline) -> dict:
    return {"trigger": pipeline.trigger, "source": pipeline.source, "runs_on": pipeline.runs_on,
            "name": pipeline.name, "description": pipeline.description}


def stage_notes(old: Pipeline, new: Pipeline) -> list[str]:
    a = {s.name: s for s in old.stages}
    b = {s.name: s for s in new.stages}
    notes = [f"stage added: {n}" for n in b if n not in a] + [f"stage removed: {n}" for n in a if n not in b]
    if [n for n in a if n in b] != [n for n in b if n in a]:
        notes.append(f"stage order: {', '.join(a)} -> {', '.join(b)}")
    for name in (n for n in b if n in a):
        old_actions = {x.name: plain(x) for x in a[name].actions}
        new_actions = {x.name: plain(x) for x in b[name].actions}
        notes += [f"stage {name}: action added: {n}" for n in new_actions if n not in old_actions]
        notes += [f"stage {name}: action removed: {n}" for n in old_actions if n not in new_actions]
        for n in (n for n in new_actions if n in old_actions):
            notes += [f"stage {name}: action {n}: {p.path} {shown(p.old)} -> {shown(p.new)}"
                      for p in property_changes(old_actions[n], new_actions[n])]
        if a[name].environment != b[name].environment:
            notes.append(f"stage {name}: environment {a[name].environment or '—'} -> {b[name].environment or '—'}")
    return notes


def pipeline_section(base: Model, head: Model) -> list[ElementChange]:
    changes = []
    for pid in sorted(set(base.pipelines) | set(head.pipelines)):
        if pid not in head.pipelines:
            changes.append(ElementChange("pipelines", REMOVED, pid, label=base.pipelines[pid].name))
        elif pid not in base.pipelines:
            changes.append(ElementChange("pipelines", ADDED, pid, label=head.pipelines[pid].name,
                                         notes=tuple(f"stage: {s.name}" for s in head.pipelines[pid].stages)))
        else:
            old, new = base.pipelines[pid], head.pipelines[pid]
            props = property_changes(stage_data(old), stage_data(new))
            notes = stage_notes(old, new)
            if props or notes:
                changes.append(ElementChange("pipelines", CHANGED, pid, label=new.name, properties=tuple(props),
                                             notes=tuple(notes)))
    return changes


def system_section(base: Model, head: Model) -> list[ElementChange]:
    props = property_changes(plain(base.system), plain(head.system))
    return [ElementChange("system", CHANGED, "system", label=head.system.name, properties=tuple(props))] if props else []


def diff_models(base: Model, head: Model) -> ModelDiff:
    environments = sorted(set(base.environments) & set(head.environments))
    renamed = {**find_renames(base, head, "components"), **find_renames(base, head, "actors")}
    result = ModelDiff(renamed=renamed)
    result.changes += system_section(base, head)
    result.changes += element_section(base, head, "environments", {}, environments)
    result.changes += element_section(base, head, "actors", renamed, environments)
    result.changes += element_section(base, head, "components", renamed, environments)
    result.changes += connection_section(base, head, renamed)
    result.changes += flow_section(base, head, renamed)
    result.changes += pipeline_section(base, head)
    return result
