"""Issue 14, point 3: a state machine's definition comes from the model's states (Task with its function, Map with
its iterator, Choice, Wait, Parallel with its branches, Succeed, Fail; retries and catches); it logs to the
modelled log group; its role may invoke its Tasks' functions; alarms on it have its dimension; states that lead
nowhere are located model errors."""
from __future__ import annotations

import json

import pytest

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload
from conftest import ROOT

WIRED = ROOT / "tests" / "models" / "wired"


@pytest.fixture(scope="module")
def placed():
    result = build(templates_payload(load_model(WIRED)))
    return {lid: r for stack in result.stacks.values() for lid, r in stack.resources.items()}


def test_the_definition_has_every_modelled_state_with_its_type_retries_and_catches(placed):
    text = placed["TranscodeStateMachine"].properties["DefinitionString"]
    body = json.loads(text.template)
    states = body["States"]
    assert body["StartAt"] == "Transcode"
    assert [s["Type"] for s in states.values()] == ["Task", "Choice", "Wait", "Map", "Parallel", "Succeed", "Fail"]
    task = states["Transcode"]
    assert task["Resource"] == "arn:aws:states:::lambda:invoke" and task["Next"] == "Check"
    assert text.variables[task["Parameters"]["FunctionName"][2:-1]].name == "WorkerFnAlias"
    assert task["Retry"][0]["ErrorEquals"] == ["Lambda.TooManyRequestsException"] and task["Retry"][0]["MaxAttempts"] == 5
    assert task["Catch"] == [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]
    assert states["Check"]["Choices"][0] == {"Variable": "$.status", "StringEquals": "done", "Next": "Renditions"}
    assert states["Check"]["Default"] == "Later" and states["Later"] == {"Type": "Wait", "Seconds": 30, "Next": "Transcode"}
    iterator = states["Renditions"]["ItemProcessor"]
    assert iterator["StartAt"] == "Render" and iterator["States"]["Render"]["End"] is True
    assert [b["StartAt"] for b in states["Publish"]["Branches"]] == ["Index", "Thumbnail"]
    assert states["Failed"] == {"Type": "Fail", "Error": "TranscodeFailed", "Cause": "A rendition failed"}


def test_it_logs_to_the_modelled_log_group_and_may_deliver_logs_and_invoke_its_tasks(placed):
    props = placed["TranscodeStateMachine"].properties
    destination = props["LoggingConfiguration"]["Destinations"][0]["CloudWatchLogsLogGroup"]["LogGroupArn"]
    assert destination.resource == "TranscodeLogsLogGroup"
    assert "TranscodeLogGroup" not in placed
    statements = placed["TranscodeRole"].properties["Policies"][0]["PolicyDocument"]["Statement"]
    assert any("logs:CreateLogDelivery" in s["Action"] for s in statements)
    assert any(s["Action"] == ["lambda:InvokeFunction"] and s["Resource"][0].resource == "WorkerFnFunction"
               for s in statements)


def test_an_alarm_on_the_state_machine_has_its_dimension(placed):
    [dimension] = placed["TranscodeFailedAlarmAlarm"].properties["Dimensions"]
    assert dimension["Name"] == "StateMachineArn"


BASE = """
system: {name: Flows}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  fn: {type: lambda, runtime: python3.12}
  machine:
    type: step-functions
    states:
"""


@pytest.mark.parametrize("states, path, says", [
    ("      - {name: A, function: fn, next: Nowhere}\n", "components.machine.states[0].next", "no state 'Nowhere'"),
    ("      - {name: A}\n", "components.machine.states[0]", "a Task state needs 'function'"),
    ("      - {name: A, type: Pass}\n      - {name: B, type: Pass, in: A}\n", "components.machine.states[1].in",
     "not a Map or Parallel state"),
    ("      - {name: M, type: Map}\n", "components.machine.states[0]", "holds no states"),
])
def test_states_that_lead_nowhere_are_located_model_errors(write_model, states, path, says):
    folder = write_model({"model.yaml": BASE + states})
    with pytest.raises(ModelError) as caught:
        load_model(folder)
    assert [p.path for p in caught.value.problems] == [path]
    assert says in caught.value.problems[0].message and caught.value.problems[0].location.line > 0
