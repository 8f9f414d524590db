"""xray -> a sampling rule; writers get AWS's write-only managed policy (X-Ray has no resource-level ARNs)."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import Sub
from .base import CfnType

PRIMARY = "SamplingRule"


def build(ctx, comp):
    rule = {"RuleName": comp.id[:32], "Priority": 1000, "FixedRate": ctx.value(comp, "sampling_rate"),
            "ReservoirSize": ctx.value(comp, "reservoir"), "ServiceName": "*", "ServiceType": "*", "Host": "*",
            "HTTPMethod": "*", "URLPath": "*", "ResourceARN": "*", "Version": 1}
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::XRay::SamplingRule", {"SamplingRule": rule})]


WRITE_ONLY = "arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess"


def managed_policy(ctx, comp):
    return Sub(WRITE_ONLY)


def with_tracing(managed: list, traced: bool) -> list:
    """The managed policies of a role whose function or state machine sends traces: X-Ray's write-only policy
    added (tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource ARNs)."""
    if traced and Sub(WRITE_ONLY) not in managed:
        return [*managed, Sub(WRITE_ONLY)]
    return managed


class XrayType(CfnType):
    catalogue_type = "xray"
    primary = PRIMARY
    build = staticmethod(build)
    managed_policy = staticmethod(managed_policy)
