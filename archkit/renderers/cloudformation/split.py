"""Stacks within AWS's per-template quotas (stacks.yaml `quotas`): a stack that would exceed one is split into parts
`<name>`, `<name>-2`, ... A part holds whole units: a component with every resource placed with it. Units are taken
in dependency order (a unit after the units it references), so references between parts flow one way, from a later
part to an earlier one, and the parts deploy in order. Units that reference each other in a cycle stay together; a
unit that alone exceeds a quota is an error naming its components.

The counts are upper bounds (every reference from outside a unit counts as an export of its part); the template
size is estimated from compact JSON and checked again on the rendered text."""
from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from .context import Context, Resource
from .ids import output_name
from .intrinsics import GetAtt, Ref, Sub

SIZE_FACTOR = 1.5  # YAML text of a resource / its compact JSON: at most 1.32 measured on every model we have
BASE_PARAMETERS = {"SystemName", "Environment"}  # a part that imports or exports needs both
PARAMETER_BYTES, OUTPUT_BYTES, HEADER_BYTES = 400, 120, 300  # generous sizes of a parameter, an output, the rest


class PlacementError(ValueError):
    """The resources of `components` cannot be placed in deployable stacks; the message says which and why."""

    def __init__(self, message: str, components: list[str], fix: str = ""):
        super().__init__(message)
        self.components, self.fix = components, fix


@dataclass
class Unit:
    anchor: str  # the component the others are placed with
    index: int  # position of its first resource in the stack
    resources: list[Resource] = field(default_factory=list)
    needs: set[str] = field(default_factory=set)  # anchors of units of the same stack that it references
    parameters: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)
    size: int = 0
    dynamic_references: int = 0  # {{resolve:...}} in its properties
    cycle: bool = False  # merged from units that reference each other

    @property
    def components(self) -> list[str]:
        return sorted({r.component for r in self.resources})


class Part:
    """Running totals of a part being filled, against the quotas."""

    def __init__(self, quotas: dict):
        self.quotas, self.units = quotas, []
        self.resources, self.size, self.dynamic_references = 0, HEADER_BYTES, 0
        self.parameters, self.outputs = set(BASE_PARAMETERS), set()

    def excess(self, unit: Unit) -> str:
        """Which quota adding `unit` would exceed, or ''."""
        parameters, outputs = self.parameters | unit.parameters, self.outputs | unit.outputs
        size = self.size + unit.size + PARAMETER_BYTES * len(parameters) + sum(
            OUTPUT_BYTES + 2 * len(o) for o in outputs)
        counts = {"resources": self.resources + len(unit.resources), "parameters": len(parameters),
                  "outputs": len(outputs), "bytes": size,
                  "dynamic_references": self.dynamic_references + unit.dynamic_references}
        return next((f"{counts[k]} {k} (at most {self.quotas[k]})" for k in counts if counts[k] > self.quotas[k]), "")

    def add(self, unit: Unit) -> None:
        self.units.append(unit)
        self.resources += len(unit.resources)
        self.size += unit.size
        self.dynamic_references += unit.dynamic_references
        self.parameters |= unit.parameters
        self.outputs |= unit.outputs


def references(node, found: set) -> set:
    """(logical id or parameter, attribute) pairs that a property tree refers to."""
    if isinstance(node, Ref):
        found.add((node.name, ""))
    elif isinstance(node, GetAtt):
        found.add((node.resource, node.attribute))
    elif isinstance(node, Sub):
        found.update((name, "") for name in re.findall(r"\$\{([A-Za-z0-9:]+)\}", node.template))
        references(node.variables, found)
    elif isinstance(node, dict):
        for value in node.values():
            references(value, found)
    elif isinstance(node, list):
        for value in node:
            references(value, found)
    return found


def _plain(node):
    if isinstance(node, Ref):
        return {"Ref": node.name}
    if isinstance(node, GetAtt):
        return {"Fn::GetAtt": [node.resource, node.attribute]}
    return {"Fn::Sub": [node.template, node.variables]}


def measure(resource: Resource) -> tuple[int, int]:
    """(estimated bytes of its YAML, dynamic references in it)."""
    text = json.dumps([resource.logical_id, resource.type, resource.properties, resource.metadata,
                       resource.depends_on, resource.condition], default=_plain, separators=(",", ":"))
    return int(len(text) * SIZE_FACTOR) + (60 if resource.stateful else 0), text.count("{{resolve:")


def partition(ctx: Context, stacks: dict, quotas: dict, pinned_quotas: dict) -> dict[str, tuple[str, str, list]]:
    """stack name -> (the stack it is part of, region, resources), each within the quotas (a pinned-region stack
    within `pinned_quotas`: it is deployed from a local file). A stack that fits keeps its name and resources as
    they are; a stack that does not becomes parts."""
    anchors = anchor_of(stacks)
    owner = {lid: name for name, stack in stacks.items() for lid in stack.resources}
    units = {name: stack_units(ctx, stack, anchors, owner, stacks) for name, stack in stacks.items()}
    count_exports(stacks, units, anchors, owner)
    result: dict[str, tuple[str, str, list[Resource]]] = {}
    for name, stack in stacks.items():
        limits = pinned_quotas if stack.region else quotas
        for number, part in enumerate(pack(name, units[name], limits), start=1):
            members = {id(r) for unit in part.units for r in unit.resources}
            ordered = [r for r in stack.resources.values() if id(r) in members]  # the stack's own order
            result[name if number == 1 else f"{name}-{number}"] = (name, stack.region, ordered)
    return dict(sorted(result.items()))


