"""api-gateway-rest -> REST API, resources and methods from the routes, authorizers, one deployment, a stage per
environment (variables, throttling, tracing, access logs) and the invoke permission of each target function.

Every stage writes access logs: to the log group the model names, else to a log group of the API's own. API Gateway
writes them with the account's CloudWatch role (AWS::ApiGateway::Account, one setting per account and region),
which the stack sets so that the stages deploy in a fresh account.

When a CloudFront origin reaches the API with `access: custom-header`, the API accepts only requests that carry the
origin secret (AWS's "restrict access to a custom origin" pattern): a generated secret (encrypted with its own key)
that CloudFront sends as a header, and a REGIONAL web ACL on every stage that blocks requests without it. Both
read the value through a Secrets Manager dynamic reference, never a literal in the template."""
from __future__ import annotations

import json
import re

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref, Sub
from . import api_integrations
from ._common import account_key
from .base import CfnType

PRIMARY = "RestApi"
ORIGIN_HEADER = "X-Origin-Verify"
SECRET_KEY = "value"
ACCESS_LOG_FORMAT = json.dumps({"requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
                                "requestTime": "$context.requestTime", "httpMethod": "$context.httpMethod",
                                "resourcePath": "$context.resourcePath", "status": "$context.status",
                                "responseLength": "$context.responseLength",
                                "integrationLatency": "$context.integrationLatency"}, separators=(",", ":"))
AUTHORIZER_TYPE = {"cognito": "COGNITO_USER_POOLS", "lambda": "TOKEN"}


def build(ctx, comp):
    api = ctx.lid(comp.id, PRIMARY)
    resources = [Resource(api, "AWS::ApiGateway::RestApi", {
        "Name": ctx.physical_name(comp.id), "Description": comp.description or comp.name,
        "EndpointConfiguration": {"Types": [comp.get("endpoint_type")]}})]
    authorizers = {a["name"]: a for a in comp.get("authorizers", [])}
    for spec in authorizers.values():
        if spec.get("kind", "cognito") in AUTHORIZER_TYPE:
            resources.append(authorizer(ctx, comp, spec))
    path_ids: dict[str, str] = {}
    methods = []
    for route in comp.get("routes"):
        parent = GetAtt(api, "RootResourceId")
        segments = [s for s in route["path"].split("/") if s]
        for depth in range(len(segments)):
            path = "/".join(segments[:depth + 1])
            if path not in path_ids:
                path_ids[path] = ctx.lid(comp.id, "Path" + pascal(path))
                resources.append(Resource(path_ids[path], "AWS::ApiGateway::Resource", {
                    "RestApiId": Ref(api), "ParentId": parent, "PathPart": segments[depth]}))
            parent = Ref(path_ids[path])
        method = method_resource(ctx, comp, route, parent, authorizers)
        methods.append(method.logical_id)
        resources.append(method)
    resources += api_integrations.integration_role(ctx, comp)
    deployment = ctx.lid(comp.id, "Deployment")
    resources.append(Resource(deployment, "AWS::ApiGateway::Deployment",
                              {"RestApiId": Ref(api), "Description": comp.name}, depends_on=tuple(methods)))
    resources += access_logging(ctx, comp)
    for name, stage in comp.get("stages").items():
        resources.append(stage_resource(ctx, comp, name, stage, deployment))
    for target in sorted({r["target"] for r in comp.get("routes")}, key=list(ctx.components).index):
        if ctx.components[target].type == "lambda":
            resources.append(invoke_permission(ctx, comp, target))
    if fronted_with_header(ctx, comp):
        resources += origin_verification(ctx, comp)
    return resources


def access_logging(ctx, comp) -> list[Resource]:
    """The API's own access-log group (when a stage names none) and the account's CloudWatch role for API Gateway."""
    resources = []
    if any(not stage.get("access_log") for stage in comp.get("stages").values()):
        ctx.parameter_system()
        resources.append(Resource(ctx.lid(comp.id, "AccessLogs"), "AWS::Logs::LogGroup", {
            "LogGroupName": Sub("/${SystemName}/${Environment}/" + comp.id + "-access"), "RetentionInDays": 30},
            stateful=True))
    role = ctx.lid(comp.id, "CloudWatchRole")
    resources.append(Resource(role, "AWS::IAM::Role", {
        "Description": f"{comp.name}: lets API Gateway write access and execution logs in this account and region",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": ["sts:AssumeRole"]}]},
        "ManagedPolicyArns": [Sub("arn:${AWS::Partition}:iam::aws:policy/service-role/"
                                  "AmazonAPIGatewayPushToCloudWatchLogs")]}))
    resources.append(Resource(ctx.lid(comp.id, "Account"), "AWS::ApiGateway::Account",
                              {"CloudWatchRoleArn": GetAtt(role, "Arn")}))
    return resources


