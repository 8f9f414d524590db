"""The producer of the site's pages: one light job per page, each with exactly the model slice it shows and the
diagrams its views say it embeds (views/contract.OnPage)."""
from __future__ import annotations

from .. import paths
from ..build.jobs import Job
from ..model.types import Model
from ..views import all_views
from . import catalogue_page, environments_page, observability_page, overview, security_page, slices
from .diagram import shown_on_pages

HERE = __name__.rsplit(".", 1)[0]
SINGLE_PAGES = [overview, security_page, observability_page, environments_page, catalogue_page]


def jobs(model: Model) -> list[Job]:
    from ..renderers.cloudformation import component_resources, pipeline_ci_files

    resources, ci_files = component_resources(model), pipeline_ci_files(model)
    referenced = slices.referrers(model)
    shown = shown_on_pages(all_views(model))

    def diagrams(path: str) -> dict:
        return {"diagrams": shown.get(path, [])}

    out = [Job(f"page {module.PATH}", (module.PATH,), f"{module.__name__}:render",
               {**module.payload(model), **diagrams(module.PATH)}) for module in SINGLE_PAGES]
    out += [Job(f"page flow {fid}", (paths.flow_page(fid),), f"{HERE}.flow_page:render",
                flow_payload(model, fid, shown)) for fid in model.flows]
    out += [Job(f"page pipeline {pid}", (paths.pipeline_page(pid),), f"{HERE}.pipeline_page:render",
                {**slices.pipeline(model, pid), "ci_files": ci_files.get(pid, []),
                 **diagrams(paths.pipeline_page(pid))}) for pid in model.pipelines]
    out += [Job(f"page component {cid}", (paths.component_page(cid),), f"{HERE}.component_page:render",
                {**slices.component(model, comp, referenced), "resources": [list(r) for r in resources.get(cid, [])],
                 **diagrams(paths.component_page(cid))})
            for cid, comp in model.components.items()]
    return out


def flow_payload(model: Model, flow_id: str, shown: dict[str, list[dict]] | None = None) -> dict:
    """A flow page's payload: the flow, and the diagrams its views say the page shows."""
    shown = shown_on_pages(all_views(model)) if shown is None else shown
    return {**slices.flow(model, flow_id), "diagrams": shown.get(paths.flow_page(flow_id), [])}


def diagram_names(model: Model) -> list[str]:
    """Every diagram the pages embed, as the views say where they are shown (the diagrams stream produces them;
    tests use this list)."""
    return [d["name"] for shown in shown_on_pages(all_views(model)).values() for d in shown]
