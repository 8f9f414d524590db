"""A REST API route whose target is an AWS service, not a function: an AWS integration that calls the service
with a role API Gateway assumes (a state machine: StartExecution; a queue: SendMessage; a table: GetItem, PutItem
or DeleteItem by the route's method, the key from the request's parameters of the key's names), mapping the
service's 4XX and 5XX answers to 400 and 500. The integration role, one per API, may do exactly those actions."""
from __future__ import annotations

import json

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from ._common import service_role

TABLE_ACTIONS = {"GET": "GetItem", "PUT": "PutItem", "POST": "PutItem", "DELETE": "DeleteItem"}
SERVICE = {"step-functions": "states", "sqs-queue": "sqs", "dynamodb-table": "dynamodb"}
ROLE = "IntegrationRole"


def service_action(ctx, api, route) -> str:
    """The IAM action the route's integration calls (e.g. dynamodb:GetItem); a located error when none fits."""
    target = ctx.components[route["target"]]
    if target.type == "step-functions":
        return "states:StartExecution"
    if target.type == "sqs-queue":
        return "sqs:SendMessage"
    if route["method"] not in TABLE_ACTIONS:
        from ..split import PlacementError
        raise PlacementError(
            f"api-gateway-rest '{api.id}' routes {route['method']} {route['path']} to the DynamoDB table "
            f"'{target.id}', but a direct table integration maps only GET (GetItem), PUT and POST (PutItem) and "
            "DELETE (DeleteItem)", [api.id],
            "use one of those methods, or route to a function that reads or writes the table")
    return "dynamodb:" + TABLE_ACTIONS[route["method"]]


def is_service_route(ctx, route) -> bool:
    return ctx.components[route["target"]].type in SERVICE


def integration(ctx, api, route) -> dict:
    target = ctx.components[route["target"]]
    action = service_action(ctx, api, route).split(":")[1]
    body = {"Type": "AWS", "IntegrationHttpMethod": "POST", "Credentials": GetAtt(ctx.lid(api.id, ROLE), "Arn"),
            "PassthroughBehavior": "NEVER", "TimeoutInMillis": api.get("integration_timeout"),
            "IntegrationResponses": [{"StatusCode": "200"}, {"StatusCode": "400", "SelectionPattern": "4\\d{2}"},
                                     {"StatusCode": "500", "SelectionPattern": "5\\d{2}"}]}
    if target.type == "sqs-queue":
        body["Uri"] = Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/${Queue}",
                          {"Queue": GetAtt(ctx.primary(target.id), "QueueName")}, region_of=target.id)
        body["RequestParameters"] = {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"}
        body["RequestTemplates"] = {"application/json": queue_template(target)}
        return body
    body["Uri"] = Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:" + SERVICE[target.type] + ":action/" + action,
                      region_of=target.id)
    if target.type == "step-functions":
        body["RequestTemplates"] = {"application/json": Sub(
            '{"stateMachineArn": "${Machine}", "input": "$util.escapeJavaScript($input.json(\'$\'))"}',
            {"Machine": Ref(ctx.primary(target.id))})}
    else:
        body["RequestTemplates"] = {"application/json": Sub(table_template(target, action),
                                                            {"Table": Ref(ctx.primary(target.id))})}
    return body


def queue_template(queue) -> str:
    text = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
    if queue.get("fifo"):  # a FIFO queue needs a group, and a deduplication id unless it derives one from the body
        text += "&MessageGroupId=$context.resourcePath"
        if not queue.get("content_based_deduplication"):
            text += "&MessageDeduplicationId=$context.requestId"
    return text


def table_template(table, action: str) -> str:
    """GetItem and DeleteItem take the key from the request's parameters (path, query string or header) of the
    key attributes' names; PutItem takes the body as the item, in DynamoDB's attribute-value JSON."""
    if action == "PutItem":
        return '{"TableName": "${Table}", "Item": $input.json(\'$\')}'
    keys = [k for k in (table.get("partition_key"), table.get("sort_key")) if k]
    key = ", ".join(f'"{k["name"]}": {{"{k.get("type", "S")}": "$input.params(\'{k["name"]}\')"}}' for k in keys)
    return '{"TableName": "${Table}", "Key": {' + key + "}}"


def method_responses() -> list[dict]:
    return [{"StatusCode": code} for code in ("200", "400", "500")]


def integration_role(ctx, api) -> list[Resource]:
    """The role the API's service integrations call with: each route's action on its target (and its key)."""
    routes = [r for r in api.get("routes") if is_service_route(ctx, r)]
    if not routes:
        return []
    statements = []
    for route in routes:
        target = ctx.components[route["target"]]
        module, action = ctx.registry[target.type], service_action(ctx, api, route)
        statements.append({"Effect": "Allow", "Action": [action], "Resource": module.arns(ctx, target, action)})
        statements += module.key_statement(ctx, target, [action])
    merged = {json.dumps(s, default=repr, sort_keys=True): s for s in statements}
    return [service_role(ctx, api, "apigateway.amazonaws.com", list(merged.values()), [], suffix=ROLE)]
