"""Pieces several type modules share: service roles and policy documents."""
from __future__ import annotations

from ..context import Resource


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
