"""Random but valid models, generated from the catalogue alone (no example model): for properties that must hold on
systems nobody wrote by hand (stacks never cycle, templates stay consistent, a minimal component passes the
validators).

`random_model(seed)` draws components of any catalogue type, fills their required properties, sets some optional
references to other components, and connects components that refer to each other. `minimal_model(type)` is one
component of `type` with only its required properties (and what those require)."""
from __future__ import annotations

import random

from archkit.model.catalogue import load_catalogue
from archkit.model.spec import Spec

ENVIRONMENTS = {"dev": {"account": "111111111111", "region": "eu-west-1"},
                "prod": {"account": "222222222222", "region": "eu-west-1", "production": True}}
ALSO_REQUIRED = {"codepipeline": ["artifact_bucket"]}  # the build refuses a CodePipeline without an artifact store
HOME_ONLY = "cicd"  # the layer whose stack deploys once, in the home environment
# What the checker asks beyond the property specs, by the name of the list or map whose items need it
HINTS = {"authorizers": {"kind": "iam"}, "states": {"type": "Pass", "function": None},
         "records": {"alias_to": None, "value": "192.0.2.10"}}
# The same, for one type (its list's items need other values than HINTS gives)
TYPE_HINTS = {"api-gateway-http": {"authorizers": {"kind": "jwt", "issuer": "https://idp.example.org",
                                                   "audience": ["app"]}},
              "api-gateway-websocket": {"routes": {"key": "$connect"}}}  # an authorizer runs on $connect
# Optional references a random system leaves out: what a valid one needs besides the reference (a REGIONAL ACL in
# the API's own stack, which checkov's graph would follow; see the appsync-api entry's CKV2_AWS_33 skip)
LEFT_OUT = {"appsync-api": {"web_acl"}}

class _Empty:
    properties: dict = {}


EMPTY = _Empty()


