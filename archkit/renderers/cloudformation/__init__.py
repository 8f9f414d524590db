"""CloudFormation skeletons, parameter files, the modelled system's CI files and the page that documents them.

Listing jobs imports nothing heavy; rendering uses PyYAML only."""
from __future__ import annotations

from ... import paths
from ...build.jobs import Job
from ...errors import Location, ModelError, Problem
from ...model.types import Model
from .snapshot import templates_payload

RENDER = "archkit.renderers.cloudformation.render:render_templates"
RENDER_CI = "archkit.renderers.cloudformation.ci:render_ci"


def jobs(model: Model) -> list[Job]:
    from .render import outputs_for
    from .ci import ci_outputs

    from .split import PlacementError

    payload = templates_payload(model)
    try:
        result = [Job("cloudformation templates", tuple(outputs_for(payload)), RENDER, payload)]
    except PlacementError as exc:
        raise ModelError(located(model, exc)) from None
    ci = ci_outputs(payload)
    if ci:
        result.append(Job("cloudformation ci", tuple(ci), RENDER_CI, payload))
    return result


def located(model: Model, exc) -> list[Problem]:
    """The stacks cannot be built: one problem at each component concerned (at the model's file if none)."""
    fallback = Location(model.files[0] if model.files else "model")
    problems = [Problem(model.components[c].location or fallback, f"components.{c}", f"CloudFormation: {exc}",
                        exc.fix) for c in exc.components if c in model.components]
    return problems or [Problem(fallback, "", f"CloudFormation: {exc}", exc.fix)]


def pipeline_ci_files(model: Model) -> dict[str, list[str]]:
    """pipeline id -> the generated CI files it runs (.gitlab-ci.yml for a GitLab runner, CodeBuild buildspecs)."""
    from .ci import GITLAB_CI, buildspec_path, ci_outputs

    written = set(ci_outputs(templates_payload(model)))
    result = {}
    for pipeline in model.pipelines.values():
        runner = model.components.get(pipeline.runs_on)
        files = {GITLAB_CI} if runner and runner.type.name == "gitlab-runner" and GITLAB_CI in written else set()
        files |= {buildspec_path(ref) for ref in pipeline.elements() if buildspec_path(ref) in written}
        result[pipeline.id] = sorted(files)
    return result


def component_resources(model: Model) -> dict[str, list[tuple[str, str, str]]]:
    """component id -> [(template path, logical id, resource type)], for the component pages."""
    from .render import resources_by_component
    return resources_by_component(templates_payload(model))
