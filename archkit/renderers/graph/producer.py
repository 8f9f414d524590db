"""The diagram producer: one heavy Job per diagram, writing its SVG and PNG from its view."""
from __future__ import annotations

from dataclasses import replace

from ... import paths
from ...build.jobs import Job
from ...model.types import Model
from ...views import all_views
from ...views.contract import View
from . import tooltips

RENDER = "archkit.renderers.graph.producer:render"


def outputs(name: str) -> tuple[str, str]:
    return paths.diagram(name, "svg"), paths.diagram(name, "png")


REFRESH = "archkit.renderers.graph.producer:refresh"


def jobs(model: Model) -> list[Job]:
    return [diagram_job(view) for view in all_views(model)]


def diagram_job(view: View) -> Job:
    """The job drawing a view: laid out by Graphviz, or refreshed when only its tooltips changed. The picture does
    not depend on the page that shows it: the payload leaves that out."""
    drawn = replace(view, on_page=None)
    return Job(name=f"diagram {view.name}", outputs=outputs(view.name), func=RENDER, payload=drawn, heavy=True,
               basis=tooltips.tokenized(drawn)[0], refresh=REFRESH)


def dot_source(view: View) -> tuple[list[str], str]:
    """(Graphviz command, DOT source) for a view: what render() lays out, for benchmarks of raw dot."""
    if view.kind == "sequence":
        from .sequence import sequence_dot

        return ["neato", "-n2"], sequence_dot(view)
    from .dotsource import graph_dot

    if view.hints.orders or view.hints.shuffles or view.hints.alternatives:
        from .trials import least_crossing

        return ["dot"], least_crossing(view, ["dot"], graph_dot)
    return ["dot"], graph_dot(view)


def render(view: View) -> dict[str, bytes]:
    """Lay out the view with its tooltips as tokens (they take no room), then write the tooltips into the SVG:
    a later view that differs only in its tooltips (an edited description) reuses this layout (refresh)."""
    from .graphviz_run import run_graphviz
    from .svg import standalone_svg

    basis, tips = tooltips.tokenized(view)
    engine, source = dot_source(basis)
    svg, png = run_graphviz(engine, source, view.name)
    svg_path, png_path = outputs(view.name)
    return {svg_path: tooltips.filled(standalone_svg(svg, view.name), tips), png_path: png}


def refresh(view: View, previous: dict[str, bytes]) -> dict[str, bytes] | None:
    """The earlier outputs of a view with the same layout: the PNG as it is (it shows no tooltip), the SVG with
    this view's tooltips; None when the SVG does not have the tooltips where this view's are."""
    svg_path, png_path = outputs(view.name)
    svg = tooltips.refilled(previous[svg_path], tooltips.tokenized(view)[1])
    return None if svg is None else {svg_path: svg, png_path: previous[png_path]}
