"""The diagram producer: one heavy Job per diagram, writing its SVG and PNG from its view."""
from __future__ import annotations

from ... import paths
from ...build.jobs import Job
from ...model.types import Model
from ...views import all_views

RENDER = "archkit.renderers.graph.producer:render"


def outputs(name: str) -> tuple[str, str]:
    return paths.diagram(name, "svg"), paths.diagram(name, "png")


def jobs(model: Model) -> list[Job]:
    return [Job(name=f"diagram {view['name']}", outputs=outputs(view["name"]), func=RENDER, payload=view, heavy=True)
            for view in all_views(model)]


def dot_source(view: dict) -> tuple[list[str], str]:
    """(Graphviz command, DOT source) for a view: what render() lays out, for benchmarks of raw dot."""
    if view["kind"] == "sequence":
        from .sequence import sequence_dot

        return ["neato", "-n2"], sequence_dot(view)
    from .dotsource import graph_dot

    if view.get("orders"):
        from .trials import least_crossing

        return ["dot"], least_crossing(view, ["dot"], graph_dot)
    return ["dot"], graph_dot(view)


def render(view: dict) -> dict[str, bytes]:
    from .graphviz_run import run_graphviz
    from .svg import standalone_svg

    engine, source = dot_source(view)
    svg, png = run_graphviz(engine, source, view["name"])
    svg_path, png_path = outputs(view["name"])
    return {svg_path: standalone_svg(svg, view["name"]), png_path: png}