class Generator:
    def __init__(self, seed: int, optional: float):
        self.rng, self.optional = random.Random(seed), optional
        self.catalogue = load_catalogue()
        self.components: dict[str, dict] = {}
        self.connections: list[dict] = []
        self.counter = 0
        self.reserved: set[str] = set()  # components no other component may refer to
        self.full = False  # near its size: references reuse components where they can rather than add new ones

    def new_id(self, type_name: str) -> str:
        self.counter += 1
        return f"{type_name.split('-')[0]}{self.counter}"

    def add(self, type_name: str, depth: int = 0, bare: bool = False) -> str:
        cid = self.new_id(type_name)
        self.components[cid] = {"type": type_name}  # placed first: references may point back at it
        spec = self.catalogue.types[type_name].properties
        for name, prop in spec.items():
            if prop.required or name in ALSO_REQUIRED.get(type_name, ()) or (
                    not bare and depth < 2 and self.rng.random() < self.optional and self.wanted(prop)
                    and name not in LEFT_OUT.get(type_name, ())):
                value = self.value(prop, cid, depth, name)
                if value is not None:
                    self.components[cid][name] = value
        return cid

    @staticmethod
    def wanted(prop: Spec) -> bool:
        """Optional properties worth setting at random: references (they make the dependency graph) and lists of
        objects holding references."""
        if prop.kind == "ref":
            return True
        inner = prop.items or prop.values_of
        return bool(inner and (inner.kind == "ref" or any(f.kind == "ref" for f in inner.fields.values())))

    def value(self, prop: Spec, owner: str, depth: int, name: str = ""):
        kind = prop.kind
        if kind == "ref":
            return self.reference(prop, owner, depth, name)
        if kind == "environment":
            return self.rng.choice(sorted(ENVIRONMENTS))
        if kind == "enum":
            return prop.default if prop.default is not None else prop.values[0]
        if kind == "boolean":
            return bool(prop.default)
        if kind in ("integer", "number"):
            low = prop.minimum if prop.minimum is not None else 1
            return prop.default if prop.default is not None else int(max(low, 1))
        if kind == "string":
            return self.string(prop, name)
        if kind == "list":
            item = self.value(prop.items, owner, depth + 1, name)
            return [] if item is None else [item]
        if kind == "map":
            item = self.value(prop.values_of, owner, depth + 1, name)
            return {} if item is None else {"main": item}
        if kind == "object":
            result = {}
            for field, sub in prop.fields.items():
                if sub.required or (self.rng.random() < self.optional and sub.kind == "ref" and depth < 2):
                    value = self.value(sub, owner, depth + 1, field)
                    if value is None and sub.required:
                        return None
                    if value is not None:
                        result[field] = value
            hints = TYPE_HINTS.get(self.components[owner]["type"], {}).get(name, HINTS.get(name, {}))
            merged = {**result, **hints}
            return {k: v for k, v in merged.items() if v is not None}
        return None

    def string(self, prop: Spec, name: str) -> str:
        if prop.example:
            return prop.example
        if name in ("domain",):
            return "example.org"
        if name == "pattern":
            return '{"detail-type": ["Thing"]}'
        return f"{name or 'value'}-{self.counter}"

    def reference(self, prop: Spec, owner: str, depth: int, name: str = "") -> str | None:
        """A component of the types the property may name; never one whose same property names the owner (two
        queues each the other's dead_letter are a cycle the build refuses, not a design)."""
        types = [t for t in (prop.to or sorted(self.catalogue.types)) if t in self.catalogue.types]
        candidates = [c for c, body in self.components.items()
                      if body["type"] in types and c != owner and c not in self.reserved
                      and self.may_refer(owner, c) and not (name and body.get(name) == owner)]
        types = [t for t in types if self.layer(owner) == HOME_ONLY or self.catalogue.types[t].layer != HOME_ONLY]
        if not types:
            return None
        if prop is self.catalogue.types.get("codepipeline", EMPTY).properties.get("artifact_bucket"):
            target = self.add(types[0], depth + 1, bare=True)  # the pipeline's own, deployed with it: not shared
            self.reserved.add(target)
        elif candidates and (self.rng.random() < 0.7 or depth >= 2 or self.full):
            target = self.rng.choice(sorted(candidates))
        elif (depth < 2 and not self.full) or prop.required:
            target = self.add(self.rng.choice(types), depth + 1)
            if name and not prop.required and self.components[target].get(name) == owner:  # drawn pointing back
                del self.components[target][name]
        else:
            return None
        return target

    def layer(self, cid: str) -> str:
        return self.catalogue.types[self.components[cid]["type"]].layer

    def may_refer(self, owner: str, target: str) -> bool:
        """What is deployed in every environment may not refer to what the pipeline deploys once (the build refuses
        it, with the reason): the generator draws designs that can deploy."""
        return self.layer(owner) == HOME_ONLY or self.layer(target) != HOME_ONLY



def pipelines(gen: Generator) -> dict:
    """One pipeline on each CodePipeline (the build refuses one without stages): from a GitLab repository of its
    own, built by a CodeBuild project of its own."""
    result = {}
    for cid in sorted(c for c, body in gen.components.items() if body["type"] == "codepipeline"):
        repo = gen.add("gitlab-repo", bare=True)
        stages = [{"name": "Source", "actions": [{"name": "Checkout", "kind": "source", "uses": repo}]}]
        builder = gen.add("codebuild-project", bare=True)
        stages.append({"name": "Build", "actions": [{"name": "Package", "kind": "build", "uses": builder}]})
        result[f"{cid}-delivery"] = {"name": f"Delivery on {cid}", "trigger": "push to main", "source": repo,
                                     "runs_on": cid, "stages": stages}
    return result


def planned_size(gen: Generator) -> int:
    """The components so far and those pipelines() will add (a repository and a build project per pipeline)."""
    return len(gen.components) + 2 * sum(1 for body in gen.components.values() if body["type"] == "codepipeline")


def model_document(gen: Generator, name: str) -> dict:
    delivery = pipelines(gen)
    return {"system": {"name": name, "owner": "test-team"}, "environments": ENVIRONMENTS,
            "components": gen.components, "connections": gen.connections, **({"pipelines": delivery} if delivery else {})}


