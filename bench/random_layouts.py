#!/usr/bin/env python3
"""Crossings, arrows and label overlaps of every diagram of random plausible systems (issue 17, point 7).

python bench/random_layouts.py [COUNT] [--start SEED] [--json OUT] [--no-checks]: COUNT (default 30) systems from
tests/modelgen.plausible_system (15-120 components, every catalogue type over the set) with up to three flows each
(modelgen.with_flows); for each system that loads, the crossing pairs of its overview, observability, flows and
pipelines (Graphviz's own routes, as the renderer counts them), the arrows that do not land and the labels that
overlap (tests/layout_figures.py, which tests/test_random_layouts.py asserts on for seeds 0-29). Prints the
distribution (median, max) per kind of view."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from layout_figures import MEASURED, measured_system  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=30)
    parser.add_argument("--start", type=int, default=0, help="the first seed (default 0)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-checks", action="store_true", help="only crossings (no arrow and label checks)")
    args = parser.parse_args()
    rows, refused = [], []
    seed = args.start
    while len(rows) < args.count and seed < args.start + args.count * 4:
        found = measured_system(seed, not args.no_checks)
        if found is None:
            refused.append(seed)
        else:
            rows.append(found)
            print(f"seed {seed}: {found['components']} components, overview {found['crossings'].get('overview')}, "
                  f"flows {found['crossings'].get('flow', [])}, pipelines {found['crossings'].get('pipeline', [])}, "
                  f"misses {len(found['misses'])}, overlaps {len(found['overlaps'])}", flush=True)
        seed += 1
    print(f"{len(rows)} systems measured, seeds refused by the checker: {refused}")
    for kind in MEASURED:
        values = [v for row in rows for v in row["crossings"].get(kind, [])]
        if values:
            print(f"{kind}: {len(values)} diagrams, crossing pairs median {statistics.median(values)}, "
                  f"max {max(values)}, zero in {sum(1 for v in values if v == 0)}")
    regions = [row["seed"] for row in rows if row.get("regions", 1) > 1]
    print(f"systems with a second Region: {regions}; drawn with right-angle edges (Graphviz could not route "
          f"curves): {[(r['seed'], v) for r in rows for v in r['fallbacks']]}")
    covered = {t for row in rows for t in row["types"]}
    print(f"catalogue types covered: {len(covered)}; arrows not landing: {sum(len(r['misses']) for r in rows)}; "
          f"label overlaps: {sum(len(r['overlaps']) for r in rows)}")
    for row in rows:
        for problem in row["misses"] + row["overlaps"]:
            print(f"  seed {row['seed']}: {problem}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "refused": refused}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
