"""Each component type's key properties, read from the resources of its component.

One small function per catalogue type; a value the template computes (an intrinsic function other than a Ref to a
parameter with a default) is left out, so the type's default applies. Values outside what the catalogue allows
are left out too, and noted.
"""
from __future__ import annotations

import json
import re

from ..model.catalogue import Catalogue
from .owners import Component, Ownership
from .stacks import Stacks, items, mapping


class Reader:
    def __init__(self, stacks: Stacks, ownership: Ownership, component: Component, notes: list[str],
                 catalogue: Catalogue | None = None):
        self.stacks, self.ownership, self.component, self.notes = stacks, ownership, component, notes
        self.catalogue = catalogue
        self.stack = component.key[0] if component.key else ""

    @property
    def props(self) -> dict:
        return self.stacks.resource(self.component.key).get("Properties", {}) if self.component.key else {}

    def get(self, *path, props=None):
        value = self.props if props is None else props
        for step in path:
            if isinstance(value, dict) and step in value:
                value = value[step]
            elif isinstance(value, list) and isinstance(step, int) and step < len(value):
                value = value[step]
            else:
                return None
        return self.stacks.literal(value, self.stack)

    def target(self, value, types: tuple[str, ...] = ()) -> str | None:
        """The component a value points at (of one of the types, if given)."""
        for key in self.stacks.refs(value, self.stack):
            cid = self.ownership.owner.get(key)
            if cid and cid != self.component.id and (
                    not types or self.ownership.components[cid].type in types):
                return cid
        return None

    def owned(self, kind: str) -> list[tuple[str, dict]]:
        return [(k[1], self.stacks.resource(k).get("Properties", {})) for k in self.component.owned
                if self.stacks.resource(k)["Type"] == kind]


def _int(value):
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def runtime(r: Reader, spec_values: list) -> str:
    """The template's runtime, or the catalogue's nearest of the same language (noted) when the catalogue does
    not list it (an older or newer version); python3.12 when the template computes it."""
    value = r.get("Runtime")
    if value in spec_values:
        return value
    family = re.sub(r"[0-9.]+.*$", "", value) if isinstance(value, str) else ""
    same = [v for v in spec_values if family and v.startswith(family)]
    chosen = same[0] if same else "python3.12"
    r.notes.append(f"{r.component.id}: runtime {value!r} is not in the catalogue; imported as {chosen}")
    return chosen


def lambda_(r: Reader) -> dict:
    p = {"runtime": runtime(r, r.catalogue.types["lambda"].properties["runtime"].values), "handler": r.get("Handler"), "memory": _int(r.get("MemorySize")),
         "timeout": _int(r.get("Timeout")), "architecture": r.get("Architectures", 0),
         "reserved_concurrency": _int(r.get("ReservedConcurrentExecutions")), "tracing": r.get("TracingConfig", "Mode")}
    variables = r.props.get("Environment", {}).get("Variables") if isinstance(r.props.get("Environment"), dict) else None
    if isinstance(variables, dict):
        plain = {k: v for k, v in variables.items() if isinstance(v, (str, int)) and not isinstance(v, bool)
                 and "{{" not in str(v)}
        p["environment"] = {k: str(v) for k, v in sorted(plain.items())} or None
    p["dead_letter"] = r.target(r.props.get("DeadLetterConfig"), ("sqs-queue", "sns-topic"))
    layers = [r.target(layer, ("lambda-layer",)) for layer in items(r.props.get("Layers"))]
    p["layers"] = [layer for layer in layers if layer] or None
    p["log_group"] = r.target(r.props.get("LoggingConfig"), ("log-group",))
    return p


def lambda_layer(r: Reader) -> dict:
    """A layer that lists no runtimes (or architectures) suits any: it gets every one the catalogue knows."""
    known = r.catalogue.types["lambda-layer"].properties["runtimes"].items.values
    listed = [v for v in items(r.props.get("CompatibleRuntimes")) if isinstance(v, str)]
    runtimes = [v for v in listed if v in known] if listed else list(known)
    if listed and len(runtimes) < len(listed):
        r.notes.append(f"{r.component.id}: runtimes {sorted(set(listed) - set(runtimes))} are not in the "
                       "catalogue; left out")
    listed_architectures = items(r.props.get("CompatibleArchitectures"))
    architectures = [v for v in listed_architectures if v in ("arm64", "x86_64")] or ["arm64", "x86_64"]
    license_info = r.get("LicenseInfo")
    return {"runtimes": runtimes or ["python3.12"], "architectures": architectures,
            "license": license_info if isinstance(license_info, str) else None}


