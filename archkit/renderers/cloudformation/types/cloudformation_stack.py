"""cloudformation-stack -> no resource of its own: a pipeline action that deploys it deploys every generated stack
of the system, `<system>-<environment>-<stack>`; callers get those stacks' ARNs."""
from __future__ import annotations

from ..intrinsics import Sub
from .base import CfnType

PRIMARY = ""


def stack_name(ctx, environment: str, stack: str) -> str:
    return f"{ctx.system_slug}-{environment}-{stack}"


def build(ctx, comp):
    return []


def arns(ctx, comp, action):
    return [Sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${Name}/*",
                {"Name": stack_name(ctx, env, "*")}) for env in ctx.environments]


class CloudformationStackType(CfnType):
    catalogue_type = "cloudformation-stack"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
