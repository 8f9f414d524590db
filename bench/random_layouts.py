#!/usr/bin/env python3
"""Crossings, arrows and label overlaps of every diagram of random plausible systems (issue 17, point 7).

python bench/random_layouts.py [COUNT] [--start SEED] [--json OUT]: COUNT (default 30) systems from tests/modelgen.plausible_system
(15-120 components, every catalogue type over the set); for each system that loads, the crossing pairs of its
overview (Graphviz's own routes, as the renderer counts them), of its flows and of its pipelines, the arrows that do
not land and the labels that overlap. Prints the distribution (median, max) per kind of view."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from archkit.errors import ModelError, RenderError  # noqa: E402
from archkit.model import load_model  # noqa: E402
from archkit.renderers.graph.producer import dot_source  # noqa: E402
from archkit.renderers.graph.trials import crossings  # noqa: E402
from archkit.views import all_views  # noqa: E402


def kind_of(view: dict) -> str:
    name = view["name"]
    if name == "infrastructure":
        return "overview"
    for prefix, kind in (("flow-", "flow"), ("sequence-", "sequence"), ("pipeline-", "pipeline"),
                         ("component-", "neighbourhood")):
        if name.startswith(prefix):
            return kind
    return name


def measure(model, checks: bool) -> dict:
    import test_diagrams_arrows as arrows
    import test_diagrams_labels as labelled

    found = {"crossings": {}, "misses": 0, "overlaps": 0, "views": 0, "fallbacks": []}
    for view in all_views(model):
        kind = kind_of(view)
        found["views"] += 1
        if view["kind"] == "graph" and kind in ("overview", "flow", "pipeline", "observability"):
            engine, source = dot_source(view)
            try:
                count = crossings(engine, source, view["name"])
            except RenderError:  # Graphviz cannot route it as curves: the build draws it with right angles
                found["fallbacks"].append(view["name"])
                count = crossings([*engine, "-Gsplines=ortho"], source, view["name"])
            found["crossings"].setdefault(kind, []).append(count)
        if checks and view["kind"] == "graph" and view["name"] not in found["fallbacks"]:
            found["misses"] += len(arrows.misses(arrows.laid_out(view)))
            texts = labelled.labels(labelled.layout(view))
            found["overlaps"] += sum(1 for i, (a, box_a) in enumerate(texts) for b, box_b in texts[i + 1:]
                                     if a != b and labelled.overlap(box_a, box_b))
    return found


def main() -> int:
    import modelgen

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=30)
    parser.add_argument("--start", type=int, default=0, help="the first seed (default 0)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-checks", action="store_true", help="only crossings (no arrow and label checks)")
    args = parser.parse_args()
    rows, refused = [], []
    with tempfile.TemporaryDirectory() as scratch:
        seed = args.start
        while len(rows) < args.count and seed < args.start + args.count * 4:
            folder = Path(scratch) / f"s{seed}"
            folder.mkdir()
            (folder / "model.yaml").write_text(yaml.safe_dump(modelgen.plausible_system(seed)), encoding="utf-8")
            try:
                model = load_model(folder)
            except ModelError:
                refused.append(seed)
                seed += 1
                continue
            found = measure(model, not args.no_checks)
            found.update(seed=seed, components=len(model.components), connections=len(model.connections),
                         regions=1 + len({c.region for c in model.components.values() if c.region} - {"us-east-1"}),
                         types=sorted({c.type.name for c in model.components.values()}))
            rows.append(found)
            print(f"seed {seed}: {found['components']} components, overview {found['crossings'].get('overview')}, "
                  f"flows {found['crossings'].get('flow', [])}, pipelines {found['crossings'].get('pipeline', [])}, "
                  f"misses {found['misses']}, overlaps {found['overlaps']}", flush=True)
            seed += 1
    print(f"{len(rows)} systems measured, seeds refused by the checker: {refused}")
    for kind in ("overview", "observability", "flow", "pipeline"):
        values = [v for row in rows for v in row["crossings"].get(kind, [])]
        if values:
            print(f"{kind}: {len(values)} diagrams, crossing pairs median {statistics.median(values)}, "
                  f"max {max(values)}, zero in {sum(1 for v in values if v == 0)}")
    regions = [row["seed"] for row in rows if row.get("regions", 1) > 1]
    print(f"systems with a second Region: {regions}; drawn with right-angle edges (Graphviz could not route "
          f"curves): {[(r['seed'], v) for r in rows for v in r['fallbacks']]}")
    covered = {t for row in rows for t in row["types"]}
    print(f"catalogue types covered: {len(covered)}; arrows not landing: {sum(r['misses'] for r in rows)}; "
          f"label overlaps: {sum(r['overlaps'] for r in rows)}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "refused": refused}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