def identity_pool(r: Reader) -> dict:
    """The user pools whose app clients the identity pool trusts (a provider outside the templates is left out)."""
    pools = [r.target(mapping(p).get("ClientId"), ("cognito-user-pool",))
             for p in items(r.props.get("CognitoIdentityProviders"))]
    check = [mapping(p).get("ServerSideTokenCheck") for p in items(r.props.get("CognitoIdentityProviders"))]
    return {"user_pools": list(dict.fromkeys(p for p in pools if p)),
            "server_side_token_check": all(c is True for c in check) if check else None}


def cloudfront_function(r: Reader) -> dict:
    """Its code, as a custom function, on the viewer event the first distribution that names it runs it on."""
    events = [a.get("EventType") for key in r.stacks.pointed_by(r.component.key)
              if r.stacks.resource(key)["Type"] == "AWS::CloudFront::Distribution"
              for behaviour in _behaviours(r.stacks.resource(key).get("Properties", {}))
              for a in items(behaviour.get("FunctionAssociations")) if isinstance(a, dict)
              and r.component.key in r.stacks.refs(a.get("FunctionARN"), key[0])]
    code = r.get("FunctionCode")
    return {"event": next((e for e in events if e in ("viewer-request", "viewer-response")), "viewer-request"),
            "kind": "custom" if isinstance(code, str) else None, "code": code if isinstance(code, str) else None}


def _behaviours(props: dict) -> list[dict]:
    config = mapping(props.get("DistributionConfig"))
    return [b for b in [config.get("DefaultCacheBehavior"), *items(config.get("CacheBehaviors"))] if isinstance(b, dict)]


def appsync(r: Reader) -> dict:
    """The schema and, per resolver, the field and the function or table its data source names."""
    schema = next((p.get("Definition") for _, p in r.owned("AWS::AppSync::GraphQLSchema")), None)
    sources = {p.get("Name"): p for _, p in r.owned("AWS::AppSync::DataSource") if isinstance(p.get("Name"), str)}
    by_lid = {lid: p for lid, p in r.owned("AWS::AppSync::DataSource")}
    resolvers = []
    for _, props in r.owned("AWS::AppSync::Resolver"):
        name = props.get("DataSourceName")
        source = sources.get(name) if isinstance(name, str) else next(
            (by_lid[k[1]] for k in r.stacks.refs(name, r.stack) if k[1] in by_lid), None)
        if not isinstance(source, dict):
            continue
        target = r.target(mapping(source.get("LambdaConfig")).get("LambdaFunctionArn"), ("lambda",)) or r.target(
            mapping(source.get("DynamoDBConfig")).get("TableName"), ("dynamodb-table",))
        if target and isinstance(props.get("TypeName"), str) and isinstance(props.get("FieldName"), str):
            resolvers.append({"type": props["TypeName"], "field": props["FieldName"], "target": target})
    auth = {"AMAZON_COGNITO_USER_POOLS": "cognito", "AWS_IAM": "iam", "AWS_LAMBDA": "lambda"}.get(
        r.get("AuthenticationType"))
    return {"schema": schema if isinstance(schema, str) else "type Query { placeholder: String }",
            "resolvers": resolvers, "auth": auth,
            "user_pool": r.target(r.props.get("UserPoolConfig"), ("cognito-user-pool",)) if auth == "cognito" else None,
            "authorizer": r.target(r.props.get("LambdaAuthorizerConfig"), ("lambda",)) if auth == "lambda" else None}


