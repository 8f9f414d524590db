"""appsync-api -> a GraphQL API (AppSync) with its schema, field-level logs and X-Ray, authorized by a Cognito user
pool, IAM or a Lambda authorizer (with its permission for appsync.amazonaws.com), behind a regional web ACL
when the model names one; one data source per resolver
target with a role AppSync assumes (only for this API) that may invoke that function or run the resolvers'
DynamoDB actions on that table; and a resolver per field: a direct Lambda resolver, or APPSYNC_JS code for the
table's get, put, delete or query keyed by the field's argument named like the table's partition key."""
from __future__ import annotations

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref, Sub
from ._common import service_role
from .base import CfnType

PRIMARY = "Api"
LOGS_POLICY = "arn:aws:iam::aws:policy/service-role/AWSAppSyncPushToCloudWatchLogs"
AUTH = {"cognito": "AMAZON_COGNITO_USER_POOLS", "iam": "AWS_IAM", "lambda": "AWS_LAMBDA"}
TABLE_ACTIONS = {"get": ["dynamodb:GetItem"], "put": ["dynamodb:PutItem"], "delete": ["dynamodb:DeleteItem"],
                 "query": ["dynamodb:Query"]}
TABLE_CODE = {
    "get": "ddb.get({ key: { %(key)s: ctx.args.%(key)s } })",
    "put": "ddb.put({ key: { %(key)s: ctx.args.%(key)s }, item: ctx.args.input || {} })",
    "delete": "ddb.remove({ key: { %(key)s: ctx.args.%(key)s } })",
    "query": "ddb.query({ query: { %(key)s: { eq: ctx.args.%(key)s } } })",
}


def build(ctx, comp):
    api = ctx.lid(comp.id, PRIMARY)
    logs_role = service_role(ctx, comp, "appsync.amazonaws.com", [], [LOGS_POLICY], "LogsRole")
    resources = [logs_role, Resource(api, "AWS::AppSync::GraphQLApi", api_properties(ctx, comp, logs_role)),
                 Resource(ctx.lid(comp.id, "Schema"), "AWS::AppSync::GraphQLSchema",
                          {"ApiId": GetAtt(api, "ApiId"), "Definition": comp.get("schema")})]
    targets = list(dict.fromkeys(r["target"] for r in comp.get("resolvers")))
    for target in targets:
        resources += data_source(ctx, comp, ctx.components[target])
    resources += [resolver(ctx, comp, spec) for spec in comp.get("resolvers")]
    if comp.get("web_acl"):
        resources.append(Resource(ctx.lid(comp.id, "WebAcl"), "AWS::WAFv2::WebACLAssociation", {
            "ResourceArn": GetAtt(api, "Arn"), "WebACLArn": GetAtt(ctx.primary(comp.get("web_acl")), "Arn")}))
    if comp.get("auth") == "lambda" and comp.get("authorizer"):
        resources.append(Resource(ctx.lid(comp.id, "InvokeAuthorizer"), "AWS::Lambda::Permission", {
            "Action": "lambda:InvokeFunction", "FunctionName": Ref(ctx.lid(comp.get("authorizer"), "Alias")),
            "Principal": "appsync.amazonaws.com", "SourceArn": GetAtt(api, "Arn"),
            "SourceAccount": Ref("AWS::AccountId")}))
    return resources


def api_properties(ctx, comp, logs_role) -> dict:
    props: dict = {"Name": ctx.physical_name(comp.id), "AuthenticationType": AUTH[comp.get("auth")],
                   "XrayEnabled": bool(comp.get("xray")), "QueryDepthLimit": comp.get("query_depth_limit"),
                   "LogConfig": {"CloudWatchLogsRoleArn": GetAtt(logs_role.logical_id, "Arn"),
                                 "FieldLogLevel": comp.get("log_level"), "ExcludeVerboseContent": True}}
    if comp.get("auth") == "cognito":
        props["UserPoolConfig"] = {"UserPoolId": Ref(ctx.primary(comp.get("user_pool"))),
                                   "AwsRegion": Ref("AWS::Region"), "DefaultAction": "ALLOW"}
    if comp.get("auth") == "lambda":
        props["LambdaAuthorizerConfig"] = {"AuthorizerUri": Ref(ctx.lid(comp.get("authorizer"), "Alias")),
                                           "AuthorizerResultTtlInSeconds": 300}
    return props


