"""Every view of a model, in a stable order."""
from __future__ import annotations

from ..model.types import Model
from .contract import View
from .flows import flow_view, sequence_view
from .infrastructure import infrastructure_view
from .neighbourhood import neighbourhood_view
from .observability import observability_view
from .pipelines import pipeline_view
from .references import referrers_index
from .regions import regions_view, spans_regions
from .workflow import has_states, workflow_view


def all_views(model: Model) -> list[View]:
    views = [infrastructure_view(model), observability_view(model)]
    views += [regions_view(model)] if spans_regions(model) else []
    for flow in model.flows.values():
        views += [flow_view(model, flow), sequence_view(model, flow)]
    views += [pipeline_view(model, p) for p in model.pipelines.values()]
    referrers = referrers_index(model)
    views += [neighbourhood_view(model, cid, referrers) for cid in model.components]
    views += [workflow_view(model, c) for c in model.components.values() if has_states(c)]
    return views
