"""The resources that make each connection of the model work, from its kind (catalogue/connections.yaml).

One generator per `realise` name returns what the connection adds (permissions, rules, mappings, pipes,
subscriptions, statements of the target's queue or topic policy) and which resources of the components realise
it; `build` records both per connection in `ctx.realised`, the one index of "which resources make this
connection work" (the CloudFormation page and the deploy test read it). A queue or a topic gets one policy with
the statements of every connection into it (two policies on one queue replace each other).

Resources reference by ARN built from the resource's name where the referenced service does not check that the
target exists (a rule's target, a subscription's topic, a policy's SourceArn), so that wiring adds no import
between stacks that the components did not already have."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .context import Resource
from .ids import pascal
from .intrinsics import GetAtt, Ref, Sub


@dataclass
class Realised:
    resources: list[Resource] = field(default_factory=list)  # new resources
    uses: list[str] = field(default_factory=list)  # logical ids of the components' resources that realise it
    grants: list[tuple[str, dict]] = field(default_factory=list)  # (queue or topic id, statement for its policy)
    manual: str = ""


def build(ctx) -> list[Resource]:
    resources: list[Resource] = []
    grants: dict[str, list[tuple[str, dict]]] = {}
    for wire in ctx.wires:
        generator = GENERATORS.get(wire["realise"])
        done = generator(ctx, wire) if generator else Realised()
        entry = ctx.realised.setdefault(wire_id(wire), {"lids": [], "manual": done.manual})
        for resource in done.resources:
            resource.component = resource.component or wire["to"]
            resources.append(resource)
            entry["lids"].append(resource.logical_id)
        entry["lids"] += [lid for lid in done.uses if lid not in entry["lids"]]
        for target, statement in done.grants:
            grants.setdefault(target, []).append((wire_id(wire), statement))
    for target, statements in grants.items():
        policy = resource_policy(ctx, target, [s for _, s in statements])
        resources.append(policy)
        for wid, _ in statements:
            ctx.realised[wid]["lids"].append(policy.logical_id)
    return resources


def wire_id(wire: dict) -> str:
    return f"{wire['from']}->{wire['to']}"


# -- names and ARNs that need no reference ------------------------------------------------------------------------
def topic_arn(ctx, topic_id: str) -> Sub:
    ctx.parameter_system()
    return Sub("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${SystemName}-${Environment}-" + topic_id)


def bus_rules_arn(ctx, bus_id: str) -> Sub:
    """Every rule of a modelled bus (rule names are generated; the bus name is the component's)."""
    ctx.parameter_system()
    return Sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${SystemName}-${Environment}-"
               + bus_id + "/*")


def rule_lid(ctx, bus_id: str, rule_name: str) -> str:
    return ctx.lid(bus_id, pascal(rule_name) + "Rule")


def permission(ctx, lid: str, function_id: str, principal: str, source_arn, component: str, function=None) -> Resource:
    return Resource(lid, "AWS::Lambda::Permission", {
        "Action": "lambda:InvokeFunction", "FunctionName": function or Ref(ctx.lid(function_id, "Alias")),
        "Principal": principal, "SourceArn": source_arn, "SourceAccount": Ref("AWS::AccountId")},
        component=component)


def refuse_fifo(ctx, queue_id: str, sender: str, what: str) -> None:
    from .types import sqs_queue  # the type modules import this module
    sqs_queue.refuse_fifo(ctx, queue_id, sender, what)


# -- generators -------------------------------------------------------------------------------------------------
def api_invoke(ctx, wire) -> Realised:
    api, target = ctx.components[wire["from"]], wire["to"]
    methods = [ctx.lid(api.id, pascal(r["path"]) + r["method"].title() + "Method")
               for r in api.get("routes", []) if r["target"] == target]
    return Realised(uses=methods + [ctx.lid(api.id, "Invoke" + pascal(target))])


def api_integration(ctx, wire) -> Realised:
    api, target = ctx.components[wire["from"]], wire["to"]
    methods = [ctx.lid(api.id, pascal(r["path"]) + r["method"].title() + "Method")
               for r in api.get("routes", []) if r["target"] == target]
    return Realised(uses=methods + [ctx.lid(api.id, "IntegrationRole")])


