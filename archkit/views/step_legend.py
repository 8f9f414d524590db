"""The legend of a flow's numbered steps: one typed row per step (what the circle on its edge stands for) and one
per modelled failure (its condition, status and who answers whom). The flow diagram draws it beside the picture."""
from __future__ import annotations

from ..model import states
from ..model.types import Flow, Model, Step
from .contract import FailureRow, StepRow

__all__ = ["FailureRow", "StepRow", "step_rows"]


def seconds(ms: int) -> str:
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms} ms"


def task_states(model: Model, step: Step) -> str:
    """For a step from a state machine to a function: which of its Task states make the call."""
    source = model.components.get(step.source)
    if source is None or source.type.name != "step-functions":
        return ""
    names = states.invoking(source.properties.get("states") or [], step.target)
    return ("state " if len(names) == 1 else "states ") + ", ".join(names) if names else ""


def failure_rows(model: Model, step: Step) -> tuple[FailureRow, ...]:
    return tuple(FailureRow(f.when, "" if f.status is None else str(f.status), f.response,
                            model.name_of(f.source or step.target), model.name_of(f.target or step.source))
                 for f in step.failures)


def step_rows(model: Model, flow: Flow, asynchronous) -> tuple[StepRow, ...]:
    """`asynchronous(model, step)`: whether the step travels over an asynchronous connection."""
    return tuple(StepRow(s.number, model.name_of(s.source), model.name_of(s.target), s.action,
                         model.step_protocol(s), s.path or task_states(model, s), s.auth, seconds(s.timeout_ms) if s.timeout_ms else "",
                         asynchronous(model, s), failure_rows(model, s))
                 for s in flow.steps)
