"""eventbridge-bus -> an event bus and its rules, each rule targeting a component (with a role when needed)."""
from __future__ import annotations

import json

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref
from ._common import service_role
from .base import CfnType

PRIMARY = "EventBus"
ROLE_TARGETS = {"step-functions": "states:StartExecution"}


def build(ctx, comp):
    bus = ctx.lid(comp.id, PRIMARY)
    resources = [Resource(bus, "AWS::Events::EventBus", {"Name": ctx.physical_name(comp.id)})]
    statements = []
    for rule in comp.get("rules", []):
        target = ctx.components.get(rule["target"])
        target_arns = ctx.registry[target.type].arns(ctx, target, "") if target and target.type in ctx.registry else []
        if not target_arns:
            continue
        arn = target_arns[0]
        entry = {"Id": pascal(target.id)[:64], "Arn": arn}
        if target.type == "sqs-queue" and target.get("fifo"):  # EventBridge must name a FIFO message group
            entry["SqsParameters"] = {"MessageGroupId": rule["name"]}
        if target.type in ROLE_TARGETS:
            entry["RoleArn"] = GetAtt(ctx.lid(comp.id, "Role"), "Arn")
            statements.append({"Effect": "Allow", "Action": [ROLE_TARGETS[target.type]], "Resource": [arn]})
        resources.append(Resource(ctx.lid(comp.id, pascal(rule["name"]) + "Rule"), "AWS::Events::Rule", {
            "EventBusName": Ref(bus), "EventPattern": json.loads(rule["pattern"]), "State": "ENABLED",
            "Targets": [entry]}))
    if statements:
        resources.append(service_role(ctx, comp, "events.amazonaws.com", statements, []))
    return resources


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


class EventbridgeBusType(CfnType):
    catalogue_type = "eventbridge-bus"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
