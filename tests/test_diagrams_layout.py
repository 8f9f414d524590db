"""Readability of the infrastructure overview: the request path left to right, authentication beside the API,
observability and CI/CD as bands below the main row whose edges do not criss-cross it."""
from __future__ import annotations

import subprocess

import pytest

from archkit.model import load_model
from archkit.model.catalogue import load_catalogue
from archkit.renderers.graph.producer import dot_source
from archkit.layout.columns import in_band, is_aside, is_beside, summarised_layers
from archkit.views.infrastructure import infrastructure_view
from archkit.layout.zones import zone_of
from layoutkit import plain_layout
from conftest import MODEL, ROOT

MODELS = [MODEL, ROOT / "tests" / "models" / "event-driven"]


@pytest.fixture(scope="module", params=MODELS, ids=lambda p: p.name)
def case(request):
    model = load_model(request.param)
    return model, infrastructure_view(model)


def column_of(view: dict) -> dict[str, int]:
    return {n: k for k, members in enumerate(view.hints.columns) for n in members}


def detail_members(model, crowded: bool = False) -> set[str]:
    summarised = summarised_layers(crowded)
    return {c for c, comp in model.components.items() if comp.layer in summarised and in_band(model, c)}


def test_every_element_has_exactly_one_column(case):
    model, view = case
    placed = [n for members in view.hints.columns for n in members]
    assert sorted(placed) == sorted(set(model.components) | set(model.actors))


def test_observability_edges_only_reach_people_in_the_overview(case):
    model, view = case
    for drawn, crowded in [(view, False)] + [(alternative, True) for alternative in view.hints.alternatives]:
        band = detail_members(model, crowded)
        for edge in drawn.edges:  # an edge that ends on a zone's box (its head_cluster) heads for none of its nodes
            ends = {edge.source} | (set() if edge.head_cluster.startswith("zone-") else {edge.target})
            if ends & band:
                assert ends - band and (ends - band) <= set(model.actors), edge


def test_default_overview_keeps_the_alarm_topic_to_operator_edge():
    model = load_model(MODEL)
    edges = {(e.source, e.target) for e in infrastructure_view(model).edges}
    assert ("alerts-topic", "operator") in edges
    assert not any(s == "entries-fn" and t == "entries-fn-logs" for s, t in edges)


def test_authentication_sits_in_the_column_of_the_api_that_calls_it(case):
    model, view = case
    column = column_of(view)
    for cid in model.components:
        if is_beside(model, cid):
            callers = [c.source for c in model.connections if c.target == cid and c.source in model.components
                       and not is_aside(model, c.source)]
            assert callers and column[cid] in {column[c] for c in callers}, cid
    if "user-pool" in model.components:
        assert column["user-pool"] == column["rest-api"]


def test_aside_element_reaches_a_cluster_once(case):
    """The GitLab runner deploys three functions: one edge to the Compute box, not three across the picture."""
    model, view = case
    cluster = {n.id: n.cluster for n in view.nodes}
    seen = set()
    for edge in view.edges:
        source, target = edge.source, edge.target
        if is_aside(model, source) and not is_aside(model, target) and target in model.components:
            key = (source, edge.head_cluster or cluster[target])
            assert key not in seen, edge
            seen.add(key)
    if "gitlab-runner" in model.components:
        to_compute = [e for e in view.edges if e.source == "gitlab-runner"
                      and "Deploys function code" in e.tooltip]
        assert len(to_compute) == 1 and to_compute[0].tooltip.count("Deploys function code") == 3
        # Compute lies deep in the region: the edge ends at the region's box, next to the runner, and says where to
        assert to_compute[0].head_cluster == "zone-region" and "Compute" in to_compute[0].label


def test_bands_sit_in_their_zone_columns_below_the_main_row(case):
    model, view = case
    for members, groups in zip(view.hints.columns, view.hints.below):
        grouped = [m for group in groups for m in group]
        assert len(grouped) == len(set(grouped)) and set(grouped) <= set(members)
    banded = {m for groups in view.hints.below for group in groups for m in group}
    assert {c for c in model.components if in_band(model, c)} <= banded


def positions(view: dict) -> dict[str, float]:
    engine, source = dot_source(view)
    plain = subprocess.run([*engine, "-Tplain"], input=source.encode(), capture_output=True, check=True).stdout
    found = {}
    for line in plain.decode().splitlines():
        parts = line.split()
        if parts[0] == "node":
            found[parts[1].strip('"')] = float(parts[3])  # y grows upwards
    return found


