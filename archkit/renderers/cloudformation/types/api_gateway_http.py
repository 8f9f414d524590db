"""api-gateway-http -> an HTTP API (API Gateway v2): its routes, each to a function through an AWS_PROXY
integration (payload format 2.0), JWT authorizers (a Cognito pool's issuer and app clients, or another identity
provider's) and Lambda authorizers, CORS, one stage (`$default` by default) that deploys every change and writes
access logs, default-route throttling, and the permission for the API to invoke each function."""
from __future__ import annotations

import json

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref, Sub
from .api_gateway_rest import invocation_uri
from .base import CfnType

PRIMARY = "Api"
ACCESS_LOG_FORMAT = json.dumps({"requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
                                "requestTime": "$context.requestTime", "routeKey": "$context.routeKey",
                                "status": "$context.status", "responseLength": "$context.responseLength",
                                "integrationError": "$context.integrationErrorMessage"}, separators=(",", ":"))


def build(ctx, comp):
    api = ctx.lid(comp.id, PRIMARY)
    props: dict = {"Name": ctx.physical_name(comp.id), "ProtocolType": "HTTP",
                   "Description": comp.description or comp.name}
    if comp.get("cors"):
        props["CorsConfiguration"] = cors(comp.get("cors"))
    resources = [Resource(api, "AWS::ApiGatewayV2::Api", props)]
    authorizers = {a["name"]: a for a in comp.get("authorizers", [])}
    resources += [authorizer(ctx, comp, spec) for spec in authorizers.values()]
    functions = sorted({r["target"] for r in comp.get("routes")}
                       | {a["function"] for a in authorizers.values() if a.get("function")},
                       key=list(ctx.components).index)
    resources += [integration(ctx, comp, f) for f in functions if any(r["target"] == f for r in comp.get("routes"))]
    resources += [route(ctx, comp, r, authorizers) for r in comp.get("routes")]
    resources += stage(ctx, comp)
    resources += [invoke_permission(ctx, comp, f) for f in functions]
    return resources


def cors(spec: dict) -> dict:
    out: dict = {"AllowOrigins": list(spec["allow_origins"])}
    for key, name in (("allow_methods", "AllowMethods"), ("allow_headers", "AllowHeaders")):
        if spec.get(key):
            out[name] = list(spec[key])
    if spec.get("max_age") is not None:
        out["MaxAge"] = spec["max_age"]
    return out


def authorizer_lid(ctx, comp, name: str) -> str:
    return ctx.lid(comp.id, "Authorizer" + pascal(name))


def authorizer(ctx, comp, spec) -> Resource:
    props: dict = {"ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "Name": spec["name"],
                   "IdentitySource": [spec.get("identity_source", "$request.header.Authorization")]}
    if spec.get("kind", "jwt") == "lambda":
        props.update({"AuthorizerType": "REQUEST", "AuthorizerPayloadFormatVersion": "2.0",
                      "EnableSimpleResponses": True, "AuthorizerUri": invocation_uri(ctx, spec["function"])})
    else:
        props.update({"AuthorizerType": "JWT", "JwtConfiguration": jwt(ctx, comp, spec)})
    return Resource(authorizer_lid(ctx, comp, spec["name"]), "AWS::ApiGatewayV2::Authorizer", props)


def jwt(ctx, comp, spec) -> dict:
    """A Cognito pool: its issuer URL and its app clients as the audience; else the issuer and audience given."""
    pool = spec.get("user_pool")
    if pool:
        clients = ctx.components[pool].get("clients", [])
        return {"Issuer": Sub("https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}", {"Pool": Ref(ctx.primary(pool))},
                              region_of=pool),
                "Audience": [Ref(ctx.lid(pool, pascal(c["name"]) + "Client")) for c in clients]}
    return {"Issuer": spec["issuer"], "Audience": list(spec["audience"])}


def integration_lid(ctx, comp, function_id: str) -> str:
    return ctx.lid(comp.id, "To" + pascal(function_id) + "Integration")


