"""Resources -> stacks: place each resource, split a stack over an AWS quota into parts (split.py), turn references
between stacks into exports and imports (or, across regions, into parameters), order the stacks for deployment
and write each template as a plain document."""
from __future__ import annotations

import functools
import graphlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...datafiles import read_data

from .context import Context, Resource
from . import split, wiring
from .ids import output_name
from .intrinsics import GetAtt, Ref, Sub
from .types import REGISTRY

PSEUDO = re.compile(r"^AWS::")
CROSS_REGION_PLACEHOLDER = "SET-AT-DEPLOY: output {output} of stack {stack} in {region}"


@functools.cache
def stack_rules() -> dict:
    return read_data(Path(__file__).with_name("stacks.yaml"))


@dataclass
class Stack:
    name: str
    region: str = ""  # pinned region, or "" for the environment's region
    resources: dict[str, Resource] = field(default_factory=dict)
    parameters: dict[str, dict] = field(default_factory=dict)
    cross_region: dict[str, tuple[str, str]] = field(default_factory=dict)  # parameter -> (stack, output)
    outputs: dict[str, dict] = field(default_factory=dict)
    imports: set = field(default_factory=set)  # names of stacks this one imports from
    imported: dict = field(default_factory=dict)  # stack -> logical ids whose values this one imports from it
    environments: list[str] = field(default_factory=list)  # where it is deployed (sorted)
    part_of: str = ""  # the stack (by layer) that this one is a part of, when that stack is split by quotas

    @property
    def file(self) -> str:
        return f"{self.name}.yaml"


@dataclass
class Build:
    context: Context
    stacks: dict[str, Stack]
    order: list[str]
    moves: list = field(default_factory=list)  # plan.Move: components placed outside their layer's stack


def refuse_shared_ids(resources: list[Resource]):
    """Two resources with one logical id: CloudFormation would keep one and silently drop the other. The model
    checks catch the usual causes (ids or names that differ only in punctuation); this is the last guard."""
    first: dict[str, Resource] = {}
    for resource in resources:
        earlier = first.setdefault(resource.logical_id, resource)
        if earlier is not resource:
            owners = sorted({earlier.component, resource.component})
            raise split.PlacementError(
                f"two resources get the logical id {resource.logical_id} ({earlier.type} and {resource.type}, from "
                f"{' and '.join(owners)}): one would silently replace the other", owners,
                "rename the component, or the route, client, record or rule inside it, so that the names differ "
                "in more than case or punctuation")


def refuse_reference_cycles(resources: list[Resource]):
    """Resources that reference each other in a cycle (two queues each the other's dead-letter queue): no stack
    plan can create them, CloudFormation refuses the template. Found before placing, so the error names the model's
    components, not a stack."""
    by_id = {r.logical_id: r for r in resources}
    graph = {lid: {name for name, _ in split.references(r.properties, set()) if name in by_id and name != lid}
             | {d for d in r.depends_on if d in by_id} for lid, r in by_id.items()}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as err:
        cycle = list(reversed(err.args[1]))
        steps = [f"{a} ({by_id[a].component}) refers to {b} ({by_id[b].component})" for a, b in zip(cycle, cycle[1:])]
        owners = sorted({by_id[lid].component for lid in cycle})
        raise split.PlacementError(
            "resources refer to each other in a cycle, which CloudFormation cannot create: " + "; ".join(steps),
            owners, "break the cycle in the model: e.g. two queues must not be each other's dead_letter, a "
            "component must not name, through its properties, one that names it back") from None


