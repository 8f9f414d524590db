"""Run Graphviz once per diagram for both formats; its errors and warnings become build errors."""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ...errors import RenderError

TIMEOUT_S = 120


def command(engine: list[str], svg: Path, png: Path) -> list[str]:
    return [*engine, "-Tsvg", "-o", str(svg), "-Tpng", "-o", str(png)]


def run_graphviz(engine: list[str], source: str, name: str) -> tuple[bytes, bytes]:
    """Lay out once, write SVG and PNG; (svg bytes, png bytes)."""
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
        if done.returncode != 0 or problems:
            raise RenderError(f"diagram {name}: Graphviz {engine[0]} exit {done.returncode}: "
                              f"{problems or 'no message'}")
        return svg.read_bytes(), png.read_bytes()
