"""CloudFormation skeletons, parameter files, the modelled system's CI files and the page that documents them.

Listing jobs imports nothing heavy; rendering uses PyYAML only."""
from __future__ import annotations

from ... import paths
from ...build.jobs import Job
from ...model.types import Model
from .snapshot import templates_payload

RENDER = "archkit.renderers.cloudformation.render:render_templates"
RENDER_CI = "archkit.renderers.cloudformation.ci:render_ci"


def jobs(model: Model) -> list[Job]:
    from .render import outputs_for
    from .ci import ci_outputs

    payload = templates_payload(model)
    result = [Job("cloudformation templates", tuple(outputs_for(payload)), RENDER, payload)]
    ci = ci_outputs(payload)
    if ci:
        result.append(Job("cloudformation ci", tuple(ci), RENDER_CI, payload))
    return result


def component_resources(model: Model) -> dict[str, list[tuple[str, str, str]]]:
    """component id -> [(template path, logical id, resource type)], for the component pages."""
    from .render import resources_by_component
    return resources_by_component(templates_payload(model))
