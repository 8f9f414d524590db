"""Connections and the properties that wire components together: IAM permissions, event sources, subscriptions,
notifications, rule targets, API integrations (routes), CloudFront origins, alarm metrics, clients of user pools."""
from __future__ import annotations

import json
import re

from .owners import Component, Ownership, kebab
from .properties import Reader
from .stacks import Key, Stacks, items, mapping

ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*]+$")
HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "ANY"}
ROUTE_TARGETS = ("lambda", "step-functions", "sqs-queue", "dynamodb-table")
SOURCE_PROTOCOL = {"sqs-queue": "SQS poll", "dynamodb-table": "DynamoDB stream"}


class Wiring:
    def __init__(self, stacks: Stacks, ownership: Ownership, notes: list[str]):
        self.stacks, self.ownership, self.notes = stacks, ownership, notes
        self.connections: dict[tuple[str, str], dict] = {}

    def reader(self, component: Component) -> Reader:
        return Reader(self.stacks, self.ownership, component, self.notes)

    def connect(self, source: str, target: str, protocol: str, permissions=(), asynchronous=False):
        if source == target:
            return
        found = self.connections.setdefault((source, target), {"from": source, "to": target, "protocol": protocol})
        if asynchronous:
            found["async"] = True
        actions = sorted(set(found.get("permissions", [])) | {a for a in permissions if ACTION.match(a)})
        if actions:
            found["permissions"] = actions

    def owner_of(self, value, stack: str, exclude: str = "") -> list[str]:
        owners = [self.ownership.owner.get(k) for k in self.stacks.refs(value, stack)]
        return list(dict.fromkeys(o for o in owners if o and o != exclude))

    def run(self) -> list[dict]:
        for component in list(self.ownership.components.values()):
            for key in component.owned:
                self.resource(component, key)
        return [self.connections[k] for k in sorted(self.connections)]

    def resource(self, component: Component, key: Key):
        resource = self.stacks.resource(key)
        kind, props = resource["Type"], resource.get("Properties", {})
        handler = HANDLERS.get(kind)
        if handler:
            handler(self, component, key, props)


def _policies(w: Wiring, c: Component, key: Key, props: dict):
    documents = [p.get("PolicyDocument") for p in items(props.get("Policies")) if isinstance(p, dict)]
    if "PolicyDocument" in props:
        documents.append(props["PolicyDocument"])
    for document in documents:
        statements = document.get("Statement", []) if isinstance(document, dict) else []
        for statement in statements if isinstance(statements, list) else [statements]:
            _statement(w, c, key, statement)
    if resource_type(w, key) == "AWS::IAM::Role" and c.type not in ("iam-role",):
        return


def resource_type(w: Wiring, key: Key) -> str:
    return w.stacks.resource(key)["Type"]


def _statement(w: Wiring, c: Component, key: Key, statement):
    if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
        return
    actions = statement.get("Action", [])
    actions = [a for a in (actions if isinstance(actions, list) else [actions]) if isinstance(a, str)]
    targets = w.owner_of(statement.get("Resource"), key[0], c.id)
    if c.type == "iam-role":  # a role is a component of its own: what it may do is its properties
        _role_grants(w, c, actions, targets)
        return
    if not targets and actions and all(a.startswith("xray:") for a in actions):
        targets = [cid for cid, other in w.ownership.components.items() if other.type == "xray"][:1]
    if not targets and actions:
        w.notes.append(f"{c.id}: IAM actions {', '.join(actions[:3])}{'...' if len(actions) > 3 else ''} on "
                       "resources outside the templates (or '*'): no connection")
    for target in targets:
        w.connect(c.id, target, "AWS SDK", actions)


def _role_grants(w: Wiring, c: Component, actions: list[str], targets: list[str]):
    granted = set(c.properties.get("actions", [])) | {a for a in actions if ACTION.match(a)}
    if granted:
        c.properties["actions"] = sorted(granted)
    if targets:
        c.properties["resources"] = sorted(set(c.properties.get("resources", [])) | set(targets))


