"""Layout figures of a model's diagrams (issue 17, point 7), shared by tests/test_random_layouts.py and
bench/random_layouts.py: per kind of view the crossing pairs (Graphviz's own routes, as the renderer counts them),
the arrows that do not land and the labels that overlap, over every graph view."""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import yaml

import modelgen
import test_diagrams_arrows as arrows
import test_diagrams_labels as labelled
from archkit.errors import ModelError, RenderError
from archkit.model import load_model
from archkit.renderers.graph.producer import dot_source
from archkit.renderers.graph.trials import crossings
from archkit.views import all_views
from archkit.views.contract import View

MEASURED = ("overview", "flow", "pipeline", "observability")  # the kinds whose crossings are counted


def kind_of(view: View) -> str:
    name = view.name
    if name == "infrastructure":
        return "overview"
    for prefix, kind in (("flow-", "flow"), ("sequence-", "sequence"), ("pipeline-", "pipeline"),
                         ("component-", "neighbourhood")):
        if name.startswith(prefix):
            return kind
    return name


def layout_json(engine: list[str], source: str) -> dict:
    return json.loads(subprocess.run([*engine, "-Tjson"], input=source.encode(), capture_output=True,
                                     check=True).stdout)


def overlaps(drawn: dict) -> list[tuple[str, str]]:
    texts = labelled.labels(drawn)
    return [(a, b) for i, (a, box_a) in enumerate(texts) for b, box_b in texts[i + 1:]
            if a != b and labelled.overlap(box_a, box_b)]


def measure(model, checks: bool = True) -> dict:
    """{"crossings": {kind: [pairs per diagram]}, "misses": [...], "overlaps": [...], "views": n, "fallbacks": [...]}"""
    found = {"crossings": {}, "misses": [], "overlaps": [], "views": 0, "fallbacks": []}
    for view in all_views(model):
        found["views"] += 1
        if view.kind != "graph":
            continue
        kind = kind_of(view)
        engine, source = dot_source(view)
        if kind in MEASURED:
            try:
                count = crossings(engine, source, view.name)
            except RenderError:  # Graphviz cannot route it as curves: the build draws it with right angles
                found["fallbacks"].append(view.name)
                count = crossings([*engine, "-Gsplines=ortho"], source, view.name)
            found["crossings"].setdefault(kind, []).append(count)
        if checks and view.name not in found["fallbacks"]:
            drawn = layout_json(engine, source)
            found["misses"] += [f"{view.name}: {miss}" for miss in arrows.misses(drawn)]
            found["overlaps"] += [f"{view.name}: {a} / {b}" for a, b in overlaps(drawn)]
    return found


def random_system(seed: int) -> dict:
    """modelgen's plausible system of this seed, with flows."""
    return modelgen.with_flows(modelgen.plausible_system(seed), seed)


def measured_system(seed: int, checks: bool = True) -> dict | None:
    """The figures of the random system of this seed; None when the model checker refuses it."""
    with tempfile.TemporaryDirectory(prefix="archkit-layouts-") as scratch:
        (Path(scratch) / "model.yaml").write_text(yaml.safe_dump(random_system(seed)), encoding="utf-8")
        try:
            model = load_model(Path(scratch))
        except ModelError:
            return None
    found = measure(model, checks)
    found.update(seed=seed, components=len(model.components), connections=len(model.connections),
                 flows=len(model.flows),
                 regions=1 + len({c.region for c in model.components.values() if c.region} - {"us-east-1"}),
                 types=sorted({c.type.name for c in model.components.values()}))
    return found
