"""One diagram per pipeline: the source, the runner, then each stage's actions in order, with their targets."""
from __future__ import annotations

from dataclasses import replace

from .. import paths
from ..model.types import Action, Model, Pipeline, Stage
from .contract import Edge, LayoutHints, Node, OnPage, View, ids
from .elements import cluster, node, view, wrap


def pipeline_name(pipeline: Pipeline) -> str:
    return f"pipeline-{pipeline.id}"


def stage_label(stage: Stage) -> str:
    return f"{stage.name} ({stage.environment})" if stage.environment else stage.name


def action_note(pipeline: Pipeline, stage: Stage, action: Action) -> str:
    lines = [f"{pipeline.name} / {stage_label(stage)}: {action.name} ({action.kind})"]
    environment = action.environment or stage.environment
    lines += [f"{key}: {value}" for key, value in (("environment", environment), ("command", action.command),
                                                     ("artifacts", ", ".join(action.artifacts))) if value]
    return "\n".join(lines)


def same_height(nodes: list[Node], row: set[str]) -> list[Node]:
    """Size every node of a row for the longest label among them: Graphviz lines up nodes of different heights
    unevenly once targets stand above some of them (a staircase of arrows)."""
    most = max((n.label.count("\n") + 1 for n in nodes if n.id in row), default=1)
    return [replace(n, lines=most) if n.id in row else n for n in nodes]


def pipeline_view(model: Model, pipeline: Pipeline) -> View:
    name = pipeline_name(pipeline)
    clusters = [cluster("origin", "Trigger")]
    nodes = [node(model, name, pipeline.source, "origin")]
    edges = []
    below: list[list[str]] = []  # each action with its target under it: the stages stay on one row
    previous = pipeline.source
    if pipeline.runs_on != pipeline.source:
        nodes.append(node(model, name, pipeline.runs_on, "origin"))
        edges.append(Edge(pipeline.source, pipeline.runs_on, label=wrap(pipeline.trigger, 22),
                          tooltip=f"trigger: {pipeline.trigger}"))
        previous = pipeline.runs_on
    for s, stage in enumerate(pipeline.stages, start=1):
        stage_id = f"stage-{s}"
        clusters.append(cluster(stage_id, f"{s}. {stage_label(stage)}"))
        for a, action in enumerate(stage.actions, start=1):
            action_id = f"{stage_id}-action-{a}"
            uses = action.uses or pipeline.runs_on
            label = wrap(action.name) + f"\n({action.kind})"
            nodes.append(node(model, name, uses, stage_id, node_id=action_id, label=label,
                              note=action_note(pipeline, stage, action)))
            first = s == 1 and a == 1
            edges.append(Edge(previous, action_id,
                              label=wrap(pipeline.trigger, 22) if first and previous == pipeline.source else "",
                              tooltip=f"then: {action.name}", weight=4))
            previous = action_id
            if action.target and action.target != uses:
                environment = action.environment or stage.environment
                target_id = f"{action_id}-target"
                target_label = wrap(model.name_of(action.target)) + (f"\n[{environment}]" if environment else "")
                nodes.append(node(model, name, action.target, stage_id, node_id=target_id, label=target_label))
                edges.append(Edge(action_id, target_id, label=action.kind, flat=True,
                                  tooltip=action_note(pipeline, stage, action), style="dashed"))
                below.append([action_id, target_id])
    targets = {target for _, target in below}
    nodes = same_height(nodes, {n.id for n in nodes if n.id not in targets})
    nodes = same_height(nodes, targets)
    return view(name, f"{pipeline.name}", nodes, edges, clusters, LayoutHints(same_rank=ids(below)),
                key=(("solid", "trigger, then the next action"), ("dashed", "the action acts on (deploys, builds)")),
                on_page=OnPage(paths.pipeline_page(pipeline.id), "Diagram", pipeline.name))
