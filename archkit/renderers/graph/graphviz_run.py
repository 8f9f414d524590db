"""Run Graphviz once per diagram for both formats; its errors become build errors, its warnings are printed.

A PNG is raster: Graphviz's memory and time for it grow with its pixels (a 2,000-component overview at 96 dpi is
282 Mpx, 1.1 GB and 20 s, while its layout takes 1 s). So a large diagram is laid out first for its size, and its
PNG drawn at the dpi that keeps it within PNG_MAX_PIXELS; its SVG (vector) keeps its natural size."""
from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from ...errors import RenderError
from .text import check_lengths

TIMEOUT_S = 120
TIMEOUT_S_PER_100K_CHARS = 30  # a large source takes longer; measured ~3 s per 100 K characters for layout + PNG
PNG_MAX_PIXELS = 40_000_000
PNG_DPI = 96  # Graphviz's default for bitmaps
PAD_IN = 4 / 72  # Graphviz's default pad around the drawing (our graphs set their own: pad_of)
PAD = re.compile(r'\bpad="?([0-9.]+)"?[,\]\s;]')
PRESIZE_CHARS = 30_000  # below this, no diagram of ours came near the cap (2,000 components: 8 K chars at 4 Mpx)


def timeout_for(source: str) -> float:
    return TIMEOUT_S + TIMEOUT_S_PER_100K_CHARS * len(source) / 100_000


def pad_of(source: str) -> float:
    """The pad (inches) the DOT source sets for its graph (the first pad= it holds), else Graphviz's default."""
    found = PAD.search(source)
    return float(found.group(1)) if found else PAD_IN


def png_pixels_at(width_in: float, height_in: float, dpi: int, pad: float = PAD_IN) -> int:
    """Graphviz's bitmap size: the drawing plus its pad on each side, rounded up."""
    return (math.ceil((width_in + 2 * pad) * dpi) + 1) * (math.ceil((height_in + 2 * pad) * dpi) + 1)


def png_dpi(width_in: float, height_in: float, pad: float = PAD_IN) -> int:
    """The largest dpi up to Graphviz's default at which the PNG stays within PNG_MAX_PIXELS."""
    area = max((width_in + 2 * pad) * (height_in + 2 * pad), 1e-6)
    dpi = max(1, min(PNG_DPI, math.floor(math.sqrt(PNG_MAX_PIXELS / area))))
    while dpi > 1 and png_pixels_at(width_in, height_in, dpi, pad) > PNG_MAX_PIXELS:
        dpi -= 1
    return dpi


def plain_size(plain: str) -> tuple[float, float]:
    """Width and height in inches from Graphviz's plain output ('graph scale width height')."""
    fields = plain.split("\n", 1)[0].split()
    if len(fields) < 4 or fields[0] != "graph":
        raise RenderError("Graphviz's plain output has no graph line")
    return float(fields[2]), float(fields[3])


def graphviz(engine: list[str], args: list[str], source: str, name: str) -> str:
    """Run one Graphviz command on the source; its warnings (stderr) when it succeeds."""
    try:
        done = subprocess.run([*engine, *args], input=source.encode(), capture_output=True,
                              timeout=timeout_for(source))
    except FileNotFoundError as exc:
        raise RenderError(f"diagram {name}: Graphviz '{engine[0]}' is not installed (scripts/setup.sh "
                          f"installs it)") from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"diagram {name}: Graphviz took longer than {timeout_for(source):.0f} s") from exc
    problems = done.stderr.decode(errors="replace").strip()
    if done.returncode != 0 or "Error" in problems:
        raise RenderError(f"diagram {name}: Graphviz {engine[0]} exit {done.returncode}: "
                          f"{problems or 'no message'}")
    return problems


# Graphviz's spline router fails on some layouts (dot 2.43: "triangulation failed", "lost ... edge"); right-angle,
# then straight edges are routed another way
ROUTING_FAILED = re.compile(r"triangulation failed|Pshortestpath failed|in routesplines|lost \S+ \S+ edge")
FALLBACK_SPLINES = ("ortho", "line")


def run_graphviz(engine: list[str], source: str, name: str) -> tuple[bytes, bytes]:
    """Lay out, write SVG and PNG; (svg bytes, png bytes). When Graphviz cannot route the edges as curves, with
    right-angle edges, else straight ones (a warning says so)."""
    try:
        return run_once(engine, source, name)
    except RenderError as first:
        if not ROUTING_FAILED.search(str(first)):
            raise
        for splines in FALLBACK_SPLINES:
            try:
                drawn = run_once([*engine, f"-Gsplines={splines}"], source, name)
            except RenderError:
                continue
            print(f"warning: diagram {name}: Graphviz could not route its edges as curves; drawn with "
                  f"splines={splines}", file=sys.stderr)
            return drawn
        raise


def run_once(engine: list[str], source: str, name: str) -> tuple[bytes, bytes]:
    check_lengths(source, name)
    with tempfile.TemporaryDirectory(prefix="archkit-dot-") as folder:
        svg, png, plain = Path(folder) / "out.svg", Path(folder) / "out.png", Path(folder) / "out.plain"
        png_engine = engine
        if len(source) < PRESIZE_CHARS:
            problems = graphviz(engine, ["-Tsvg", "-o", str(svg), "-Tpng", "-o", str(png)], source, name)
        else:
            problems = graphviz(engine, ["-Tsvg", "-o", str(svg), "-Tplain", "-o", str(plain)], source, name)
            dpi = png_dpi(*plain_size(plain.read_text(errors="replace")), pad_of(source))
            png_engine = [*engine, f"-Gdpi={dpi}"]
            graphviz(png_engine, ["-Tpng", "-o", str(png)], source, name)
        for line in problems.splitlines():
            print(f"warning: diagram {name}: Graphviz: {line}", file=sys.stderr)
        keep_source(name, source, png_engine)
        return svg.read_bytes(), png.read_bytes()


def keep_source(name: str, source: str, engine: list[str]):
    """For the benchmark's Graphviz floor: ARCHKIT_DOT_DIR names a folder that receives every DOT source."""
    folder = os.environ.get("ARCHKIT_DOT_DIR")
    if folder:
        engine_line = "// engine: " + " ".join(engine) + "\n"
        (Path(folder) / f"{name}.dot").write_text(engine_line + source, encoding="utf-8")