def fronted_with_header(ctx, comp) -> bool:
    """True when a CloudFront origin reaches this API with a secret header (`access: custom-header`) and every
    caller of the API comes through CloudFront: a caller connected to the API directly (a mobile app, another
    service) would be blocked by the check, so then there is none."""
    fronted = any(origin["target"] == comp.id and origin.get("access") == "custom-header"
                  for other in ctx.components.values() if other.type == "cloudfront"
                  for origin in other.get("origins", []))
    return fronted and not direct_callers(ctx, comp)


def direct_callers(ctx, comp) -> list[str]:
    """Who calls the API other than through a CloudFront distribution, by the model's connections."""
    return [c["from"] for c in ctx.connections if c["to"] == comp.id
            and not (c["from"] in ctx.components and ctx.components[c["from"]].type == "cloudfront")]


def secret_reference(ctx, comp) -> Sub:
    return Sub("{{resolve:secretsmanager:${Secret}:SecretString:" + SECRET_KEY + "}}",
               {"Secret": Ref(ctx.lid(comp.id, "OriginSecret"))})


def origin_headers(ctx, comp) -> list[dict]:
    """What CloudFront adds to every request to this API (it overwrites a viewer's header of the same name); none
    when the API does not check it (fronted_with_header)."""
    if not fronted_with_header(ctx, comp):
        return []
    return [{"HeaderName": ORIGIN_HEADER, "HeaderValue": secret_reference(ctx, comp)}]


def origin_verification(ctx, comp) -> list[Resource]:
    key, secret, acl = (ctx.lid(comp.id, suffix) for suffix in ("OriginSecretKey", "OriginSecret", "OriginWebAcl"))
    resources = [
        account_key(ctx, comp, "OriginSecretKey", "encrypts the CloudFront origin secret"),
        Resource(secret, "AWS::SecretsManager::Secret", {
            "Description": f"{comp.name}: value of the {ORIGIN_HEADER} header CloudFront sends to the API",
            "KmsKeyId": Ref(key),
            "GenerateSecretString": {"SecretStringTemplate": "{}", "GenerateStringKey": SECRET_KEY,
                                     "PasswordLength": 48, "ExcludePunctuation": True}}, stateful=True),
        Resource(acl, "AWS::WAFv2::WebACL", {
            "Scope": "REGIONAL", "Description": waf_text(f"{comp.name}: only requests from CloudFront, with the origin header"),
            "DefaultAction": {"Block": {}}, "VisibilityConfig": visibility(comp.id + "-origin"),
            "Rules": [
                {"Name": "known-bad-inputs", "Priority": 0, "OverrideAction": {"None": {}},
                 "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS",
                                                             "Name": "AWSManagedRulesKnownBadInputsRuleSet"}},
                 "VisibilityConfig": visibility(comp.id + "-known-bad-inputs")},
                {"Name": "from-cloudfront", "Priority": 1, "Action": {"Allow": {}},
                 "Statement": {"ByteMatchStatement": {
                     "FieldToMatch": {"SingleHeader": {"Name": ORIGIN_HEADER.lower()}},
                     "PositionalConstraint": "EXACTLY", "SearchString": secret_reference(ctx, comp),
                     "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}},
                 "VisibilityConfig": visibility(comp.id + "-from-cloudfront")}]})]
    for name, stage in comp.get("stages").items():
        stage_lid = ctx.lid(comp.id, "Stage" + pascal(name))
        resources.append(Resource(ctx.lid(comp.id, "OriginWebAclStage" + pascal(name)),
                                  "AWS::WAFv2::WebACLAssociation", {
            "ResourceArn": Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}",
                               {"Api": Ref(ctx.lid(comp.id, PRIMARY)), "Stage": Ref(stage_lid)}),
            "WebACLArn": GetAtt(acl, "Arn")}, condition=ctx.in_environment(stage["environment"])))
    return resources


def waf_text(text: str) -> str:
    """WAF descriptions allow letters, digits, spaces and + = : # @ / - , . only."""
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9+=:#@/\-,.\s]", "", text)).strip()[:256]


def visibility(name: str) -> dict:
    return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": pascal(name)}


def authorizer(ctx, comp, spec) -> Resource:
    props: dict = {"Name": spec["name"], "RestApiId": Ref(ctx.lid(comp.id, PRIMARY)),
                   "Type": AUTHORIZER_TYPE[spec.get("kind", "cognito")],
                   "IdentitySource": spec.get("identity_source", "method.request.header.Authorization"),
                   "AuthorizerResultTtlInSeconds": spec.get("cache_ttl", 300)}
    if spec.get("user_pool"):
        props["ProviderARNs"] = [GetAtt(ctx.primary(spec["user_pool"]), "Arn")]
    if spec.get("function"):
        props["AuthorizerUri"] = invocation_uri(ctx, spec["function"])
    return Resource(ctx.lid(comp.id, "Authorizer" + pascal(spec["name"])), "AWS::ApiGateway::Authorizer", props)


