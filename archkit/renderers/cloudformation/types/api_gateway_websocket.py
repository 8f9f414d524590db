"""api-gateway-websocket -> a WebSocket API (API Gateway v2): its routes ($connect, $disconnect, $default and the
model's route keys), each to a function through an AWS_PROXY integration, a Lambda or IAM authorizer on $connect
(the only route WebSocket APIs authorize), one stage with access logs and default-route throttling, deployed by a
deployment whose logical id follows the routes (CloudFormation deploys again only when it is new), and the
permission for the API to invoke each function. A backend that answers clients gets execute-api:ManageConnections
on the API's @connections through a connection in the model."""
from __future__ import annotations

import hashlib
import json

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref, Sub
from . import api_gateway_http as http
from .api_gateway_rest import invocation_uri
from .base import CfnType

PRIMARY = "Api"
ACCESS_LOG_FORMAT = json.dumps({"requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
                                "requestTime": "$context.requestTime", "routeKey": "$context.routeKey",
                                "eventType": "$context.eventType", "connectionId": "$context.connectionId",
                                "status": "$context.status", "integrationError": "$context.integrationErrorMessage"},
                               separators=(",", ":"))
SPECIAL = {"$connect": "Connect", "$disconnect": "Disconnect", "$default": "Default"}


def build(ctx, comp):
    api = ctx.lid(comp.id, PRIMARY)
    resources = [Resource(api, "AWS::ApiGatewayV2::Api", {
        "Name": ctx.physical_name(comp.id), "ProtocolType": "WEBSOCKET", "Description": comp.description or comp.name,
        "RouteSelectionExpression": comp.get("route_selection")})]
    auth = comp.get("authorizer") or {}
    if auth.get("kind", "lambda") == "lambda" and auth.get("function"):
        resources.append(authorizer(ctx, comp, auth))
    functions = ordered_functions(ctx, comp)
    routed = {r["target"] for r in comp.get("routes")}
    resources += [integration(ctx, comp, f) for f in functions if f in routed]
    routes = [route(ctx, comp, r, auth) for r in comp.get("routes")]
    resources += routes
    resources += stage(ctx, comp, routes)
    resources += [http.invoke_permission(ctx, comp, f) for f in functions]
    return resources


def ordered_functions(ctx, comp) -> list[str]:
    auth = (comp.get("authorizer") or {}).get("function")
    return sorted({r["target"] for r in comp.get("routes")} | ({auth} if auth else set()), key=list(ctx.components).index)


def authorizer_lid(ctx, comp) -> str:
    return ctx.lid(comp.id, "ConnectAuthorizer")


def authorizer(ctx, comp, spec) -> Resource:
    return Resource(authorizer_lid(ctx, comp), "AWS::ApiGatewayV2::Authorizer", {
        "ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "Name": "connect", "AuthorizerType": "REQUEST",
        "IdentitySource": list(spec.get("identity_source") or ["route.request.header.Authorization"]),
        "AuthorizerUri": invocation_uri(ctx, spec["function"])})


def integration_lid(ctx, comp, function_id: str) -> str:
    return ctx.lid(comp.id, "To" + pascal(function_id) + "Integration")


def integration(ctx, comp, function_id: str) -> Resource:
    return Resource(integration_lid(ctx, comp, function_id), "AWS::ApiGatewayV2::Integration", {
        "ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "IntegrationType": "AWS_PROXY",
        "IntegrationUri": invocation_uri(ctx, function_id), "TimeoutInMillis": comp.get("integration_timeout")})


def route_lid(ctx, comp, spec: dict) -> str:
    return ctx.lid(comp.id, (SPECIAL.get(spec["key"]) or pascal(spec["key"])) + "Route")


def route(ctx, comp, spec, auth) -> Resource:
    props: dict = {"ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "RouteKey": spec["key"],
                   "Target": Sub("integrations/${Integration}",
                                 {"Integration": Ref(integration_lid(ctx, comp, spec["target"]))}),
                   "AuthorizationType": "NONE"}
    if spec["key"] == "$connect" and auth:
        if auth.get("kind", "lambda") == "iam":
            props["AuthorizationType"] = "AWS_IAM"
        elif auth.get("function"):
            props.update({"AuthorizationType": "CUSTOM", "AuthorizerId": Ref(authorizer_lid(ctx, comp))})
    return Resource(route_lid(ctx, comp, spec), "AWS::ApiGatewayV2::Route", props)


def stage(ctx, comp, routes: list[Resource]) -> list[Resource]:
    logs, resources = http.access_logs(ctx, comp)
    # a new logical id whenever the routes change: CloudFormation creates (and so deploys) a deployment only then
    digest = hashlib.sha256(json.dumps([[r["key"], r["target"]] for r in comp.get("routes")]).encode()).hexdigest()[:8]
    deployment = Resource(ctx.lid(comp.id, "Deployment") + digest.upper(), "AWS::ApiGatewayV2::Deployment", {
        "ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "Description": "The routes of the model"},
        depends_on=tuple(r.logical_id for r in routes))
    resources.append(deployment)
    resources.append(Resource(ctx.lid(comp.id, "Stage"), "AWS::ApiGatewayV2::Stage", {
        "ApiId": Ref(ctx.lid(comp.id, PRIMARY)), "StageName": comp.get("stage"),
        "DeploymentId": Ref(deployment.logical_id),
        "DefaultRouteSettings": http.route_settings(comp, DataTraceEnabled=False),
        "AccessLogSettings": {"DestinationArn": GetAtt(logs, "Arn"), "Format": ACCESS_LOG_FORMAT}}))
    return resources


def arns(ctx, comp, action):
    """What a caller's execute-api actions apply to: a backend's execute-api:ManageConnections on the stage's
    @connections (posting to, reading and closing client connections), or every route (Invoke)."""
    api = {"Api": Ref(ctx.lid(comp.id, PRIMARY))}
    if action == "execute-api:ManageConnections":
        return [Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/" + comp.get("stage")
                    + "/*/@connections/*", api, region_of=comp.id)]
    return [Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*", api, region_of=comp.id)]


def dimensions(ctx, comp):
    return [{"Name": "ApiId", "Value": Ref(ctx.lid(comp.id, PRIMARY))}]


class ApiGatewayWebSocketType(CfnType):
    catalogue_type = "api-gateway-websocket"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