def http_api_invoke(ctx, wire) -> Realised:
    from .types import api_gateway_http as http  # the type modules import this module
    api, function = ctx.components[wire["from"]], wire["to"]
    routes = [r for r in api.get("routes", []) if r["target"] == function]
    uses = [http.route_lid(ctx, api, r) for r in routes] + ([http.integration_lid(ctx, api, function)] if routes else [])
    uses += [http.authorizer_lid(ctx, api, a["name"]) for a in api.get("authorizers", []) if a.get("function") == function]
    return Realised(uses=uses + [ctx.lid(api.id, "Invoke" + pascal(function))])


def websocket_invoke(ctx, wire) -> Realised:
    from .types import api_gateway_websocket as ws  # the type modules import this module
    api, function = ctx.components[wire["from"]], wire["to"]
    routes = [r for r in api.get("routes", []) if r["target"] == function]
    uses = [ws.route_lid(ctx, api, r) for r in routes] + ([ws.integration_lid(ctx, api, function)] if routes else [])
    if (api.get("authorizer") or {}).get("function") == function:
        uses.append(ws.authorizer_lid(ctx, api))
    return Realised(uses=uses + [ctx.lid(api.id, "Invoke" + pascal(function))])


def appsync_resolver(ctx, wire) -> Realised:
    from .types import appsync_api as appsync  # the type modules import this module
    api, target = ctx.components[wire["from"]], wire["to"]
    source = appsync.source_name(target)
    uses = [ctx.lid(api.id, source + "Source"), ctx.lid(api.id, "To" + pascal(target) + "Role")]
    return Realised(uses=uses + [appsync.resolver_lid(ctx, api, r) for r in api.get("resolvers", [])
                                 if r["target"] == target])


def appsync_authorizer(ctx, wire) -> Realised:
    api = ctx.components[wire["from"]]
    uses = [ctx.primary(api.id)]
    if api.get("auth") == "lambda" and api.get("authorizer") == wire["to"]:
        uses.append(ctx.lid(api.id, "InvokeAuthorizer"))
    return Realised(uses=uses)


def http_api_authorizer(ctx, wire) -> Realised:
    from .types import api_gateway_http as http  # the type modules import this module
    api = ctx.components[wire["from"]]
    return Realised(uses=[http.authorizer_lid(ctx, api, a["name"]) for a in api.get("authorizers", [])
                          if a.get("user_pool") == wire["to"]])


def firehose(ctx, wire) -> Realised:
    stream = wire["from"] if ctx.components[wire["from"]].type == "firehose-stream" else wire["to"]
    return Realised(uses=[ctx.primary(stream), ctx.lid(stream, "Role")])


def api_authorizer(ctx, wire) -> Realised:
    api = ctx.components[wire["from"]]
    return Realised(uses=[ctx.lid(api.id, "Authorizer" + pascal(a["name"])) for a in api.get("authorizers", [])
                          if a.get("user_pool") == wire["to"]])


def log_delivery(ctx, wire) -> Realised:
    source = ctx.components[wire["from"]]
    uses = [ctx.primary(source.id), ctx.primary(wire["to"])]
    if source.type == "api-gateway-rest":
        uses += [ctx.lid(source.id, "Stage" + pascal(name)) for name in source.get("stages", {})]
        uses.append(ctx.lid(source.id, "Account"))
    if source.type in ("api-gateway-http", "api-gateway-websocket"):
        uses.append(ctx.lid(source.id, "Stage"))
    if source.type in ("lambda", "step-functions"):
        uses.append(ctx.lid(source.id, "Role"))
    return Realised(uses=uses)


def origin(ctx, wire) -> Realised:
    target = ctx.components[wire["to"]]
    uses = [ctx.primary(wire["from"]), ctx.primary(target.id)]
    if target.type == "s3-bucket":
        uses += [ctx.lid(wire["from"], "OriginAccessControl"), ctx.lid(target.id, "BucketPolicy")]
        return Realised(uses=uses)
    uses += [ctx.lid(target.id, "OriginSecret"), ctx.lid(target.id, "OriginWebAcl")]
    from .types import api_gateway_rest  # the type modules import this module
    direct = api_gateway_rest.direct_callers(ctx, target)
    note = ("none; the API does not require CloudFront's origin header, since " + ", ".join(direct) +
            " calls it directly (its authorizers protect it)") if direct else ""
    return Realised(uses=uses, manual=note)


