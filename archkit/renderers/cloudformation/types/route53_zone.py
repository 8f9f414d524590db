"""route53-zone -> a hosted zone (Route 53 is global: it goes to the us-east-1 stack, next to the certificate it
validates) and its records; an alias record lives in the stack of its target."""
from __future__ import annotations

from ..context import Resource
from ..ids import pascal
from ..intrinsics import Ref, Sub
from .base import CfnType

PRIMARY = "HostedZone"
GLOBAL_REGION = "us-east-1"


def record_name(zone_domain: str, name: str) -> str:
    return zone_domain if name == "@" else f"{name}.{zone_domain}"


def refuse_record(comp, record: dict, why: str, fix: str) -> None:
    from ..split import PlacementError
    raise PlacementError(f"route53-zone '{comp.id}': record {record['name']} ({record['kind']}) {why}", [comp.id], fix)


def build(ctx, comp):
    zone = ctx.lid(comp.id, PRIMARY)
    domain = comp.get("domain")
    resources = [Resource(zone, "AWS::Route53::HostedZone", {"Name": domain}, region=GLOBAL_REGION,
                          stateful=True)]  # its name servers are delegated to: a new zone breaks the delegation
    for record in comp.get("records", []):
        lid = ctx.lid(comp.id, ("Apex" if record["name"] == "@" else pascal(record["name"])) + record["kind"].title())
        props: dict = {"HostedZoneId": Ref(zone), "Name": record_name(domain, record["name"]),
                       "Type": record["kind"]}
        target_id = record.get("alias_to")
        if target_id:
            target = ctx.components[target_id]
            module = ctx.registry.get(target.type)
            alias = module.alias_target(ctx, target) if module else None
            if alias is None:
                refuse_record(comp, record, f"aliases {target.type} '{target_id}', which a Route 53 record cannot "
                              "alias as archkit generates it (it has no custom domain or website endpoint)",
                              "alias the CloudFront distribution in front of it, or give the record a value")
            props["AliasTarget"] = alias
            resources.append(Resource(lid, "AWS::Route53::RecordSet", props, with_component=target_id))
        else:
            if not record.get("value"):
                refuse_record(comp, record, "has neither alias_to nor value, so it would answer nothing",
                              "give it value (an IP address for A, a host name for CNAME, ...) or alias_to")
            props.update({"TTL": "300", "ResourceRecords": [record["value"]]})
            resources.append(Resource(lid, "AWS::Route53::RecordSet", props, region=GLOBAL_REGION))
    return resources


def arns(ctx, comp, action):
    """What a caller's IAM actions on the zone (route53:ChangeResourceRecordSets, ...) apply to."""
    return [Sub("arn:${AWS::Partition}:route53:::hostedzone/${Zone}", {"Zone": Ref(ctx.lid(comp.id, PRIMARY))})]


class Route53ZoneType(CfnType):
    catalogue_type = "route53-zone"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