def _invoke_config(w: Wiring, c: Component, key: Key, props: dict):
    destinations = props.get("DestinationConfig") if isinstance(props.get("DestinationConfig"), dict) else {}
    failure = w.owner_of(destinations.get("OnFailure"), key[0], c.id)
    success = w.owner_of(destinations.get("OnSuccess"), key[0], c.id)
    if failure:
        kinds = ("sqs-queue", "sns-topic", "eventbridge-bus", "lambda")
        if w.ownership.components[failure[0]].type in kinds:
            c.properties.setdefault("async", {})["on_failure"] = failure[0]
    for target in failure + success:
        w.connect(c.id, target, "Lambda destination", asynchronous=True)
    retries = props.get("MaximumRetryAttempts")
    if isinstance(retries, int) and 0 <= retries <= 2:
        c.properties.setdefault("async", {})["max_retries"] = retries


def _function(w: Wiring, c: Component, key: Key, props: dict):
    tracing = props.get("TracingConfig")
    if isinstance(tracing, dict) and tracing.get("Mode") == "Active":
        _to_xray(w, c)
    for target in w.owner_of(props.get("LoggingConfig"), key[0], c.id):
        w.connect(c.id, target, "CloudWatch Logs", asynchronous=True)
    dead = props.get("DeadLetterConfig")
    for target in w.owner_of(dead, key[0], c.id):
        w.connect(c.id, target, "Lambda dead-letter", asynchronous=True)
    env = props.get("Environment")
    for target in w.owner_of(env.get("Variables") if isinstance(env, dict) else None, key[0], c.id):
        w.connect(c.id, target, "AWS SDK")


def _event_source(w: Wiring, c: Component, key: Key, props: dict):
    for source in w.owner_of(props.get("EventSourceArn"), key[0], c.id):
        kind = w.ownership.components[source].type
        w.connect(source, c.id, SOURCE_PROTOCOL.get(kind, "event source"), asynchronous=True)


def _permission(w: Wiring, c: Component, key: Key, props: dict):
    for source in w.owner_of(props.get("SourceArn"), key[0], c.id):
        # an API's calls come from its routes, a bus's from its rules
        if w.ownership.components[source].type not in ("api-gateway-rest", "eventbridge-bus"):
            w.connect(source, c.id, "Lambda invoke", asynchronous=True)


def _subscription(w: Wiring, c: Component, key: Key, props: dict):
    for target in w.owner_of(props.get("Endpoint"), key[0], c.id):
        w.connect(c.id, target, "SNS", asynchronous=True)


def _topic(w: Wiring, c: Component, key: Key, props: dict):
    for sub in items(props.get("Subscription")):
        if isinstance(sub, dict):
            _subscription(w, c, key, sub)


def _bucket(w: Wiring, c: Component, key: Key, props: dict):
    config = props.get("NotificationConfiguration")
    for target in w.owner_of(config, key[0], c.id):
        w.connect(c.id, target, "S3 event notification", asynchronous=True)


def _alarm(w: Wiring, c: Component, key: Key, props: dict):
    metric_id = c.properties.get("metric")
    if metric_id and metric_id not in w.ownership.components:
        namespace, name = props.get("Namespace"), props.get("MetricName")
        metric = Component(metric_id, "metric", None, properties={
            "namespace": namespace if isinstance(namespace, str) else "Custom",
            "metric_name": name if isinstance(name, str) else "computed"})
        source = _metric_source(w, key, props)
        if source:
            metric.properties["source"] = source
        w.ownership.components[metric_id] = metric
    for target in c.properties.get("notify", []):
        w.connect(c.id, target, "SNS", asynchronous=True)


def _metric_source(w: Wiring, key: Key, props: dict) -> str | None:
    owners = w.owner_of(props.get("Dimensions"), key[0])
    return owners[0] if owners else None


def _pipe(w: Wiring, c: Component, key: Key, props: dict):
    for target in w.owner_of(props.get("Target"), key[0], c.id):
        w.connect(c.id, target, "EventBridge Pipe", asynchronous=True)


