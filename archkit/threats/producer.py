"""The threat model's jobs: its page, its data-flow diagram (the shared Graphviz renderer) and its exports."""
from __future__ import annotations

from ..build.jobs import Job
from ..model.types import Model
from .engine import threat_model_for

DIAGRAM = "threats"


def jobs(model: Model) -> list[Job]:
    from ..renderers.graph.producer import diagram_job
    from ..site.diagram import shown_on_pages
    from .data import payload
    from .dfd import dfd_view
    from .page import PATH, export_path

    threats = threat_model_for(model)
    data = payload(model, threats)
    dfd = dfd_view(model, threats)
    return [
        Job(f"page {PATH}", (PATH,), "archkit.threats.page:render",
            {**data, "diagrams": shown_on_pages([dfd]).get(PATH, [])}),
        Job("threat model exports", (export_path("threat-dragon"), export_path("otm")),
            "archkit.threats.exports:render", data),
        lens_job(model),
        diagram_job(dfd),
    ]


def lens_job(model: Model) -> Job:
    from ..rules.engine import report_for
    from .lens import review
    from .lens_page import EXPORT, PATH

    return Job(f"page {PATH}", (PATH, EXPORT), "archkit.threats.lens_page:render", review(report_for(model).as_dict()))
