"""One page per pipeline: its diagram, trigger, stages, approvals and artefacts."""
from __future__ import annotations

from .. import paths
from . import md
from .diagram import diagram_sections
from .render import PageContext


def render(payload: dict) -> dict[str, bytes]:
    pipe = payload["pipeline"]
    path = paths.pipeline_page(pipe["id"])
    ctx = PageContext(path, payload["names"])
    actions = [(stage, action) for stage in pipe["stages"] for action in stage["actions"]]
    approvals = [[md.text(stage["name"]), md.text(a["name"]), ctx.element(a["uses"]) if a["uses"] else ""]
                 for stage, a in actions if a["kind"] == "approval"]
    artefacts = [[md.code(art), md.text(stage["name"]), md.text(a["name"])]
                 for stage, a in actions for art in a["artifacts"]]
    sections = [
        (md.text(pipe["description"]) + "\n\n" if pipe["description"] else "") + md.table(["Fact", "Value"], [
            ["Trigger", md.text(pipe["trigger"])], ["Source", ctx.element(pipe["source"])],
            ["Runs on", ctx.element(pipe["runs_on"])], ["Stages", str(len(pipe["stages"]))]]),
        *diagram_sections(path, payload["diagrams"]),
        "## Stages\n\n" + "\n\n".join(stage_section(i, stage, ctx) for i, stage in enumerate(pipe["stages"], 1)),
        "## Approvals\n\n" + md.table(["Stage", "Action", "Who approves"], approvals),
        "## Artefacts\n\n" + md.table(["Artefact", "Stage", "Made by"], artefacts),
        "## CI files\n\nGenerated from this pipeline for the modelled system (see the CloudFormation page):\n\n"
        + (md.bullet_list([md.link(f, paths.site_link(path, f)) for f in payload["ci_files"]])
           if payload["ci_files"] else "_None: this pipeline runs without generated CI files._\n"),
    ]
    return {path: md.page(pipe["name"], f"pipeline {pipe['id']}", sections)}


def stage_section(number: int, stage: dict, ctx: PageContext) -> str:
    env = f" (environment {md.text(stage['environment'])})" if stage["environment"] else ""
    rows = [[md.text(a["name"]), md.text(a["kind"]), ctx.element(a["uses"]) if a["uses"] else "",
             ctx.element(a["target"]) if a["target"] else "", md.code(a["command"]),
             md.text(a["environment"])] for a in stage["actions"]]
    return (f"### {number}. {md.text(stage['name'])}{env}\n\n"
            + md.table(["Action", "Kind", "Uses", "Target", "Command", "Environment"], rows))
