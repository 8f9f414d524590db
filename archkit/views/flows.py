"""One diagram per flow (numbered steps between the participants) and one sequence diagram per flow."""
from __future__ import annotations

from .. import paths
from ..layout.zones import (AWS_ACCOUNT, AWS_ZONES, ZONE_ORDER, other_region, region_label, zone_cluster_id,
                            zone_label, zone_look, zone_of)
from ..model.types import Flow, Model, Step
from .contract import Edge, Failure, Frame, LayoutHints, Message, Node, OnPage, RetryLoop, View, ids
from .elements import aws_groups, cluster, href, icon_of, node, tooltip, view, wrap
from .step_legend import seconds, step_rows, task_states


def flow_name(flow: Flow) -> str:
    return f"flow-{flow.id}"


def sequence_name(flow: Flow) -> str:
    return f"sequence-{flow.id}"


def step_detail(model: Model, step: Step) -> str:
    """Protocol, path, auth, timeout of a step and the Task state(s) making it, as one short line."""
    parts = [p for p in (model.step_protocol(step), step.path, task_states(model, step)) if p]
    if step.auth:
        parts.append(f"[{step.auth}]")
    if step.timeout_ms:
        parts.append(f"timeout {seconds(step.timeout_ms)}")
    return " ".join(parts)


def asynchronous(model: Model, step: Step) -> bool:
    """Whether the step travels over an asynchronous connection of the model (an event, a queued message)."""
    return model.step_asynchronous(step)


def step_tooltip(model: Model, step: Step) -> str:
    lines = [f"{step.number}. {model.name_of(step.source)} -> {model.name_of(step.target)}: {step.action}"]
    lines += [f"{key}: {value}" for key, value in (("protocol", model.step_protocol(step)), ("path", step.path),
                                                     ("by", task_states(model, step)), ("auth", step.auth),
                                                     ("returns", step.returns)) if value]
    if step.timeout_ms:
        lines.append(f"timeout: {seconds(step.timeout_ms)}")
    lines += [f"fails: {f.when} -> {f.status or ''} {f.response}".replace("  ", " ") for f in step.failures]
    return "\n".join(lines)


def flow_view(model: Model, flow: Flow) -> View:
    name = flow_name(flow)
    participants = flow.participants()
    zones = sorted({zone_of(model, p) for p in participants}, key=ZONE_ORDER.index)
    clusters = aws_groups(model) if set(zones) & set(AWS_ZONES) else []
    clusters += [cluster(zone_cluster_id(z), zone_label(model, z, accounts=False),
                         AWS_ACCOUNT if z in AWS_ZONES else "", zone_look(z)) for z in zones
                 if any(zone_of(model, p) == z and not other_region(model, p) for p in participants)]
    regions = sorted({other_region(model, p) for p in participants} - {""})
    clusters += [cluster(zone_cluster_id("region", r), region_label(model, r, accounts=False), AWS_ACCOUNT,
                         zone_look("region")) for r in regions]
    nodes = [node(model, name, p, zone_cluster_id(zone_of(model, p), other_region(model, p))) for p in participants]
    edges = []
    for step in flow.steps:
        label = f"{step.number}. {wrap(step.action, 26)}"
        detail = step_detail(model, step)
        edges.append(Edge(step.source, step.target, label=label + (f"\n{wrap(detail, 30)}" if detail else ""),
                          tooltip=step_tooltip(model, step), number=step.number,
                          style="dashed" if asynchronous(model, step) else "solid"))
    following = ids(continuations(flow))
    return view(name, f"{flow.name} ({flow.kind})", nodes, edges, clusters,
                LayoutHints(same_rank=following, align=following),  # and next to it in that column
                key=(("solid", "step, synchronous (numbered in order)"),
                     ("dashed", "step, asynchronous (event or message)")),
                legend=step_rows(model, flow, asynchronous),  # the circles' numbers, explained beside the picture
                on_page=OnPage(paths.flow_page(flow.id), "Diagram", flow.name))


def continuations(flow: Flow) -> list[list[str]]:
    """[previous step's target, step's source] for each step that starts at a participant no earlier step
    reached: it stands in the column where the flow has got to, not back at the far left. (Not when a step joins
    the two: that step places them, and a labelled edge inside one column would trip Graphviz.)"""
    joined = {frozenset((s.source, s.target)) for s in flow.steps}
    groups, seen = [], set()
    for previous, step in zip(flow.steps, flow.steps[1:]):
        seen |= {previous.source, previous.target}
        if step.source not in seen and frozenset((previous.target, step.source)) not in joined:
            groups.append([previous.target, step.source])
    return groups


def sequence_view(model: Model, flow: Flow) -> View:
    name = sequence_name(flow)
    participants = tuple(Node(p, ref=p, label=wrap(model.name_of(p), 14), icon=icon_of(model, p),
                              href=href(model, name, p), tooltip=tooltip(model, p)) for p in flow.participants())
    messages = tuple(Message(s.number, s.source, s.target, s.action, detail=step_detail(model, s), returns=s.returns,
                             tooltip=step_tooltip(model, s), asynchronous=asynchronous(model, s),
                             failures=tuple(Failure(f.when, f.status, f.response, f.source or s.target,
                                                    f.target or s.source) for f in s.failures))
                     for s in flow.steps)
    return View(name, f"{flow.name}: sequence", kind="sequence", nodes=participants, messages=messages,
                loops=retry_loops(model, flow),
                frames=tuple(Frame(f.kind, f.label, f.first, f.last, tuple(f.operands)) for f in flow.frames),
                on_page=OnPage(paths.flow_page(flow.id), "Sequence", f"{flow.name} (sequence)"))


def retry_loops(model: Model, flow: Flow) -> tuple[RetryLoop, ...]:
    """A loop frame wherever the catalogue says the service retries work handed to a step's target (Lambda's
    asynchronous retries): on the retrying participant, around the steps it then takes (the work retried), up to
    a step to where the work goes after the last retry. `last` is None when the flow shows no such step."""
    loops = []
    for i, step in enumerate(flow.steps):
        component = model.components.get(step.target)
        policy = component.type.retries if component else None
        if policy is None or (policy.when == "asynchronous" and not model.step_asynchronous(step)):
            continue
        properties = component.props()
        count = policy.retries(properties)
        if count <= 0:
            continue
        body = activation(model, flow.steps[i + 1:], step.target, policy.destination(properties))
        loops.append(RetryLoop(step.number, body[-1].number if body else None, step.target,
                               policy.says.replace("{times}", "once" if count == 1 else f"{count} times")))
    return tuple(loops)


def activation(model: Model, steps, participant: str, destination: str) -> list[Step]:
    """The steps that `participant` takes (and the synchronous calls they lead to) before the flow moves on."""
    active, body = {participant}, []
    for step in steps:
        if step.source not in active or step.target == destination:
            break
        body.append(step)
        if not model.step_asynchronous(step):
            active.add(step.target)
    return body
