"""The producer of the site's pages: one light job per page, each with exactly the model slice it shows."""
from __future__ import annotations

from .. import paths
from ..build.jobs import Job
from ..model.types import Model
from . import catalogue_page, environments_page, observability_page, overview, security_page, slices

HERE = __name__.rsplit(".", 1)[0]
SINGLE_PAGES = [overview, security_page, observability_page, environments_page, catalogue_page]


def jobs(model: Model) -> list[Job]:
    from ..renderers.cloudformation import component_resources, pipeline_ci_files

    resources, ci_files = component_resources(model), pipeline_ci_files(model)
    referenced = slices.referrers(model)
    out = [Job(f"page {module.PATH}", (module.PATH,), f"{module.__name__}:render", module.payload(model))
           for module in SINGLE_PAGES]
    out += [Job(f"page flow {fid}", (paths.flow_page(fid),), f"{HERE}.flow_page:render", slices.flow(model, fid))
            for fid in model.flows]
    out += [Job(f"page pipeline {pid}", (paths.pipeline_page(pid),), f"{HERE}.pipeline_page:render",
                {**slices.pipeline(model, pid), "ci_files": ci_files.get(pid, [])}) for pid in model.pipelines]
    out += [Job(f"page component {cid}", (paths.component_page(cid),), f"{HERE}.component_page:render",
                {**slices.component(model, comp, referenced), "resources": [list(r) for r in resources.get(cid, [])]})
            for cid, comp in model.components.items()]
    return out


def diagram_names(model: Model) -> list[str]:
    """Every diagram the pages embed: the views' own names (the diagrams stream produces them; tests use this
    list)."""
    from ..views import all_views

    return [v.name for v in all_views(model)]
