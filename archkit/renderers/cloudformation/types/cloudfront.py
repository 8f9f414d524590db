"""cloudfront -> a distribution with origin access control for bucket origins, HTTPS-only API origins, the
certificate and web ACL from the us-east-1 stack, and standard logging. An origin with `access: custom-header` gets
the secret header its target defines (origin_headers), so the target can refuse requests that bypass CloudFront."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from . import cloudfront_function
from .base import CfnType

PRIMARY = "Distribution"
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"  # the fixed hosted zone of every CloudFront alias
CACHE_POLICY = {"optimized": "658327ea-f89d-4fab-a63d-7e88639e58f6", "disabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]


def build(ctx, comp):
    resources, origins, behaviours, default = [], [], [], None
    oac = ctx.lid(comp.id, "OriginAccessControl")
    for spec in comp.get("origins"):
        target = ctx.components[spec["target"]]
        origin = origin_for(ctx, comp, spec, target, oac)
        origins.append(origin)
        behaviour = {"TargetOriginId": origin["Id"], "ViewerProtocolPolicy": comp.get("viewer_protocol_policy"),
                     "CachePolicyId": CACHE_POLICY[spec.get("cache", "optimized")], "Compress": True}
        if "CustomOriginConfig" in origin:
            behaviour.update({"AllowedMethods": ALL_METHODS, "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST})
        behaviour.update(function_associations(ctx, spec))
        if spec.get("path_pattern"):
            behaviours.append({"PathPattern": spec["path_pattern"], **behaviour})
        elif default is None:
            default = behaviour
    if any(spec.get("access", "origin-access-control") == "origin-access-control" for spec in comp.get("origins")):
        resources.append(Resource(oac, "AWS::CloudFront::OriginAccessControl", {"OriginAccessControlConfig": {
            "Name": Sub("${AWS::StackName}-" + comp.id), "OriginAccessControlOriginType": "s3",
            "SigningBehavior": "always", "SigningProtocol": "sigv4"}}))
    if not origins:
        from ..split import PlacementError
        raise PlacementError(f"cloudfront '{comp.id}' has no origins: a distribution needs at least one", [comp.id],
                             "add an origin: `origins: [{name: site, target: <s3-bucket or api-gateway-rest>}]`")
    config: dict = {"Enabled": True, "Comment": comp.name, "HttpVersion": comp.get("http_version"),
                    "IPV6Enabled": True, "PriceClass": comp.get("price_class"),
                    "DefaultRootObject": comp.get("default_root_object"), "Origins": origins,
                    "DefaultCacheBehavior": default or behaviours.pop(0)}
    if behaviours:
        config["CacheBehaviors"] = behaviours
    if comp.get("aliases"):
        config["Aliases"] = ctx.value(comp, "aliases")
    if comp.get("certificate"):
        config["ViewerCertificate"] = {"AcmCertificateArn": Ref(ctx.primary(comp.get("certificate"))),
                                       "SslSupportMethod": "sni-only",
                                       "MinimumProtocolVersion": comp.get("minimum_protocol_version")}
    if comp.get("web_acl"):
        config["WebACLId"] = GetAtt(ctx.primary(comp.get("web_acl")), "Arn")
    if comp.get("access_log_bucket"):
        config["Logging"] = {"Bucket": GetAtt(ctx.primary(comp.get("access_log_bucket")), "DomainName"),
                             "Prefix": f"cloudfront/{comp.id}/", "IncludeCookies": False}
    resources.append(Resource(ctx.lid(comp.id, PRIMARY), "AWS::CloudFront::Distribution",
                              {"DistributionConfig": config}))
    return resources


def function_associations(ctx, spec) -> dict:
    """The behaviour's CloudFront Functions and Lambda@Edge functions (a numbered version, from us-east-1)."""
    found: dict = {}
    functions = [cloudfront_function.association(ctx, ctx.components[f]) for f in spec.get("functions", [])]
    if functions:
        found["FunctionAssociations"] = functions
    edge = [{"EventType": e["event"], "LambdaFunctionARN": Ref(ctx.lid(e["function"], "Version")),
             **({"IncludeBody": True} if e.get("include_body") else {})} for e in spec.get("edge_functions", [])]
    if edge:
        found["LambdaFunctionAssociations"] = edge
    return found


def origin_for(ctx, comp, spec, target, oac) -> dict:
    module = ctx.registry[target.type]
    origin: dict = {"Id": spec["name"], "DomainName": module.origin_domain(ctx, target)}
    if target.type == "s3-bucket":
        origin["S3OriginConfig"] = {"OriginAccessIdentity": ""}
        if spec.get("access", "origin-access-control") == "origin-access-control":
            origin["OriginAccessControlId"] = GetAtt(oac, "Id")
        return origin
    path = module.origin_path(ctx, target)
    if path:
        origin["OriginPath"] = path
    headers = module.origin_headers(ctx, target) if spec.get("access") == "custom-header" else []
    if headers:
        origin["OriginCustomHeaders"] = headers
    origin["CustomOriginConfig"] = {"OriginProtocolPolicy": "https-only", "HTTPSPort": 443,
                                    "OriginSSLProtocols": ["TLSv1.2"],
                                    "OriginReadTimeout": spec.get("response_timeout", 30)}
    return origin


def alias_target(ctx, comp) -> dict:
    return {"DNSName": GetAtt(ctx.lid(comp.id, PRIMARY), "DomainName"), "HostedZoneId": CLOUDFRONT_ZONE_ID,
            "EvaluateTargetHealth": False}


def arns(ctx, comp, action):
    return [Sub("arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}",
                {"Distribution": Ref(ctx.lid(comp.id, PRIMARY))})]


class CloudfrontType(CfnType):
    catalogue_type = "cloudfront"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    alias_target = staticmethod(alias_target)
