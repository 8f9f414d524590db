"""dynamodb-table -> a table with point-in-time recovery, encryption, streams, TTL and indexes; with
`encryption: CUSTOMER_MANAGED`, the table's own KMS key (rotated, kept when the stack goes)."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Sub
from ._common import account_key, key_use_statements
from .base import CfnType

PRIMARY = "Table"
SSE = {"AWS_OWNED": {"SSEEnabled": False}, "AWS_MANAGED": {"SSEEnabled": True, "SSEType": "KMS"},
       "CUSTOMER_MANAGED": {"SSEEnabled": True, "SSEType": "KMS"}}
INDEX_ACTIONS = {"dynamodb:Query", "dynamodb:Scan"}


def build(ctx, comp):
    keys = [("HASH", comp.get("partition_key")), ("RANGE", comp.get("sort_key"))]
    attributes = {k["name"]: k.get("type", "S") for _, k in keys if k}
    indexes = []
    for index in comp.get("indexes", []):
        schema = [{"AttributeName": index["partition_key"], "KeyType": "HASH"}]
        attributes.setdefault(index["partition_key"], "S")
        if index.get("sort_key"):
            schema.append({"AttributeName": index["sort_key"], "KeyType": "RANGE"})
            attributes.setdefault(index["sort_key"], "S")
        indexes.append({"IndexName": index["name"], "KeySchema": schema, "Projection": {"ProjectionType": "ALL"}})
    props: dict = {
        "TableName": ctx.physical_name(comp.id), "BillingMode": comp.get("billing_mode"),
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()],
        "KeySchema": [{"AttributeName": k["name"], "KeyType": kind} for kind, k in keys if k],
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": comp.get("point_in_time_recovery")},
        "SSESpecification": dict(SSE[comp.get("encryption")]), "DeletionProtectionEnabled": True}
    resources = []
    if comp.get("encryption") == "CUSTOMER_MANAGED":
        key = account_key(ctx, comp, "Key", "encrypts the table at rest")
        props["SSESpecification"]["KMSMasterKeyId"] = GetAtt(key.logical_id, "Arn")
        resources.append(key)
    if comp.get("billing_mode") == "PROVISIONED":
        props["ProvisionedThroughput"] = {"ReadCapacityUnits": comp.get("read_capacity", 5),
                                          "WriteCapacityUnits": comp.get("write_capacity", 5)}
    if indexes:
        props["GlobalSecondaryIndexes"] = indexes
    if comp.get("stream", "NONE") != "NONE":
        props["StreamSpecification"] = {"StreamViewType": comp.get("stream")}
    if comp.get("ttl_attribute"):
        props["TimeToLiveSpecification"] = {"AttributeName": comp.get("ttl_attribute"), "Enabled": True}
    if any(comp.props(env).get("replicas") for env in ctx.environments):
        return resources + [global_table(ctx, comp, props)]
    return resources + [Resource(ctx.lid(comp.id, PRIMARY), "AWS::DynamoDB::Table", props, stateful=True)]


def global_table(ctx, comp, table: dict) -> Resource:
    """The table as a global table: the settings each replica keeps (recovery, deletion protection) move into
    the replicas, one in the environment's region and one in each region the model names; streams carry the
    changes between them (NEW_AND_OLD_IMAGES, as replication needs)."""
    props = {k: v for k, v in table.items() if k not in ("PointInTimeRecoverySpecification",
                                                          "DeletionProtectionEnabled")}
    props["StreamSpecification"] = {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    per_env = {env: replicas(ctx, comp, env, table) for env in ctx.environments}
    props["Replicas"] = per_environment(ctx, per_env)
    return Resource(ctx.lid(comp.id, PRIMARY), "AWS::DynamoDB::GlobalTable", props, stateful=True)


def replicas(ctx, comp, env: str, table: dict) -> list[dict]:
    home = ctx.environments[env]["region"]
    regions = [home] + [r for r in comp.props(env).get("replicas") or [] if r != home]
    return [{"Region": region, "DeletionProtectionEnabled": True,
             "PointInTimeRecoverySpecification": table["PointInTimeRecoverySpecification"]} for region in regions]


def per_environment(ctx, values: dict[str, list]):
    """One value when every environment agrees, else a choice by the Environment parameter (Fn::If)."""
    distinct = list(dict.fromkeys(repr(v) for v in values.values()))
    if len(distinct) == 1:
        return next(iter(values.values()))
    envs = list(values)
    chosen = values[envs[-1]]
    for env in reversed(envs[:-1]):
        chosen = {"Fn::If": [ctx.in_environment(env), values[env], chosen]}
    return chosen


def arns(ctx, comp, action):
    table = GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")
    if action in INDEX_ACTIONS and comp.get("indexes"):
        return [table, Sub("${Table}/index/*", {"Table": table})]
    return [table]


def key_statement(ctx, comp, actions) -> list[dict]:
    """A role that reads or writes a table with its own key must use the key (connections.yaml says which)."""
    return key_use_statements(ctx, comp, actions) if comp.get("encryption") == "CUSTOMER_MANAGED" else []


class DynamodbTableType(CfnType):
    catalogue_type = "dynamodb-table"
    primary = PRIMARY
    build = staticmethod(build)
    key_statement = staticmethod(key_statement)
    arns = staticmethod(arns)
