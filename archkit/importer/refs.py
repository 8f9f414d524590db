"""References between resources: Ref, Fn::GetAtt, Fn::Sub's ${X} and ${X.Attr}, Fn::ImportValue."""
from __future__ import annotations

import re

SUB_VARIABLE = re.compile(r"\$\{([A-Za-z0-9:_.-]+)\}")


def references(value, exports: dict[str, tuple[str, str]] | None = None, stack: str = "") -> list[tuple[str, str]]:
    """Every (stack, logical id) the value points at, in order of appearance, without repeats. An ImportValue whose
    export name is known (its text resolved with the importing stack's parameters dropped) names the exporting
    stack's resource."""
    found: list[tuple[str, str]] = []
    _walk(value, exports or {}, stack, found)
    return list(dict.fromkeys(found))


def _walk(value, exports, stack, found):
    if isinstance(value, list):
        for item in value:
            _walk(item, exports, stack, found)
        return
    if not isinstance(value, dict):
        return
    if len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref" and isinstance(arg, str) and not arg.startswith("AWS::"):
            found.append((stack, arg))
            return
        if key == "Fn::GetAtt":
            target = arg[0] if isinstance(arg, list) and arg else arg
            if isinstance(target, str):
                found.append((stack, target.split(".", 1)[0]))
            return
        if key == "Fn::Sub":
            text, names = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
            local = set(names) if isinstance(names, dict) else set()
            if isinstance(text, str):
                for name in SUB_VARIABLE.findall(text):
                    head = name.split(".", 1)[0]
                    if head not in local and not head.startswith("AWS::"):
                        found.append((stack, head))
            _walk(names, exports, stack, found)
            return
        if key == "Fn::ImportValue":
            target = exports.get(export_key(arg))
            if target:
                found.append(target)
            return
    for item in value.values():
        _walk(item, exports, stack, found)


def export_key(name) -> str:
    """An export name as text with its ${...} variables blanked, so that `${Env}-TableArn` in the importing stack
    meets `${Env}-TableArn` in the exporting one whatever the parameter values."""
    if isinstance(name, dict) and len(name) == 1:
        (key, arg), = name.items()
        if key == "Fn::Sub":
            text = arg[0] if isinstance(arg, list) and arg else arg
            return SUB_VARIABLE.sub("*", text) if isinstance(text, str) else ""
        if key == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            sep = arg[0] if isinstance(arg[0], str) else ""
            return sep.join(p if isinstance(p, str) else "*" for p in arg[1])
        return ""
    return name if isinstance(name, str) else ""