def test_graphviz_draws_each_band_under_what_is_above_it(case):
    """The layout Graphviz makes keeps every band below the main row of its column (and people who only build or
    watch the system below its users)."""
    _, view = case
    y = positions(view)
    for members, groups in zip(view.hints.columns, view.hints.below):
        grouped = {m for group in groups for m in group}
        upper = [m for m in members if m not in grouped]
        for group in groups:
            assert all(y[a] > y[b] for a in upper for b in group), (upper, group)
            upper = group


def test_no_edge_arcs_over_the_top_of_the_overview(case):
    """Edges between far columns used to climb over the whole picture (browser -> user pool, CDN -> log bucket,
    CI runner -> compute): every drawn edge stays within the rows of the nodes."""
    _, view = case
    nodes, edges = plain_layout(view)
    top = max(y + h / 2 for x, y, h in nodes.values() if h > 0.1)
    for tail, head, points in edges:
        assert max(y for _, y in points) <= top, (tail, head)


def test_edges_from_outside_enter_the_region_at_its_first_column(case):
    """What only other zones feed (an access-log bucket) sits in the region's first column, and a bundled edge into
    a box deep in the region ends at the region's box: no edge has to go round the region."""
    model, view = case
    column = column_of(view)
    region = [c for c in model.components if zone_of(model, c) == "region"]
    first = min(column[c] for c in region)
    for edge in view.edges:
        source, target = edge.source, edge.target
        if target in region and not in_band(model, target) and source not in region and column[source] < first:
            assert column[target] == first, edge


def test_people_reach_the_content_network_without_going_round_its_box():
    """What people reach directly (a DNS zone) and what feeds the content network (its certificate) share its
    column, the DNS zone on top: the browser's edges then cross no column of the edge box, and the network's
    edges to its firewall and bucket run below, clear of the DNS edge."""
    model = load_model(MODEL)
    view = infrastructure_view(model)
    column = column_of(view)
    assert column["dns-zone"] == column["edge-cert"] == column["cdn"]
    assert min(column[c] for c in model.components if zone_of(model, c) == "global") == column["cdn"]
    nodes, _ = plain_layout(view)
    heights = [nodes[n][1] for n in ("dns-zone", "edge-cert", "cdn")]
    assert heights == sorted(heights, reverse=True)
    assert max(nodes["edge-waf"][1], nodes["frontend-bucket"][1]) < nodes["cdn"][1]


def test_outside_aws_stands_in_one_column_between_the_people_and_aws():
    model = load_model(MODEL)
    view = infrastructure_view(model)
    column = column_of(view)
    outside = {column[c] for c in model.components if zone_of(model, c) == "external"}
    assert outside == {1}
    assert all(zone_of(model, n) == "external" for n in view.hints.columns[1])


@pytest.mark.parametrize("model_path, most", [(MODEL, 0), (ROOT / "tests" / "models" / "event-driven", 0),
                                              (ROOT / "tests" / "models" / "mixed-callers", 0)])
def test_the_overview_has_next_to_no_crossing_edges(model_path, most):
    """Counted from Graphviz's own routes (the default overview had 7 crossings before the edge box was laid out
    in one column and the GitLab box in its own, 1 before the access-log bucket's box went below the API)."""
    from layoutkit import crossing_pairs

    view = infrastructure_view(load_model(model_path))
    _, edges = plain_layout(view)
    crossings = crossing_pairs([e for e in edges if not e[0].startswith(("column", "header"))])
    assert len(crossings) <= most, crossings


def test_the_api_stands_between_its_authentication_and_the_access_log_bucket():
    """The region's first column holds the user pool, the API and the CDN's access-log bucket: the API in the
    middle, so that CDN -> log bucket and API -> user pool run apart instead of across each other."""
    view = infrastructure_view(load_model(MODEL))
    column = column_of(view)
    assert column["user-pool"] == column["rest-api"] == column["log-bucket"]
    nodes, _ = plain_layout(view)
    assert nodes["user-pool"][1] > nodes["rest-api"][1] > nodes["log-bucket"][1]


def test_the_developer_reaches_the_repository_from_the_side_not_past_the_runner():
    """Graphviz puts the GitLab runner above the repository (the repository's edge to the pipeline then passes
    under the runner's edges into the edge box; the other way round they cross): the developer's edge comes down
    outside the GitLab box and enters the repository from the left, at its level, instead of slipping past the
    runner to its top."""
    view = infrastructure_view(load_model(MODEL))
    nodes, edges = plain_layout(view)
    (points,) = [p for tail, head, p in edges if (tail, head) == ("developer", "app-repo")]
    repo_x, repo_y, repo_h = nodes["app-repo"]
    end_x, end_y = points[-1]
    assert end_x < repo_x - 0.3 and abs(end_y - repo_y) < repo_h / 2, (points[-1], nodes["app-repo"])