def by_property(ctx, wire) -> Realised:
    return Realised(uses=[ctx.primary(wire["from"]), ctx.primary(wire["to"])])


def certificate(ctx, wire) -> Realised:
    return Realised(uses=[ctx.primary(wire["from"]), ctx.primary(wire["to"])],
                    manual="the certificate validates once its DNS records exist (in the zone it names, or added "
                           "by hand): CloudFormation waits for it")


def tracing(ctx, wire) -> Realised:
    source = ctx.components[wire["from"]]
    uses = [ctx.primary(source.id), ctx.primary(wire["to"])]
    if source.type in ("lambda", "step-functions"):
        uses.append(ctx.lid(source.id, "Role"))
    return Realised(uses=uses)


def event_notification(ctx, wire) -> Realised:
    """S3 -> Lambda through EventBridge: the bucket sends its events to the default bus (s3_bucket.py turns that
    on), a rule matches this bucket's Object Created events and invokes the function, which lets that rule."""
    bucket, function = wire["from"], wire["to"]
    rule = ctx.lid(bucket, "To" + pascal(function) + "Rule")
    pattern = {"source": ["aws.s3"], "detail-type": ["Object Created"],
               "detail": {"bucket": {"name": [Ref(ctx.primary(bucket))]}}}
    resources = [
        Resource(rule, "AWS::Events::Rule", {
            "Description": f"Objects created in {ctx.components[bucket].name} invoke {ctx.components[function].name}",
            "EventPattern": pattern, "State": "ENABLED",
            "Targets": [{"Id": pascal(function)[:64], "Arn": Ref(ctx.lid(function, "Alias"))}]}, component=function),
        permission(ctx, ctx.lid(bucket, "Invoke" + pascal(function)), function, "events.amazonaws.com",
                   GetAtt(rule, "Arn"), function)]
    return Realised(resources, uses=[ctx.primary(bucket)])


def subscription(ctx, wire) -> Realised:
    topic, target = wire["from"], ctx.components[wire["to"]]
    if target.type == "sqs-queue":
        refuse_fifo(ctx, target.id, topic, "the SNS standard topic")
    endpoint = GetAtt(ctx.primary(target.id), "Arn") if target.type == "sqs-queue" else Ref(ctx.lid(target.id, "Alias"))
    protocol = "sqs" if target.type == "sqs-queue" else "lambda"
    props = {"TopicArn": topic_arn(ctx, topic), "Protocol": protocol, "Endpoint": endpoint}
    if protocol == "sqs":
        props["RawMessageDelivery"] = True
    done = Realised([Resource(ctx.lid(topic, "To" + pascal(target.id) + "Subscription"), "AWS::SNS::Subscription",
                              props, component=topic)], uses=[ctx.primary(topic)])
    if protocol == "sqs":
        done.grants.append((target.id, {
            "Sid": "FromTopic" + pascal(topic), "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": GetAtt(ctx.primary(target.id), "Arn"),
            "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn(ctx, topic)}}}))
    else:
        done.resources.append(permission(ctx, ctx.lid(topic, "Invoke" + pascal(target.id)), target.id,
                                         "sns.amazonaws.com", topic_arn(ctx, topic), topic))
    return done


def event_source_mapping(ctx, wire) -> Realised:
    source, function = wire["from"], wire["to"]
    props = {"EventSourceArn": GetAtt(ctx.primary(source), "Arn"), "FunctionName": Ref(ctx.lid(function, "Alias")),
             "BatchSize": 10, "Enabled": True, "FunctionResponseTypes": ["ReportBatchItemFailures"]}
    if ctx.components[source].type == "kinesis-stream":  # a failing record would block its shard until it expires
        props.update({"BatchSize": 100, "StartingPosition": "LATEST", "BisectBatchOnFunctionError": True,
                      "MaximumRetryAttempts": STREAM_RETRIES})
    return Realised([Resource(ctx.lid(function, "From" + pascal(source) + "Mapping"),
                              "AWS::Lambda::EventSourceMapping", props, component=function)],
                    uses=[ctx.lid(function, "Role")])


STREAM_RETRIES = 10


def rotation(ctx, wire) -> Realised:
    """Secrets Manager invokes the rotation function on the secret's schedule: its permission (SourceArn the
    secret) and the schedule, in the function's stack (the function's role already names the secret)."""
    secret, function = ctx.components[wire["from"]], wire["to"]
    fn_arn = GetAtt(ctx.primary(function), "Arn")
    allow = permission(ctx, ctx.lid(function, "Rotates" + pascal(secret.id) + "Permission"), function,
                       "secretsmanager.amazonaws.com", Ref(ctx.primary(secret.id)), function, function=fn_arn)
    schedule = Resource(ctx.lid(function, "Rotates" + pascal(secret.id) + "Schedule"),
                        "AWS::SecretsManager::RotationSchedule", {
                            "SecretId": Ref(ctx.primary(secret.id)), "RotationLambdaARN": fn_arn,
                            "RotationRules": {"AutomaticallyAfterDays": secret.get("rotation")["days"]}},
                        component=function, depends_on=(allow.logical_id,))
    return Realised([allow, schedule], uses=[ctx.primary(secret.id), ctx.lid(function, "Role")])


def pipe(ctx, wire) -> Realised:
    queue, machine = wire["from"], wire["to"]
    role = ctx.lid(machine, "From" + pascal(queue) + "PipeRole")
    queue_arn, machine_arn = GetAtt(ctx.primary(queue), "Arn"), Ref(ctx.primary(machine))
    statements = [{"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                   "Resource": [queue_arn]},
                  {"Effect": "Allow", "Action": ["states:StartExecution"], "Resource": [machine_arn]}]
    return Realised([
        Resource(role, "AWS::IAM::Role", {
            "Description": f"EventBridge pipe from {ctx.components[queue].name} to {ctx.components[machine].name}",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "pipes.amazonaws.com"}, "Action": ["sts:AssumeRole"],
                "Condition": {"StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")}}}]},
            "Policies": [{"PolicyName": "pipe", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]},
            component=machine),
        Resource(ctx.lid(machine, "From" + pascal(queue) + "Pipe"), "AWS::Pipes::Pipe", {
            "Description": f"Messages of {ctx.components[queue].name} start {ctx.components[machine].name}",
            "RoleArn": GetAtt(role, "Arn"), "Source": queue_arn, "Target": machine_arn,
            "SourceParameters": {"SqsQueueParameters": {"BatchSize": 1}},
            "TargetParameters": {"StepFunctionStateMachineParameters": {"InvocationType": "FIRE_AND_FORGET"}}},
            component=machine)])