def _rule(w: Wiring, c: Component, key: Key, props: dict):
    if c.type != "eventbridge-bus":  # the component's own events, delivered by EventBridge (S3 notifications)
        for target in w.owner_of([t.get("Arn") for t in items(props.get("Targets")) if isinstance(t, dict)],
                                 key[0], c.id):
            w.connect(c.id, target, "EventBridge notification", asynchronous=True)
        return
    pattern = props.get("EventPattern")
    schedule = props.get("ScheduleExpression")
    targets = [t for t in items(props.get("Targets")) if isinstance(t, dict)]
    rules = c.properties.setdefault("rules", [])
    for n, target in enumerate(targets):
        owners = w.owner_of(target.get("Arn"), key[0], c.id)
        if not owners:
            continue
        text = json.dumps(pattern, sort_keys=True) if isinstance(pattern, dict) else (
            json.dumps({"schedule": schedule}) if isinstance(schedule, str) else "{}")
        name = kebab(key[1]) + (f"-{n + 1}" if n else "")
        if name not in {r["name"] for r in rules}:
            rules.append({"name": name, "pattern": text, "target": owners[0]})
        w.connect(c.id, owners[0], "EventBridge rule", asynchronous=True)


def _method(w: Wiring, c: Component, key: Key, props: dict):
    method = props.get("HttpMethod")
    targets = w.owner_of(props.get("Integration"), key[0], c.id)
    targets = [t for t in targets if w.ownership.components[t].type in ROUTE_TARGETS]
    if not isinstance(method, str) or method not in HTTP_METHODS or not targets:
        return
    path = _path(w, key[0], props.get("ResourceId"))
    auth = props.get("AuthorizationType")
    _route(w, c, method, path, targets[0], public=auth in (None, "NONE"))


def _route(w: Wiring, c: Component, method: str, path: str, target: str, public: bool):
    routes = c.properties.setdefault("routes", [])
    if any(r["method"] == method and r["path"] == path for r in routes):
        return
    route = {"method": method, "path": path, "target": target}
    if public:
        route.update(public=True, public_reason="imported: the template sets no authorizer on this method")
    routes.append(route)
    w.connect(c.id, target, "Lambda invoke" if w.ownership.components[target].type == "lambda" else "AWS SDK")


def _path(w: Wiring, stack: str, resource_id) -> str:
    parts, seen = [], set()
    current = resource_id
    while True:
        keys = w.stacks.refs(current, stack)
        resource = w.stacks.resource(keys[0]) if keys else None
        if not resource or resource["Type"] != "AWS::ApiGateway::Resource" or keys[0] in seen:
            break
        seen.add(keys[0])
        part = resource.get("Properties", {}).get("PathPart")
        parts.append(part if isinstance(part, str) else "{computed}")
        current = resource.get("Properties", {}).get("ParentId")
        stack = keys[0][0]
    return "/" + "/".join(reversed(parts))


def _rest_api(w: Wiring, c: Component, key: Key, props: dict):
    body = props.get("Body")
    paths = body.get("paths") if isinstance(body, dict) else None  # SAM's implicit API: OpenAPI with integrations
    for path, operations in sorted((paths or {}).items()):
        for verb, operation in sorted(operations.items()) if isinstance(operations, dict) else ():
            method = "ANY" if verb == "x-amazon-apigateway-any-method" else str(verb).upper()
            if not isinstance(operation, dict) or method not in HTTP_METHODS:
                continue
            integration = operation.get("x-amazon-apigateway-integration")
            targets = [t for t in w.owner_of(integration, key[0], c.id)
                       if w.ownership.components[t].type in ROUTE_TARGETS]
            if isinstance(path, str) and path.startswith("/") and targets:
                _route(w, c, method, path, targets[0], public=not operation.get("security"))
    endpoint = props.get("EndpointConfiguration")
    types = endpoint.get("Types") if isinstance(endpoint, dict) else None
    if isinstance(types, list) and types and types[0] in ("REGIONAL", "EDGE", "PRIVATE"):
        c.properties["endpoint_type"] = types[0]


