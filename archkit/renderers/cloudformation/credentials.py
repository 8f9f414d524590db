"""What a person must do by hand for the credentials and confirmations the templates cannot hold: the page says each
step, named from the generated resources (a connection to authorise, an OIDC provider to register, a client secret
to fetch, e-mail subscriptions to confirm). Secrets the templates generate themselves need no step."""
from __future__ import annotations

from ...site import md

CONNECTION = "AWS::CodeStarConnections::Connection"


def oidc_providers(stack) -> list[tuple[str, str]]:
    """(host, audience) of every OIDC provider a role of the stack trusts."""
    found = []
    for resource in stack.resources.values():
        if resource.type != "AWS::IAM::Role":
            continue
        for statement in resource.properties["AssumeRolePolicyDocument"]["Statement"]:
            federated = statement.get("Principal", {}).get("Federated")
            if federated is None or isinstance(federated, str):  # a service's federation (Cognito identity)
                continue
            host = federated.variables["Provider"]
            found.append((host, statement["Condition"]["StringEquals"][f"{host}:aud"]))
    return found


def steps(ctx, stacks, order) -> list[str]:
    items = []
    for name in order:
        stack = stacks[name]
        where = "the home environment" if stack.environments == [ctx.home] else "each environment"
        for lid, resource in stack.resources.items():
            if resource.type == CONNECTION:
                items.append(f"`{name}` creates the CodeStar connection `{lid}` in *pending* state: after deploying "
                             f"it in {where}, a GitLab maintainer opens Developer Tools > Settings > Connections, "
                             "chooses the connection, *Update pending connection*, and authorises the AWS app in "
                             "GitLab. Until then the pipeline's source action fails; no token is stored in a template.")
            if resource.type == "AWS::Cognito::UserPoolClient" and resource.properties.get("GenerateSecret"):
                items.append(f"`{name}`: Cognito generates the secret of client `{lid}`; it is in no template or "
                             "output. Give it to the client's server from `aws cognito-idp describe-user-pool-client "
                             "--user-pool-id <pool> --client-id <client> --query UserPoolClient.ClientSecret` "
                             "(store it in Secrets Manager, not in code).")
            if resource.type == "AWS::SNS::Subscription" and resource.properties.get("Protocol") in ("email", "email-json"):
                items.append(f"`{name}`: the address of subscription `{lid}` receives a confirmation e-mail per "
                             "environment; alarms reach it only after the link in it is followed.")
        for host, audience in dict.fromkeys(oidc_providers(stack)):
            command = f"aws iam create-open-id-connect-provider --url https://{host} --client-id-list {audience}"
            items.append(f"`{name}`: its role trusts the IAM OIDC identity provider of {md.code(host)}, which the "
                         "templates do not create (one per account, shared by every role that trusts it). Create it "
                         f"once in the account of {where}: {md.code(command)}. GitLab jobs request an ID token for "
                         f"the audience {md.code(audience)} (`id_tokens` in `.gitlab-ci.yml`) and need no stored AWS "
                         "keys.")
    if not items:
        return []
    return ["", "## Credentials and manual steps", "",
            "Credentials no template can hold, and confirmations AWS asks of a person:", ""] + \
        [f"- {item}" for item in items]
