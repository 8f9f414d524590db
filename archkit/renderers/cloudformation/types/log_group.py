"""log-group -> a log group with retention, kept in the stack of the component that writes to it."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Sub
from .base import CfnType

PRIMARY = "LogGroup"


def colocate(ctx, comp) -> str:
    source = comp.get("source")
    return source if source in ctx.components and ctx.components[source].type in ctx.registry else ""


def build(ctx, comp):
    ctx.parameter_system()
    props = {"LogGroupName": Sub("/${SystemName}/${Environment}/" + comp.id),
             "RetentionInDays": ctx.value(comp, "retention_days")}
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::Logs::LogGroup", props, stateful=True)]


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


class LogGroupType(CfnType):
    catalogue_type = "log-group"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    colocate = staticmethod(colocate)