def _http_stage(w: Wiring, c: Component, key: Key, props: dict):
    """An HTTP API's stage: the log group it writes access logs to."""
    logs = [t for t in w.owner_of(props.get("AccessLogSettings"), key[0], c.id)
            if w.ownership.components[t].type == "log-group"]
    if logs:
        c.properties["access_log"] = logs[0]
        w.connect(c.id, logs[0], "CloudWatch Logs", asynchronous=True)
        w.ownership.components[logs[0]].properties.setdefault("source", c.id)


def _stage(w: Wiring, c: Component, key: Key, props: dict):
    name = w.stacks.literal(props.get("StageName"), key[0])
    name = name if isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,128}", name) else None
    stages = c.properties.setdefault("stages", {})
    stage = stages.setdefault(name or "default", {"environment": "__default__"})
    logs = [t for t in w.owner_of(props.get("AccessLogSetting"), key[0], c.id)
            if w.ownership.components[t].type == "log-group"]
    if logs:
        stage["access_log"] = logs[0]
        w.connect(c.id, logs[0], "CloudWatch Logs", asynchronous=True)
        w.ownership.components[logs[0]].properties.setdefault("source", c.id)
    if props.get("TracingEnabled") is True:
        _to_xray(w, c)


def _to_xray(w: Wiring, c: Component):
    """Traced components send segments to the system's X-Ray component, if it has one."""
    for xray in [cid for cid, other in sorted(w.ownership.components.items()) if other.type == "xray"][:1]:
        w.connect(c.id, xray, "X-Ray", asynchronous=True)


def _authorizer(w: Wiring, c: Component, key: Key, props: dict):
    kind = {"COGNITO_USER_POOLS": "cognito", "TOKEN": "lambda", "REQUEST": "lambda"}.get(str(props.get("Type")))
    name = props.get("Name") if isinstance(props.get("Name"), str) else kebab(key[1])
    if not kind:
        return
    entry = {"name": name, "kind": kind}
    pool = w.owner_of(props.get("ProviderARNs"), key[0], c.id)
    function = w.owner_of(props.get("AuthorizerUri"), key[0], c.id)
    if kind == "cognito" and pool:
        entry["user_pool"] = pool[0]
        w.connect(c.id, pool[0], "HTTPS", )
    if kind == "lambda" and function:
        entry["function"] = function[0]
        w.connect(c.id, function[0], "Lambda invoke")
    authorizers = c.properties.setdefault("authorizers", [])
    if name not in {a["name"] for a in authorizers}:
        authorizers.append(entry)


def _client(w: Wiring, c: Component, key: Key, props: dict):
    name = props.get("ClientName")
    name = name if isinstance(name, str) and "{" not in name else kebab(key[1])
    clients = c.properties.setdefault("clients", [])
    if name not in {x["name"] for x in clients}:
        clients.append({"name": name})


def _pool(w: Wiring, c: Component, key: Key, props: dict):
    mfa = props.get("MfaConfiguration")
    if mfa in ("OFF", "ON", "OPTIONAL"):
        c.properties["mfa"] = mfa
    attrs = props.get("UsernameAttributes")
    if isinstance(attrs, list):
        sign_in = [{"phone_number": "phone"}.get(a, a) for a in attrs if a in ("email", "phone_number")]
        if sign_in:
            c.properties["sign_in"] = sign_in
    length = (props.get("Policies") or {}).get("PasswordPolicy", {}).get("MinimumLength") \
        if isinstance(props.get("Policies"), dict) else None
    if isinstance(length, int) and 6 <= length <= 99:
        c.properties["password_min_length"] = length


