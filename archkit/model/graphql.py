"""Just enough of a GraphQL schema (SDL) to check a model against it: its object types and their fields.

Comments, strings and descriptions are dropped first; `type X`, `extend type X` and `type X implements Y` blocks
give X's fields: the names followed by `:` or `(` outside argument lists (a directive's `@name(` is not one)."""
from __future__ import annotations

import re

NOISE = re.compile(r'"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"|#[^\n]*')
TYPE = re.compile(r"\b(?:extend\s+)?type\s+([_A-Za-z][_0-9A-Za-z]*)[^{]*\{")
FIELD = re.compile(r"(?<![@\w])([_A-Za-z][_0-9A-Za-z]*)\s*[(:]")


def schema_fields(sdl: str) -> dict[str, list[str]]:
    text = NOISE.sub(" ", sdl)
    found: dict[str, list[str]] = {}
    for match in TYPE.finditer(text):
        names = found.setdefault(match.group(1), [])
        for field in FIELD.finditer(top_level(text, match.end())):
            if field.group(1) not in names:
                names.append(field.group(1))
    return found


def top_level(text: str, start: int) -> str:
    """The block's text up to its closing brace, without what argument lists hold."""
    depth, out = 0, []
    for char in text[start:]:
        if char == "}" and depth == 0:
            break
        if char == ")":
            depth -= 1
        if depth == 0:
            out.append(char)
        if char == "(":
            depth += 1
    return "".join(out)
