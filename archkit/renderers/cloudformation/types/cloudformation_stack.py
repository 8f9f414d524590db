"""cloudformation-stack -> no resource of its own (a pipeline deploys it); callers get its stack ARN."""
from __future__ import annotations

from ..intrinsics import Sub

PRIMARY = ""


def stack_name(ctx, comp, environment: str) -> str:
    return f"{ctx.system_slug}-{environment}-{comp.id}"


def build(ctx, comp):
    return []


def arns(ctx, comp, action):
    return [Sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${Name}/*",
                {"Name": stack_name(ctx, comp, env)}) for env in ctx.environments]