def build(payload: dict) -> Build:
    ctx = Context(payload, REGISTRY)
    resources: list[Resource] = []
    for comp in ctx.components.values():
        module = REGISTRY.get(comp.type)
        if module is None:
            continue
        colocated = module.colocate(ctx, comp)
        for resource in module.build(ctx, comp):
            resource.component = resource.component or comp.id
            resource.with_component = resource.with_component or colocated
            resource.metadata = resource.metadata or skip_metadata(comp, resource.type, resource.properties)
            resources.append(resource)
    for resource in wiring.build(ctx):
        resource.metadata = resource.metadata or skip_metadata(ctx.components[resource.component], resource.type)
        resources.append(resource)
    refuse_shared_ids(resources)
    refuse_reference_cycles(resources)
    stacks, moves = by_dependency(place(ctx, resources))
    stacks = within_quotas(ctx, stacks)
    owner = {lid: stack.name for stack in stacks.values() for lid in stack.resources}
    for stack in stacks.values():
        resolve_stack(ctx, stack, stacks, owner)
    for stack in stacks.values():
        home_only = (stack.part_of or stack.name) in stack_rules()["home_only"]
        stack.environments = [ctx.home] if home_only else sorted(ctx.environments)
    complete(ctx, stacks, owner)
    add_extra_stacks(ctx, stacks, owner)
    for stack in stacks.values():
        check_counts(stack)
    return Build(ctx, stacks, deploy_order(stacks), moves)


def by_dependency(stacks: dict[str, Stack]) -> tuple[dict[str, Stack], list]:
    """The layer stacks with units moved where layers alone would make stacks import in a cycle (plan.py)."""
    from . import plan
    regions = {name: stack.region for name, stack in stacks.items()}
    placed, moves = plan.acyclic(stacks, set(stack_rules()["home_only"]))
    return {name: Stack(name, regions.get(name, ""), {r.logical_id: r for r in resources})
            for name, resources in placed.items()}, moves


def complete(ctx: Context, stacks: dict[str, Stack], owner: dict[str, str]) -> None:
    """Let modules that need the placed stacks (a pipeline deploying them) finish; their new resources join the
    stack of the component's main resource."""
    order = deploy_order(stacks)
    for comp in ctx.components.values():
        module = REGISTRY.get(comp.type)
        added = module.complete(ctx, comp, stacks, order) if module else []
        if not added:
            continue
        stack = stacks[owner[ctx.primary(comp.id)]]
        for resource in added:
            resource.component = comp.id
            resource.metadata = skip_metadata(comp, resource.type, resource.properties)
            stack.resources[resource.logical_id] = resource
            owner[resource.logical_id] = stack.name
        resolve_stack(ctx, stack, stacks, owner)


def add_extra_stacks(ctx: Context, stacks: dict[str, Stack], owner: dict[str, str]) -> None:
    """The stacks types add beside the layer stacks (CfnType.extra_stacks), once the layer stacks are complete."""
    for comp in ctx.components.values():
        module = REGISTRY.get(comp.type)
        for extra in module.extra_stacks(ctx, comp, stacks, owner) if module else []:
            stack = stacks.setdefault(extra.name, Stack(extra.name))
            stack.environments = list(extra.environments)
            stack.imports |= set(extra.imports)
            for resource in extra.resources:
                resource.component = resource.component or comp.id
                resource.metadata = skip_metadata(comp, resource.type, resource.properties)
                stack.resources[resource.logical_id] = resource
                owner[resource.logical_id] = stack.name
            for name in extra.parameters:
                stack.parameters[name] = ctx.parameters[name]
            resolve_stack(ctx, stack, stacks, owner)


def within_quotas(ctx: Context, stacks: dict[str, Stack]) -> dict[str, Stack]:
    """Each stack, or its parts where it would exceed a per-template quota (stacks.yaml, split.py)."""
    limits = stack_rules()["quotas"]
    pinned = {**limits, "bytes": min(limits["bytes"], limits["direct_bytes"])}
    parts = split.partition(ctx, stacks, limits, pinned)
    return {name: Stack(name, region, {r.logical_id: r for r in resources}, part_of=whole)
            for name, (whole, region, resources) in parts.items()}