def source_name(target_id: str) -> str:
    """A data source name AppSync accepts ([_A-Za-z][_0-9A-Za-z]*) from a component id."""
    name = pascal(target_id)
    return name if name[:1].isalpha() else "_" + name


def data_source(ctx, comp, target) -> list[Resource]:
    api = ctx.lid(comp.id, PRIMARY)
    role_suffix = "To" + pascal(target.id) + "Role"
    props: dict = {"ApiId": GetAtt(api, "ApiId"), "Name": source_name(target.id),
                   "ServiceRoleArn": GetAtt(ctx.lid(comp.id, role_suffix), "Arn")}
    if target.type == "lambda":
        alias = Ref(ctx.lid(target.id, "Alias"))
        statements = [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": [alias]}]
        props.update({"Type": "AWS_LAMBDA", "LambdaConfig": {"LambdaFunctionArn": alias}})
    else:
        actions = sorted({a for r in comp.get("resolvers") if r["target"] == target.id
                          for a in TABLE_ACTIONS[table_action(r)]})
        statements = [{"Effect": "Allow", "Action": actions, "Resource": [GetAtt(ctx.primary(target.id), "Arn")]}]
        statements += ctx.registry[target.type].key_statement(ctx, target, actions)
        props.update({"Type": "AMAZON_DYNAMODB", "DynamoDBConfig": {
            "TableName": Ref(ctx.primary(target.id)), "AwsRegion": Sub("${AWS::Region}", region_of=target.id)}})
    role = service_role(ctx, comp, "appsync.amazonaws.com", statements, [], role_suffix)
    role.properties["AssumeRolePolicyDocument"]["Statement"][0]["Condition"] = {
        "StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId"), "aws:SourceArn": GetAtt(api, "Arn")}}
    return [role, Resource(ctx.lid(comp.id, source_name(target.id) + "Source"), "AWS::AppSync::DataSource", props)]


def table_action(spec: dict) -> str:
    return spec.get("action") or ("put" if spec["type"] == "Mutation" else "get")


def resolver_lid(ctx, comp, spec: dict) -> str:
    return ctx.lid(comp.id, pascal(spec["type"]) + pascal(spec["field"]) + "Resolver")


def resolver(ctx, comp, spec) -> Resource:
    target = ctx.components[spec["target"]]
    source = ctx.lid(comp.id, source_name(target.id) + "Source")
    props: dict = {"ApiId": GetAtt(ctx.lid(comp.id, PRIMARY), "ApiId"), "TypeName": spec["type"],
                   "FieldName": spec["field"], "Kind": "UNIT", "DataSourceName": GetAtt(source, "Name")}
    if target.type == "dynamodb-table":
        key = target.get("partition_key")["name"]
        props.update({"Runtime": {"Name": "APPSYNC_JS", "RuntimeVersion": "1.0.0"}, "Code": (
            "import * as ddb from '@aws-appsync/utils/dynamodb';\n"
            f"export function request(ctx) {{\n  return {TABLE_CODE[table_action(spec)] % {'key': key}};\n}}\n"
            "export function response(ctx) {\n  return ctx.result;\n}\n")})
    return Resource(resolver_lid(ctx, comp, spec), "AWS::AppSync::Resolver", props,
                    depends_on=(ctx.lid(comp.id, "Schema"),))


def arns(ctx, comp, action):
    """What a caller's appsync:GraphQL applies to: every field of the API."""
    return [Sub("${Api}/types/*/fields/*", {"Api": GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")})]


def dimensions(ctx, comp):
    return [{"Name": "GraphQLAPIId", "Value": GetAtt(ctx.lid(comp.id, PRIMARY), "ApiId")}]


class AppSyncApiType(CfnType):
    catalogue_type = "appsync-api"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