def _distribution(w: Wiring, c: Component, key: Key, props: dict):
    config = props.get("DistributionConfig") if isinstance(props.get("DistributionConfig"), dict) else {}
    origins = c.properties.setdefault("origins", [])
    for origin in items(config.get("Origins")):
        if not isinstance(origin, dict):
            continue
        targets = [t for t in w.owner_of(origin, key[0], c.id)
                   if w.ownership.components[t].type in ("s3-bucket", "api-gateway-rest")]
        if not targets:
            continue
        name = origin.get("Id") if isinstance(origin.get("Id"), str) else targets[0]
        name = kebab(name)
        if name in {o["name"] for o in origins}:
            continue
        access = "origin-access-control" if "OriginAccessControlId" in origin or "S3OriginConfig" in origin \
            else "custom-header" if origin.get("OriginCustomHeaders") else "public"
        origins.append({"name": name, "target": targets[0], "access": access})
        w.connect(c.id, targets[0], "HTTPS")
        if w.ownership.components[targets[0]].type == "s3-bucket" and access == "origin-access-control":
            w.ownership.components[targets[0]].properties.setdefault("served_by", c.id)
    aliases = config.get("Aliases")
    if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases) and aliases:
        c.properties["aliases"] = aliases
    price = config.get("PriceClass")
    if price in ("PriceClass_100", "PriceClass_200", "PriceClass_All"):
        c.properties["price_class"] = price
    for ref, field_name, types in (("certificate", "ViewerCertificate", ("acm-certificate",)),
                                   ("web_acl", "WebACLId", ("waf-web-acl",)),
                                   ("access_log_bucket", "Logging", ("s3-bucket",))):
        found = [t for t in w.owner_of(config.get(field_name), key[0], c.id) if w.ownership.components[t].type in types]
        if found:
            c.properties[ref] = found[0]
            if ref == "certificate":
                w.connect(found[0], c.id, "TLS certificate")
            else:
                w.connect(c.id, found[0], "WAF" if ref == "web_acl" else "S3 access logs", asynchronous=ref != "web_acl")


def _queue(w: Wiring, c: Component, key: Key, props: dict):
    for target in w.owner_of(props.get("RedrivePolicy"), key[0], c.id):
        w.connect(c.id, target, "SQS redrive", asynchronous=True)


def _state_machine(w: Wiring, c: Component, key: Key, props: dict):
    for target in w.owner_of(props.get("LoggingConfiguration"), key[0], c.id):
        w.connect(c.id, target, "CloudWatch Logs", asynchronous=True)
    if mapping(props.get("TracingConfiguration")).get("Enabled") is True:
        _to_xray(w, c)
    for field in ("Definition", "DefinitionString", "DefinitionSubstitutions"):
        for target in w.owner_of(props.get(field), key[0], c.id):
            w.connect(c.id, target, "AWS SDK")


def _web_acl_association(w: Wiring, c: Component, key: Key, props: dict):
    for target in w.owner_of(props.get("ResourceArn"), key[0], c.id):
        w.connect(c.id, target, "WAF")


HANDLERS = {
    "AWS::IAM::Role": _policies, "AWS::IAM::Policy": _policies, "AWS::IAM::ManagedPolicy": _policies,
    "AWS::Lambda::Function": _function, "AWS::Lambda::EventInvokeConfig": _invoke_config, "AWS::Lambda::EventSourceMapping": _event_source,
    "AWS::Lambda::Permission": _permission, "AWS::SNS::Subscription": _subscription, "AWS::SNS::Topic": _topic,
    "AWS::S3::Bucket": _bucket, "AWS::CloudWatch::Alarm": _alarm, "AWS::Events::Rule": _rule, "AWS::Pipes::Pipe": _pipe, "AWS::SQS::Queue": _queue,
    "AWS::ApiGateway::Method": _method, "AWS::ApiGateway::RestApi": _rest_api, "AWS::ApiGateway::Stage": _stage,
    "AWS::ApiGatewayV2::Stage": _http_stage,
    "AWS::ApiGateway::Authorizer": _authorizer, "AWS::Cognito::UserPoolClient": _client,
    "AWS::Cognito::UserPool": _pool, "AWS::CloudFront::Distribution": _distribution,
    "AWS::StepFunctions::StateMachine": _state_machine, "AWS::WAFv2::WebACLAssociation": _web_acl_association,
}
