#!/usr/bin/env python3
"""archkit's cold build plus site build against LikeC4's `likec4 build` of the same system (issue 16 point 8),
measured interleaved in one run. Not part of the test suite: it needs npm and the npm registry.

    .venv/bin/python bench/likec4.py [--runs 5] [--cache DIR] [--model model]

1. LikeC4 (npm `likec4`, pinned to VERSION) is installed with `npm install` into a cache folder (default
   /tmp/archkit-bench-likec4/VERSION, kept between runs; never globally).
2. The LikeC4 model of the archkit model is written by bench/likec4_model.py into a scratch folder and checked
   with `likec4 validate`.
3. Per run, alternating (which side goes first alternates too):
   (a) archkit: a fresh copy of the project's sources (archkit/, the model, the hand-written pages of docs/,
       mkdocs.yml, generate.py; none of the generated outputs), then `generate.py --no-cache` and
       `mkdocs build --strict` in it (what `archkit build` runs; the hook's incremental build finds nothing to do);
   (b) LikeC4: `likec4 build -o OUT` of the LikeC4 model into a fresh output folder.
   Each side's time is spawn to exit of its commands; its peak memory the largest process's.
Reports each side's median, and the median of the per-run ratios archkit / LikeC4 (goal: <= 0.6).

As in bench/run.py, the copy's modules are compiled to bytecode before measuring (where PYTHONDONTWRITEBYTECODE
is set every run would otherwise compile them again, which no architect's second run pays).
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VERSION = "1.59.4"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# A fresh wrapper process per command, so that RUSAGE_CHILDREN's peak is this command's (as in bench/run.py).
MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
           "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
           "t = time.perf_counter() - t; sys.stderr.write(r.stderr.decode(errors='replace')[-3000:]); "
           "print('\\n', t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
           "sys.exit(r.returncode)")


def timed(command: list[str], cwd: Path, env=None) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, largest descendant) of one command."""
    result = subprocess.run([PYTHON, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-3000:]}")
    seconds, peak = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(peak)


def install_likec4(cache: Path) -> Path:
    """npm install likec4@VERSION into cache (once); the path of its `likec4` command."""
    binary = cache / "node_modules" / ".bin" / "likec4"
    if binary.exists() and installed_version(cache) == VERSION:
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not installed: the LikeC4 comparison needs Node.js and npm (skipped)")
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "package.json").write_text(json.dumps({"name": "archkit-bench-likec4", "private": True}) + "\n")
    try:
        result = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error",
                                 "--fetch-timeout=30000", "--fetch-retries=1", f"likec4@{VERSION}"],
                                cwd=cache, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise SystemExit("npm install likec4 timed out: is the npm registry reachable? (comparison skipped)")
    if result.returncode != 0 or not binary.exists():
        raise SystemExit(f"npm install likec4@{VERSION} failed (is the npm registry reachable?); comparison "
                         f"skipped:\n{result.stderr[-2000:]}")
    return binary


