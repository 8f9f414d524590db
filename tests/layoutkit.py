"""Reading Graphviz's own layout of a view, for tests that check where things landed."""
from __future__ import annotations

import subprocess

from archkit.renderers.graph.crossings import crossing_pairs, lines_cross, polyline, segments_cross  # noqa: F401 (re-exported)
from archkit.renderers.graph.producer import dot_source


def plain_layout(view: dict) -> tuple[dict[str, tuple[float, float, float]], list[tuple[str, str, list]]]:
    """Node centres and heights, and the edges' spline points, from Graphviz's plain output (y grows upwards)."""
    engine, source = dot_source(view)
    plain = subprocess.run([*engine, "-Tplain"], input=source.encode(), capture_output=True, check=True).stdout
    nodes, edges = {}, []
    for line in plain.decode().splitlines():
        parts = line.split()
        if parts[0] == "node":
            nodes[parts[1].strip('"')] = (float(parts[2]), float(parts[3]), float(parts[5]))
        elif parts[0] == "edge" and "invis" not in parts:
            count = int(parts[3])
            points = [(float(parts[4 + 2 * i]), float(parts[5 + 2 * i])) for i in range(count)]
            edges.append((parts[1].strip('"'), parts[2].strip('"'), points))
    return nodes, edges