def rule_target(ctx, wire) -> Realised:
    bus, target = ctx.components[wire["from"]], ctx.components[wire["to"]]
    rules = [r["name"] for r in bus.get("rules", []) if r["target"] == target.id]
    done = Realised(uses=[rule_lid(ctx, bus.id, name) for name in rules])
    if target.type == "lambda":
        for name in rules:
            done.resources.append(permission(
                ctx, ctx.lid(bus.id, pascal(name) + "Invoke" + pascal(target.id)), target.id, "events.amazonaws.com",
                GetAtt(rule_lid(ctx, bus.id, name), "Arn"), bus.id,
                function=GetAtt(ctx.primary(target.id), "Arn")))
    elif target.type in ("sqs-queue", "sns-topic"):
        action, arn = ("sqs:SendMessage", GetAtt(ctx.primary(target.id), "Arn")) if target.type == "sqs-queue" \
            else ("sns:Publish", topic_arn(ctx, target.id))
        done.grants.append((target.id, {
            "Sid": "FromBus" + pascal(bus.id), "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": action, "Resource": arn, "Condition": {"ArnLike": {"aws:SourceArn": bus_rules_arn(ctx, bus.id)}}}))
        if target.type == "sns-topic" and target.get("encrypted"):
            done.uses.append(ctx.lid(target.id, "Key"))
    elif target.type == "step-functions":
        done.uses.append(ctx.lid(bus.id, "Role"))
    return done


def alarm_action(ctx, wire) -> Realised:
    alarm, topic = wire["from"], ctx.components[wire["to"]]
    done = Realised(uses=[ctx.primary(alarm)])
    if topic.get("encrypted"):
        done.uses.append(ctx.lid(topic.id, "Key"))
    done.grants.append((topic.id, {
        "Sid": "FromAlarm" + pascal(alarm), "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": "sns:Publish", "Resource": topic_arn(ctx, topic.id),
        "Condition": {"StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")},
                      "ArnLike": {"aws:SourceArn": alarm_arn(ctx, alarm)}}}))
    return done


