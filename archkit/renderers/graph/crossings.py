"""Crossing edges in Graphviz's own layout of a DOT source (its plain output), counted the way a reader sees them."""
from __future__ import annotations

import subprocess

from ...errors import RenderError
from .graphviz_run import timeout_for
from .text import check_lengths

CURVE_STEPS = 8  # straight pieces per cubic Bezier piece


def plain_edges(engine: list[str], source: str, name: str = "") -> list[tuple[str, str, list[tuple[float, float]]]]:
    """(tail, head, spline control points) of every visible edge Graphviz lays out."""
    plain = graphviz_output(engine, "plain", source, name)
    edges = []
    for line in plain.decode().splitlines():
        parts = line.split()
        if parts[0] == "edge" and "invis" not in parts:
            count = int(parts[3])
            points = [(float(parts[4 + 2 * i]), float(parts[5 + 2 * i])) for i in range(count)]
            edges.append((parts[1].strip('"'), parts[2].strip('"'), points))
    return edges


def graphviz_output(engine: list[str], form: str, source: str, name: str = "") -> bytes:
    """Graphviz's layout of the source in one output format (a layout trial: plain or json)."""
    check_lengths(source, name)
    try:
        done = subprocess.run([*engine, f"-T{form}"], input=source.encode(), capture_output=True,
                              timeout=timeout_for(source))
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"diagram {name}: Graphviz {engine[0]} (layout trial) failed: {exc}") from None
    if done.returncode != 0:
        problems = done.stderr.decode(errors="replace").strip() or "no message"
        raise RenderError(f"diagram {name}: Graphviz {engine[0]} (layout trial) exit {done.returncode}: {problems}")
    return done.stdout


def polyline(points: list[tuple[float, float]], steps: int = CURVE_STEPS) -> list[tuple[float, float]]:
    """A plain-output spline (cubic Bezier pieces: 1 + 3n control points) sampled into a polyline."""
    line = [points[0]]
    for k in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[k:k + 4]
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            line.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return line


def segments_cross(p, q, r, s) -> bool:
    def side(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0


def boxes_meet(first: list, second: list) -> bool:
    return max(x for x, _ in first) >= min(x for x, _ in second) and max(x for x, _ in second) >= min(x for x, _ in first) \
        and max(y for _, y in first) >= min(y for _, y in second) and max(y for _, y in second) >= min(y for _, y in first)


def lines_cross(first: list, second: list) -> bool:
    if not boxes_meet(first, second):
        return False
    for p, q in zip(first, first[1:]):
        for r, s in zip(second, second[1:]):
            if max(p[0], q[0]) >= min(r[0], s[0]) and max(r[0], s[0]) >= min(p[0], q[0]) and \
                    max(p[1], q[1]) >= min(r[1], s[1]) and max(r[1], s[1]) >= min(p[1], q[1]) and \
                    segments_cross(p, q, r, s):
                return True
    return False


def crossing_pairs(edges: list[tuple[str, str, list]]) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs of drawn edges whose lines cross, of those that share no end (edges into one node may touch there)."""
    lines = [((a, b), polyline(points)) for a, b, points in edges]
    found = []
    for i, (ends, line) in enumerate(lines):
        for other_ends, other in lines[i + 1:]:
            if not set(ends) & set(other_ends) and lines_cross(line, other):
                found.append((ends, other_ends))
    return found
