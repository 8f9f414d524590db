#!/usr/bin/env python3
"""Live preview and site-build timings, measured with a browser (a separate script from run.py: it starts
`mkdocs serve` and Chromium, so it is run on its own).

    .venv/bin/python bench/preview.py [--edits 5] [--dirty] [--site-builds 3]

Preview: a copy of the project (archkit, model, docs, mkdocs.yml) in a scratch folder, `mkdocs serve` on
127.0.0.1, Chromium (playwright) on a component page; then, per edit, a component's description is changed in its
model file and the time from saving the file to the page showing the new text (the live-reload script reloads it)
is measured. Also reports how many site builds each edit caused (the serve log's "Building documentation" lines).
Site builds: `mkdocs build` of the default site against a bare Material build of the same pages (the generated
Markdown, the same theme and extensions, no hook and no plugins but search), interleaved.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
COPIED = ["archkit", "model", "docs", "mkdocs.yml", "generate.py", ".archkit", "diagrams", "cloudformation"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def copy_project(dest: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    subprocess.run([sys.executable, "generate.py", "--quiet", "--fail-on", "never"], cwd=dest, check=True,
                   env={**ENV, "PYTHONPATH": str(dest)})
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def component_to_edit(project: Path) -> tuple[Path, str]:
    for path in sorted((project / "model").glob("*.yaml")):
        data = yaml.safe_load(path.read_text()) or {}
        for cid, comp in (data.get("components") or {}).items():
            if isinstance(comp, dict) and comp.get("description") and "\n" not in comp["description"]:
                return path, cid
    raise SystemExit("no component with a one-line description to edit")


def preview(project: Path, edits: int, dirty: bool) -> tuple[list[float], list[int]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = open(project / "serve.log", "w+")
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    server = subprocess.Popen(command, cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              env={**ENV, "PYTHONPATH": str(project)})
    path, cid = component_to_edit(project)
    times, builds = [], []
    try:
        wait_for(lambda: "Serving on" in read(log), 120)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/architecture/components/{cid}.html")
            for i in range(edits):
                marker = f"Edited {i} {time.time_ns()}"
                before = read(log).count("Building documentation")
                text = path.read_text()
                new = re.sub(rf"(?m)^(  {re.escape(cid)}:\n(?:    .*\n)*?    description: )(.*)$",
                             lambda m: m[1] + marker, text, count=1)
                started = time.perf_counter()
                path.write_text(new)
                page.wait_for_function(f"document.body && document.body.innerText.includes({marker!r})",
                                       timeout=120_000)
                times.append(time.perf_counter() - started)
                time.sleep(3)  # let a second build (if any) start and finish before counting
                builds.append(read(log).count("Building documentation") - before)
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    return times, builds


def read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.1)


def bare_config(project: Path) -> Path:
    """The same pages, theme and extensions; no hook, no archkit, only the search plugin."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    for key in ("hooks", "watch", "extra"):
        config.pop(key, None)
    config["plugins"] = ["search"]
    path = project / "mkdocs-bare.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def site_builds(project: Path, runs: int) -> tuple[list[float], list[float]]:
    ours, bare = [], []
    bare_file = bare_config(project)
    for _ in range(runs):
        for config, out in (("mkdocs.yml", ours), (str(bare_file), bare)):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config, "-d",
                            str(project / "site-bench")], cwd=project, check=True,
                           env={**ENV, "PYTHONPATH": str(project)})
            out.append(time.perf_counter() - started)
    return ours, bare


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--edits", type=int, default=5)
    p.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty (what archkit serve runs)")
    p.add_argument("--site-builds", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="archkit-preview-") as scratch:
        project = copy_project(Path(scratch))
        if args.site_builds:
            ours, bare = site_builds(project, args.site_builds)
            print(f"site build: archkit {statistics.median(ours):.2f} s, bare Material {statistics.median(bare):.2f} s "
                  f"(median of {args.site_builds}, interleaved): {statistics.median(ours) / statistics.median(bare):.2f}x")
        if args.edits:
            times, builds = preview(project, args.edits, args.dirty)
            print(f"preview ({'dirty' if args.dirty else 'clean'}): save -> reloaded page median "
                  f"{statistics.median(times):.2f} s, max {max(times):.2f} s over {len(times)} edits; "
                  f"site builds per edit: {builds}")


if __name__ == "__main__":
    main()
