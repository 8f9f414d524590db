"""iam-role -> a role assumed through an OIDC provider (e.g. GitLab CI) or by an AWS service, allowed exactly what
the connections of the components that use it (`deploy_role`) need, limited to the role's own `actions`."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Sub
from ._common import policy_document
from .base import CfnType

PRIMARY = "Role"


def audience(comp) -> str:
    """The `aud` claim the role accepts: what the OIDC tokens (a GitLab job's id_tokens) must be issued for."""
    return comp.get("oidc_audience") or f"https://{comp.get('oidc_provider')}"


def trust(comp) -> dict:
    provider = comp.get("oidc_provider")
    if provider:
        condition = {"StringEquals": {f"{provider}:aud": audience(comp)}}
        if comp.get("oidc_subject"):
            condition["StringLike"] = {f"{provider}:sub": comp.get("oidc_subject")}
        return {"Effect": "Allow", "Action": ["sts:AssumeRoleWithWebIdentity"], "Condition": condition,
                "Principal": {"Federated": Sub(
                    "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/${Provider}", {"Provider": provider})}}
    return {"Effect": "Allow", "Action": ["sts:AssumeRole"], "Principal": {"Service": comp.get("assumed_by")}}


def build(ctx, comp):
    users = [c.id for c in ctx.components.values() if c.get("deploy_role") == comp.id] + [comp.id]
    statements, managed = ctx.statements(users)
    allowed = set(comp.get("actions", []))
    if allowed:
        statements = [dict(s, Action=[a for a in s["Action"] if a in allowed]) for s in statements]
        statements = [s for s in statements if s["Action"]]
    props: dict = {"RoleName": ctx.physical_name(comp.id), "Description": comp.description or comp.name,
                   "AssumeRolePolicyDocument": policy_document([trust(comp)]),
                   "MaxSessionDuration": 3600}
    if statements:
        props["Policies"] = [{"PolicyName": "model-connections", "PolicyDocument": policy_document(statements)}]
    if managed:
        props["ManagedPolicyArns"] = managed
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::IAM::Role", props)]


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


class IamRoleType(CfnType):
    catalogue_type = "iam-role"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
