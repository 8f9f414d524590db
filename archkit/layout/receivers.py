"""Actors that only receive from the system (a partner polling a queue, a subscriber getting webhooks or e-mail).

On a whiteboard they stand on the right, after what they receive from and outside the AWS boxes, not among the
people on the left who start requests: drawn on the left, their edge runs back under the whole region. An actor
that also calls the main line stays on the left. Watchers (an on-call operator who gets alerts and watches a
dashboard, a pager) deal only with the observability band: when the band is drawn at the right of the region
(far_watchers), they stand in the same box on the right, level with the band's topic, instead of at the top left
with their edges running under the whole band.
"""
from __future__ import annotations

from ..model.types import Model
from .columns import in_band, is_aside, summarised_layers

ZONE = "receiving"  # the overview's own zone (and box) for them, right of every other column


def receivers(model: Model) -> list[str]:
    """Actors, in model order, that start no connection and receive at least one from a main-line component."""
    sending = {c.source for c in model.connections}
    fed_by_main_line = {c.target for c in model.connections
                        if c.source in model.components and not is_aside(model, c.source)}
    return [a for a in model.actors if a in fed_by_main_line and a not in sending]


def watchers(model: Model) -> list[str]:
    """Actors, in model order, whose every connection is with a member of a band that the overview summarises
    (its layer has a detail diagram: observability)."""
    summarised = {c for c, component in model.components.items()
                  if in_band(model, c) and component.layer in summarised_layers(crowded=False)}
    ends: dict[str, set[str]] = {a: set() for a in model.actors}
    for connection in model.connections:
        for actor, other in ((connection.source, connection.target), (connection.target, connection.source)):
            if actor in ends:
                ends[actor].add(other)
    return [a for a, others in ends.items() if others and others <= summarised]


def far_watchers(model: Model, column_lists: list[list[str]]) -> list[str]:
    """Watchers whose every neighbour stands nearer the last column than the first, in a layout with the watchers
    on the left (the observability band at the bottom right of a region): on the right, their edges are short."""
    column = {n: k for k, members in enumerate(column_lists) for n in members}
    last = len(column_lists) - 1
    near: dict[str, set[str]] = {}
    for connection in model.connections:
        near.setdefault(connection.source, set()).add(connection.target)
        near.setdefault(connection.target, set()).add(connection.source)
    return [w for w in watchers(model) if all(2 * column[n] > last for n in near[w])]


def place_receivers(column_lists: list[list[str]], below: list[list[list[str]]], receiving: list[str]):
    """Add the receivers as one column after every other (the bands included, so that their box is clear of the
    region's), with nothing below (in place)."""
    if receiving:
        column_lists.append(list(receiving))
        below.append([])


def box_label(model: Model, right: list[str]) -> str:
    """The right-hand box's label, from who stands in it: people who only receive, who only watch, or both."""
    receiving = set(receivers(model))
    if all(a in receiving for a in right):
        return "Internet: receiving from the system"
    watching = set(watchers(model))
    fed = {c.target for c in model.connections if c.source in model.components}
    if all(a in watching and a not in fed for a in right):
        return "Internet: watching the system"
    return "Internet: receiving from and watching the system"
