"""sns-topic -> a named topic, encrypted with a customer-managed key of its own whose policy admits the services
the model's connections publish as (CloudWatch alarms, EventBridge rules: the AWS-managed alias/aws/sns key admits
neither), and its subscriptions to endpoints outside the model (a component's subscription is a connection,
wiring.py)."""
from __future__ import annotations

from ..context import Resource
from ..ids import pascal
from ..intrinsics import Ref, Sub
from .. import wiring
from ._common import account_key, key_use_statements
from .base import CfnType

PRIMARY = "Topic"
KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"]


def build(ctx, comp):
    topic = ctx.lid(comp.id, PRIMARY)
    props: dict = {"TopicName": ctx.physical_name(comp.id), "DisplayName": comp.name}
    resources = []
    if comp.get("encrypted"):
        key = account_key(ctx, comp, "Key", "encrypts the topic's messages")
        key.properties["KeyPolicy"]["Statement"] += publisher_statements(ctx, comp)
        resources.append(key)
        props["KmsMasterKeyId"] = Ref(key.logical_id)
    resources.insert(0, Resource(topic, "AWS::SNS::Topic", props))
    wired = {w["to"] for w in wiring.wires_out(ctx, comp.id, "subscription")}
    for number, sub in enumerate(comp.get("subscriptions", []), start=1):
        endpoint = sub["endpoint"]
        if endpoint in wired:
            continue
        if endpoint in ctx.components:
            target = ctx.components[endpoint]
            if target.type == "sqs-queue":
                wiring.refuse_fifo(ctx, target.id, comp.id, "the SNS standard topic")
            endpoint = ctx.registry[target.type].arns(ctx, target, "")[0]
        resources.append(Resource(ctx.lid(comp.id, f"{pascal(sub['protocol'])}Subscription{number}"),
                                  "AWS::SNS::Subscription",
                                  {"TopicArn": Ref(topic), "Protocol": sub["protocol"], "Endpoint": endpoint}))
    return resources


def publisher_statements(ctx, comp) -> list[dict]:
    return [{"Sid": "Publisher" + pascal(principal.split(".")[0]), "Effect": "Allow",
             "Principal": {"Service": principal}, "Action": KEY_ACTIONS, "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")},
                           "ArnLike": {"aws:SourceArn": sources}}}
            for principal, sources in wiring.publishers(ctx, comp.id).items()]


def key_statement(ctx, comp, actions) -> list[dict]:
    """A role that publishes to the encrypted topic must use its key (connections.yaml says which actions)."""
    return key_use_statements(ctx, comp, actions) if comp.get("encrypted") else []


def arns(ctx, comp, action):
    """By name: a rule's target, a policy or a destination need no import of the topic's stack."""
    return [wiring.topic_arn(ctx, comp.id)]


class SnsTopicType(CfnType):
    catalogue_type = "sns-topic"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    key_statement = staticmethod(key_statement)
