"""Bands of the infrastructure overview: each layer aside of the request path (identity, CI/CD, observability)
drawn as a compact grid below its zone's main row, in the zone's columns, bands in catalogue layer order.

A band the overview summarises (its layer names the diagrams that show its edges: columns.summarised_layers)
is drawn without its edges: its members fill
the grid column by column in stage order (logs and metrics, then alarms, then topics). Any other band is laid out
by its own edges: one column per step, at most `rows` members high.
"""
from __future__ import annotations

import math

from ..model.catalogue import load_catalogue
from ..model.types import Model
from .columns import depths as longest_paths, in_band, is_aside
from .zones import ZONE_ORDER, zone_of

MIN_ROWS = 3  # a band laid out by its edges may always stack this many members in a column
ASPECT = 2  # a band that may widen (the last zone's) is at most about twice as wide as tall


def layer_of(model: Model, element_id: str) -> str:
    return model.components[element_id].layer


def band_members(model: Model, elements: list[str]) -> list[tuple[str, str, list[str]]]:
    """(zone, layer, members in model order) per band, zones left to right, layers in catalogue order."""
    layer_order = list(load_catalogue().layers)
    bands: dict[tuple[str, str], list[str]] = {}
    for element in elements:
        if in_band(model, element):
            bands.setdefault((zone_of(model, element), layer_of(model, element)), []).append(element)
    keys = sorted(bands, key=lambda k: (ZONE_ORDER.index(k[0]), layer_order.index(k[1])))
    return [(zone, layer, bands[(zone, layer)]) for zone, layer in keys]


def depths(members: list[str], links: list[tuple[str, str]]) -> dict[str, int]:
    """Longest path from a member without predecessors, along the links inside the band."""
    inside = set(members)
    succs: dict[str, list[str]] = {m: [] for m in members}
    for s, t in links:
        if s in succs and t in inside and t != s:
            succs[s].append(t)
    return longest_paths(members, succs)


def stage_order(model: Model, members: list[str], depth: dict[str, int]) -> list[str]:
    """By stage, then by component type (first seen first), then model order."""
    types = list(dict.fromkeys(model.components[m].type.name for m in members))
    return sorted(members, key=lambda m: (depth[m], types.index(model.components[m].type.name)))


def grid_columns(ordered: list[str], width: int) -> list[list[str]]:
    rows = max(1, math.ceil(len(ordered) / width))
    return [ordered[i:i + rows] for i in range(0, len(ordered), rows)]


def layered_columns(ordered: list[str], depth: dict[str, int], width: int) -> list[list[str]]:
    rows = max(MIN_ROWS, math.ceil(len(ordered) / width))
    result: list[list[str]] = []
    for level in sorted(set(depth.values())):
        at_level = [m for m in ordered if depth[m] == level]
        result += [at_level[i:i + rows] for i in range(0, len(at_level), rows)]
    return result


def aside_people(model: Model, links: list[tuple[str, str]]) -> list[str]:
    """Actors connected only to what is aside of the main line (a developer, an on-call operator)."""
    neighbours: dict[str, set[str]] = {a: set() for a in model.actors}
    for source, target in links:
        for person, other in ((source, target), (target, source)):
            if person in neighbours and other in model.components:
                neighbours[person].add(other)
    return [a for a, near in neighbours.items() if near and all(is_aside(model, n) for n in near)]


def zone_span(model: Model, column_lists: list[list[str]], zone: str) -> tuple[int, int]:
    """First and last column holding a non-band element of the zone; one column after the others if none."""
    used = [k for k, members in enumerate(column_lists)
            if any(zone_of(model, m) == zone and not in_band(model, m) for m in members)]
    if used:
        return used[0], used[-1]
    start = 1 if len(column_lists) > 1 else len(column_lists)
    return start, start


def place_bands(model: Model, elements: list[str], column_lists: list[list[str]],
                links: list[tuple[str, str]], summarised: frozenset[str]) -> dict:
    """Add every band member among elements to column_lists (in place; the region, rightmost, may widen).

    Returns {"below": per column, groups of nodes drawn under the column's other nodes, each group under the one
    before (each band's members, then the members of the zone outside AWS); "align": (left, right) grid
    neighbours kept on one row; "bands": layer -> members}."""
    below: dict[int, list[list[str]]] = {}
    align: list[tuple[str, str]] = []
    bands: dict[str, list[str]] = {}
    for zone, layer, members in band_members(model, elements):
        start, end = zone_span(model, column_lists, zone)
        width = end - start + 1
        if zone == "region":
            width = max(width, math.ceil(math.sqrt(len(members) / ASPECT)))
        depth = depths(members, links)
        ordered = stage_order(model, members, depth)
        band = grid_columns(ordered, width) if layer in summarised else layered_columns(ordered, depth, width)
        for offset, group in enumerate(band):
            k = start + offset if (zone == "region" or start + offset <= end) else end
            while k >= len(column_lists):
                column_lists.append([])
            column_lists[k] += group
            groups = below.setdefault(k, [])
            if groups and groups[-1][0] in members:
                groups[-1] += group  # a band squeezed into its zone's last column
            else:
                groups.append(list(group))
        if layer in summarised:
            align += [(left[r], right[r]) for left, right in zip(band, band[1:]) for r in range(len(right))]
        bands[layer] = ordered
    for k, members in enumerate(column_lists):  # outside AWS (GitLab) below the AWS global services
        outside = [m for m in members if zone_of(model, m) == "external"]
        if outside and any(zone_of(model, m) != "external" for m in members):
            below.setdefault(k, []).append(outside)
    people = [a for a in aside_people(model, links) if column_lists and a in column_lists[0]]
    if people and len(people) < len(column_lists[0]):  # people who only build or watch the system below the users
        below.setdefault(0, []).append(people)
        if below.get(1):  # and drawn towards the bottom of the next column (a hint: flat edges alone lose)
            align += [(person, below[1][-1][-1]) for person in people]
    return {"below": [below.get(k, []) for k in range(len(column_lists))], "align": align, "bands": bands}
