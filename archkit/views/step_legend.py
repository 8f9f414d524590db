"""The legend of a flow's numbered steps: one typed row per step (what the circle on its edge stands for) and one
per modelled failure (its condition, status and who answers whom). The flow diagram draws it beside the picture."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..model import states
from ..model.types import Flow, Model, Step


def seconds(ms: int) -> str:
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms} ms"


@dataclass(frozen=True)
class FailureRow:
    when: str
    status: str  # "" when the model gives none
    response: str
    answers: str  # the name of who answers with it
    receives: str  # the name of who receives it


@dataclass(frozen=True)
class StepRow:
    number: int
    source: str  # names, as the diagram labels the nodes
    target: str
    action: str
    protocol: str
    path: str
    auth: str
    timeout: str  # "5 s", or "" when the model gives none
    asynchronous: bool
    failures: tuple[FailureRow, ...] = ()

    @classmethod
    def of(cls, data: dict) -> "StepRow":
        """Back from the JSON a view travels as (a render job's payload)."""
        return cls(**{**data, "failures": tuple(FailureRow(**f) for f in data["failures"])})


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


def step_rows(model: Model, flow: Flow, asynchronous) -> list[dict]:
    """`asynchronous(model, step)`: whether the step travels over an asynchronous connection. As JSON (asdict):
    views are render jobs' payloads; StepRow.of reads a row back."""
    return [asdict(row) for row in step_rows_typed(model, flow, asynchronous)]


def step_rows_typed(model: Model, flow: Flow, asynchronous) -> tuple[StepRow, ...]:
    return tuple(StepRow(s.number, model.name_of(s.source), model.name_of(s.target), s.action,
                         model.step_protocol(s), s.path or task_states(model, s), s.auth, seconds(s.timeout_ms) if s.timeout_ms else "",
                         asynchronous(model, s), failure_rows(model, s))
                 for s in flow.steps)
