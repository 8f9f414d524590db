"""Two loaded models -> the DiffReport (model diff, deployment impact, findings, and the pictures if asked)."""
from __future__ import annotations

from pathlib import Path

from ..model.types import Model
from .deploy import deployment_impact, templates_of
from .findings import diff_findings
from .model_diff import diff_models
from .report import DiffReport


def build_report(base: Model, head: Model, base_label: str, head_label: str, base_display=str, head_display=str,
                 pictures: Path | None = None) -> DiffReport:
    model = diff_models(base, head)
    impact = deployment_impact(templates_of(base), templates_of(head))
    findings = diff_findings(base, head, model.renamed, base_display, head_display)
    report = DiffReport(base_label, head_label, model, impact, findings)
    if pictures is not None:
        from .pictures import draw_pictures
        report.pictures = draw_pictures(base, head, model, pictures)
    return report
