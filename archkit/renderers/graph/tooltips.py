"""Tooltips laid out as tokens. Graphviz gives a tooltip no room, so a diagram's layout depends on everything in its
view but the tooltips: render() lays out the view with each tooltip replaced by a short token and then writes the
texts into the SVG (the PNG shows none). The SVG ends with a comment saying which tooltip each title holds, so that
a view differing only in its tooltips (an edited description) gets its SVG from the earlier one without Graphviz
(refilled). Both ways write a tooltip the same way: the text as fit_tooltip caps it, escaped for an attribute."""
from __future__ import annotations

import re
from dataclasses import fields, replace

from ...views.contract import View
from .text import fit_tooltip

TOKEN = "ATIP{:06d}Z"  # letters and digits only: Graphviz writes them into the SVG unchanged
TOKENS = re.compile(r"ATIP(\d{6})Z")
TITLE = re.compile(r'xlink:title="([^"]*)"')
RECORD = re.compile(r"\n<!-- archkit-tooltips:([ \d-]*) -->\n?$")


def tokenized(view: View) -> tuple[View, list[str]]:
    """(the view with every tooltip a token, the tooltips in token order: the fields' order, depth first)."""
    tips: list[str] = []

    def walk(value):
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if not hasattr(value, "__dataclass_fields__"):
            return value
        changed = {f.name: token(getattr(value, f.name)) if f.name == "tooltip" else walk(getattr(value, f.name))
                   for f in fields(value)}
        return replace(value, **changed)

    def token(text: str) -> str:
        tips.append(text)
        return TOKEN.format(len(tips) - 1)

    return walk(view), tips


def attribute(text: str) -> str:
    visible = "".join(ch for ch in fit_tooltip(text) if ch >= " " or ch in "\n\t")
    return (visible.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\n", "&#10;"))


def filled(svg: bytes, tips: list[str]) -> bytes:
    """The SVG of the tokenized view with the tooltips written in, and the record of which title holds which."""
    text = svg.decode("utf-8")
    held: list[int] = []

    def title(found: re.Match) -> str:
        token = TOKENS.fullmatch(found.group(1))
        held.append(int(token.group(1)) if token else -1)
        return f'xlink:title="{attribute(tips[int(token.group(1))])}"' if token else found.group(0)

    text = TITLE.sub(title, text)
    return (text.rstrip("\n") + "\n<!-- archkit-tooltips:" + "".join(f" {i}" for i in held) + " -->\n").encode("utf-8")


def refilled(svg: bytes, tips: list[str]) -> bytes | None:
    """An SVG that filled() wrote, with these tooltips in the titles it recorded; None when it is not one, or
    its record names tooltips this view does not have."""
    text = svg.decode("utf-8", errors="replace")
    record = RECORD.search(text)
    if record is None:
        return None
    held = [int(i) for i in record.group(1).split()]
    body = text[:record.start()]
    if len(TITLE.findall(body)) != len(held) or any(i >= len(tips) for i in held):
        return None
    order = iter(held)

    def title(found: re.Match) -> str:
        index = next(order)
        return found.group(0) if index < 0 else f'xlink:title="{attribute(tips[index])}"'

    return (TITLE.sub(title, body) + text[record.start():]).encode("utf-8")
