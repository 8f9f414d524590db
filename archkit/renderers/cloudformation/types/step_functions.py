"""step-functions -> a state machine whose definition comes from the model's states (Task with its function's
alias, Map with its iterator, Choice, Wait, Parallel with its branches, Pass, Succeed, Fail; retries and catches),
logging to the modelled log group (or one of its own), and its role: what its connections need (a Task's function is
one: connection kind `task`), and CloudWatch Logs' delivery actions (which AWS grants only on "*")."""
from __future__ import annotations

import json

from ....model.states import TERMINAL, following, scopes
from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub, literal
from . import xray
from ._common import service_role
from .base import CfnType

PRIMARY = "StateMachine"
LOG_ACTIONS = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
               "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
               "logs:DescribeLogGroups"]


def definition(ctx, comp) -> Sub | str:
    """The definition as a !Sub: each Task's function alias is a variable; model text cannot substitute. Plain
    JSON text when no Task needs a variable."""
    states = comp.get("states") or [{"name": "Start", "type": "Pass"}]
    variables: dict = {}
    body = machine(states, scopes(states), ("", 0), variables, ctx)
    body = {"Comment": comp.description or comp.name, **body}
    if not variables:
        return json.dumps(body, ensure_ascii=False)
    return Sub(json.dumps(escaped(body), ensure_ascii=False), variables)


class Var(str):
    """A !Sub variable in the definition; every other string is model text, escaped."""


def escaped(node):
    if isinstance(node, Var):
        return "${" + node + "}"
    if isinstance(node, str):
        return literal(node)
    if isinstance(node, dict):
        return {literal(k): escaped(v) for k, v in node.items()}
    if isinstance(node, list):
        return [escaped(v) for v in node]
    return node


def machine(states, groups, scope, variables, ctx) -> dict:
    members = groups[scope]
    return {"StartAt": members[0]["name"],
            "States": {s["name"]: state(s, members, states, groups, variables, ctx) for s in members}}


def state(spec, members, states, groups, variables, ctx) -> dict:
    kind = spec.get("type", "Task")
    out: dict = {"Type": kind}
    if kind == "Task":
        name = f"Function{len(variables)}"
        variables[name] = Ref(ctx.lid(spec["function"], "Alias"))
        out.update({"Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload",
                    "Parameters": {"FunctionName": Var(name), "Payload.$": "$"}})
    elif kind == "Wait":
        out["Seconds"] = spec["seconds"]
    elif kind == "Choice":
        out["Choices"] = [{"Variable": c["variable"], "StringEquals": c["equals"], "Next": c["next"]}
                          for c in spec["choices"]]
        if spec.get("default"):
            out["Default"] = spec["default"]
    elif kind == "Map":
        out.update({"ItemsPath": spec.get("items_path", "$.items"), "MaxConcurrency": spec.get("max_concurrency", 0),
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
                                      **machine(states, groups, (spec["name"], 1), variables, ctx)}})
    elif kind == "Parallel":
        out["Branches"] = [machine(states, groups, scope, variables, ctx)
                           for scope in sorted(g for g in groups if g[0] == spec["name"])]
    elif kind == "Fail":
        out.update({k: spec[f] for k, f in (("Error", "error"), ("Cause", "cause")) if spec.get(f)})
    if spec.get("retry") and kind in ("Task", "Map", "Parallel"):
        out["Retry"] = [{"ErrorEquals": r.get("errors", ["States.ALL"]), "IntervalSeconds": r.get("interval", 2),
                         "MaxAttempts": r.get("max_attempts", 3), "BackoffRate": r.get("backoff", 2)}
                        for r in spec["retry"]]
    if spec.get("catch") and kind in ("Task", "Map", "Parallel"):
        out["Catch"] = [{"ErrorEquals": c.get("errors", ["States.ALL"]), "Next": c["next"]} for c in spec["catch"]]
    if kind not in TERMINAL:
        after = "" if spec.get("end") else following(spec, members)
        out.update({"Next": after} if after else {"End": True})
    return out


def build(ctx, comp):
    log_group = comp.get("log_group")
    resources = []
    if log_group:
        logs = ctx.primary(log_group)
    else:
        logs = ctx.lid(comp.id, "LogGroup")
        resources.append(Resource(logs, "AWS::Logs::LogGroup", {"RetentionInDays": 30}, stateful=True))
    statements, managed = ctx.statements([comp.id])
    managed = xray.with_tracing(managed, bool(comp.get("tracing")))
    statements.append({"Effect": "Allow", "Action": list(LOG_ACTIONS), "Resource": ["*"]})
    resources.append(service_role(ctx, comp, "states.amazonaws.com", statements, managed))
    props = {"StateMachineName": ctx.physical_name(comp.id), "StateMachineType": comp.get("workflow"),
             "RoleArn": GetAtt(ctx.lid(comp.id, "Role"), "Arn"),
             "TracingConfiguration": {"Enabled": comp.get("tracing")},
             "LoggingConfiguration": {"Level": "ERROR", "IncludeExecutionData": False,
                                      "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": GetAtt(logs, "Arn")}}]},
             "DefinitionString": definition(ctx, comp)}
    resources.append(Resource(ctx.lid(comp.id, PRIMARY), "AWS::StepFunctions::StateMachine", props))
    return resources


def arns(ctx, comp, action):
    return [Ref(ctx.lid(comp.id, PRIMARY))]


def dimensions(ctx, comp):
    return [{"Name": "StateMachineArn", "Value": Ref(ctx.lid(comp.id, PRIMARY))}]


class StepFunctionsType(CfnType):
    catalogue_type = "step-functions"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
