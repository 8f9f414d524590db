"""ssm-parameter -> a String or StringList parameter named /<system>/<environment>/<component id>, its value per
environment (a parameter of the stack when the environments differ). CloudFormation cannot create SecureString
parameters: secrets are secrets-manager-secret components."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import Sub
from .base import CfnType

PRIMARY = "Parameter"
MAX_BYTES = {"Standard": 4096, "Advanced": 8192, "Intelligent-Tiering": 8192}  # SSM's limits on a value


def name(ctx, comp) -> Sub:
    ctx.parameter_system()
    return Sub("/${SystemName}/${Environment}/" + comp.id)


def refuse_oversized(ctx, comp) -> None:
    from ..split import PlacementError
    limit = MAX_BYTES[comp.get("tier")]
    for env in sorted(ctx.environments):
        size = len(str(comp.props(env).get("value", "")).encode())
        if size > limit:
            raise PlacementError(f"ssm-parameter '{comp.id}': its value in {env} is {size} bytes, over the "
                                 f"{limit} bytes of a {comp.get('tier')} parameter", [comp.id],
                                 "set tier: Advanced (up to 8 KB), or keep the value in an S3 object")


def build(ctx, comp):
    refuse_oversized(ctx, comp)
    props: dict = {"Name": name(ctx, comp), "Type": comp.get("kind"), "Value": ctx.value(comp, "value"),
                   "Tier": comp.get("tier"), "Description": comp.description or comp.name}
    if comp.get("allowed_pattern"):
        props["AllowedPattern"] = comp.get("allowed_pattern")
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::SSM::Parameter", props)]


def arns(ctx, comp, action):
    """By name: a reader's policy needs no import of the parameter's stack."""
    ctx.parameter_system()
    return [Sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${SystemName}/${Environment}/"
                + comp.id, region_of=comp.id)]


class SsmParameterType(CfnType):
    catalogue_type = "ssm-parameter"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
