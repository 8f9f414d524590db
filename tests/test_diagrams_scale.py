"""The infrastructure overview of a big model (the benchmark's synthetic 200-component model: 37 functions, each
with its own table): layers of dozens of components as level grids, each function on the row of its table."""
from __future__ import annotations

import subprocess
import sys

import pytest

from archkit.model import load_model
from archkit.views.infrastructure import infrastructure_view, model_edges
from archkit.layout.rows import nested_order, pair_rows
from layoutkit import plain_layout
from conftest import ROOT

LEVEL = 0.05  # inches: two nodes on one row


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth200")
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "200", str(folder)], check=True,
                   capture_output=True)
    model = load_model(folder)
    view = infrastructure_view(model)
    nodes, edges = plain_layout(view)
    return model, view, nodes, [points for _, _, points in edges]


def grid_links(model, view) -> list[tuple[str, str]]:
    stacked = {m for stack in view.hints.stacks for m in stack}
    return [(c.source, c.target) for c in model.connections if c.source in stacked and c.target in stacked]


def test_every_component_is_drawn(big):
    model, view, nodes, _ = big
    assert set(model.components) | set(model.actors) <= set(nodes)
    assert {n.id for n in view.nodes} == set(model.components) | set(model.actors)


def test_each_function_sits_on_the_row_of_its_table(big):
    model, view, nodes, _ = big
    links = grid_links(model, view)
    assert len(links) >= 30  # the functions and tables are grids, and the edges between them are found
    for source, target in links:
        assert abs(nodes[source][1] - nodes[target][1]) < LEVEL, (source, target)
        assert nodes[source][0] < nodes[target][0], (source, target)


def test_grid_columns_read_top_to_bottom_in_model_order(big):
    _, view, nodes, _ = big
    assert len(view.hints.stacks) >= 4
    for stack in view.hints.stacks:
        heights = [nodes[m][1] for m in stack]
        assert heights == sorted(heights, reverse=True), stack


def test_rows_of_a_grid_are_level(big):
    _, view, nodes, _ = big
    stacked = {m for stack in view.hints.stacks for m in stack}
    pairs = [(left, right) for left, right in view.hints.align if left in stacked and right in stacked]
    assert len(pairs) >= 50
    for left, right in pairs:
        assert abs(nodes[left][1] - nodes[right][1]) < LEVEL, (left, right)


def test_edges_into_and_between_grids_are_drawn_once_and_keep_every_link(big):
    """The API calls 37 functions and each function writes its table: one edge from the API to the Compute box and
    one from the Compute box to the Data box, whose tooltips name every link; no edge arcs over the picture."""
    model, view, nodes, edges = big
    stacked = {m for stack in view.hints.stacks for m in stack}
    into_grids = [e for e in view.edges if e.target in stacked or e.source in stacked]
    assert len(into_grids) <= 4
    tooltips = "\n".join(e.tooltip for e in view.edges)
    for raw in model_edges(model):
        if raw.source in stacked and raw.target in stacked:
            assert raw.tooltip in tooltips, raw
    top = max(y + h / 2 for x, y, h in nodes.values() if h > 0.1)
    assert all(max(y for _, y in points) <= top for points in edges)


def test_a_fed_grid_mirrors_its_source_so_level_edges_nest():
    source = [["a1", "a2"], ["b1", "b2"]]
    target = [["ta1", "ta2"], ["tb1", "tb2", "extra"]]
    succs = {"a1": ["ta1"], "a2": ["ta2"], "b1": ["tb1"], "b2": ["tb2"]}
    assert nested_order(source, target, succs, cap=3) == [["tb1", "tb2", "extra"], ["ta1", "ta2"]]


def test_small_grids_keep_their_order():
    grids = [[["api"]], [["f1", "f2"]], [["t2", "t1"]]]
    links = [("api", "f1"), ("api", "f2"), ("f1", "t1"), ("f2", "t2")]
    box = {e: ("region", e[0]) for grid in grids for column in grid for e in column}
    result, held = pair_rows(grids, links, 8, box)
    assert result == grids and held == {"level": [], "stacks": []}
