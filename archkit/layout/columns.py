"""Columns of the infrastructure diagram, left to right along the request path.

People first; then the main line (edge/global, then the region's API, compute, integration and data) ranked by
the longest path of its connections, each zone in columns of its own so that zones sit side by side instead of in
a staircase. Layers marked `aside` in the catalogue (observability, CI/CD, identity) take the columns next to
what they serve, inside their zone's columns, and never stretch the main line; inside the AWS zones they form
bands (bands.py). Layers marked `beside` (authentication) take the column of the main-line component that calls
them, so the user pool sits under the API that checks its tokens.
"""
from __future__ import annotations

import math

from ..model.catalogue import load_catalogue
from ..model.types import Model
from .zones import zone_of

MIN_COLUMN_HEIGHT = 8  # a column may always hold this many nodes
MAIN_ZONES = ("internet", "global", "region", "external")  # external main nodes (SaaS called by the system) last
BAND_ZONES = ("global", "region")


def layer_flag(model: Model, element_id: str, flag: str):
    if element_id not in model.components:
        return None
    layer = load_catalogue().layers.get(model.components[element_id].layer)
    return getattr(layer, flag) if layer else None


def summarised_layers(crowded: bool) -> frozenset[str]:
    """The layers whose edges the overview leaves to their detail diagrams: those it always summarises, and with
    crowded (its edges would cross others) those it summarises only then."""
    return frozenset(name for name, layer in load_catalogue().layers.items()
                     if layer.detail and (crowded or layer.summarise == "always"))


def is_aside(model: Model, element_id: str) -> bool:
    return bool(layer_flag(model, element_id, "aside"))


def is_beside(model: Model, element_id: str) -> bool:
    return bool(layer_flag(model, element_id, "beside")) and not is_aside(model, element_id)


def in_band(model: Model, element_id: str) -> bool:
    """Aside of the main line inside an AWS zone: drawn in a band below the zone's main row."""
    return is_aside(model, element_id) and zone_of(model, element_id) in BAND_ZONES


def entered_from_outside(model: Model, element_id: str) -> bool:
    """A region main-line node that only other AWS zones feed and that feeds nothing on the main line (a content
    network's access-log bucket)."""
    if element_id not in model.components or zone_of(model, element_id) != "region" or is_aside(model, element_id) \
            or is_beside(model, element_id):
        return False
    connections = model.connections_of(element_id)
    feeders = [c.source for c in connections if c.target == element_id and not is_aside(model, c.source)]
    feeds = any(c.source == element_id and not is_aside(model, c.target) for c in connections)
    return bool(feeders) and not feeds and all(f in model.components and zone_of(model, f) != "region" for f in feeders)


def topological(elements: list[str], succs: dict[str, list[str]]) -> list[str]:
    """Elements in an order where every edge but the back edges of a depth-first walk points forward."""
    done: set[str] = set()
    order: list[str] = []
    for root in elements:
        if root in done:
            continue
        done.add(root)
        stack = [(root, iter(succs[root]))]
        while stack:
            current, pending = stack[-1]
            nxt = next((s for s in pending if s not in done), None)
            if nxt is None:
                order.append(current)
                stack.pop()
            else:
                done.add(nxt)
                stack.append((nxt, iter(succs[nxt])))
    return order[::-1]


def depths(ids: list[str], succs: dict[str, list[str]]) -> dict[str, int]:
    """The longest path to each node (back edges of a cycle ignored)."""
    depth = {n: 0 for n in ids}
    order = topological(ids, succs)
    position = {n: k for k, n in enumerate(order)}
    for n in order:
        for t in succs[n]:
            if position[t] > position[n]:
                depth[t] = max(depth[t], depth[n] + 1)
    return depth