def check_counts(stack: Stack) -> None:
    """The final stack within the count quotas (resources added after the split, e.g. a pipeline's deployers,
    could push it over)."""
    limits = stack_rules()["quotas"]
    counts = {"resources": len(stack.resources), "parameters": len(stack.parameters), "outputs": len(stack.outputs)}
    over = [f"{count} {quota} (at most {limits[quota]})" for quota, count in counts.items() if count > limits[quota]]
    if over:
        raise split.PlacementError(f"stack '{stack.name}' has {', '.join(over)}", [],
                                   "model fewer components in this layer")


def byte_limit(stack: Stack) -> int:
    """The largest template body AWS takes for this stack (a pinned-region stack is deployed from a local file)."""
    limits = stack_rules()["quotas"]
    return min(limits["bytes"], limits["direct_bytes"]) if stack.region else limits["bytes"]


@functools.cache
def checkov_types() -> dict[str, list[str]]:
    """Check id -> the resource types it applies to (checkov_types.yaml, read from checkov's registry)."""
    return read_data(Path(__file__).with_name("checkov_types.yaml"))


def skip_applies(rule: str, resource_type: str) -> bool:
    """A skip goes to the resources its check inspects; a check unknown to the table goes to every resource."""
    return rule.startswith("CKV") and resource_type in checkov_types().get(rule, [resource_type])


def skip_metadata(comp, resource_type: str, properties: dict | None = None) -> dict:
    skips = [{"id": s["rule"], "comment": s["reason"]} for s in comp.suppress if skip_applies(s["rule"], resource_type)]
    skips += [{"id": s["rule"], "comment": s["reason"]} for s in default_skips(comp, resource_type, properties or {})]
    return {"checkov": {"skip": skips}} if skips else {}


def default_skips(comp, resource_type: str, properties: dict) -> list[dict]:
    """The catalogue's default skips (CheckovSkip) that apply to this resource: its check inspects the type, the
    model does not suppress it itself, and the resource lacks what the check wants."""
    own = {s["rule"] for s in comp.suppress}
    return [s for s in comp.checkov_defaults if s["rule"] not in own and skip_applies(s["rule"], resource_type)
            and not (s["unless"] and has_path(properties, s["unless"]))
            and not (s["unless_text"] and s["unless_text"] in json.dumps(properties, default=str, sort_keys=True))
            and not (s["only_text"] and s["only_text"] not in json.dumps(properties, default=str, sort_keys=True))
            and all(comp.get(name) in values for name, values in s["when"])]


def has_path(properties: dict, path: str) -> bool:
    node = properties
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return node not in (None, False, "", [], {})


def place(ctx: Context, resources: list[Resource]) -> dict[str, Stack]:
    rules = stack_rules()
    home: dict[str, str] = {}

    placed_with: dict[str, str] = {}  # component -> the component its first placed-with resource goes with
    for resource in resources:
        if resource.with_component:
            placed_with.setdefault(resource.component, resource.with_component)

    def stack_of_component(component_id: str) -> str:
        layer = ctx.components[anchor(component_id)].layer
        return rules["layers"].get(layer, layer)

    def anchor(component_id: str, seen=()) -> str:
        if component_id in placed_with and component_id not in seen:
            return anchor(placed_with[component_id], seen + (component_id,))
        return component_id

    stacks: dict[str, Stack] = {}
    for resource in resources:
        modelled = ctx.components[anchor(resource.with_component or resource.component)].region
        if resource.region:  # where AWS requires it (us-east-1 for CloudFront's certificate)
            name = rules["pinned"].get(resource.region, f"global-{resource.region}")
        elif resource.with_component:
            name = stack_of_component(resource.with_component)
        else:
            name = home.setdefault(resource.component, stack_of_component(resource.component))
        if modelled and not resource.region:  # where the model places it: its layer's stack in that Region
            name, resource.region = f"{name}-{modelled}", modelled
        stack = stacks.setdefault(name, Stack(name, resource.region))
        stack.resources[resource.logical_id] = resource
    return dict(sorted(stacks.items()))


