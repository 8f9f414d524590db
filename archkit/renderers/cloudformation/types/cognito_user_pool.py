"""cognito-user-pool -> user pool, hosted UI domain and app clients with the model's token lifetimes."""
from __future__ import annotations

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref, Sub
from .base import CfnType

PRIMARY = "UserPool"
OAUTH_FLOW = {"code": "code", "implicit": "implicit", "client_credentials": "client_credentials"}
AUTH_FLOW = {"user-srp": "ALLOW_USER_SRP_AUTH", "user-password": "ALLOW_USER_PASSWORD_AUTH",
             "custom": "ALLOW_CUSTOM_AUTH", "admin-user-password": "ALLOW_ADMIN_USER_PASSWORD_AUTH"}


def build(ctx, comp):
    pool = ctx.lid(comp.id, PRIMARY)
    sign_in = comp.get("sign_in", ["email"])
    props: dict = {
        "UserPoolName": ctx.physical_name(comp.id), "MfaConfiguration": ctx.value(comp, "mfa"),
        "EnabledMfas": ["SOFTWARE_TOKEN_MFA"], "DeletionProtection": "ACTIVE",
        "Policies": {"PasswordPolicy": {"MinimumLength": comp.get("password_min_length"), "RequireLowercase": True,
                                        "RequireUppercase": True, "RequireNumbers": True, "RequireSymbols": True}},
        "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"}}
    attributes = [a if a != "phone" else "phone_number" for a in sign_in if a != "username"]
    if attributes:
        props["UsernameAttributes"] = attributes
        props["AutoVerifiedAttributes"] = attributes
    resources = [Resource(pool, "AWS::Cognito::UserPool", props, stateful=True)]
    if comp.get("hosted_domain"):
        resources.append(Resource(ctx.lid(comp.id, "Domain"), "AWS::Cognito::UserPoolDomain", {
            "UserPoolId": Ref(pool), "Domain": Sub("${Prefix}-${Environment}", {"Prefix": comp.get("hosted_domain")})}))
        ctx.parameter_system()
    for client, lid in zip(comp.get("clients"), client_lids(ctx, comp)):
        resources.append(Resource(lid, "AWS::Cognito::UserPoolClient", client_properties(pool, client)))
    return resources


def client_lids(ctx, comp) -> list[str]:
    """Logical ids of the pool's app clients, in the model's order."""
    return [ctx.lid(comp.id, pascal(client["name"]) + "Client") for client in comp.get("clients")]


def client_properties(pool: str, client: dict) -> dict:
    props: dict = {
        "UserPoolId": Ref(pool), "ClientName": client["name"], "GenerateSecret": client.get("generate_secret", False),
        "IdTokenValidity": client.get("id_token_validity", 60),
        "AccessTokenValidity": client.get("access_token_validity", 60),
        "RefreshTokenValidity": client.get("refresh_token_validity", 43200),
        "TokenValidityUnits": {"IdToken": "minutes", "AccessToken": "minutes", "RefreshToken": "minutes"},
        "ExplicitAuthFlows": [AUTH_FLOW[f] for f in client.get("auth_flows", ["user-srp"])] + ["ALLOW_REFRESH_TOKEN_AUTH"],
        "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": True,
        "SupportedIdentityProviders": ["COGNITO"]}
    flows = client.get("oauth_flows", [])
    if flows:
        props.update({"AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": [OAUTH_FLOW[f] for f in flows],
                      "AllowedOAuthScopes": client.get("scopes", ["openid"])})
        if client.get("callback_urls"):
            props["CallbackURLs"] = client["callback_urls"]
        if client.get("logout_urls"):
            props["LogoutURLs"] = client["logout_urls"]
    return props


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


class CognitoUserPoolType(CfnType):
    catalogue_type = "cognito-user-pool"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