def service_prefix(type_name: str) -> str:
    """IAM service prefix of a type, from its first CloudFormation type (AWS::SQS::Queue -> sqs), or ''."""
    from archkit.rules.builtin.iam004_permission_matches_service import PREFIXES  # the rule's own table
    resources = load_catalogue().types[type_name].cloudformation
    if not resources:
        return ""
    namespace = resources[0].split("::")[1]
    prefixes = PREFIXES.get(namespace, {namespace.lower()})
    return namespace.lower() if namespace.lower() in prefixes else sorted(prefixes)[0]


def add_grants(gen: Generator, count: int) -> None:
    """Connections carrying IAM actions from components that run code to components with an AWS service: the
    references between stacks that an ordinary design makes (a function sends to a queue, reads a table)."""
    callers = sorted(c for c, body in gen.components.items() if body["type"] in CALLERS)
    targets = sorted(c for c, body in gen.components.items()
                     if service_prefix(body["type"]) and c not in gen.reserved)
    for _ in range(count if callers and targets else 0):
        source, target = gen.rng.choice(callers), gen.rng.choice(targets)
        if source == target or not gen.may_refer(source, target) or not is_sdk_call(gen, source, target) or any({c["from"], c["to"]} == {source, target} for c in gen.connections):
            continue
        prefix = service_prefix(gen.components[target]["type"])
        action = READ_ACTIONS.get(prefix, f"{prefix}:Get*")
        gen.connections.append({"from": source, "to": target, "protocol": "AWS SDK", "permissions": [action]})


def is_sdk_call(gen: Generator, source: str, target: str) -> bool:
    """Whether the catalogue's first connection kind for the pair (catalogue/connections.yaml, in order; a kind
    with `via` only where a property of either end names the other) is an SDK call with IAM actions."""
    from archkit.model.connections import load_kinds
    types = gen.components[source]["type"], gen.components[target]["type"]
    for kind in load_kinds():
        if not kind.matches(*types):
            continue
        if kind.via and not (target in repr(gen.components[source]) or source in repr(gen.components[target])):
            continue
        return kind.permissions_required and not kind.refuse
    return False


CALLERS = {"lambda", "step-functions", "codebuild-project"}
READ_ACTIONS = {"firehose": "firehose:DescribeDeliveryStream"}  # services with no Get* action