def resolve_stack(ctx: Context, stack: Stack, stacks: dict[str, Stack], owner: dict[str, str]) -> None:
    def reference(lid: str, attribute: str = ""):
        if lid in stack.resources:
            return GetAtt(lid, attribute) if attribute else Ref(lid)
        if lid in ctx.parameters:
            stack.parameters[lid] = ctx.parameters[lid]
            return Ref(lid)
        if PSEUDO.match(lid) or lid not in owner:
            return GetAtt(lid, attribute) if attribute else Ref(lid)
        source = stacks[owner[lid]]
        name = output_name(lid, attribute)
        value = GetAtt(lid, attribute) if attribute else Ref(lid)
        stack.imports.add(source.name)
        stack.imported.setdefault(source.name, set()).add(lid)
        if source.region != stack.region:
            source.outputs.setdefault(name, {"Value": value})
            stack.cross_region[name] = (source.name, name)
            stack.parameters[name] = {"definition": {
                "Type": "String", "Description": f"Output {name} of the {source.name} stack "
                                                 f"({source.region or 'the environment’s Region'}); "
                                                 "the pipeline sets it at deploy time"},
                "values": {env: CROSS_REGION_PLACEHOLDER.format(output=name, stack=f"{ctx.system_slug}-{env}-"
                                                                + source.name, region=source.region or e["region"])
                           for env, e in ctx.environments.items()}}
            return Ref(name)
        ctx.parameter_system()
        export = Sub("${SystemName}-${Environment}-" + name)
        source.outputs[name] = {"Value": value, "Export": {"Name": export}}
        for param in ("SystemName", "Environment"):
            source.parameters[param] = ctx.parameters[param]
            stack.parameters[param] = ctx.parameters[param]
        return {"Fn::ImportValue": export}

    def in_stack_region(node: Sub) -> Sub:
        """A value naming another component's Region (`region_of`), as this stack must write it: the pseudo
        parameter when both are in one Region, else that Region, or the environment's Region as a parameter."""
        if not node.region_of:
            return node
        theirs = component_region(ctx, stacks, owner, node.region_of)
        if theirs == stack.region:
            return Sub(node.template, node.variables)
        if not theirs:
            stack.parameters[ENVIRONMENT_REGION] = environment_region(ctx)
        return Sub(node.template.replace("${AWS::Region}", theirs or "${%s}" % ENVIRONMENT_REGION), node.variables)

    def walk(node):
        if isinstance(node, Ref):
            return reference(node.name)
        if isinstance(node, GetAtt):
            return reference(node.resource, node.attribute)
        if isinstance(node, Sub):
            node = in_stack_region(node)
            if node.template == "${AWS::Region}" and not node.variables:
                return Ref("AWS::Region")
            if "${" not in node.template and not node.variables:  # only another Region's name was left to write
                return node.template
            for name in re.findall(r"\$\{([A-Za-z0-9:]+)\}", node.template):
                if name in ctx.parameters:
                    stack.parameters[name] = ctx.parameters[name]
            return Sub(node.template, {k: walk(v) for k, v in node.variables.items()})
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    for resource in stack.resources.values():
        resource.properties = walk(resource.properties)
        resource.depends_on = tuple(d for d in resource.depends_on if d in stack.resources)
        if resource.condition:
            ctx.parameter_system()
            stack.parameters["Environment"] = ctx.parameters["Environment"]
    for resource in stack.resources.values():  # every component's main resource is an output
        if resource.logical_id == ctx.primary(resource.component) and not resource.condition:
            stack.outputs.setdefault(resource.logical_id, {"Value": Ref(resource.logical_id)})


def component_region(ctx: Context, stacks: dict[str, Stack], owner: dict[str, str], component_id: str) -> str:
    """The Region of the stack holding the component's main resource ("" for the environment's)."""
    home = owner.get(ctx.primary(component_id)) if component_id in ctx.components else None
    return stacks[home].region if home in stacks else ctx.components[component_id].region