def invocation_uri(ctx, function_id: str) -> Sub:
    return Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Target}/invocations",
               {"Target": Ref(ctx.lid(function_id, "Alias"))}, region_of=function_id)


def method_resource(ctx, comp, route, parent, authorizers) -> Resource:
    """A function behind an AWS_PROXY integration; a state machine, queue or table behind an AWS integration."""
    target = ctx.components[route["target"]]
    props: dict = {"RestApiId": Ref(ctx.lid(comp.id, PRIMARY)), "ResourceId": parent, "HttpMethod": route["method"],
                   "AuthorizationType": "NONE"}
    if api_integrations.is_service_route(ctx, route):
        props["Integration"] = api_integrations.integration(ctx, comp, route)
        props["MethodResponses"] = api_integrations.method_responses()
    else:
        props["Integration"] = {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                                "Uri": invocation_uri(ctx, target.id),
                                "TimeoutInMillis": comp.get("integration_timeout")}
    spec = authorizers.get(route.get("authorizer", ""))
    if spec and spec.get("kind", "cognito") == "iam":
        props["AuthorizationType"] = "AWS_IAM"
    elif spec:
        props["AuthorizationType"] = "COGNITO_USER_POOLS" if spec.get("kind", "cognito") == "cognito" else "CUSTOM"
        props["AuthorizerId"] = Ref(ctx.lid(comp.id, "Authorizer" + pascal(spec["name"])))
    return Resource(ctx.lid(comp.id, pascal(route["path"]) + route["method"].title() + "Method"),
                    "AWS::ApiGateway::Method", props)


def stage_resource(ctx, comp, name, stage, deployment) -> Resource:
    settings: dict = {"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True}
    if stage.get("throttling_rate") is not None:
        settings["ThrottlingRateLimit"] = stage["throttling_rate"]
    if stage.get("throttling_burst") is not None:
        settings["ThrottlingBurstLimit"] = stage["throttling_burst"]
    props: dict = {"RestApiId": Ref(ctx.lid(comp.id, PRIMARY)), "StageName": name,
                   "DeploymentId": Ref(deployment), "Description": stage.get("description") or stage.get("deployment") or name,
                   "TracingEnabled": stage.get("tracing", True), "CacheClusterEnabled": stage.get("cache", False),
                   "MethodSettings": [settings]}
    if stage.get("variables"):
        props["Variables"] = {k: str(v) for k, v in sorted(stage["variables"].items())}
    logs = ctx.primary(stage["access_log"]) if stage.get("access_log") else ctx.lid(comp.id, "AccessLogs")
    props["AccessLogSetting"] = {"DestinationArn": GetAtt(logs, "Arn"), "Format": ACCESS_LOG_FORMAT}
    return Resource(ctx.lid(comp.id, "Stage" + pascal(name)), "AWS::ApiGateway::Stage", props,
                    condition=ctx.in_environment(stage["environment"]), depends_on=(ctx.lid(comp.id, "Account"),))


def invoke_permission(ctx, comp, target: str) -> Resource:
    granted = [a for c in ctx.grants_from(comp.id) if c["to"] == target for a in c["permissions"]]
    return Resource(ctx.lid(comp.id, "Invoke" + pascal(target)), "AWS::Lambda::Permission", {
        "Action": granted[0] if granted else "lambda:InvokeFunction", "FunctionName": Ref(ctx.lid(target, "Alias")),
        "Principal": "apigateway.amazonaws.com",
        "SourceArn": Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*",
                         {"Api": Ref(ctx.lid(comp.id, PRIMARY))})})


def stage_of(comp, environment: str) -> str:
    return next((name for name, s in comp.get("stages").items() if s["environment"] == environment), "")


def origin_domain(ctx, comp):
    return Sub("${Api}.execute-api.${AWS::Region}.amazonaws.com", {"Api": Ref(ctx.lid(comp.id, PRIMARY))},
               region_of=comp.id)


def origin_path(ctx, comp):
    per_env = {env: "/" + stage_of(comp, env) for env in ctx.environments}
    return ctx.per_environment(ctx.lid(comp.id, "OriginPath"), per_env, f"{comp.name}: stage of the environment")


def arns(ctx, comp, action):
    return [Sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*",
                {"Api": Ref(ctx.lid(comp.id, PRIMARY))}, region_of=comp.id)]


def dimensions(ctx, comp):
    return [{"Name": "ApiName", "Value": ctx.physical_name(comp.id)}]


class ApiGatewayRestType(CfnType):
    catalogue_type = "api-gateway-rest"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
    origin_domain = staticmethod(origin_domain)
    origin_path = staticmethod(origin_path)
    origin_headers = staticmethod(origin_headers)
