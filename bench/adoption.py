#!/usr/bin/env python3
"""Speed of adoption (issue 19 point 5): import of a synthetic system of about 500 resources, and drift of the
default model against its own templates. Median of --runs, whole command (process start to exit).

    .venv/bin/python bench/adoption.py [--runs 5] [--size 230]

bench/synth.py's model of --size components generates about 2.2 resources per component (230 -> ~500).
Targets: import <= 5 s; drift on the default model <= 1 s.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_seconds(command: list[str], runs: int, ok=(0,)) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if result.returncode not in ok:
            raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return statistics.median(times)


def main() -> int:
    args = argparse.ArgumentParser()
    args.add_argument("--runs", type=int, default=5)
    args.add_argument("--size", type=int, default=230)
    opts = args.parse_args()
    # as bench/run.py: compiled bytecode, as any second run of Python has it (PYTHONDONTWRITEBYTECODE aside)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "archkit")], check=True)
    from archkit.drift import generated_templates
    from archkit.model import load_model

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        subprocess.run([sys.executable, str(ROOT / "bench/synth.py"), str(opts.size), str(scratch / "synth")],
                       check=True)
        (scratch / "t").mkdir()
        paths = generated_templates(load_model(scratch / "synth"), scratch / "t")
        resources = sum(p.read_text().count("\n    Type: AWS::") for p in paths)
        (scratch / "d").mkdir()
        deployed = generated_templates(load_model(ROOT / "model"), scratch / "d")
        gen = [sys.executable, str(ROOT / "generate.py")]
        imp = median_seconds(gen + ["import", *map(str, paths), "--out", str(scratch / "m"), "--force"], opts.runs)
        drift = median_seconds(gen + ["drift", "--against", *map(str, deployed)], opts.runs)
    print("| measure | median (s) | target (s) |\n| --- | --- | --- |")
    print(f"| import of {resources} resources in {len(paths)} templates | {imp:.2f} | 5 |")
    print(f"| drift of the default model against its {len(deployed)} templates | {drift:.2f} | 1 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
