"""sns-topic -> an encrypted topic and its subscriptions."""
from __future__ import annotations

from ..context import Resource
from ..ids import pascal
from ..intrinsics import Ref

PRIMARY = "Topic"


def build(ctx, comp):
    topic = ctx.lid(comp.id, PRIMARY)
    props: dict = {"DisplayName": comp.name}
    if comp.get("encrypted"):
        props["KmsMasterKeyId"] = "alias/aws/sns"
    resources = [Resource(topic, "AWS::SNS::Topic", props)]
    for number, sub in enumerate(comp.get("subscriptions", []), start=1):
        endpoint = sub["endpoint"]
        if endpoint in ctx.components:
            target = ctx.components[endpoint]
            endpoint = ctx.registry[target.type].arns(ctx, target, "")[0]
        resources.append(Resource(ctx.lid(comp.id, f"{pascal(sub['protocol'])}Subscription{number}"),
                                  "AWS::SNS::Subscription",
                                  {"TopicArn": Ref(topic), "Protocol": sub["protocol"], "Endpoint": endpoint}))
    return resources


def arns(ctx, comp, action):
    return [Ref(ctx.lid(comp.id, PRIMARY))]
