"""Displays: observability components that show others and that people look at (a dashboard and its widgets).

An architect draws a dashboard next to the people who watch it, where nothing has to cross to reach it, with what
it shows written on it, not as one long line per widget through every row of metrics and alarms. So a display
stands in the last stage (layout/stages.py), below the topics; what it shows is listed under its name, and each link is
kept in the display's tooltip and in the tooltip of every component shown.
"""
from __future__ import annotations

from dataclasses import replace

from ..model.types import Model
from .contract import Node
from .elements import wrap

MAX_LISTED = 8  # names listed under a display; the rest are counted (the tooltip lists them all)


def displays(members: list[str], readers: list[str], connected: list[tuple[str, str]],
             derived: list[tuple[str, str, str]], own_refs: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """Display id -> the members it shows, in model order: a member that feeds no other member, that no
    connection from a member feeds, whose own references name other members (own_refs: (named, member, property);
    an alarm naming a topic to notify makes no display of the topic), and that a person watches or that shows
    several members."""
    member_set, reader_set = set(members), set(readers)
    links = connected + [(a, b) for a, b, _ in derived]
    named: dict[str, list[str]] = {}
    for a, b, _ in own_refs:
        named.setdefault(b, []).append(a)
    feeds = {a for a, b in links if b in member_set and b != a}
    fed = {b for a, b in connected if a in member_set}
    near_readers = {a for a, b in links if b in reader_set} | {b for a, b in links if a in reader_set}
    found = {}
    for member in members:
        shown = list(dict.fromkeys(a for a in named.get(member, []) if a in member_set and a != member))
        feeds_member, fed_by_connection, watched = member in feeds, member in fed, member in near_readers
        if shown and not feeds_member and not fed_by_connection and (watched or len(shown) > 1):
            found[member] = shown
    return found


def shown_as(model: Model, display: str) -> str:
    """The display's property that names what it shows ('widgets')."""
    component = model.components[display]
    names = [name for name, spec in component.type.properties.items()
             if spec.kind == "ref" or (spec.kind == "list" and spec.items is not None and spec.items.kind == "ref")]
    return names[0].replace("_", " ") if len(names) == 1 else "shows"


def display_label(model: Model, display: str, shown: list[str]) -> str:
    """'Operations\\ndashboard\\nwidgets (6):\\nAPI 5XX errors\\n...': its name, then what it shows."""
    names = [wrap(model.name_of(s)) for s in shown[:MAX_LISTED]]
    rest = len(shown) - len(names)
    lines = [wrap(model.name_of(display)), f"{shown_as(model, display)} ({len(shown)}):", *names]
    if rest:
        lines.append(f"and {rest} more")
    return "\n".join(lines)


def display_tooltip(model: Model, display: str, shown: list[str]) -> str:
    return f"{shown_as(model, display)}:\n" + "\n".join(f"- {model.name_of(s)}" for s in shown)


def mark_displays(model: Model, nodes: list[Node], shown_on: dict[str, list[str]]) -> list[Node]:
    """The nodes with each display labelled with what it shows, and a note on each member shown where it is."""
    on: dict[str, list[str]] = {}
    for display, shown in shown_on.items():
        for member in shown:
            on.setdefault(member, []).append(model.name_of(display))
    return [marked(model, drawn, shown_on, on) for drawn in nodes]


def marked(model: Model, drawn: Node, shown_on: dict[str, list[str]], on: dict[str, list[str]]) -> Node:
    element = drawn.id
    if element in shown_on:
        drawn = replace(drawn, label=display_label(model, element, shown_on[element]), listing=True,
                        tooltip=drawn.tooltip + "\n" + display_tooltip(model, element, shown_on[element]))
    if element in on:
        drawn = replace(drawn, tooltip=drawn.tooltip + "\nshown on: " + ", ".join(on[element]))
    return drawn
