#!/usr/bin/env python3
"""Benchmark the build against the Graphviz floor; prints a table and writes it to bench/results.md and the
tool documentation's Performance page (tool-docs/performance.md, between the BENCH markers).

    .venv/bin/python bench/run.py [--runs 5] [--sizes 50,200,500] [--merge] [--no-default]

For the default model and synthetic models of each size (bench/synth.py), in a scratch output folder:
cold full build (--no-cache into an empty folder), no-op rebuild, one-component edit, peak memory (largest
process), and the Graphviz floor: `dot` run sequentially on exactly the DOT sources the build produced
(ARCHKIT_DOT_DIR makes the renderer keep them), once per format the build writes.

Before measuring, archkit's modules are compiled to bytecode (`compileall`), as Python's first import does on a
normal machine; where PYTHONDONTWRITEBYTECODE is set (CI images, this sandbox) every run would otherwise compile
~130 modules again, ~65 ms that no architect's second run pays.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FORMATS = ("svg", "png")
# A fresh wrapper process per run, so that RUSAGE_CHILDREN's peak is this run's; it times only the command
# (spawn to exit), not its own start-up.
MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:]); "
           "t = time.perf_counter() - t; "
           "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")


def timed(command: list[str], env=None) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, largest descendant) of one run."""
    result = subprocess.run([PYTHON, "-c", MEASURE, *command], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    seconds, peak = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(peak)


def generate(model: Path, out: Path, *extra: str, env=None) -> tuple[float, int]:
    return timed([PYTHON, str(ROOT / "generate.py"), "--model", str(model), "--out", str(out), "--quiet",
                  "--fail-on", "never", *extra],  # measures the build; the rules gate models, not timings
                 env=env)


def toggle_edit(model: Path, counter: int):
    """Change one Lambda function's memory in place (same line count, so no other element moves)."""
    for path in sorted(model.glob("*.yaml")):
        text = path.read_text()
        match = re.search(r"^(\s+)type: lambda\n", text, re.M)
        if not match:
            continue
        memory = re.compile(r"^(\s+memory: )\d+", re.M)
        found = memory.search(text, match.end())
        if found:
            new = f"{found.group(1)}{256 + 64 * (counter % 2 + 1)}"
            path.write_text(text[: found.start()] + new + text[found.end():])
            return
    raise SystemExit(f"no lambda with a memory: line in {model}")


def floor_once(dot_dir: Path) -> float:
    """`dot` run sequentially on every DOT source the build kept, once per format."""
    started = time.perf_counter()
    for source in sorted(dot_dir.glob("*.dot")):
        engine = source.read_text().splitlines()[0].removeprefix("// engine: ").split()
        for fmt in FORMATS:
            subprocess.run([*engine, f"-T{fmt}", str(source), "-o", os.devnull], check=True)
    return time.perf_counter() - started


def measure(name: str, model_src: Path, runs: int, scratch: Path) -> dict:
    """Each run measures a cold build, the floor on its DOT, three no-ops and an edit back to back, so that a
    drift in the machine's speed (a shared VM's) hits both sides of every ratio; ratios are medians per run."""
    model = scratch / f"{name}-model"
    shutil.copytree(model_src, model) if model_src.is_dir() else None
    out = scratch / f"{name}-out"
    dot_dir = scratch / f"{name}-dot"
    cold, floors, noop, edit, ratios, peak = [], [], [], [], {"floor": [], "noop": [], "edit": []}, 0
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(dot_dir, ignore_errors=True)
        dot_dir.mkdir()
        seconds, rss = generate(model, out, "--no-cache", env={**os.environ, "ARCHKIT_DOT_DIR": str(dot_dir)})
        cold.append(seconds)
        peak = max(peak, rss)
        floors.append(floor_once(dot_dir))
        os.sync()  # let the cold build's writes reach the disk first, or the kernel's write-back lands in the no-op
        noops = [generate(model, out)[0] for _ in range(3)]  # cheap and short, so noisier: more samples
        noop += noops
        toggle_edit(model, run)
        edit.append(generate(model, out)[0])
        ratios["floor"].append(seconds / floors[-1])
        ratios["noop"].append(statistics.median(noops) / seconds)
        ratios["edit"].append(edit[-1] / seconds)
    components = subprocess.run([PYTHON, str(ROOT / "generate.py"), "--model", str(model), "--validate"],
                                capture_output=True, text=True).stdout.split()[2]
    return {"model": name, "components": int(components), "runs": runs, "dot_files": len(list(dot_dir.glob("*.dot"))),
            "cold": statistics.median(cold), "noop": statistics.median(noop), "edit": statistics.median(edit),
            "peak_mib": peak / 1024, "floor": statistics.median(floors),
            **{f"{key}_ratio": statistics.median(values) for key, values in ratios.items()}}


COLUMNS = ("model", "components", "runs", "dot_files", "cold", "floor", "floor_ratio", "noop", "noop_ratio", "edit",
           "edit_ratio", "peak_mib")
HEADINGS = ("model", "components", "runs", "DOT files", "cold build (s)", "Graphviz floor (s)", "cold / floor",
            "no-op (s)", "no-op / cold", "one edit (s)", "edit / cold", "peak memory (MiB)")
FORMAT = {"cold": ".2f", "floor": ".2f", "floor_ratio": ".2f", "noop": ".3f", "noop_ratio": ".3f", "edit": ".2f",
          "edit_ratio": ".2f", "peak_mib": ".0f"}


def row_line(row: dict) -> str:
    return "| " + " | ".join((row[key] if isinstance(row[key], str) else format(row[key], FORMAT.get(key, ""))) for key in COLUMNS) + " |"


def earlier_rows(text: str) -> list[dict]:
    """The rows of a results table this script wrote (values as text, formatted already)."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == len(COLUMNS) - 1:  # a table from before the runs column: those were 5 runs each
            cells.insert(COLUMNS.index("runs"), "5")
        if len(cells) == len(COLUMNS) and cells[0] not in ("model", "---") and not cells[0].startswith("---"):
            rows.append(dict(zip(COLUMNS, cells)))
    return rows


def size_key(row: dict) -> tuple[int, int]:
    return (0 if row["model"] == "default" else 1, int(row["components"]))


def table(rows: list[dict], merged_from: str = "") -> str:
    measured = {r["model"] for r in rows}
    kept = [r for r in earlier_rows(merged_from) if r["model"] not in measured]
    head = "| " + " | ".join(HEADINGS) + " |\n" + "|---" * len(HEADINGS) + "|\n"
    lines = [row_line(r) for r in sorted(rows + kept, key=size_key)]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, " + \
        subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    return (head + "\n".join(lines) + f"\n\nMedians of each row's runs (three no-ops per run) on {machine}; each ratio "
            f"is the median of the runs' own ratios (both sides measured back to back). Reproduce with "
            f"`.venv/bin/python bench/run.py --runs 5` (sizes 50, 200, 500), and the large rows with "
            f"`.venv/bin/python bench/run.py --runs 1 --sizes 1000,2000 --merge` (rows measured in another run "
            f"are kept; compare ratios within a row, not seconds across rows).\n")


def publish(text: str):
    (ROOT / "bench" / "results.md").write_text("# Benchmark results\n\n" + text)
    page = ROOT / "tool-docs" / "performance.md"
    if page.exists():
        current = page.read_text()
        updated = re.sub(r"(<!-- BENCH:START -->\n).*?(<!-- BENCH:END -->)", lambda m: m.group(1) + text + m.group(2),
                         current, flags=re.S)
        page.write_text(updated)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="50,200,500")
    parser.add_argument("--merge", action="store_true", help="keep the rows of bench/results.md not measured now")
    parser.add_argument("--no-default", action="store_true", help="measure only the synthetic sizes")
    args = parser.parse_args()
    rows = []
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "archkit")], check=True)
    with tempfile.TemporaryDirectory(prefix="archkit-bench-") as scratch_name:
        scratch = Path(scratch_name)
        models = [] if args.no_default else [("default", ROOT / "model")]
        for size in (int(s) for s in args.sizes.split(",") if s):
            folder = scratch / f"synth-{size}-src"
            subprocess.run([PYTHON, str(ROOT / "bench" / "synth.py"), str(size), str(folder)], check=True)
            models.append((f"synthetic-{size}", folder))
        for name, source in models:
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            rows.append(measure(name, source, args.runs, scratch))
    results = ROOT / "bench" / "results.md"
    text = table(rows, results.read_text() if args.merge and results.exists() else "")
    print(text)
    publish(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
