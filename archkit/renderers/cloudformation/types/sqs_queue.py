"""sqs-queue -> an encrypted queue with its redrive policy."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt
from .base import CfnType

PRIMARY = "Queue"


def build(ctx, comp):
    props: dict = {"MessageRetentionPeriod": comp.get("retention"),
                   "VisibilityTimeout": comp.get("visibility_timeout")}
    if comp.get("fifo"):
        props["FifoQueue"] = True
    if comp.get("encrypted"):
        props["SqsManagedSseEnabled"] = True
    if comp.get("dead_letter"):
        props["RedrivePolicy"] = {"deadLetterTargetArn": GetAtt(ctx.primary(comp.get("dead_letter")), "Arn"),
                                  "maxReceiveCount": comp.get("max_receive_count")}
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::SQS::Queue", props, stateful=True)]


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


def dimensions(ctx, comp):
    return [{"Name": "QueueName", "Value": GetAtt(ctx.lid(comp.id, PRIMARY), "QueueName")}]


class SqsQueueType(CfnType):
    catalogue_type = "sqs-queue"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