def dynamodb(r: Reader) -> dict:
    types = {a["AttributeName"]: a.get("AttributeType") for a in items(r.props.get("AttributeDefinitions"))
             if isinstance(a, dict) and isinstance(a.get("AttributeName"), str)}

    def key(schema, kind):
        for k in items(schema):
            if isinstance(k, dict) and k.get("KeyType") == kind and isinstance(k.get("AttributeName"), str):
                name = k["AttributeName"]
                return {"name": name, "type": types.get(name, "S")}
        return None

    schema = r.props.get("KeySchema")
    sse = r.props.get("SSESpecification") if isinstance(r.props.get("SSESpecification"), dict) else {}
    encryption = ("CUSTOMER_MANAGED" if sse.get("KMSMasterKeyId") else "AWS_MANAGED") if sse.get("SSEEnabled") \
        else "AWS_OWNED"
    indexes = [{"name": g["IndexName"], "partition_key": (key(g.get("KeySchema"), "HASH") or {}).get("name"),
                "sort_key": (key(g.get("KeySchema"), "RANGE") or {}).get("name")}
               for g in items(r.props.get("GlobalSecondaryIndexes"))
               if isinstance(g, dict) and isinstance(g.get("IndexName"), str)]
    return {"partition_key": key(schema, "HASH") or {"name": "id", "type": "S"}, "sort_key": key(schema, "RANGE"),
            "billing_mode": r.get("BillingMode") or ("PROVISIONED" if r.props.get("ProvisionedThroughput") else None),
            "point_in_time_recovery": r.get("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
            if "Replicas" not in r.props else r.get("Replicas", 0, "PointInTimeRecoverySpecification",
                                                     "PointInTimeRecoveryEnabled"),
            "encryption": encryption,  # a global table's stream is replication's, not the model's
            "stream": r.get("StreamSpecification", "StreamViewType") if "Replicas" not in r.props else None,
            "ttl_attribute": r.get("TimeToLiveSpecification", "AttributeName"),
            "replicas": [x["Region"] for x in items(r.props.get("Replicas")) if isinstance(x, dict)
                         and isinstance(x.get("Region"), str)] or None,
            "indexes": [{k: v for k, v in i.items() if v} for i in indexes if i["partition_key"]] or None}


def s3(r: Reader) -> dict:
    algo = r.get("BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault",
                 "SSEAlgorithm")
    block = r.props.get("PublicAccessBlockConfiguration")
    rules = r.get("LifecycleConfiguration", "Rules", 0, "ExpirationInDays")
    return {"versioning": {"Enabled": True, "Suspended": False}.get(r.get("VersioningConfiguration", "Status")),
            "encryption": "SSE-KMS" if algo in ("aws:kms", "aws:kms:dsse") else ("SSE-S3" if algo else None),
            "block_public_access": (all(v is True for v in block.values()) if isinstance(block, dict) else None),
            "purpose": "static-site" if r.props.get("WebsiteConfiguration") else None,
            "lifecycle_days": _int(rules)}


def sqs(r: Reader) -> dict:
    redrive = r.props.get("RedrivePolicy")
    dlq = r.target(redrive, ("sqs-queue",))
    fifo = r.get("FifoQueue")
    return {"fifo": fifo if isinstance(fifo, bool) else None,
            "visibility_timeout": _int(r.get("VisibilityTimeout")),
            "retention": _int(r.get("MessageRetentionPeriod")), "dead_letter": dlq,
            "max_receive_count": _int(r.get("maxReceiveCount", props=redrive)) if dlq else None,
            "encrypted": False if r.get("SqsManagedSseEnabled") is False and not r.props.get("KmsMasterKeyId")
            else None}


SNS_PROTOCOLS = {"email", "sms", "https", "lambda", "sqs"}


def sns(r: Reader) -> dict:
    subs = [s for s in items(r.props.get("Subscription")) if isinstance(s, dict)] + [
        p for _, p in r.owned("AWS::SNS::Subscription")]
    found = []
    for sub in subs:
        protocol = r.get("Protocol", props=sub)
        endpoint = r.target(sub.get("Endpoint")) or r.get("Endpoint", props=sub)
        if protocol in SNS_PROTOCOLS and isinstance(endpoint, str) and "{{" not in endpoint:
            found.append({"protocol": protocol, "endpoint": endpoint})
    return {"encrypted": True if r.props.get("KmsMasterKeyId") else None,
            "subscriptions": sorted(found, key=lambda s: (s["protocol"], s["endpoint"])) or None}


def step_functions(r: Reader) -> dict:
    definition = r.props.get("Definition")
    text = r.props.get("DefinitionString")
    if isinstance(text, str):
        try:
            definition = json.loads(text)
        except ValueError:
            definition = None
    states = list(definition.get("States", {})) if isinstance(definition, dict) and isinstance(
        definition.get("States"), dict) else None
    return {"workflow": r.get("StateMachineType"), "states": [s for s in states if isinstance(s, str)] or None
            if states else None, "tracing": r.get("TracingConfiguration", "Enabled"),
            "log_group": r.target(r.props.get("LoggingConfiguration"), ("log-group",))}


def log_group(r: Reader) -> dict:
    return {"retention_days": _int(r.get("RetentionInDays"))}


def simple(**fields):
    def read(r: Reader) -> dict:
        return {name: r.get(*path) for name, path in fields.items()}
    return read


def route53(r: Reader) -> dict:
    name = r.get("Name")
    return {"domain": name.rstrip(".").lower() if isinstance(name, str) else "imported.example.com"}


def acm(r: Reader) -> dict:
    names = r.props.get("SubjectAlternativeNames")
    return {"domain": r.get("DomainName") or "imported.example.com",
            "alternative_names": [n for n in names if isinstance(n, str)] or None if isinstance(names, list) else None,
            "validation": r.get("ValidationMethod")}


def waf(r: Reader) -> dict:
    action = r.props.get("DefaultAction")
    return {"scope": r.get("Scope"),
            "default_action": next(iter(action)).lower() if isinstance(action, dict) and len(action) == 1 else None}


COMPARISONS = {"GreaterThanOrEqualToThreshold": ">=", "GreaterThanThreshold": ">", "LessThanThreshold": "<",
               "LessThanOrEqualToThreshold": "<="}


def alarm(r: Reader) -> dict:
    actions = items(r.props.get("AlarmActions"))
    notify = sorted({t for a in actions if (t := r.target(a, ("sns-topic",)))})
    threshold = r.get("Threshold")
    return {"metric": f"{r.component.id}-metric", "statistic": r.get("Statistic"),
            "comparison": COMPARISONS.get(r.get("ComparisonOperator")),
            "threshold": threshold if isinstance(threshold, (int, float)) and not isinstance(threshold, bool) else 0,
            "period": _int(r.get("Period")), "evaluation_periods": _int(r.get("EvaluationPeriods")),
            "notify": notify or None}


def iam_role(r: Reader) -> dict:
    principals = []
    for statement in items(mapping(r.props.get("AssumeRolePolicyDocument")).get("Statement")):
        principal = statement.get("Principal") if isinstance(statement, dict) else None
        for kind in ("Service", "Federated", "AWS"):
            values = principal.get(kind) if isinstance(principal, dict) else None
            values = values if isinstance(values, list) else [values]
            principals += [v for v in values if isinstance(v, str)]
    return {"assumed_by": ", ".join(dict.fromkeys(principals)) or "unknown (computed in the template)"}


def codebuild(r: Reader) -> dict:
    image = r.get("Environment", "Image")
    return {"image": image if isinstance(image, str) and " " not in image else None,
            "compute_type": r.get("Environment", "ComputeType"), "timeout": _int(r.get("TimeoutInMinutes"))}


READERS = {
    "lambda": lambda_, "lambda-layer": lambda_layer, "cognito-identity-pool": identity_pool,
    "cloudfront-function": cloudfront_function, "appsync-api": appsync, "dynamodb-table": dynamodb, "s3-bucket": s3, "sqs-queue": sqs, "sns-topic": sns,
    "step-functions": step_functions, "log-group": log_group, "route53-zone": route53, "acm-certificate": acm,
    "waf-web-acl": waf, "alarm": alarm, "iam-role": iam_role, "codebuild-project": codebuild,
    "xray": simple(sampling_rate=("SamplingRule", "FixedRate"),
                   reservoir=("SamplingRule", "ReservoirSize")),
    "codepipeline": simple(pipeline_type=("PipelineType",)),
}


def read_properties(stacks: Stacks, ownership: Ownership, catalogue: Catalogue, notes: list[str]):
    """Fill each component's properties, keeping only values its catalogue type accepts."""
    for component in ownership.components.values():
        reader = READERS.get(component.type)
        if reader is None:
            continue
        values = reader(Reader(stacks, ownership, component, notes, catalogue))
        specs = catalogue.types[component.type].properties
        for name, value in values.items():
            if value is None:
                continue
            if _fits(specs[name], value):
                component.properties[name] = value
            else:
                notes.append(f"{component.id}: {name} = {value!r} is outside what the catalogue allows; left out")
    for component in ownership.components.values():  # a log group goes with the component that writes to it
        group = component.properties.get("log_group")
        if group in ownership.components:
            ownership.components[group].properties.setdefault("source", component.id)


def _fits(spec, value) -> bool:
    values = spec.values
    if values and not isinstance(value, (list, dict)):
        return value in values
    low, high = spec.minimum, spec.maximum
    if spec.pattern and isinstance(value, str) and not re.search(spec.pattern, value):
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (low is None or value >= low) and (high is None or value <= high)
    return True
