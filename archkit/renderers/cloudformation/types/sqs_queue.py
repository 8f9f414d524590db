"""sqs-queue -> an encrypted queue with its redrive policy; a FIFO queue is named <system>-<environment>-<id>.fifo
(SQS requires the suffix) with its deduplication settings, and its dead-letter queue must be FIFO too."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Sub
from .base import CfnType

PRIMARY = "Queue"


def build(ctx, comp):
    props: dict = {"MessageRetentionPeriod": comp.get("retention"),
                   "VisibilityTimeout": comp.get("visibility_timeout")}
    if comp.get("fifo"):
        ctx.parameter_system()
        props.update({"QueueName": Sub("${SystemName}-${Environment}-" + comp.id + ".fifo"), "FifoQueue": True,
                      "ContentBasedDeduplication": comp.get("content_based_deduplication", False),
                      "DeduplicationScope": comp.get("deduplication_scope", "queue"),
                      "FifoThroughputLimit": comp.get("throughput_limit", "perQueue")})
    if comp.get("encrypted"):
        props["SqsManagedSseEnabled"] = True
    if comp.get("dead_letter"):
        dead_letter = ctx.components[comp.get("dead_letter")]
        if bool(dead_letter.get("fifo")) != bool(comp.get("fifo")):
            refuse(comp, f"its dead-letter queue '{dead_letter.id}' is {kind(dead_letter)}, the queue {kind(comp)}",
                   "make both queues FIFO, or neither (SQS moves messages only between queues of one kind)")
        props["RedrivePolicy"] = {"deadLetterTargetArn": GetAtt(ctx.primary(comp.get("dead_letter")), "Arn"),
                                  "maxReceiveCount": comp.get("max_receive_count")}
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::SQS::Queue", props, stateful=True)]


def kind(comp) -> str:
    return "FIFO" if comp.get("fifo") else "standard"


def refuse(comp, why: str, fix: str) -> None:
    from ..split import PlacementError
    raise PlacementError(f"sqs-queue '{comp.id}': {why}", [comp.id], fix)


def refuse_fifo(ctx, queue_id: str, sender: str, what: str) -> None:
    """Senders that cannot write to a FIFO queue (an SNS standard topic, Lambda's failure destinations)."""
    queue = ctx.components[queue_id]
    if queue.get("fifo"):
        refuse(queue, f"it is FIFO, and {what} '{sender}' can send only to standard queues",
               f"use a standard queue for {sender}, or drop fifo: true")


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
