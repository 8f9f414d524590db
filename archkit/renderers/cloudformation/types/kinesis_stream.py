"""kinesis-stream -> a data stream, on-demand or with provisioned shards, encrypted with the AWS managed key
aws/kinesis (which needs no key permission for producers and consumers). A function reading it is a connection
(wiring.py: an event-source mapping)."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref
from .base import CfnType

PRIMARY = "Stream"


def build(ctx, comp):
    props: dict = {"Name": ctx.physical_name(comp.id), "RetentionPeriodHours": ctx.value(comp, "retention_hours"),
                   "StreamModeDetails": {"StreamMode": comp.get("mode")}}
    if comp.get("mode") == "PROVISIONED":
        props["ShardCount"] = ctx.value(comp, "shards")
    if comp.get("encrypted"):
        props["StreamEncryption"] = {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::Kinesis::Stream", props, stateful=True)]


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


def dimensions(ctx, comp):
    return [{"Name": "StreamName", "Value": Ref(ctx.lid(comp.id, PRIMARY))}]


class KinesisStreamType(CfnType):
    catalogue_type = "kinesis-stream"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
