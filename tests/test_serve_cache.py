"""Issue 16, point 4: `mkdocs serve` reuses, for a page that did not change, its Markdown conversion, its HTML in
the theme and its search index entries (archkit/site/render_cache.py). A rebuild with those caches writes the same
site as a fresh build of the edited project: the edited page, the other pages' navigation (a changed title), and
the whole search index. Each build runs in a process of its own (the caches patch MkDocs and Material)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = r"""
import pathlib, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, mode, edit_title = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "title"
if mode == "cached":
    from archkit.site import render_cache
    render_cache.install()
def run():
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
def edit():
    title = "Renamed page" if edit_title else "B page"
    (project / "docs" / "b.md").write_text(f"# {title}\n\nEdited text about <b>bold</b> things.\n\n## Part\n\nMore.\n")
if mode == "cached":
    run()
    edit()
    run()
else:
    edit()
    run()
"""

PAGES = {"index.md": "# Home\n\nWelcome.\n", "a.md": "# A page\n\nAlpha text.\n\n## Section\n\nSome more.\n",
         "b.md": "# B page\n\nBeta text.\n\n## Part\n\nMore.\n", "c/d.md": "# D page\n\nDelta.\n"}


def project(folder: Path) -> Path:
    for name, text in PAGES.items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text)
    (folder / "mkdocs.yml").write_text("site_name: Probe\ntheme: {name: material}\nplugins: [search]\n")
    return folder


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and not p.name.endswith(".gz")}  # the gzip header holds a time


@pytest.mark.parametrize("edit", ["text", "title"])
def test_a_cached_rebuild_writes_what_a_fresh_build_writes(tmp_path, edit):
    sites = {}
    for mode in ("cached", "fresh"):
        folder = project(tmp_path / mode)
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(folder), mode, edit], capture_output=True,
                              text=True, cwd=ROOT, timeout=300,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr
        sites[mode] = site_files(folder / "site")
    assert sites["cached"].keys() == sites["fresh"].keys()
    differing = [path for path in sites["fresh"] if sites["cached"][path] != sites["fresh"][path]]
    assert differing == []
    index = sites["fresh"]["search/search_index.json"].decode()
    assert "Edited text" in index and "Alpha text" in index and "Delta" in index
    if edit == "title":
        assert "Renamed page" in sites["cached"]["a/index.html"].decode()  # another page's navigation
