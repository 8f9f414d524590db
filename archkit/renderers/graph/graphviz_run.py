"""Run Graphviz once per diagram for both formats; its errors become build errors, its warnings are printed."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ...errors import RenderError
from .text import check_lengths

TIMEOUT_S = 120


def command(engine: list[str], svg: Path, png: Path) -> list[str]:
    return [*engine, "-Tsvg", "-o", str(svg), "-Tpng", "-o", str(png)]


def run_graphviz(engine: list[str], source: str, name: str) -> tuple[bytes, bytes]:
    """Lay out once, write SVG and PNG; (svg bytes, png bytes)."""
    check_lengths(source, name)
    with tempfile.TemporaryDirectory(prefix="archkit-dot-") as folder:
        svg, png = Path(folder) / "out.svg", Path(folder) / "out.png"
        try:
            done = subprocess.run(command(engine, svg, png), input=source.encode(), capture_output=True,
                                  timeout=TIMEOUT_S)
        except FileNotFoundError as exc:
            raise RenderError(f"diagram {name}: Graphviz '{engine[0]}' is not installed (scripts/setup.sh "
                              f"installs it)") from exc
        except subprocess.TimeoutExpired as exc:
            raise RenderError(f"diagram {name}: Graphviz took longer than {TIMEOUT_S} s") from exc
        problems = done.stderr.decode(errors="replace").strip()
        if done.returncode != 0 or "Error" in problems:
            raise RenderError(f"diagram {name}: Graphviz {engine[0]} exit {done.returncode}: "
                              f"{problems or 'no message'}")
        for line in problems.splitlines():
            print(f"warning: diagram {name}: Graphviz: {line}", file=sys.stderr)
        keep_source(name, source, engine)
        return svg.read_bytes(), png.read_bytes()


def keep_source(name: str, source: str, engine: list[str]):
    """For the benchmark's Graphviz floor: ARCHKIT_DOT_DIR names a folder that receives every DOT source."""
    folder = os.environ.get("ARCHKIT_DOT_DIR")
    if folder:
        engine_line = "// engine: " + " ".join(engine) + "\n"
        (Path(folder) / f"{name}.dot").write_text(engine_line + source, encoding="utf-8")
