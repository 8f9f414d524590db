"""Any model, not just ours (issue 17, point 7): 30 random but plausible systems (tests/modelgen: 15-120
components, every catalogue type over the set, connections within the connection semantics, a second Region in
every third, up to three flows each). For every graph view of every one: no label overlap and every arrow lands;
crossing pairs per overview median <= 1 and max <= 6; none in flows and pipelines. bench/random_layouts.py prints
the same figures for any seeds (the distribution is recorded in bench/results.md)."""
from __future__ import annotations

import multiprocessing
import statistics
from concurrent.futures import ProcessPoolExecutor

import pytest

from layout_figures import measured_system

SEEDS = range(30)
SMALLEST, LARGEST = 15, 120


@pytest.fixture(scope="module")
def systems() -> list[dict]:
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(measured_system, SEEDS))


def test_every_random_system_loads_and_the_set_spans_the_catalogue(systems):
    from archkit.model.catalogue import load_catalogue

    assert all(row is not None for row in systems), [s for s, row in zip(SEEDS, systems) if row is None]
    sizes = [row["components"] for row in systems]
    assert SMALLEST <= min(sizes) and max(sizes) <= LARGEST and max(sizes) - min(sizes) > 60
    covered = {t for row in systems for t in row["types"]}
    assert covered == set(load_catalogue().types)
    assert sum(1 for row in systems if row["regions"] > 1) >= 5
    assert sum(1 for row in systems if row["flows"]) >= 15


def test_every_arrow_lands_in_every_view(systems):
    assert [miss for row in systems for miss in row["misses"]] == []


def test_no_label_overlaps_another_in_any_view(systems):
    assert [pair for row in systems for pair in row["overlaps"]] == []


def test_overview_crossings_median_at_most_one_and_max_six(systems):
    overviews = {row["seed"]: row["crossings"]["overview"][0] for row in systems}
    assert statistics.median(overviews.values()) <= 1, overviews
    assert max(overviews.values()) <= 6, overviews


def test_flows_and_pipelines_have_no_crossings(systems):
    crossed = {(row["seed"], kind): pairs for row in systems for kind in ("flow", "pipeline")
               for pairs in row["crossings"].get(kind, []) if pairs}
    assert crossed == {}
    assert sum(len(row["crossings"].get("flow", [])) for row in systems) >= 20
    assert sum(len(row["crossings"].get("pipeline", [])) for row in systems) >= 20
