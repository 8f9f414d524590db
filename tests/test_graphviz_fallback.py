"""A random plausible system (tests/modelgen.plausible_system(5) of 2026-12-04) whose overview Graphviz 2.43 cannot
route with curved edges ("triangulation failed", "lost ... edge"): the build failed. Now the layout trials skip an
order Graphviz cannot route, and the drawing falls back to right-angle, then straight edges, with a warning.
The fixture is that overview's DOT source."""
from __future__ import annotations

from pathlib import Path

from archkit.renderers.graph import graphviz_run
from archkit.renderers.graph.trials import least_crossing
from archkit.views.contract import LayoutHints, Order, View

SOURCE = (Path(__file__).parent / "fixtures" / "graphviz" / "routing-fails.dot").read_text(encoding="utf-8")


def test_a_layout_graphviz_cannot_route_as_curves_is_drawn_another_way(capsys):
    svg, png = graphviz_run.run_graphviz(["dot"], SOURCE, "routing")
    assert b"<svg" in svg and png.startswith(b"\x89PNG")
    try:
        graphviz_run.run_once(["dot"], SOURCE, "routing")
    except Exception as exc:  # this Graphviz fails on it: the fallback drew it, and said so
        assert graphviz_run.ROUTING_FAILED.search(str(exc))
        assert "could not route its edges as curves; drawn with splines=" in capsys.readouterr().err


def test_layout_trials_skip_an_order_graphviz_cannot_route():
    good = "digraph { a -> b; }"
    sources = iter([SOURCE, good])
    view = View("x", "", hints=LayoutHints(orders=(Order((), ()),)))
    chosen = least_crossing(view, ["dot"], lambda candidate: next(sources))
    assert chosen == good  # the own order's layout fails to route here, so the other order is taken
