"""The stack plan: stacks by dependency, not by layer alone.

Each resource starts in its layer's stack (stacks.yaml `layers`). Layers alone can make stacks import from each
other in a cycle (a rule in the app stack targets a topic of the observability stack, whose alarm watches a queue
of the app stack), which CloudFormation cannot deploy. So units (a component with every resource placed with it)
are placed in dependency order, each after the units it references: a unit stays in its layer's stack unless that
would close a cycle of imports; then it moves to the stack, among those it imports from, that deploys last (the
alarm joins the queue's stack). That stack never closes a cycle: no stack the unit imports from depends on it.
Units that reference each other in a cycle move as one. Pinned-region stacks, and stacks deployed once in the
home environment, keep their units and take none: moving would change where or how often a resource deploys.
The moves are recorded (`Move`) and shown on the CloudFormation page."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from .split import PlacementError, anchor_of, references


@dataclass(frozen=True)
class Move:
    component: str
    layer_stack: str  # where its layer puts it
    stack: str  # where it is placed
    because: str  # the stack whose imports would have closed the cycle


@dataclass
class Group:
    """Units placed together: a component and what is placed with it, or several such in a cycle of references."""
    key: tuple[str, str]  # (layer stack, anchor) of its first unit
    index: int
    lids: set
    needs: set  # keys of the groups it references
    members: list = field(default_factory=list)  # keys of the units in it


def acyclic(stacks: dict, home_only: set[str]) -> tuple[dict[str, list], list[Move]]:
    """stack name -> its resources (in their original order), with no cycle of imports between stacks where
    moving units can avoid one; and the moves made."""
    anchors = anchor_of(stacks)
    resources = [(name, r) for name, stack in stacks.items() for r in stack.resources.values()]
    unit_of = {r.logical_id: (name, anchors(r)) for name, r in resources}
    groups = grouped(resources, unit_of)
    fixed = {name for name, stack in stacks.items() if stack.region or name in home_only}
    placed: dict[tuple[str, str], str] = {}
    graph: dict[str, set[str]] = {name: set() for name in stacks}  # stack -> stacks it imports from
    moves: list[Move] = []
    for group in in_dependency_order(groups):
        layer_stack = group.key[0]
        refuse_home_only_imports(group, home_only, resources)
        imports = {placed[need] for need in group.needs} - {layer_stack}
        stack = layer_stack if layer_stack in fixed else choose(layer_stack, imports, graph, fixed)
        if stack != layer_stack:
            blocker = next(s for s in sorted(imports) if reaches(graph, s, layer_stack))
            components = sorted({r.component for _, r in resources if r.logical_id in group.lids})
            moves += [Move(c, layer_stack, stack, blocker) for c in components]
        for key in group.members:
            placed[key] = key[0] if key[0] in fixed else stack
        graph.setdefault(stack, set()).update(imports - {stack})
    result: dict[str, list] = {}
    for name, resource in resources:
        result.setdefault(placed[unit_of[resource.logical_id]], []).append(resource)
    return dict(sorted(result.items())), sorted(moves, key=lambda m: m.component)


def refuse_home_only_imports(group: Group, home_only: set[str], resources: list) -> None:
    """A stack deployed in every environment cannot import from one deployed once, in the home environment: the
    other environments' accounts have no such export."""
    if any(key[0] in home_only for key in group.members):
        return
    wrong = sorted(need for need in group.needs if need[0] in home_only)
    if not wrong:
        return
    component = {r.logical_id: r.component for _, r in resources}
    mine = sorted({component[lid] for lid in group.lids})
    theirs = sorted({r.component for name, r in resources if (name, r.with_component or r.component) in wrong
                     or any(key[0] == name and key[1] in (r.component, r.with_component) for key in wrong)})
    raise PlacementError(
        f"{', '.join(mine)} (deployed in every environment) refers to {', '.join(theirs)}, which the "
        f"{wrong[0][0]} stack deploys once, in the home environment: the other environments have no such export",
        mine + theirs, "refer to a component of its own environment instead (e.g. a bucket or log group of its "
                       "own, not the pipeline's), or drop the reference")


def grouped(resources: list, unit_of: dict) -> list[Group]:
    """One group per unit, units that reference each other in a cycle merged."""
    units: dict[tuple[str, str], Group] = {}
    for index, (name, resource) in enumerate(resources):
        key = unit_of[resource.logical_id]
        group = units.setdefault(key, Group(key, index, set(), set()))
        group.lids.add(resource.logical_id)
        for lid, _ in references(resource.properties, set()) | {(d, "") for d in resource.depends_on}:
            if lid in unit_of and unit_of[lid] != key:
                group.needs.add(unit_of[lid])
    return merge_cycles(list(units.values()))


def merge_cycles(groups: list[Group]) -> list[Group]:
    """Strongly connected groups merged (Tarjan's algorithm, iterative), each named after its earliest unit."""
    by_key = {g.key: g for g in groups}
    index, low, stack, on_stack, components, counter = {}, {}, [], set(), [], [0]
    for root in by_key:
        if root in index:
            continue
        work = [(root, iter(sorted(by_key[root].needs)))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(by_key[child].needs))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                components.append(component)
    merged, renamed = [], {}
    for component in components:
        head = min((by_key[k] for k in component), key=lambda g: g.index)
        whole = Group(head.key, head.index, set(), set(), sorted(component, key=lambda k: by_key[k].index))
        for key in component:
            whole.lids |= by_key[key].lids
            whole.needs |= by_key[key].needs
            renamed[key] = head.key
        merged.append(whole)
    for group in merged:
        group.needs = {renamed[n] for n in group.needs} - {group.key}
    return merged


def in_dependency_order(groups: list[Group]) -> list[Group]:
    """Each group after the groups it references; among the ready ones, the earliest in the model first."""
    by_key = {g.key: g for g in groups}
    waiting = {g.key: set(g.needs) for g in groups}
    dependents: dict = {}
    for group in groups:
        for need in group.needs:
            dependents.setdefault(need, []).append(group.key)
    ready = [(g.index, g.key) for g in groups if not g.needs]
    heapq.heapify(ready)
    ordered = []
    while ready:
        _, key = heapq.heappop(ready)
        ordered.append(by_key[key])
        for dependent in dependents.get(key, []):
            waiting[dependent].discard(key)
            if not waiting[dependent]:
                heapq.heappush(ready, (by_key[dependent].index, dependent))
    return ordered


def choose(layer_stack: str, imports: set[str], graph: dict, fixed: set[str]) -> str:
    """The layer's stack when importing from `imports` closes no cycle there; else the movable stack among
    `imports` that deploys last (none of the others reaches it, so it closes none); else the layer's stack (the
    cycle is then reported with its stacks)."""
    if not any(reaches(graph, s, layer_stack) for s in imports):
        return layer_stack
    try:
        order = list(TopologicalSorter({s: graph.get(s, set()) for s in sorted(graph)}).static_order())
    except CycleError:  # fixed stacks already import in a cycle: reported as it is
        return layer_stack
    for candidate in sorted(imports - fixed, key=order.index, reverse=True):
        if not any(reaches(graph, s, candidate) for s in imports - {candidate}):
            return candidate
    return layer_stack


def reaches(graph: dict, start: str, goal: str) -> bool:
    """Whether `start` imports, directly or through other stacks, from `goal` (or is it)."""
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False
