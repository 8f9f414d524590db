"""Issue 15: Cognito settings per app client (sign-in flows, token lifetimes, callback and sign-out URLs, what MFA
the client's users need) and identity pools that give signed-in users AWS credentials for a role with exactly the
identity pool's connections. Cognito sets MFA per user pool: a client whose MFA differs from its pool's is an
error (AUTH004) that says to use a second pool. Deployed by test_deploy_moto (tests/models/services)."""
from __future__ import annotations

import pytest

from archkit.model import load_model
from archkit.model.connections import wires
from archkit.renderers.cloudformation.assemble import build
from archkit.renderers.cloudformation.snapshot import templates_payload
from archkit.rules.engine import run_rules

MODEL = """
system: {name: Shop}
environments:
  dev: {account: "111111111111", region: eu-west-1}
  live: {account: "222222222222", region: eu-west-1, production: true}
components:
  customers:
    type: cognito-user-pool
    clients:
      - {name: app, mfa: optional, auth_flows: [user-srp, custom], logout_urls: ['shop://bye'], id_token_validity: 30}
      - {name: partner, generate_secret: true, auth_flows: [admin-user-password], oauth_flows: []}
  staff:
    type: cognito-user-pool
    mfa: 'ON'
    clients: [{name: console, mfa: required}]
  identities: {type: cognito-identity-pool, user_pools: [customers, staff]}
  uploads: {type: s3-bucket, encryption: SSE-KMS}
connections:
  - {from: identities, to: uploads, protocol: HTTPS, permissions: ["s3:PutObject"]}
"""


@pytest.fixture
def built(write_model):
    model = load_model(write_model({"model.yaml": MODEL}))
    result = build(templates_payload(model))
    return model, result, {lid: r for s in result.stacks.values() for lid, r in s.resources.items()}


def test_each_client_gets_its_own_flows_lifetimes_and_urls(built):
    _, _, placed = built
    app = placed["CustomersAppClient"].properties
    assert app["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert app["LogoutURLs"] == ["shop://bye"] and app["IdTokenValidity"] == 30 and app["AccessTokenValidity"] == 60
    partner = placed["CustomersPartnerClient"].properties
    assert partner["ExplicitAuthFlows"] == ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert partner["GenerateSecret"] is True and "AllowedOAuthFlows" not in partner
    assert placed["StaffUserPool"].properties["MfaConfiguration"] == "ON"


def test_the_identity_pool_trusts_every_client_of_its_user_pools_and_no_guests(built):
    _, _, placed = built
    pool = placed["IdentitiesIdentityPool"].properties
    assert pool["AllowUnauthenticatedIdentities"] is False and pool["AllowClassicFlow"] is False
    assert [(p["ClientId"].name, p["ProviderName"].resource) for p in pool["CognitoIdentityProviders"]] == [
        ("CustomersAppClient", "CustomersUserPool"), ("CustomersPartnerClient", "CustomersUserPool"),
        ("StaffConsoleClient", "StaffUserPool")]
    roles = placed["IdentitiesRoleAttachment"].properties["Roles"]
    assert list(roles) == ["authenticated"] and roles["authenticated"].resource == "IdentitiesRole"


def test_signed_in_users_may_do_what_the_connections_say_on_that_bucket_only(built):
    _, _, placed = built
    role = placed["IdentitiesRole"].properties
    [trust] = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Action"] == ["sts:AssumeRoleWithWebIdentity"]
    assert trust["Condition"]["StringEquals"]["cognito-identity.amazonaws.com:aud"].name == "IdentitiesIdentityPool"
    granted = role["Policies"][0]["PolicyDocument"]["Statement"]
    actions = {a for s in granted for a in s["Action"]}
    assert "s3:PutObject" in actions and {"kms:GenerateDataKey"} <= actions  # the bucket's own key, through S3
    assert not any(a.endswith("*") for a in actions)


def test_the_user_pools_are_wired_as_identity_providers(built):
    model, result, _ = built
    kinds = {w.id: w.kind.name for w in wires(model)}
    assert kinds["identities->customers"] == "identity-provider" and kinds["identities->staff"] == "identity-provider"
    assert kinds["identities->uploads"] == "sdk-call"
    assert "IdentitiesIdentityPool" in result.context.realised["identities->staff"]["lids"]


def test_a_client_whose_mfa_its_pool_does_not_enforce_is_an_error_that_says_use_two_pools(write_model):
    text = MODEL.replace("{name: app, mfa: optional", "{name: app, mfa: required").replace(
        "clients: [{name: console, mfa: required}]", "clients: [{name: console, mfa: optional}]")
    found = [f for f in run_rules(load_model(write_model({"model.yaml": text}))).findings if f.rule == "AUTH004"]
    assert sorted(f.message for f in found) == [
        "client 'app' has mfa required, but the pool's mfa is OPTIONAL, and Cognito enforces MFA per pool",
        "client 'console' has mfa optional, but the pool's mfa is ON, and Cognito enforces MFA per pool"]
    assert all(f.severity == "error" and "a second cognito-user-pool component" in f.fix for f in found)


def test_the_mfa_of_one_environment_is_named_when_only_it_disagrees(write_model):
    text = MODEL.replace("    mfa: 'ON'\n", "    mfa: 'ON'\n    overrides: {dev: {mfa: OPTIONAL}}\n")
    found = [f for f in run_rules(load_model(write_model({"model.yaml": text}))).findings if f.rule == "AUTH004"]
    assert [f.message for f in found] == [
        "client 'console' has mfa required, but the pool's mfa is OPTIONAL in dev, and Cognito enforces MFA per pool"]