def destination(ctx, wire) -> Realised:
    source = ctx.components[wire["from"]]
    if ctx.components[wire["to"]].type == "sqs-queue":
        refuse_fifo(ctx, wire["to"], source.id, "the failure destination or dead-letter queue of function")
    uses = [ctx.lid(source.id, "Role")]
    if (source.get("async") or {}).get("on_failure") == wire["to"]:
        uses.append(ctx.lid(source.id, "InvokeConfig"))
    if source.get("dead_letter") == wire["to"]:
        uses.append(ctx.primary(source.id))
    return Realised(uses=uses + [ctx.primary(wire["to"])])


def task(ctx, wire) -> Realised:
    return Realised(uses=[ctx.primary(wire["from"]), ctx.lid(wire["from"], "Role")])


def sdk_call(ctx, wire) -> Realised:
    return Realised(uses=[ctx.lid(wire["from"], "Role")])


def pipeline(ctx, wire) -> Realised:
    source = ctx.components[wire["from"]]
    uses = [ctx.primary(c) for c in (wire["from"], wire["to"]) if ctx.components[c].type in ctx.registry]
    manual = wire["manual"]
    if source.type == "gitlab-runner" and source.get("deploy_role"):
        uses.insert(0, ctx.primary(source.get("deploy_role")))
    if source.type == "gitlab-runner":
        manual = manual or "the runner's CI job (.gitlab-ci.yml) makes these calls with the deploy role it assumes"
    return Realised(uses=uses, manual=manual)


GENERATORS = {
    "api-invoke": api_invoke, "api-integration": api_integration, "http-api-invoke": http_api_invoke,
    "websocket-invoke": websocket_invoke, "appsync-resolver": appsync_resolver, "appsync-authorizer": appsync_authorizer,
    "http-api-authorizer": http_api_authorizer, "firehose": firehose, "api-authorizer": api_authorizer, "log-delivery": log_delivery, "origin": origin,
    "property": by_property, "certificate": certificate, "tracing": tracing,
    "event-notification": event_notification, "subscription": subscription,
    "event-source-mapping": event_source_mapping, "pipe": pipe, "rule-target": rule_target,
    "alarm-action": alarm_action, "destination": destination, "rotation": rotation, "task": task, "sdk-call": sdk_call, "pipeline": pipeline,
}


# -- one resource policy per queue or topic -------------------------------------------------------------------
def resource_policy(ctx, target_id: str, statements: list[dict]) -> Resource:
    target = ctx.components[target_id]
    merged: dict[str, dict] = {}
    for statement in statements:
        merged.setdefault(json.dumps(statement, default=repr, sort_keys=True), statement)
    document = {"Version": "2012-10-17", "Statement": list(merged.values())}
    if target.type == "sqs-queue":
        return Resource(ctx.lid(target_id, "QueuePolicy"), "AWS::SQS::QueuePolicy", {
            "Queues": [Ref(ctx.primary(target_id))], "PolicyDocument": document}, component=target_id)
    return Resource(ctx.lid(target_id, "TopicPolicy"), "AWS::SNS::TopicPolicy", {
        "Topics": [Ref(ctx.primary(target_id))], "PolicyDocument": document}, component=target_id)


def publishers(ctx, topic_id: str) -> dict[str, list]:
    """Service principal -> the ARNs it publishes from (its key must admit them, for those sources only): the
    alarms and the buses' rules the model's connections into the topic come from, all named without a reference."""
    found: dict[str, list] = {}
    for wire in ctx.wires:
        if wire["to"] == topic_id and wire["principal"] and wire["kind"] in PUBLISHER_ARNS:
            found.setdefault(wire["principal"], []).append(PUBLISHER_ARNS[wire["kind"]](ctx, wire["from"]))
    return {principal: arns for principal, arns in sorted(found.items())}


def alarm_arn(ctx, alarm_id: str) -> Sub:
    ctx.parameter_system()
    return Sub("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${SystemName}-${Environment}-"
               + alarm_id)


PUBLISHER_ARNS = {"alarm-action": alarm_arn, "rule-target": bus_rules_arn}


def wires_out(ctx, source_id: str, kind: str) -> list[dict]:
    return [w for w in ctx.wires if w["from"] == source_id and w["kind"] == kind]
