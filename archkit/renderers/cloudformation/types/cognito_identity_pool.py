"""cognito-identity-pool -> an identity pool that hands AWS credentials to users signed in through its user
pools' app clients (no guest identities), and the role those credentials are for: assumable only with a web
identity token of this identity pool for an authenticated identity, allowed what the pool's connections in the
model say (a mobile app putting objects in a bucket), nothing else."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref
from ._common import policy_document
from .base import CfnType
from .cognito_user_pool import client_lids

PRIMARY = "IdentityPool"
COGNITO_IDENTITY = "cognito-identity.amazonaws.com"


def build(ctx, comp):
    pool = ctx.lid(comp.id, PRIMARY)
    providers = [{"ClientId": Ref(client), "ProviderName": GetAtt(ctx.primary(user_pool), "ProviderName"),
                  "ServerSideTokenCheck": bool(comp.get("server_side_token_check"))}
                 for user_pool in comp.get("user_pools") for client in client_lids(ctx, ctx.components[user_pool])]
    identity_pool = Resource(pool, "AWS::Cognito::IdentityPool", {
        "IdentityPoolName": ctx.physical_name(comp.id),
        "AllowUnauthenticatedIdentities": False, "AllowClassicFlow": False,
        "CognitoIdentityProviders": providers})
    role = authenticated_role(ctx, comp, pool)
    attachment = Resource(ctx.lid(comp.id, "RoleAttachment"), "AWS::Cognito::IdentityPoolRoleAttachment", {
        "IdentityPoolId": Ref(pool), "Roles": {"authenticated": GetAtt(role.logical_id, "Arn")}})
    return [identity_pool, role, attachment]


def authenticated_role(ctx, comp, pool: str) -> Resource:
    statements, managed = ctx.statements([comp.id])
    trust = {"Effect": "Allow", "Principal": {"Federated": COGNITO_IDENTITY},
             "Action": ["sts:AssumeRoleWithWebIdentity"],
             "Condition": {"StringEquals": {f"{COGNITO_IDENTITY}:aud": Ref(pool)},
                           "ForAnyValue:StringLike": {f"{COGNITO_IDENTITY}:amr": "authenticated"}}}
    props: dict = {"Description": f"{comp.name}: what signed-in users may do (its connections in the model)",
                   "AssumeRolePolicyDocument": policy_document([trust])}
    if statements:
        props["Policies"] = [{"PolicyName": "model-connections", "PolicyDocument": policy_document(statements)}]
    if managed:
        props["ManagedPolicyArns"] = managed
    return Resource(ctx.lid(comp.id, "Role"), "AWS::IAM::Role", props)


class CognitoIdentityPoolType(CfnType):
    catalogue_type = "cognito-identity-pool"
    primary = PRIMARY
    build = staticmethod(build)
