"""Which component each resource becomes or belongs to.

A resource whose CloudFormation type is the first one a catalogue type lists becomes a component of that type.
Helper resources (a method of an API, a version of a function, the role a function runs as...) belong to the
component they point at, or that points at them. The rest are unmapped: listed in the report, left out.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model.catalogue import Catalogue
from .stacks import Key, Stacks

# Helper type -> the properties pointing at its owner.
POINTS_AT_OWNER = {
    **{f"AWS::ApiGateway::{t}": ("RestApiId",) for t in (
        "Resource", "Method", "Deployment", "Stage", "Authorizer", "GatewayResponse", "RequestValidator", "Model",
        "DocumentationPart", "BasePathMapping")},
    **{f"AWS::ApiGatewayV2::{t}": ("ApiId",) for t in ("Stage", "Route", "Integration", "Authorizer", "Deployment")},
    **{f"AWS::Lambda::{t}": ("FunctionName",) for t in ("Version", "Alias", "EventInvokeConfig", "Permission",
                                                          "EventSourceMapping")},
    "AWS::Lambda::Url": ("TargetFunctionArn",),
    "AWS::SNS::Subscription": ("TopicArn",), "AWS::SNS::TopicPolicy": ("Topics",),
    "AWS::SQS::QueuePolicy": ("Queues",), "AWS::S3::BucketPolicy": ("Bucket",),
    "AWS::Cognito::UserPoolClient": ("UserPoolId",), "AWS::Cognito::UserPoolDomain": ("UserPoolId",),
    "AWS::Cognito::UserPoolGroup": ("UserPoolId",), "AWS::Cognito::UserPoolResourceServer": ("UserPoolId",),
    "AWS::Cognito::IdentityPoolRoleAttachment": ("IdentityPoolId",),
    **{f"AWS::AppSync::{t}": ("ApiId",) for t in ("GraphQLSchema", "DataSource", "Resolver", "ApiKey",
                                                   "FunctionConfiguration", "DomainNameApiAssociation")},
    "AWS::Route53::RecordSet": ("HostedZoneId",), "AWS::Events::Rule": ("EventBusName",),
    "AWS::WAFv2::WebACLAssociation": ("WebACLArn",),
    "AWS::IAM::Policy": ("Roles",), "AWS::IAM::ManagedPolicy": ("Roles",),
    "AWS::ApiGateway::UsagePlan": ("ApiStages",), "AWS::Pipes::Pipe": ("Source",),
}
# Helper type -> owned by whichever component points at it first.
POINTED_AT_BY_OWNER = {"AWS::IAM::Role", "AWS::CloudFront::OriginAccessControl", "AWS::KMS::Key",
                       "AWS::CodeStarConnections::Connection", "AWS::ApiGateway::Account",
                       "AWS::IAM::InstanceProfile", "AWS::CloudFront::CachePolicy",
                       "AWS::CloudFront::OriginRequestPolicy", "AWS::CloudFront::ResponseHeadersPolicy",
                       "AWS::SecretsManager::Secret"}
# CloudFormation types that are a catalogue type's main resource in another form (a table made global).
ALSO_PRIMARY = {"AWS::DynamoDB::GlobalTable": "dynamodb-table"}
BY_PROPERTY = {("AWS::ApiGatewayV2::Api", "ProtocolType", "WEBSOCKET"): "api-gateway-websocket"}
OWNED_BY_TYPE = {"AWS::ApiGateway::Account": "api-gateway-rest"}
DEFAULT_BUS = "default-event-bus"
NAME_KEYS = ("FunctionName", "TableName", "BucketName", "TopicName", "QueueName", "StateMachineName", "UserPoolName",
             "LogGroupName", "AlarmName", "DashboardName", "EventBusName", "RoleName", "Name")
# Words a logical id often ends with for a type, besides the type's own last part (AWS::SQS::Queue -> Queue).
TYPE_WORDS = {"AWS::WAFv2::WebACL": ("WebAcl", "Acl", "Waf"),
              "AWS::XRay::SamplingRule": ("Rule",), "AWS::Lambda::Function": ("Fn", "Lambda"),
              "AWS::CertificateManager::Certificate": ("Cert",), "AWS::SNS::Topic": ("Sns",),
              "AWS::SQS::Queue": ("Sqs",), "AWS::StepFunctions::StateMachine": ("Sfn",),
              "AWS::Lambda::LayerVersion": ("Layer",), "AWS::Cognito::IdentityPool": ("Pool",),
              "AWS::CloudFront::Function": ("Function", "Fn")}
ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


@dataclass
class Component:
    id: str
    type: str
    key: Key | None  # the resource it was made from (None for one the importer adds, e.g. the default bus)
    owned: list[Key] = field(default_factory=list)
    properties: dict = field(default_factory=dict)
    description: str = ""
    layer: str = ""  # overrides the type's layer


@dataclass
class Ownership:
    components: dict[str, Component]
    owner: dict[Key, str]  # resource -> component id
    unmapped: list[Key]


def assign(stacks: Stacks, catalogue: Catalogue) -> Ownership:
    primary = _primary_types(catalogue)
    components: dict[str, Component] = {}
    owner: dict[Key, str] = {}
    chosen = [k for k in stacks.keys() if primary.get(stacks.resource(k)["Type"])
              and not _role_of_a_component(k, stacks, primary)]
    ids = component_ids(chosen, stacks)
    for key in chosen:
        type_name = _refined(stacks.resource(key), primary[stacks.resource(key)["Type"]])
        if type_name:
            cid = _unique(ids[key], components)
            components[cid] = Component(cid, type_name, key, [key], description=_description(key, stacks))
            owner[key] = cid
    for _ in range(3):  # helpers of helpers (a policy of a function's role) settle in a few passes
        for key in stacks.keys():
            if key not in owner:
                found = _owner_of(key, stacks, owner, components)
                if found:
                    owner[key] = found
                    components[found].owned.append(key)
    unmapped = [k for k in stacks.keys() if k not in owner]
    return Ownership(components, owner, unmapped)


def _refined(resource: dict, type_name: str) -> str:
    """The catalogue type a resource becomes when one CloudFormation type serves two (an API Gateway v2 API is an
    HTTP or a WebSocket API by its ProtocolType)."""
    props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
    for (kind, prop, value), refined in BY_PROPERTY.items():
        if resource["Type"] == kind and props.get(prop) == value:
            return refined
    return type_name


def _primary_types(catalogue: Catalogue) -> dict[str, str]:
    primary: dict[str, str] = {}
    for name, ctype in sorted(catalogue.types.items()):
        if ctype.cloudformation:
            primary.setdefault(ctype.cloudformation[0], name)
    return {**primary, **{kind: name for kind, name in ALSO_PRIMARY.items() if name in catalogue.types}}


def _role_of_a_component(key: Key, stacks: Stacks, primary: dict) -> bool:
    """An IAM role that a typed component runs as belongs to it, not a component of its own."""
    if stacks.resource(key)["Type"] != "AWS::IAM::Role":
        return False
    return any(stacks.resource(other)["Type"] != "AWS::IAM::Role" for other in stacks.pointed_by(key))


def _owner_of(key: Key, stacks: Stacks, owner: dict, components: dict) -> str | None:
    resource = stacks.resource(key)
    kind, props = resource["Type"], resource.get("Properties", {})
    if kind in POINTS_AT_OWNER:
        for prop in POINTS_AT_OWNER[kind]:
            for target in stacks.refs(props.get(prop), key[0]):
                if target in owner:
                    return owner[target]
        if kind == "AWS::Events::Rule" and _on_default_bus(props):
            # a rule matching a component's own events (an S3 bucket's, via EventBridge) belongs to that component
            for target in stacks.refs(props.get("EventPattern"), key[0]):
                if target in owner:
                    return owner[target]
            components.setdefault(DEFAULT_BUS, Component(DEFAULT_BUS, "eventbridge-bus", None))
            return DEFAULT_BUS
    if kind in OWNED_BY_TYPE:  # account-wide settings of a service: the first component of that type
        same = [c for c in components.values() if c.type == OWNED_BY_TYPE[kind]]
        if same:
            return same[0].id
    if kind in POINTED_AT_BY_OWNER:
        for other in stacks.pointed_by(key):
            if other in owner:
                return owner[other]
    return None


def _on_default_bus(props: dict) -> bool:
    return props.get("EventBusName") in (None, "default")


def component_ids(keys: list[Key], stacks: Stacks) -> dict[Key, str]:
    """The id an architect would give: the name's last part after the ${System}-${Env}- prefix, else the logical
    id in kebab case, without its type word (OrdersQueue -> orders) unless two resources would then share it."""
    named = {k: _named_id(k, stacks) for k in keys}
    short = {k: kebab(_without_type_word(k, stacks)) for k in keys if not named[k]}
    counts = Counter(list(short.values()) + [v for v in named.values() if v])
    return {k: named[k] or (short[k] if counts[short[k]] == 1 else kebab(k[1])) for k in keys}


def _without_type_word(key: Key, stacks: Stacks) -> str:
    logical = key[1]
    kind = stacks.resource(key)["Type"]
    if kind == "AWS::Logs::LogGroup":  # StateMachineLogGroup: without its type word it would name the machine
        return logical
    for word in (kind.rsplit("::")[-1],) + TYPE_WORDS.get(kind, ()):
        if logical.endswith(word) and len(logical) > len(word):
            return logical[: -len(word)]
    return logical


def _named_id(key: Key, stacks: Stacks) -> str:
    resource = stacks.resource(key)
    props = resource.get("Properties", {})
    for name_key in NAME_KEYS:
        name = props.get(name_key)
        text = name.get("Fn::Sub") if isinstance(name, dict) else name
        if isinstance(text, str):
            tail = re.split(r"[}/]", text)[-1].strip("-_. ").lower()
            if name_key == "QueueName":
                tail = tail.removesuffix(".fifo")  # SQS requires the suffix of a FIFO queue's name; not the id
            tail = re.sub(r"[^a-z0-9-]+", "-", tail).strip("-")
            if ID.match(tail) and (isinstance(name, dict) or name_key not in ("Name",)):
                return tail
    return ""


def kebab(text: str) -> str:
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", text)
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", words)
    words = re.sub(r"[^a-z0-9-]+", "-", words.lower()).strip("-")
    words = words if words and words[0].isalpha() else f"r-{words}"
    return words[:63].rstrip("-")


def _unique(cid: str, taken: dict) -> str:
    candidate, n = cid, 2
    while candidate in taken:
        candidate, n = f"{cid[:60]}-{n}", n + 1
    return candidate


def _description(key: Key, stacks: Stacks) -> str:
    text = stacks.resource(key).get("Properties", {}).get("Description")
    return text if isinstance(text, str) and "{{" not in text else ""
