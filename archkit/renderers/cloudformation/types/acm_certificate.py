"""acm-certificate -> a DNS-validated certificate in its region (us-east-1 for CloudFront)."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import Ref
from .base import CfnType

PRIMARY = "Certificate"


def build(ctx, comp):
    props: dict = {"DomainName": comp.get("domain"), "ValidationMethod": comp.get("validation")}
    names = comp.get("alternative_names", [])
    if names:
        props["SubjectAlternativeNames"] = names
    if comp.get("zone") and comp.get("validation") == "DNS":
        zone = Ref(ctx.primary(comp.get("zone")))
        props["DomainValidationOptions"] = [{"DomainName": name, "HostedZoneId": zone}
                                            for name in [comp.get("domain"), *names] if not name.startswith("*.")]
    return [Resource(ctx.lid(comp.id, PRIMARY), "AWS::CertificateManager::Certificate", props,
                     region=comp.region)]


def arns(ctx, comp, action):
    return [Ref(ctx.lid(comp.id, PRIMARY))]


class AcmCertificateType(CfnType):
    catalogue_type = "acm-certificate"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
