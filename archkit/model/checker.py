"""Checks raw model values against specs, collecting every problem, and fills in defaults."""
from __future__ import annotations

import math
import re

from ..errors import Location, Problem, did_you_mean
from .catalogue import Catalogue
from .naming import pascal
from .spec import Spec
from .yamlsafe import Positions

MISSING = object()


def dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Checker:
    def __init__(self, catalogue: Catalogue, positions: Positions, ids: dict, fallback: Location):
        self.fallback = fallback
        self.catalogue = catalogue
        self.positions = positions
        self.components: dict[str, str] = ids["components"]  # id -> type
        self.actors: set[str] = ids["actors"]
        self.environments: set[str] = ids["environments"]
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------------------------------------------
    def location(self, path: tuple, key: bool = False) -> Location:
        if key and path in self.positions.keys:
            return self.positions.keys[path]
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, self.fallback)

    def report(self, path: tuple, message: str, fix: str = "", key: bool = False):
        self.problems.append(Problem(self.location(path, key), dotted(path), message, fix))

    # -- checking ----------------------------------------------------------------------------------------------
    def check(self, value, spec: Spec, path: tuple, component_type: str | None = None):
        method = getattr(self, "check_" + spec.kind.replace("-", "_"))
        return method(value, spec, path, component_type)

    def check_object(self, value, spec, path, ctype, fields=None):
        fields = spec.fields if fields is None else fields
        if not isinstance(value, dict):
            return self.wrong_type(value, spec, path)
        result = {}
        for key, item in value.items():
            if key not in fields:
                hint = did_you_mean(key, fields)
                self.report(path + (key,), f"unknown key '{key}'",
                            hint or "allowed keys: " + ", ".join(sorted(fields)), key=True)
                continue
            result[key] = self.check(item, fields[key], path + (key,), ctype)
        for key, sub in fields.items():
            if key in result:
                continue
            if sub.required:
                self.report(path, f"missing required key '{key}'", f"add '{key}:' with {sub.describe()}", key=True)
            elif sub.default is not None:
                result[key] = sub.default
        return result

    def check_map(self, value, spec, path, ctype):
        if not isinstance(value, dict):
            return self.wrong_type(value, spec, path)
        for key in value:
            if spec.key_pattern and not (isinstance(key, str) and re.fullmatch(spec.key_pattern, key)):
                self.report(path + (key,), f"key {key!r} is not a name AWS accepts here",
                            f"use a key matching {spec.key_pattern}", key=True)
        if spec.unique_keys:
            self.no_folded_duplicates([(path + (key,), (str(key),)) for key in value], path, key=True)
        return {key: self.check(item, spec.values_of, path + (key,), ctype) for key, item in value.items()}

    def check_list(self, value, spec, path, ctype):
        if not isinstance(value, list):
            return self.wrong_type(value, spec, path)
        checked = [self.check(item, spec.items, path + (i,), ctype) for i, item in enumerate(value)]
        if spec.max_length is not None and len(value) > spec.max_length:
            self.report(path, f"has {len(value)} items; AWS allows at most {spec.max_length}",
                        f"keep at most {spec.max_length}")
        if spec.unique:
            keyed = [(path + (i,), tuple(str(item.get(f, "")) for f in spec.unique))
                     for i, item in enumerate(checked) if isinstance(item, dict)]
            self.no_folded_duplicates(keyed, path, fields=spec.unique)
        return checked

    def no_folded_duplicates(self, keyed: list[tuple[tuple, tuple]], path: tuple, fields=None, key=False):
        """Elements whose names differ only in case or punctuation become one CloudFormation resource (the later
        silently replaces the earlier): each later one is an error naming the first."""
        first: dict[tuple, tuple] = {}
        for element_path, names in keyed:
            folded = tuple(pascal(name) for name in names)
            if folded not in first:
                first[folded] = (element_path, names)
                continue
            earlier_path, earlier = first[folded]
            shown = " ".join(names) if fields else names[0]
            what = "the same as" if names == earlier else "the same, once made a CloudFormation name, as"
            fix = "remove one of them" if names == earlier else \
                "give each a name that differs in more than case or punctuation"
            self.report(element_path, f"'{shown}' is {what} '{' '.join(earlier)}' at {self.location(earlier_path, key)}",
                        fix, key=key)

    def check_overrides(self, value, spec, path, ctype):
        """Per-environment values of a component's own properties: same specs, nothing required."""
        if not isinstance(value, dict):
            return self.wrong_type(value, spec, path)
        properties = self.catalogue.types[ctype].properties if ctype in self.catalogue.types else {}
        optional = {k: Spec(**{**s.__dict__, "required": False, "default": None}) for k, s in properties.items()}
        return self.check_object(value, spec, path, ctype, fields=optional)

    def check_string(self, value, spec, path, ctype):
        if not isinstance(value, str):
            fix = f"quote it: '{value}'" if isinstance(value, (int, float)) else f"give {spec.describe()}"
            return self.wrong_type(value, spec, path, fix)
        if spec.max_length is not None and len(value) > spec.max_length:
            self.report(path, f"is {len(value)} characters; AWS allows at most {spec.max_length}",
                        f"shorten it to {spec.max_length} characters")
        if spec.pattern and not re.search(spec.pattern, value):
            fix = f"write it like '{spec.example}'" if spec.example else f"match the pattern {spec.pattern}"
            shown = f"'{value}'" if value.isprintable() else repr(value)
            self.report(path, f"{shown} is not in the expected form" + (f" ({spec.doc})" if spec.doc else ""), fix)
        return value

    def check_integer(self, value, spec, path, ctype):
        if isinstance(value, bool) or not isinstance(value, int):
            return self.wrong_type(value, spec, path)
        return self.in_range(value, spec, path)

    def check_number(self, value, spec, path, ctype):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.wrong_type(value, spec, path)
        if not math.isfinite(value):
            self.report(path, f"{value} is not a number AWS accepts", f"give {spec.describe()}, e.g. 1.5")
            return value
        return self.in_range(value, spec, path)

    def check_boolean(self, value, spec, path, ctype):
        if not isinstance(value, bool):
            return self.wrong_type(value, spec, path)
        return value

    def check_enum(self, value, spec, path, ctype):
        if value not in spec.values or isinstance(value, bool):
            hint = did_you_mean(value, spec.values) if isinstance(value, str) else ""
            self.report(path, f"{value!r} is not allowed here; expected {spec.describe()}",
                        hint or f"use one of {', '.join(map(str, spec.values))}")
        return value

    def check_ref(self, value, spec, path, ctype):
        if not isinstance(value, str):
            return self.wrong_type(value, spec, path)
        if value in self.components and path[:2] == ("components", value):
            self.report(path, f"'{value}' refers to itself", "point at another component, or remove the reference")
            return value
        if value in self.components:
            actual = self.components[value]
            if spec.to and actual not in spec.to:
                self.report(path, f"'{value}' is a {actual}; expected {spec.describe()}",
                            "point at a component of the right type")
            return value
        if spec.actors and value in self.actors:
            return value
        candidates = [c for c, t in self.components.items() if not spec.to or t in spec.to]
        candidates += sorted(self.actors) if spec.actors else []
        self.report(path, f"'{value}' is not the id of any " + (" or ".join(spec.to) if spec.to else "component") + (" or actor" if spec.actors else ""),
                    did_you_mean(value, candidates) or "define it, or use one of: " + ", ".join(sorted(candidates)[:12]))
        return value

    def check_name(self, value, known, what: str, path: tuple):
        if not isinstance(value, str) or value not in known:
            self.report(path, f"{value!r} is not {what}",
                        did_you_mean(value, known) or (f"use one of: {', '.join(sorted(map(str, known)))}" if known
                                                       else "none is defined yet; add one to the model first"))
        return value

    def check_environment(self, value, spec, path, ctype):
        return self.check_name(value, self.environments, "a defined environment", path)

    def check_component_type(self, value, spec, path, ctype):
        return self.check_name(value, self.catalogue.types, "a known component type", path)

    def check_actor_kind(self, value, spec, path, ctype):
        return self.check_name(value, self.catalogue.actor_kinds, "a known actor kind", path)

    def check_layer(self, value, spec, path, ctype):
        return self.check_name(value, self.catalogue.layers, "a known layer", path)

    # -- helpers -----------------------------------------------------------------------------------------------
    def in_range(self, value, spec, path):
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            unit = f" {spec.unit}" if spec.unit else ""
            self.report(path, f"{value}{unit} is out of range; expected {spec.describe()}",
                        f"use a value from {low if low is not None else '-inf'} to {high if high is not None else 'inf'}")
        return value

    def wrong_type(self, value, spec, path, fix: str = ""):
        shown = "nothing" if value is None else f"{type(value).__name__} {value!r}"[:80]
        self.report(path, f"expected {spec.describe()}, found {shown}", fix or f"give {spec.describe()}")
        return value