def installed_version(cache: Path) -> str | None:
    try:
        return json.loads((cache / "node_modules" / "likec4" / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def likec4_workspace(model: Path, scratch: Path, binary: Path) -> Path:
    workspace = scratch / "likec4-model"
    workspace.mkdir()
    subprocess.run([PYTHON, str(ROOT / "bench" / "likec4_model.py"), str(model), str(workspace / "model.c4")],
                   check=True)
    check = subprocess.run([str(binary), "validate", "."], cwd=workspace, capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"likec4 validate refused the LikeC4 model:\n{(check.stdout + check.stderr)[-3000:]}")
    return workspace


def generated(root: Path) -> set[str]:
    """The project's generated files, as its manifest records them (not copied: the build writes them)."""
    manifest = json.loads((root / ".archkit" / "manifest.json").read_text())
    return set(manifest["files"])


def fresh_project(dest: Path, model: Path) -> Path:
    """The sources of the project, no generated output, no cache, no build journal."""
    skip = generated(ROOT)
    dest.mkdir()
    shutil.copytree(ROOT / "archkit", dest / "archkit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(model, dest / "model")
    for name in ("mkdocs.yml", "generate.py"):
        shutil.copy2(ROOT / name, dest / name)
    docs = ROOT / "docs"
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(ROOT)
        target = dest / relative
        if path.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(path), target)
        elif path.is_file() and relative.as_posix() not in skip and not any(p.is_symlink() for p in path.parents):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    compileall.compile_dir(dest / "archkit", quiet=1, workers=0)
    return dest


PARTS: dict[str, list[float]] = {"generate": [], "site": []}  # archkit's two commands, per run


def ours_once(project: Path) -> tuple[float, int]:
    env = {**ENV, "PYTHONPATH": str(project)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # use the bytecode compiled above (written once, not measured)
    first, peak1 = timed([PYTHON, "generate.py", "--no-cache", "--quiet", "--fail-on", "never"], project, env)
    second, peak2 = timed([PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet"], project, env)
    if not (project / "site" / "index.html").is_file():
        raise SystemExit(f"no site in {project / 'site'}")
    PARTS["generate"].append(first)
    PARTS["site"].append(second)
    return first + second, max(peak1, peak2)


def likec4_once(binary: Path, workspace: Path, out: Path) -> tuple[float, int]:
    seconds, peak = timed([str(binary), "build", "-o", str(out), "."], workspace, ENV)
    if not (out / "index.html").is_file():
        raise SystemExit(f"likec4 build wrote no {out / 'index.html'}")
    return seconds, peak


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--model", type=Path, default=ROOT / "model")
    p.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "archkit-bench-likec4" / VERSION,
                   help="where npm installs likec4 (kept between runs)")
    args = p.parse_args()
    binary = install_likec4(args.cache)
    ours, theirs, ratios, peaks = [], [], [], {"archkit": 0, "likec4": 0}
    with tempfile.TemporaryDirectory(prefix="archkit-likec4-") as scratch_name:
        scratch = Path(scratch_name)
        workspace = likec4_workspace(args.model.resolve(), scratch, binary)
        likec4_once(binary, workspace, scratch / "warm-up")  # the first run reads node_modules from disk
        for run in range(args.runs):
            project = fresh_project(scratch / f"project-{run}", args.model.resolve())
            out = scratch / f"likec4-out-{run}"
            sides = [("archkit", lambda: ours_once(project)), ("likec4", lambda: likec4_once(binary, workspace, out))]
            if run % 2:
                sides.reverse()
            times = {}
            for name, measure in sides:
                times[name], peak = measure()
                peaks[name] = max(peaks[name], peak)
            ours.append(times["archkit"])
            theirs.append(times["likec4"])
            ratios.append(times["archkit"] / times["likec4"])
            print(f"run {run + 1}: archkit {times['archkit']:.2f} s (generate {PARTS['generate'][-1]:.2f} s, site "
                  f"{PARTS['site'][-1]:.2f} s), likec4 {times['likec4']:.2f} s, "
                  f"ratio {ratios[-1]:.2f}", flush=True)
            shutil.rmtree(project)
            shutil.rmtree(out)
    print(f"archkit cold build + site build: median {statistics.median(ours):.2f} s "
          f"(min {min(ours):.2f}, max {max(ours):.2f}), peak {peaks['archkit'] / 1024:.0f} MiB")
    print(f"  of which generate.py --no-cache: median {statistics.median(PARTS['generate']):.2f} s, "
          f"mkdocs build: median {statistics.median(PARTS['site']):.2f} s")
    print(f"likec4 {VERSION} build: median {statistics.median(theirs):.2f} s "
          f"(min {min(theirs):.2f}, max {max(theirs):.2f}), peak {peaks['likec4'] / 1024:.0f} MiB")
    print(f"ratio archkit / likec4 (median of {args.runs} per-run ratios): {statistics.median(ratios):.2f} "
          f"(goal <= 0.6)")


if __name__ == "__main__":
    main()