def random_model(seed: int, size: int = 12, optional: float = 0.5) -> dict:
    gen = Generator(seed, optional)
    types = sorted(gen.catalogue.types)
    while len(gen.components) < size:
        gen.add(gen.rng.choice(types))
    add_grants(gen, size // 3)
    return model_document(gen, f"Random {seed}")


def minimal_model(type_name: str) -> tuple[dict, str]:
    """(model, id of the component of `type_name`): that component with only its required properties."""
    gen = Generator(0, optional=0.0)
    cid = gen.add(type_name)
    return model_document(gen, f"Minimal {type_name}"), cid


SMALLEST, LARGEST = 15, 120  # components of a plausible random system (issue 17, point 7)
HEADROOM = 4  # components a last addition may bring beyond the size aimed at (over 600 seeds the largest has 116)
FULL_MARGIN = 8  # the last components of a system are added reusing what is there, so that it stays within LARGEST


def plausible_size(seed: int) -> int:
    """The size aimed at: 15..116 components, spread over the range by the seed (37 is prime to 102: 102 seeds give
    every size); a required reference of the last component added may add a few more (HEADROOM), up to 120."""
    return SMALLEST + (seed * 37) % (LARGEST - HEADROOM - SMALLEST + 1)


def plausible_system(seed: int, optional: float = 0.5) -> dict:
    """A random system of plausible_size(seed) components whose first three are types rotated by the seed (ten
    seeds in a row hold every catalogue type), the rest drawn at random; its connections are the references the
    catalogue derives and SDK calls where connections.yaml allows one (add_grants). Every third system has a
    group of components in a second Region (in_second_region)."""
    return in_second_region(one_region_system(seed, optional), seed)


SECOND_REGION = "eu-central-1"


def loaded(document: dict):
    import tempfile
    from pathlib import Path

    import yaml
    from archkit.model import load_model
    with tempfile.TemporaryDirectory(prefix="archkit-modelgen-") as folder:
        (Path(folder) / "model.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
        return load_model(Path(folder))


def in_second_region(document: dict, seed: int) -> dict:
    """For seeds 1, 4, 7, ...: the system with one group of components moved to SECOND_REGION: a component and
    all that must share its Region (the other ends of connections AWS makes only within one Region, a metric's
    source, an alarm's metric), the first such group, in a random order, with which the model loads and its
    templates build."""
    if seed % 3 != 1:
        return document
    import copy

    from archkit.model.connections import wires
    from archkit.renderers.cloudformation.assemble import build
    from archkit.renderers.cloudformation.snapshot import templates_payload
    from archkit.layout.zones import zone_of
    model = loaded(document)
    linked: dict[str, set[str]] = {cid: set() for cid in model.components}
    pairs = [(w.source, w.target) for w in wires(model) if w.kind.same_region]
    pairs += [(c.id, c.properties.get(key)) for c in model.components.values()
              for key in ("source", "metric") if c.type.name in ("metric", "alarm") and c.properties.get(key)]
    for a, b in pairs:
        if a in linked and b in linked:
            linked[a].add(b)
            linked[b].add(a)
    movable = {cid for cid, c in model.components.items()
               if zone_of(model, cid) == "region" and c.layer != HOME_ONLY}
    starts = sorted(movable)
    random.Random(seed).shuffle(starts)
    for start in starts[:8]:
        group, todo = set(), [start]
        while todo:
            cid = todo.pop()
            if cid not in group:
                group.add(cid)
                todo += sorted(linked[cid] - group)
        if not group <= movable:
            continue
        trial = copy.deepcopy(document)
        for cid in group:
            trial["components"][cid]["region"] = SECOND_REGION
        try:
            build(templates_payload(loaded(trial)))
        except Exception:  # a group whose move the model or the stack plan refuses: try another
            continue
        return trial
    return document


def one_region_system(seed: int, optional: float) -> dict:
    gen = Generator(seed, optional)
    types = sorted(gen.catalogue.types)
    size = plausible_size(seed)
    for k in range(3):
        gen.add(types[(3 * seed + k) % len(types)])
    while planned_size(gen) < size:
        gen.full = planned_size(gen) >= size - FULL_MARGIN
        gen.add(gen.rng.choice(types), bare=gen.full)
    add_grants(gen, size // 3)
    return model_document(gen, f"Plausible {seed}")


def with_flows(document: dict, seed: int, count: int = 3) -> dict:
    """The system with up to count flows, each a walk of 2 to 7 steps along its connections (onwards where it can
    go on), from a component that nothing calls where there is one; the walk ends at a component it has visited.
    The flows are drawn as diagrams and sequences (views/flows.py) and change no template."""
    import random
    rng = random.Random(f"flows-{seed}")
    onward: dict[str, list[dict]] = {}
    for connection in document["connections"]:
        onward.setdefault(connection["from"], []).append(connection)
    called = {c["to"] for c in document["connections"]}
    starts = sorted(onward, key=lambda c: (c in called, c))
    flows = {}
    for start in starts:
        here, steps, seen = start, [], set()
        while here in onward and len(steps) < 7:
            seen.add(here)
            going_on = [c for c in onward[here] if c["to"] in onward] or onward[here]
            connection = rng.choice(going_on)
            steps.append({"from": here, "to": connection["to"], "action": f"Call {connection['to']}",
                          "protocol": connection.get("protocol", "AWS SDK")})
            if connection["to"] in seen:
                break
            here = connection["to"]
        if len(steps) >= 2:
            flows[f"flow{len(flows)}"] = {"name": f"Flow {len(flows)}", "kind": "request", "steps": steps}
        if len(flows) == count:
            break
    return {**document, "flows": flows} if flows else document
