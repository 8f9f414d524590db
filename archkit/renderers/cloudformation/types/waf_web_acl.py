"""waf-web-acl -> a WAFv2 web ACL; a CLOUDFRONT-scope ACL must live in us-east-1, so it goes to that stack."""
from __future__ import annotations

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt
from .base import CfnType

PRIMARY = "WebAcl"
CLOUDFRONT_REGION = "us-east-1"


def visibility(name: str) -> dict:
    return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": pascal(name)}


def rule(spec: dict) -> dict | None:
    kind = spec["kind"]
    if kind == "managed":
        statement = {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": spec["managed_group"]}}
    elif kind == "rate-based":
        statement = {"RateBasedStatement": {"Limit": spec["limit"], "AggregateKeyType": "IP",
                                            "EvaluationWindowSec": int(spec.get("window", 300))}}
    elif kind == "geo-match":
        statement = {"GeoMatchStatement": {"CountryCodes": spec["countries"]}}
    else:
        return None
    action = spec.get("action", "block")
    body = {"Name": spec["name"], "Priority": spec["priority"], "Statement": statement,
            "VisibilityConfig": visibility(spec["name"])}
    if kind == "managed":
        body["OverrideAction"] = {"Count": {}} if action == "count" else {"None": {}}
    else:
        body["Action"] = {pascal(action if action != "none" else "block"): {}}
    return body


def build(ctx, comp):
    scope = comp.get("scope")
    props = {"Scope": scope, "Description": comp.description or comp.name,
             "DefaultAction": {pascal(comp.get("default_action")): {}},
             "VisibilityConfig": visibility(comp.id),
             "Rules": [r for r in map(rule, comp.get("rules", [])) if r]}
    region = CLOUDFRONT_REGION if scope == "CLOUDFRONT" else ""
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::WAFv2::WebACL", props, region=region)]


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


class WafWebAclType(CfnType):
    catalogue_type = "waf-web-acl"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