ENVIRONMENT_REGION = "EnvironmentRegion"


def environment_region(ctx: Context) -> dict:
    return {"definition": {"Type": "String", "Description": "The environment's Region, where the components "
                                                            "the model places in no other Region run"},
            "values": {env: e["region"] for env, e in ctx.environments.items()}}


def deploy_order(stacks: dict[str, Stack]) -> list[str]:
    """Pinned-region stacks first, then every stack after the stacks it imports from (name order among equals)."""
    order: list[str] = []
    pending = sorted(stacks, key=lambda n: (not stacks[n].region, n))
    while pending:
        ready = [n for n in pending if stacks[n].imports <= set(order) | {n}]
        if not ready:
            raise import_cycle(stacks, pending)
        order.append(ready[0])
        pending.remove(ready[0])
    return order


def import_cycle(stacks: dict[str, Stack], pending: list[str]) -> split.PlacementError:
    """The error naming one cycle of imports among the stacks that cannot deploy, and what each imports."""
    graph = {name: stacks[name].imports & set(pending) - {name} for name in pending}
    try:
        graphlib.TopologicalSorter(graph).prepare()
        cycle = pending
    except graphlib.CycleError as err:
        cycle = list(reversed(err.args[1]))  # each stack imports from the next
    edges = [(a, b, sorted(stacks[a].imported.get(b, ()))) for a, b in zip(cycle, cycle[1:])]
    steps = [f"{a} imports {', '.join(lids[:3]) or 'outputs'} from {b}" for a, b, lids in edges]
    components = sorted({stacks[b].resources[lid].component for _, b, lids in edges for lid in lids
                         if lid in stacks[b].resources})
    return split.PlacementError("stacks import from each other in a cycle, so no deploy order exists: "
                                + "; ".join(steps), components,
                                "change the connections or layers so that references between stacks go one way")


def template(ctx: Context, stack: Stack) -> dict:
    doc: dict = {"AWSTemplateFormatVersion": "2010-09-09",
                 "Description": f"{ctx.system}: {stack.name} stack"
                                + (f" (deploy in {stack.region})" if stack.region else "")}
    if stack.parameters:
        doc["Parameters"] = {name: stack.parameters[name]["definition"] for name in sorted(stack.parameters)}
    conditions = sorted({r.condition for r in stack.resources.values() if r.condition}
                        | {name for r in stack.resources.values() for name in conditions_in(r.properties)})
    if conditions:
        doc["Conditions"] = {name: ctx.conditions[name] for name in conditions}
    doc["Resources"] = {lid: resource_document(r) for lid, r in stack.resources.items()}
    if stack.outputs:
        doc["Outputs"] = {name: stack.outputs[name] for name in sorted(stack.outputs)}
    return doc


def conditions_in(node) -> set[str]:
    """Conditions a value chooses by (Fn::If), anywhere inside it."""
    if isinstance(node, dict):
        found = {node["Fn::If"][0]} if isinstance(node.get("Fn::If"), list) else set()
        return found.union(*(conditions_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(conditions_in(v) for v in node))
    return set()


def resource_document(resource: Resource) -> dict:
    doc: dict = {"Type": resource.type}
    if resource.condition:
        doc["Condition"] = resource.condition
    if resource.depends_on:
        doc["DependsOn"] = list(resource.depends_on)
    if resource.stateful:
        doc["DeletionPolicy"] = "Retain"
        doc["UpdateReplacePolicy"] = "Retain"
    if resource.metadata:
        doc["Metadata"] = resource.metadata
    doc["Properties"] = resource.properties
    return doc


def parameter_file(stack: Stack, environment: str) -> dict:
    """CodePipeline template-configuration format; cross-region values come from the pinned stack's outputs."""
    values = {name: p["values"][environment] for name, p in sorted(stack.parameters.items())
              if environment in p["values"]}
    return {"Parameters": values, "Tags": {"Environment": environment}}