def integration(ctx, comp, function_id: str) -> Resource:
    return Resource(integration_lid(ctx, comp, function_id), "AWS::ApiGatewayV2::Integration", {
        "ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "IntegrationType": "AWS_PROXY",
        "IntegrationUri": Ref(ctx.lid(function_id, "Alias")), "PayloadFormatVersion": "2.0",
        "TimeoutInMillis": comp.get("integration_timeout")})


def route_key(spec: dict) -> str:
    return "$default" if spec["path"] == "$default" else f"{spec['method']} {spec['path']}"


def route_lid(ctx, comp, spec: dict) -> str:
    name = "Default" if spec["path"] == "$default" else pascal(spec["path"]) + spec["method"].title()
    return ctx.lid(comp.id, name + "Route")


def route(ctx, comp, spec, authorizers) -> Resource:
    props: dict = {"ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "RouteKey": route_key(spec),
                   "Target": Sub("integrations/${Integration}",
                                 {"Integration": Ref(integration_lid(ctx, comp, spec["target"]))}),
                   "AuthorizationType": "NONE"}
    chosen = authorizers.get(spec.get("authorizer", ""))
    if chosen:
        props["AuthorizationType"] = "CUSTOM" if chosen.get("kind", "jwt") == "lambda" else "JWT"
        props["AuthorizerId"] = Ref(authorizer_lid(ctx, comp, chosen["name"]))
    return Resource(route_lid(ctx, comp, spec), "AWS::ApiGatewayV2::Route", props)


def access_logs(ctx, comp) -> tuple[str, list[Resource]]:
    """The log group a v2 stage writes access logs to (the model's, else one of its own) and what to add for it."""
    if comp.get("access_log"):
        return ctx.primary(comp.get("access_log")), []
    ctx.parameter_system()
    logs = ctx.lid(comp.id, "AccessLogs")
    return logs, [Resource(logs, "AWS::Logs::LogGroup", {
        "LogGroupName": Sub("/${SystemName}/${Environment}/" + comp.id + "-access"), "RetentionInDays": 30},
        stateful=True)]


def route_settings(comp, **extra) -> dict:
    """A v2 stage's DefaultRouteSettings: detailed metrics, and the model's throttling."""
    settings: dict = {"DetailedMetricsEnabled": True, **extra}
    if comp.get("throttling_rate") is not None:
        settings["ThrottlingRateLimit"] = comp.get("throttling_rate")
    if comp.get("throttling_burst") is not None:
        settings["ThrottlingBurstLimit"] = comp.get("throttling_burst")
    return settings


def stage(ctx, comp) -> list[Resource]:
    logs, resources = access_logs(ctx, comp)
    resources.append(Resource(ctx.lid(comp.id, "Stage"), "AWS::ApiGatewayV2::Stage", {
        "ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "StageName": comp.get("stage"), "AutoDeploy": comp.get("auto_deploy"),
        "DefaultRouteSettings": route_settings(comp),
        "AccessLogSettings": {"DestinationArn": GetAtt(logs, "Arn"), "Format": ACCESS_LOG_FORMAT}}))
    return resources


def invoke_permission(ctx, comp, function_id: str) -> Resource:
    return Resource(ctx.lid(comp.id, "Invoke" + pascal(function_id)), "AWS::Lambda::Permission", {
        "Action": "lambda:InvokeFunction", "FunctionName": Ref(ctx.lid(function_id, "Alias")),
        "Principal": "apigateway.amazonaws.com",
        "SourceArn": Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*",
                         {"Api": Ref(ctx.lid(comp.id, PRIMARY))}, region_of=comp.id),
        "SourceAccount": Ref("AWS::AccountId")})


def arns(ctx, comp, action):
    """What a caller's execute-api actions (execute-api:Invoke) apply to: every route of every stage."""
    return [Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*",
                {"Api": Ref(ctx.lid(comp.id, PRIMARY))}, region_of=comp.id)]


def dimensions(ctx, comp):
    return [{"Name": "ApiId", "Value": Ref(ctx.lid(comp.id, PRIMARY))}]


class ApiGatewayHttpType(CfnType):
    catalogue_type = "api-gateway-http"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
