"""Templates read into stacks: resources by (stack, logical id), parameters, and the exports between stacks."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import sam
from .reader import read_template
from .refs import export_key, references

Key = tuple[str, str]  # (stack name, logical id)


def items(value) -> list:
    """A list from an untrusted template, or [] for anything else."""
    return value if isinstance(value, list) else []


def mapping(value) -> dict:
    """A mapping from an untrusted template, or {} for anything else."""
    return value if isinstance(value, dict) else {}


@dataclass
class Stack:
    name: str
    display: str
    template: dict
    sam: bool = False

    @property
    def resources(self) -> dict:
        return self.template["Resources"]

    @property
    def parameters(self) -> dict:
        params = self.template.get("Parameters")
        return params if isinstance(params, dict) else {}


@dataclass
class Stacks:
    stacks: dict[str, Stack]
    exports: dict[str, Key] = field(default_factory=dict)

    def resource(self, key: Key) -> dict | None:
        stack = self.stacks.get(key[0])
        return stack.resources.get(key[1]) if stack else None

    def resource_refs(self, key: Key) -> list[Key]:
        """What a resource's properties point at (computed once)."""
        cache = self.__dict__.setdefault("_refs", {})
        if key not in cache:
            cache[key] = self.refs(self.resource(key).get("Properties", {}), key[0])
        return cache[key]

    def pointed_by(self, key: Key) -> list[Key]:
        """The resources whose properties point at this one, in template order."""
        index = self.__dict__.get("_pointed_by")
        if index is None:
            index = {}
            for source in self.keys():
                for target in self.resource_refs(source):
                    index.setdefault(target, []).append(source)
            self.__dict__["_pointed_by"] = index
        return index.get(key, [])

    def keys(self) -> list[Key]:
        return [(s.name, lid) for s in self.stacks.values() for lid in s.resources]

    outputs: dict[str, Key] = field(default_factory=dict)  # output name -> resource, for outputs named once
    names: dict[str, Key] = field(default_factory=dict)  # a resource's name, variables blanked -> the resource

    def refs(self, value, stack: str) -> list[Key]:
        """The resources a value points at. A parameter named like another stack's output (a value passed across
        regions, where exports do not reach) stands for that output's resource."""
        found = []
        for key in references(value, self.exports, stack):
            if self.resource(key) is not None:
                found.append(key)
            elif key[1] in self.outputs and key[1] in self.stacks[key[0]].parameters:
                found.append(self.outputs[key[1]])
        found += [self.names[n] for n in arn_names(value) if n in self.names]
        return list(dict.fromkeys(found))

    def literal(self, value, stack: str):
        """A plain value, a parameter's default for a Ref to it, or None for anything computed."""
        if isinstance(value, dict) and set(value) == {"Ref"}:
            param = self.stacks[stack].parameters.get(value["Ref"])
            return param.get("Default") if isinstance(param, dict) else None
        return None if isinstance(value, (dict, list)) else value


def load_stacks(paths: list[Path]) -> Stacks:
    return stacks_of([(path.stem, str(path), read_template(path, str(path))) for path in paths])


def stacks_of(documents: list[tuple[str, str, dict]]) -> Stacks:
    """Stacks from (name, where it was read, template as plain long-form values), in name order: the same
    templates give the same model whatever order they are passed in."""
    stacks: dict[str, Stack] = {}
    for stem, display, template in sorted(documents, key=lambda d: (d[0], d[1])):
        name = _unique(stem, stacks)
        is_sam = sam.is_sam(template)
        if is_sam:
            template = sam.expand(template, display)
        stacks[name] = Stack(name, display, template, is_sam)
    result = Stacks(stacks)
    named: dict[str, list[Key]] = {}
    for stack in stacks.values():
        result.exports.update(_exports(stack))
        for name, key in _outputs(stack).items():
            named.setdefault(name, []).append(key)
    result.outputs = {name: keys[0] for name, keys in named.items() if len(keys) == 1}
    result.names = _names(result)
    return result


# Properties holding the name that an ARN built by hand ends with (arn:...:sns:...:${System}-${Env}-alerts).
ARN_NAME_KEYS = ("TopicName", "QueueName", "FunctionName", "StateMachineName", "TableName", "EventBusName")
ARN = re.compile(r"^arn:[^:]*:[a-z0-9-]+:")


def _names(stacks: Stacks) -> dict[str, Key]:
    seen: dict[str, list[Key]] = {}
    for key in stacks.keys():
        props = mapping(stacks.resource(key).get("Properties"))
        for name_key in ARN_NAME_KEYS:
            name = export_key(props.get(name_key))
            if name and name.strip("*-_"):
                seen.setdefault(name, []).append(key)
        if stacks.resource(key).get("Type") == "AWS::SSM::Parameter":  # its ARN ends with the name's last part
            name = re.split(r"[:/]", export_key(props.get("Name")) or "")[-1]
            if name.strip("*-_"):
                seen.setdefault(name, []).append(key)
    return {name: keys[0] for name, keys in seen.items() if len(keys) == 1}


def arn_names(value) -> list[str]:
    """The last part (after ':' or '/') of every ARN text in a value, with its ${...} variables blanked."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if set(item) == {"Fn::Sub"}:
                text = export_key(item)
                if ARN.match(text):
                    found.append(re.split(r"[:/]", text)[-1])
                continue
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and ARN.match(item):
            found.append(re.split(r"[:/]", item)[-1])
    return found


def _outputs(stack: Stack) -> dict[str, Key]:
    outputs = stack.template.get("Outputs")
    found = {}
    for name, output in (outputs.items() if isinstance(outputs, dict) else ()):
        targets = [k for k in references(output.get("Value") if isinstance(output, dict) else None, {}, stack.name)
                   if k[1] in stack.resources]
        if targets:
            found[name] = targets[0]
    return found


def _unique(name: str, taken: dict) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def _exports(stack: Stack) -> dict[str, Key]:
    outputs = stack.template.get("Outputs")
    found: dict[str, Key] = {}
    for output in (outputs.values() if isinstance(outputs, dict) else ()):
        if not isinstance(output, dict) or not isinstance(output.get("Export"), dict):
            continue
        name = export_key(output["Export"].get("Name"))
        targets = [k for k in references(output.get("Value"), {}, stack.name) if k[1] in stack.resources]
        if name and targets:
            found[name] = targets[0]
    return found
