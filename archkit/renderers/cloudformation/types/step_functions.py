"""step-functions -> a state machine (a Pass state per modelled state, to be replaced), its log group and role."""
from __future__ import annotations

import json

from ..context import Resource
from ..intrinsics import GetAtt, Ref
from . import xray
from ._common import service_role

PRIMARY = "StateMachine"
LOG_ACTIONS = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
               "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
               "logs:DescribeLogGroups"]


def definition(comp) -> str:
    names = comp.get("states") or ["Start"]
    states = {}
    for number, name in enumerate(names):
        state = {"Type": "Pass"}
        state.update({"Next": names[number + 1]} if number + 1 < len(names) else {"End": True})
        states[name] = state
    return json.dumps({"Comment": comp.description or comp.name, "StartAt": names[0], "States": states},
                      ensure_ascii=False)


def build(ctx, comp):
    logs = ctx.lid(comp.id, "LogGroup")
    statements, managed = ctx.statements([comp.id])
    managed = xray.with_tracing(managed, bool(comp.get("tracing")))
    resources = [Resource(logs, "AWS::Logs::LogGroup", {"RetentionInDays": 30}, stateful=True),
                 service_role(ctx, comp, "states.amazonaws.com", statements, managed)]
    props = {"StateMachineName": ctx.physical_name(comp.id), "StateMachineType": comp.get("workflow"),
             "RoleArn": GetAtt(ctx.lid(comp.id, "Role"), "Arn"),
             "TracingConfiguration": {"Enabled": comp.get("tracing")},
             "LoggingConfiguration": {"Level": "ERROR", "IncludeExecutionData": False,
                                      "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": GetAtt(logs, "Arn")}}]}}
    props["DefinitionString"] = definition(comp)
    resources.append(Resource(ctx.lid(comp.id, PRIMARY), "AWS::StepFunctions::StateMachine", props))
    return resources


def arns(ctx, comp, action):
    return [Ref(ctx.lid(comp.id, PRIMARY))]