def anchor_of(stacks: dict):
    """resource -> the component it is placed with (the chain of `with_component`, as placement follows it)."""
    resources = [r for stack in stacks.values() for r in stack.resources.values()]
    follows = {}
    for resource in resources:
        if resource.with_component:
            follows.setdefault(resource.component, resource.with_component)

    def component_anchor(component: str, seen=()) -> str:
        if component in follows and component not in seen:
            return component_anchor(follows[component], seen + (component,))
        return component

    return lambda r: component_anchor(r.with_component or r.component)


def stack_units(ctx: Context, stack, anchors, owner: dict, stacks: dict) -> list[Unit]:
    units: dict[str, Unit] = {}
    for index, resource in enumerate(stack.resources.values()):
        unit = units.setdefault(anchors(resource), Unit(anchors(resource), index))
        unit.resources.append(resource)
        size, dynamic = measure(resource)
        unit.size += size
        unit.dynamic_references += dynamic
        if resource.logical_id == ctx.primary(resource.component) and not resource.condition:
            unit.outputs.add(resource.logical_id)
        for lid, attribute in references(resource.properties, set()) | {(d, "") for d in resource.depends_on}:
            if lid in ctx.parameters:
                unit.parameters.add(lid)
            elif owner.get(lid) == stack.name:
                unit.needs.add(anchors(stack.resources[lid]))
            elif lid in owner and stacks[owner[lid]].region != stack.region:
                unit.parameters.add(output_name(lid, attribute))  # a value from another region
    for unit in units.values():
        unit.needs.discard(unit.anchor)
    return list(units.values())


def count_exports(stacks: dict, units: dict, anchors, owner: dict) -> None:
    """Every reference from outside a unit may become an output of the unit's part."""
    unit_of = {(name, unit.anchor): unit for name, found in units.items() for unit in found}
    for name, stack in stacks.items():
        for resource in stack.resources.values():
            here = (name, anchors(resource))
            for lid, attribute in references(resource.properties, set()):
                if lid in owner:
                    there = (owner[lid], anchors(stacks[owner[lid]].resources[lid]))
                    if there != here:
                        unit_of[there].outputs.add(output_name(lid, attribute))


def pack(name: str, units: list[Unit], quotas: dict) -> list[Part]:
    """The units in as few parts as the quotas allow, filled in dependency order; one part when all fit."""
    whole = Part(quotas)
    for unit in units:
        if whole.excess(unit):
            break
        whole.add(unit)
    else:
        return [whole]
    parts = [Part(quotas)]
    for unit in dependency_order(units):
        alone = Part(quotas).excess(unit)
        if alone:
            what = ("reference each other in a cycle and together need" if unit.cycle else
                    "are placed together and need" if len(unit.components) > 1 else "needs")
            fix = "model it as smaller components (e.g. one API per group of routes)"
            raise PlacementError(f"stack '{name}': {', '.join(unit.components)} {what} {alone}; "
                                 "a component's resources stay in one stack", unit.components,
                                 fix + (", or break the cycle of references" if unit.cycle else ""))
        if parts[-1].units and parts[-1].excess(unit):
            parts.append(Part(quotas))
        parts[-1].add(unit)
    return parts


def dependency_order(units: list[Unit]) -> list[Unit]:
    """Each unit after the units it needs, else in stack order; units in a cycle merged into one."""
    units = merge_cycles(units)
    waiting = {u.anchor: set(u.needs) for u in units}
    by_anchor = {u.anchor: u for u in units}
    dependents: dict[str, list[str]] = {}
    for unit in units:
        for need in unit.needs:
            dependents.setdefault(need, []).append(unit.anchor)
    ready = [(u.index, u.anchor) for u in units if not waiting[u.anchor]]
    heapq.heapify(ready)
    ordered = []
    while ready:
        _, anchor = heapq.heappop(ready)
        ordered.append(by_anchor[anchor])
        for dependent in dependents.get(anchor, []):
            waiting[dependent].discard(anchor)
            if not waiting[dependent]:
                heapq.heappush(ready, (by_anchor[dependent].index, dependent))
    return ordered


def merge_cycles(units: list[Unit]) -> list[Unit]:
    units = list(units)
    while True:
        try:
            TopologicalSorter({u.anchor: u.needs for u in units}).prepare()
            return units
        except CycleError as err:
            units = merged(units, set(err.args[1]))


def merged(units: list[Unit], cycle: set[str]) -> list[Unit]:
    members = [u for u in units if u.anchor in cycle]
    head = min(members, key=lambda u: u.index)
    whole = Unit(head.anchor, head.index, cycle=True)
    for unit in members:
        whole.resources += unit.resources
        whole.size += unit.size
        whole.dynamic_references += unit.dynamic_references
        whole.parameters |= unit.parameters
        whole.outputs |= unit.outputs
        whole.needs |= unit.needs
    result = []
    for unit in units:
        if unit.anchor in cycle and unit is not head:
            continue
        chosen = whole if unit is head else unit
        chosen.needs = {head.anchor if n in cycle else n for n in chosen.needs} - {chosen.anchor}
        result.append(chosen)
    return result
