"""cloudfront-function -> a CloudFront Function (cloudfront-js-2.0), published on create so that the behaviours
naming it run its LIVE stage. Its code is the model's (`kind: custom`) or one of the small functions below, each
written for the one viewer event it can run on."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt
from .base import CfnType

PRIMARY = "Function"
CODE = {
    "passthrough": "function handler(event) {\n  return event.response || event.request;\n}\n",
    "index-rewrite": ("function handler(event) {\n  var request = event.request;\n"
                      "  if (request.uri.endsWith('/')) {\n    request.uri += 'index.html';\n"
                      "  } else if (!request.uri.split('/').pop().includes('.')) {\n    request.uri += '/index.html';\n  }\n"
                      "  return request;\n}\n"),
    "security-headers": ("function handler(event) {\n  var headers = event.response.headers;\n"
                         "  headers['strict-transport-security'] = {value: 'max-age=63072000; includeSubDomains; preload'};\n"
                         "  headers['x-content-type-options'] = {value: 'nosniff'};\n"
                         "  headers['x-frame-options'] = {value: 'DENY'};\n"
                         "  headers['referrer-policy'] = {value: 'strict-origin-when-cross-origin'};\n"
                         "  return event.response;\n}\n"),
}


def build(ctx, comp):
    kind = comp.get("kind")
    code = comp.get("code") if kind == "custom" else CODE[kind]
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::CloudFront::Function", {
        "Name": ctx.physical_name(comp.id), "AutoPublish": True, "FunctionCode": code,
        "FunctionConfig": {"Comment": (comp.description or comp.name)[:128], "Runtime": "cloudfront-js-2.0"}})]


def association(ctx, comp) -> dict:
    """The behaviour's FunctionAssociations entry for the function."""
    return {"EventType": comp.get("event"), "FunctionARN": GetAtt(ctx.lid(comp.id, PRIMARY), "FunctionARN")}


class CloudFrontFunctionType(CfnType):
    catalogue_type = "cloudfront-function"
    primary = PRIMARY
    build = staticmethod(build)
