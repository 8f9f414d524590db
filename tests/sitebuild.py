"""Build the site in a temporary copy of the project, for the site tests.

Diagrams come from the diagrams producer when it is registered; otherwise, only when asked (placeholders=True),
this writes placeholder SVG/PNG files into the temporary copy: each SVG holds one linked box per component, as the
contract for real diagrams says, so links and clicks can be tested before the two streams are merged.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from html import escape
from pathlib import Path

from archkit import paths
from archkit.build.producers import PRODUCERS
from archkit.model import load_model
from archkit.site.pages import diagram_names

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["archkit", "model", "docs", "mkdocs.yml", "generate.py", ".archkit"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def diagrams_registered() -> bool:
    return any(entry.startswith("archkit.renderers.graph.") for entry in PRODUCERS)


def copy_project(dest: Path, model: Path | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    if model is not None:
        shutil.rmtree(dest / "model")
        shutil.copytree(model, dest / "model") if model.is_dir() else (
            (dest / "model").mkdir(), shutil.copy2(model, dest / "model" / model.name))
    return dest


def placeholder_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) \
        + chunk(b"IEND", b"")


def placeholder_svg(name: str, components: dict) -> bytes:
    boxes = []
    for i, (cid, comp) in enumerate(components.items()):
        x, y = 10 + (i % 6) * 160, 40 + (i // 6) * 50
        href = paths.site_link(paths.diagram(name, "svg"), paths.component_page(cid))
        boxes.append(f'<a xlink:href="{escape(href)}" target="_top"><g class="node" id="node-{cid}">'
                     f'<rect x="{x}" y="{y}" width="150" height="40" fill="#eef" stroke="#336"/>'
                     f'<text x="{x + 75}" y="{y + 25}" text-anchor="middle" font-size="11">{escape(comp.name[:24])}'
                     f'</text></g></a>')
    height = 60 + ((len(components) + 5) // 6) * 50
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" width="980" height="{height}" viewBox="0 0 980 {height}">'
            f'<text x="10" y="24" font-size="14">placeholder: {escape(name)}</text>{"".join(boxes)}</svg>\n').encode()


def write_placeholders(project: Path):
    model = load_model(project / "model")
    for name in diagram_names(model):
        target = project / paths.diagram(name, "svg")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(placeholder_svg(name, model.components))
        (project / paths.diagram(name, "png")).write_bytes(placeholder_png())


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def build_site(project: Path, placeholders: bool) -> subprocess.CompletedProcess:
    """generate.py then `mkdocs build --strict` in project; returns the mkdocs run."""
    generated = subprocess.run([sys.executable, "generate.py", "--quiet"], cwd=project, capture_output=True,
                               text=True, env={**env(), "PYTHONPATH": str(project)}, timeout=600)
    assert generated.returncode == 0, generated.stderr
    if placeholders and not diagrams_registered():
        write_placeholders(project)
    return subprocess.run([*MKDOCS, "build", "--strict"], cwd=project, capture_output=True, text=True,
                          env={**env(), "PYTHONPATH": str(project)}, timeout=600)
