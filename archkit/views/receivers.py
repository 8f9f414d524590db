"""Actors that only receive from the system (a partner polling a queue, a subscriber getting webhooks or e-mail).

On a whiteboard they stand on the right, after what they receive from and outside the AWS boxes, not among the
people on the left who start requests: drawn on the left, their edge runs back under the whole region. An actor
that also calls the system (an on-call operator who gets alerts and watches a dashboard) stays on the left.
"""
from __future__ import annotations

from ..model.types import Model
from .columns import is_aside

ZONE = "receiving"  # the overview's own zone (and box) for them, right of every other column


def receivers(model: Model) -> list[str]:
    """Actors, in model order, that start no connection and receive at least one from a main-line component."""
    sending = {c.source for c in model.connections}
    fed_by_main_line = {c.target for c in model.connections
                        if c.source in model.components and not is_aside(model, c.source)}
    return [a for a in model.actors if a in fed_by_main_line and a not in sending]


def place_receivers(column_lists: list[list[str]], below: list[list[list[str]]], receiving: list[str]):
    """Add the receivers as one column after every other (the bands included, so that their box is clear of the
    region's), with nothing below (in place)."""
    if receiving:
        column_lists.append(list(receiving))
        below.append([])
