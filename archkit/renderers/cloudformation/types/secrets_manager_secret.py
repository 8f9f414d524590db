"""secrets-manager-secret -> a secret whose value Secrets Manager generates (never in the model or the templates),
encrypted with a KMS key of its own unless `encryption: AWS_MANAGED`. Rotation is a connection to the rotation
function (wiring.py: the schedule and Secrets Manager's permission to invoke it)."""
from __future__ import annotations

import json

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from ._common import account_key, key_use_statements
from .base import CfnType

PRIMARY = "Secret"


def build(ctx, comp):
    generate: dict = {"PasswordLength": comp.get("length"), "ExcludePunctuation": comp.get("exclude_punctuation")}
    if comp.get("username"):
        generate.update({"SecretStringTemplate": json.dumps({"username": comp.get("username")}),
                         "GenerateStringKey": "password"})
    props: dict = {"Name": ctx.physical_name(comp.id), "Description": comp.description or comp.name,
                   "GenerateSecretString": generate}
    resources = []
    if comp.get("encryption") == "CUSTOMER_MANAGED":
        key = account_key(ctx, comp, "Key", "encrypts the secret")
        props["KmsKeyId"] = GetAtt(key.logical_id, "Arn")
        resources.append(key)
    return resources + [Resource(ctx.lid(comp.id, PRIMARY), "AWS::SecretsManager::Secret", props, stateful=True)]


def arns(ctx, comp, action):
    """The secret (Ref is its ARN); for kms actions of its rotation function, the secret's own key."""
    if action.startswith("kms:"):
        return [GetAtt(ctx.lid(comp.id, "Key"), "Arn")] if comp.get("encryption") == "CUSTOMER_MANAGED" else []
    return [Ref(ctx.lid(comp.id, PRIMARY))]


def key_statement(ctx, comp, actions) -> list[dict]:
    """A role that reads or writes the secret must use its key (connections.yaml says which actions)."""
    return key_use_statements(ctx, comp, actions) if comp.get("encryption") == "CUSTOMER_MANAGED" else []


class SecretsManagerSecretType(CfnType):
    catalogue_type = "secrets-manager-secret"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    key_statement = staticmethod(key_statement)
