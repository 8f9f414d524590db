#!/usr/bin/env python3
"""Measure `generate.py diff` on two synthetic models (bench/synth.py): time with and without pictures, against a
cold build of one of them, whether reruns give the same bytes, and the pictures' layout stability.

    .venv/bin/python bench/diff.py [--size 200] [--runs 3] [--no-cold]

HEAD is BASE with what a merge request typically does: a new function called by an existing one (a leaf), a
table's key changed (a replacement of a data-holding resource) and a connection removed."""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def head_of(base: Path, head: Path):
    text = (base / "model.yaml").read_text()
    text = text.replace("svc1-table:\n    type: dynamodb-table\n    partition_key:\n      name: pk",
                        "svc1-table:\n    type: dynamodb-table\n    partition_key:\n      name: id", 1)
    text = text.replace("- from: svc2-fn\n  to: traces\n  protocol: X-Ray\n  async: true\n", "", 1)
    head.mkdir()
    (head / "model.yaml").write_text(text)
    (head / "leaf.yaml").write_text("components:\n  audit-fn:\n    type: lambda\n    runtime: python3.12\n"
                                    "connections:\n  - {from: svc0-fn, to: audit-fn, protocol: Lambda invoke, "
                                    "async: true, permissions: [\"lambda:InvokeFunction\"]}\n")


def run(*args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([PYTHON, str(ROOT / "generate.py"), *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold build (the ratio is not measured)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archkit-bench-diff-") as name:
        scratch = Path(name)
        base, head = scratch / "base", scratch / "head"
        subprocess.run([PYTHON, str(ROOT / "bench" / "synth.py"), str(args.size), str(base)], check=True)
        head_of(base, head)
        common = ["diff", "--base", str(base), "--head", str(head), "--format", "none"]
        plain = [run(*common, "--json", str(scratch / f"plain-{k}.json")) for k in range(args.runs)]
        pictures, digests = [], set()
        for k in range(args.runs):
            out = scratch / f"out-{k}"
            pictures.append(run(*common, "--json", str(out / "diff.json"), "--pictures", str(out / "pictures")))
            digests.add(digest(out))
        cold = 0.0 if args.no_cold else run("--model", str(base), "--out", str(scratch / "build"), "--no-cache",
                                            "--quiet")
        report = json.loads((scratch / "out-0" / "diff.json").read_text())
    with_pictures = statistics.median(pictures)
    print(f"| model | diff, no pictures (s) | diff with pictures (s) | cold build (s) | with pictures / cold | "
          f"reruns identical |\n|---|---|---|---|---|---|\n| synthetic-{args.size} | {statistics.median(plain):.2f} | "
          f"{with_pictures:.2f} | {cold:.2f} | {with_pictures / cold if cold else 0:.2f} | {len(digests) == 1} |")
    print(f"\nmedian of {args.runs} runs; summary: {report['summary']}")
    for picture in report["pictures"]:
        print(f"- {picture['name']}: {picture['moved_over_20px']} of {picture['unchanged_nodes']} unchanged nodes "
              f"moved > 20 px (dot alone: {picture['moved_over_20px_by_dot_alone']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