class Columns:
    def __init__(self, model: Model, elements: list[str], links: list[tuple[str, str]]):
        self.model = model
        self.succs: dict[str, list[str]] = {e: [] for e in elements}
        self.preds: dict[str, list[str]] = {e: [] for e in elements}
        for source, target in links:
            if source != target and source in self.succs and target in self.succs:
                self.succs[source].append(target)
                self.preds[target].append(source)
        self.order = topological(elements, self.succs)
        self.col: dict[str, int] = {}
        self.floor: dict[str, int] = {"internet": 0, "external": 1}
        self.ceiling: dict[str, int] = {}

    def after_preds(self, element: str, floor: int) -> int:
        return max([floor] + [self.col[p] + 1 for p in self.preds[element] if p in self.col])

    def place_main(self):
        start = 0
        for zone in MAIN_ZONES:
            members = [e for e in self.order if zone_of(self.model, e) == zone and not is_aside(self.model, e)
                       and not is_beside(self.model, e)]
            floor = 1 if zone == "external" else start
            self.floor.setdefault(zone, floor)
            for element in members:
                self.col[element] = 0 if zone == "internet" else self.after_preds(element, floor)
            for element in members:  # a source sits just before what it feeds (a certificate before what uses it)
                targets = [self.col[s] for s in self.succs[element] if s in self.col]
                if zone != "internet" and not any(p in self.col for p in self.preds[element]) and targets:
                    self.col[element] = max(floor, min(targets) - 1)
                    mates = [self.col[s] for s in self.succs[element] if s in self.col and self.same_layer(s, element)]
                    if len(self.succs[element]) == 1 and mates:  # a certificate beside what uses it, in its box
                        self.col[element] = mates[0]
            self.tuck_leaves(members)
            self.tuck_entries(members)
            if members and zone != "external":
                start = max(self.col[e] for e in members) + 1
                if zone != "region":  # zones left of the region keep to their columns
                    self.ceiling[zone] = start - 1
        self.floor.setdefault("region", start)
        self.ceiling["external"] = self.floor["external"]  # outside AWS in one column, its box alone there
        self.align_sinks()

    def tuck_leaves(self, members: list[str]):
        """A leaf fed by one main-line node of its own layer (a firewall or an origin bucket behind a content network) sits in
        its feeder's column, above or below it: the feeder's other edges then reach the next column directly."""
        for element in members:
            feeders = [p for p in self.preds[element] if not is_aside(self.model, p)]
            if self.succs[element] or len(feeders) != 1 or feeders[0] not in members or zone_of(self.model, element) == "internet":
                continue
            if self.model.components[feeders[0]].layer == self.model.components[element].layer:
                self.col[element] = self.col[feeders[0]]

    def same_layer(self, one: str, other: str) -> bool:
        return one in self.model.components and other in self.model.components and \
            self.model.components[one].layer == self.model.components[other].layer

    def tuck_entries(self, members: list[str]):
        """A leaf that people reach directly (a DNS zone) sits in the column of the first box mate they also reach
        (the content network), so their edges cross no column of that box."""
        for element in members:
            feeders = self.preds[element]
            if self.succs[element] or not feeders or any(zone_of(self.model, p) != "internet" for p in feeders):
                continue
            mates = [self.col[s] for p in feeders for s in self.succs[p]
                     if s != element and s in self.col and self.same_layer(s, element) and s in members]
            if mates:
                self.col[element] = min(mates)

    def align_sinks(self):
        """A main-line node that feeds nothing goes to its layer's last column (all data stores in one column)."""
        last: dict[str, int] = {}
        for element, column in self.col.items():
            if element in self.model.components:
                layer = self.model.components[element].layer
                last[layer] = max(last.get(layer, 0), column)
        for element in list(self.col):
            if zone_of(self.model, element) == "region" and not any(s in self.col for s in self.succs[element]) \
                    and self.fed_from_region(element):
                self.col[element] = last[self.model.components[element].layer]

    def fed_from_region(self, element: str) -> bool:
        """False for a region node only other zones feed (a content network's access-log bucket): it stays in the region's first
        column, where its feeders reach it directly."""
        feeders = [p for p in self.preds[element] if not is_aside(self.model, p)]
        return not feeders or any(zone_of(self.model, p) == "region" for p in feeders)

    def place_beside(self):
        """In the column of its rightmost main-line caller of the same zone (else of any main-line neighbour)."""
        for element in self.order:
            if not is_beside(self.model, element):
                continue
            zone = zone_of(self.model, element)
            callers = [self.col[p] for p in self.preds[element] if p in self.col and zone_of(self.model, p) == zone]
            near = callers or [self.col[n] for n in self.preds[element] + self.succs[element] if n in self.col
                               and zone_of(self.model, n) == zone]
            self.col[element] = max(near) if near else self.floor.get(zone, 0)

    def place_aside(self):
        for element in self.order:
            if element in self.col or in_band(self.model, element):
                continue
            zone = zone_of(self.model, element)
            floor = self.floor.get(zone, 0)
            column = self.after_preds(element, floor)
            if not any(p in self.col for p in self.preds[element]):
                targets = [self.col[s] for s in self.succs[element] if s in self.col]
                column = max(floor, min(targets) - 1) if targets else floor
            self.col[element] = min(column, self.ceiling.get(zone, column))

    def compact(self) -> dict[str, int]:
        used = sorted(set(self.col.values()))
        return {element: used.index(column) for element, column in self.col.items()}


def columns(model: Model, elements: list[str], links: list[tuple[str, str]]) -> dict[str, int]:
    """Column index (0 = leftmost) of every element but those in bands."""
    placed = Columns(model, elements, links)
    placed.place_main()
    placed.place_beside()
    placed.place_aside()
    return placed.compact()


def split_tall(column_lists: list[list[str]]) -> list[list[list[str]]]:
    """Columns taller than about the square root of the node count split into side-by-side columns, so that a big
    model gives a landscape picture instead of a strip (38 functions: three columns of 13, not one of 38).
    Returns one grid (its columns, left to right) per column given."""
    cap = column_cap(column_lists)
    return [[c[i:i + cap] for i in range(0, len(c), cap)] or [c] for c in column_lists]


def column_cap(column_lists: list[list[str]]) -> int:
    return max(MIN_COLUMN_HEIGHT, math.ceil(math.sqrt(sum(len(c) for c in column_lists))))
