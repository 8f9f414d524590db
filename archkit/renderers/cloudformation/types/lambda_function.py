"""lambda -> function, version, alias, log group (when the model names none), role, async invoke config, and
an IAM-authenticated function URL when the model gives it `url`."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from . import xray
from ._common import code_package, service_role
from .base import CfnType

PRIMARY = "Function"
EDGE_REGION = "us-east-1"
PLACEHOLDER = {
    "python": ("index.handler", "def handler(event, context):\n    return {\"statusCode\": 200, \"body\": \"placeholder\"}\n"),
    "nodejs": ("index.handler", "exports.handler = async () => ({statusCode: 200, body: 'placeholder'});\n"),
}


def build(ctx, comp):
    fn, role = ctx.lid(comp.id, "Function"), ctx.lid(comp.id, "Role")
    edge = runs_at_edge(ctx, comp)
    resources, log_statement, log_ref = logging(ctx, comp, edge)
    statements, managed = ctx.statements([comp.id])
    managed = xray.with_tracing(managed, comp.get("tracing") == "Active")
    execution_role = service_role(ctx, comp, "lambda.amazonaws.com", statements + log_statement, managed)
    if edge:
        execution_role.properties["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"] = [
            "edgelambda.amazonaws.com", "lambda.amazonaws.com"]
    resources.append(execution_role)
    resources.append(Resource(fn, "AWS::Lambda::Function", function_properties(ctx, comp, role, log_ref)))
    resources.append(Resource(ctx.lid(comp.id, "Version"), "AWS::Lambda::Version",
                              {"FunctionName": Ref(fn), "Description": "Version the alias points at"}))
    alias = {"FunctionName": Ref(fn), "FunctionVersion": GetAtt(ctx.lid(comp.id, "Version"), "Version"),
             "Name": comp.get("alias", "live")}
    if comp.get("provisioned_concurrency"):
        alias["ProvisionedConcurrencyConfig"] = {
            "ProvisionedConcurrentExecutions": ctx.value(comp, "provisioned_concurrency")}
    resources.append(Resource(ctx.lid(comp.id, "Alias"), "AWS::Lambda::Alias", alias))
    if comp.get("async"):
        resources.append(invoke_config(ctx, comp))
    if comp.get("url") is not None:
        resources.append(function_url(ctx, comp))
    if edge:  # Lambda@Edge: CloudFront replicates the function from us-east-1 only
        for resource in resources:
            resource.region = EDGE_REGION
    return resources


def logging(ctx, comp, edge: bool) -> tuple[list, list[dict], object]:
    """The function's own log group (unless the model names one) and what its role needs to write there, and the
    group for its LoggingConfig (None: Lambda's). A Lambda@Edge replica writes to /aws/lambda/us-east-1.<name> in
    the region where it runs, creating the group there: its role may, for that name only, in every region."""
    if edge:
        name = Sub("arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/aws/lambda/us-east-1.${SystemName}-"
                   "${Environment}-" + comp.id + ":*")
        return [], [{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                     "Resource": [name]}], None
    if comp.get("log_group"):
        return [], [], Ref(ctx.primary(comp.get("log_group")))
    own = Resource(ctx.lid(comp.id, "LogGroup"), "AWS::Logs::LogGroup", {"RetentionInDays": 30}, stateful=True)
    return [own], [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": [GetAtt(own.logical_id, "Arn")]}], Ref(own.logical_id)


def runs_at_edge(ctx, comp) -> bool:
    """Whether a distribution runs the function on its events (Lambda@Edge)."""
    return any(edge.get("function") == comp.id for other in ctx.components.values() if other.type == "cloudfront"
               for origin in other.get("origins") or [] for edge in origin.get("edge_functions", []))


def function_url(ctx, comp) -> Resource:
    """An IAM-authenticated URL on the alias (its callers' roles get lambda:InvokeFunctionUrl from connections)."""
    url = comp.get("url")
    props: dict = {"TargetFunctionArn": Ref(ctx.lid(comp.id, "Function")), "Qualifier": comp.get("alias", "live"),
                   "AuthType": "AWS_IAM", "InvokeMode": url.get("invoke_mode", "BUFFERED")}
    if url.get("cors_origins"):
        props["Cors"] = {"AllowOrigins": list(url["cors_origins"]), "AllowMethods": ["*"],
                         "AllowHeaders": ["authorization", "content-type", "x-amz-date", "x-amz-security-token"]}
    return Resource(ctx.lid(comp.id, "Url"), "AWS::Lambda::Url", props, depends_on=(ctx.lid(comp.id, "Alias"),))


def function_properties(ctx, comp, role, log_ref) -> dict:
    runtime = comp.get("runtime")
    family = next((f for f in PLACEHOLDER if runtime.startswith(f)), None)
    props: dict = {"FunctionName": ctx.physical_name(comp.id), "Description": comp.description or comp.name,
                   "Runtime": runtime, "Handler": comp.get("handler")}
    if family:
        props["Code"] = {"ZipFile": PLACEHOLDER[family][1]}
    else:
        props["Code"] = code_package(ctx, f"{comp.id}.zip")
    props.update({"MemorySize": ctx.value(comp, "memory"), "Timeout": ctx.value(comp, "timeout"),
                  "Architectures": [comp.get("architecture")], "Role": GetAtt(role, "Arn"),
                  "TracingConfig": {"Mode": comp.get("tracing")},
                  "LoggingConfig": {"LogGroup": log_ref, "LogFormat": "JSON"} if log_ref else {"LogFormat": "JSON"}})
    if comp.get("reserved_concurrency") is not None:
        props["ReservedConcurrentExecutions"] = ctx.value(comp, "reserved_concurrency")
    if comp.get("layers"):
        props["Layers"] = [Ref(ctx.primary(layer)) for layer in comp.get("layers")]
    if comp.get("environment"):
        props["Environment"] = {"Variables": {k: str(v) for k, v in sorted(comp.get("environment").items())}}
    if comp.get("dead_letter"):
        props["DeadLetterConfig"] = {"TargetArn": ctx.registry[ctx.components[comp.get("dead_letter")].type]
                                     .arns(ctx, ctx.components[comp.get("dead_letter")], "")[0]}
    return props


def invoke_config(ctx, comp) -> Resource:
    settings = comp.get("async")
    props = {"FunctionName": Ref(ctx.lid(comp.id, "Function")), "Qualifier": comp.get("alias", "live"),
             "MaximumRetryAttempts": settings.get("max_retries", 2),
             "MaximumEventAgeInSeconds": settings.get("max_event_age", 21600)}
    target = settings.get("on_failure")
    if target:
        target_comp = ctx.components[target]
        arn = ctx.registry[target_comp.type].arns(ctx, target_comp, "")[0]
        props["DestinationConfig"] = {"OnFailure": {"Destination": arn}}
    return Resource(ctx.lid(comp.id, "InvokeConfig"), "AWS::Lambda::EventInvokeConfig", props,
                    depends_on=(ctx.lid(comp.id, "Alias"),))


def arns(ctx, comp, action):
    fn = GetAtt(ctx.lid(comp.id, "Function"), "Arn")
    return [fn, Sub("${Function}:*", {"Function": fn})]


def dimensions(ctx, comp):
    return [{"Name": "FunctionName", "Value": Ref(ctx.lid(comp.id, "Function"))}]


class LambdaFunctionType(CfnType):
    catalogue_type = "lambda"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
