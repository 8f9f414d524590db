"""eventbridge-schedule -> an EventBridge Scheduler schedule and the role it invokes its target with (Scheduler
uses the role, not the target's resource policy); a FIFO queue target gets a message group."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from ._common import service_role
from .base import CfnType

PRIMARY = "Schedule"
ACTIONS = {"lambda": "lambda:InvokeFunction", "sqs-queue": "sqs:SendMessage", "sns-topic": "sns:Publish",
           "step-functions": "states:StartExecution"}


def build(ctx, comp):
    target = ctx.components[comp.get("target")]
    module, action = ctx.registry[target.type], ACTIONS[target.type]
    arn = module.arns(ctx, target, action)[0]
    statements = [{"Effect": "Allow", "Action": [action], "Resource": [arn]}] + module.key_statement(ctx, target,
                                                                                                    [action])
    role = service_role(ctx, comp, "scheduler.amazonaws.com", statements, [])
    role.properties["AssumeRolePolicyDocument"]["Statement"][0]["Condition"] = {
        "StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")}}
    window = comp.get("flexible_window")
    entry: dict = {"Arn": arn, "RoleArn": GetAtt(role.logical_id, "Arn"),
                   "RetryPolicy": {"MaximumRetryAttempts": comp.get("max_retries"),
                                   "MaximumEventAgeInSeconds": comp.get("max_event_age")}}
    if comp.get("input"):
        entry["Input"] = comp.get("input")
    if target.type == "sqs-queue" and target.get("fifo"):
        entry["SqsParameters"] = {"MessageGroupId": comp.id}
    props = {"Name": ctx.physical_name(comp.id), "Description": comp.description or comp.name, "ScheduleExpression": comp.get("expression"),
             "ScheduleExpressionTimezone": comp.get("timezone"), "State": "ENABLED",
             "FlexibleTimeWindow": {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": window} if window else {"Mode": "OFF"},
             "Target": entry}
    return [role, Resource(ctx.lid(comp.id, PRIMARY), "AWS::Scheduler::Schedule", props)]


def arns(ctx, comp, action):
    """By name: a function that manages the schedule which invokes it would otherwise close a reference cycle
    (its role -> the schedule -> the schedule's role -> the function)."""
    ctx.parameter_system()
    return [Sub("arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/default/${SystemName}-"
                "${Environment}-" + comp.id, region_of=comp.id)]


class EventbridgeScheduleType(CfnType):
    catalogue_type = "eventbridge-schedule"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
