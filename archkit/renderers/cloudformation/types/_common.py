"""Pieces several type modules share: service roles and policy documents."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import Ref, Sub


def policy_document(statements: list[dict]) -> dict:
    return {"Version": "2012-10-17", "Statement": statements}


def service_role(ctx, comp, service: str, statements: list[dict], managed: list, suffix: str = "Role") -> Resource:
    props: dict = {"Description": f"{comp.name}: what its connections in the model need",
                   "AssumeRolePolicyDocument": policy_document([{
                       "Effect": "Allow", "Principal": {"Service": service}, "Action": ["sts:AssumeRole"]}])}
    if statements:
        props["Policies"] = [{"PolicyName": "model-connections", "PolicyDocument": policy_document(statements)}]
    if managed:
        props["ManagedPolicyArns"] = managed
    return Resource(ctx.lid(comp.id, suffix), "AWS::IAM::Role", props)


def account_key(ctx, comp, suffix: str, purpose: str) -> Resource:
    """A customer-managed KMS key with rotation, administered through IAM by the account that owns it."""
    root = Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")
    return Resource(ctx.lid(comp.id, suffix), "AWS::KMS::Key", {
        "Description": f"{comp.name}: {purpose}", "EnableKeyRotation": True,
        "KeyPolicy": policy_document([{"Sid": "AccountAdministersTheKeyThroughIam", "Effect": "Allow",
                                       "Principal": {"AWS": root}, "Action": ["kms:*"], "Resource": "*"}])},
        stateful=True)


def key_use_statements(ctx, comp, actions) -> list[dict]:
    """A caller with `actions` on a component encrypted with its own key must use that key: the kms actions the
    catalogue says (connections.yaml, sdk-call's key_use), on the account's keys, only through the component's
    service (the key's ARN would make the caller's stack import the component's)."""
    from ....model.connections import key_use
    service, needed = key_use(comp.type, actions)
    if not needed:
        return []
    return [{"Effect": "Allow", "Action": list(needed),
             "Resource": [Sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*", region_of=comp.id)],
             "Condition": {"StringEquals": {"kms:ViaService": Sub(service + ".${AWS::Region}.amazonaws.com",
                                                                  region_of=comp.id)}}}]


def code_package(ctx, key: str) -> dict:
    """Where a function's or layer's package is: the object <system>/<key> in the team's code bucket, which each
    environment's parameter file names <system>-code-<account>-<region> (created once per account, like the
    deploy policy; the build uploads the packages there before the stacks deploy)."""
    ctx.parameter_system()
    ctx.parameters.setdefault("CodeBucket", {"definition": {
        "Type": "String", "AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        "Description": "Bucket holding the function and layer packages (<system>/<component>.zip), team-owned: "
                       "create it once per account; the parameter files name it <system>-code-<account>-<region>"},
        "values": {env: f"{ctx.system_slug}-code-{e['account']}-{e['region']}" for env, e in ctx.environments.items()}})
    return {"S3Bucket": Ref("CodeBucket"), "S3Key": Sub("${SystemName}/" + key)}
