"""s3-bucket -> a private, encrypted, versioned bucket; a policy for the CloudFront distribution that serves it
(origin access control) or, for a log bucket, for the log delivery services."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from .. import wiring
from . import pipeline_accounts
from ._common import policy_document
from .base import CfnType

PRIMARY = "Bucket"
ENCRYPTION = {"SSE-S3": "AES256", "SSE-KMS": "aws:kms"}
OBJECT_ACTIONS_PREFIXES = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload")


def colocate(ctx, comp) -> str:
    """A pipeline's artifact bucket lives with the pipeline (deployed once, where the pipeline runs)."""
    return next((c.id for c in ctx.components.values() if c.type == "codepipeline"
                 and c.get("artifact_bucket") == comp.id), "")


def build(ctx, comp):
    bucket = ctx.lid(comp.id, PRIMARY)
    props: dict = {
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": ENCRYPTION[comp.get("encryption")]}}]},
        "VersioningConfiguration": {"Status": "Enabled" if comp.get("versioning") else "Suspended"},
        "OwnershipControls": {"Rules": [{"ObjectOwnership":
                                         "BucketOwnerPreferred" if comp.get("purpose") == "logs" else "BucketOwnerEnforced"}]}}
    if comp.get("block_public_access"):
        props["PublicAccessBlockConfiguration"] = {key: True for key in (
            "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")}
    if comp.get("lifecycle_days"):
        props["LifecycleConfiguration"] = {"Rules": [{"Id": "expire", "Status": "Enabled",
                                                      "ExpirationInDays": comp.get("lifecycle_days"),
                                                      "NoncurrentVersionExpiration": {"NoncurrentDays": comp.get("lifecycle_days")}}]}
    log_bucket = next((c for c in ctx.components.values()
                       if c.type == comp.type and c.get("purpose") == "logs" and c.id != comp.id), None)
    if log_bucket and comp.get("purpose") != "logs":
        props["LoggingConfiguration"] = {"DestinationBucketName": Ref(ctx.lid(log_bucket.id, PRIMARY)),
                                         "LogFilePrefix": f"s3/{comp.id}/"}
    if wiring.wires_out(ctx, comp.id, "event-notification"):  # its Object Created events reach the default bus
        props["NotificationConfiguration"] = {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    resources = [Resource(bucket, "AWS::S3::Bucket", props, stateful=True)]
    statements = [deny_insecure_transport(bucket)] + reader_statements(ctx, comp) + log_delivery(ctx, comp) \
        + pipeline_accounts.bucket_statements(ctx, comp)
    resources.append(Resource(ctx.lid(comp.id, "BucketPolicy"), "AWS::S3::BucketPolicy",
                              {"Bucket": Ref(bucket), "PolicyDocument": policy_document(statements)},
                              with_component=comp.get("served_by") or ""))
    return resources


def deny_insecure_transport(bucket: str) -> dict:
    arn = GetAtt(bucket, "Arn")
    return {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [arn, Sub("${Bucket}/*", {"Bucket": arn})],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def reader_statements(ctx, comp) -> list[dict]:
    """A distribution that serves the bucket reads it through origin access control: what its connection needs."""
    served_by = comp.get("served_by")
    if not served_by:
        return []
    actions = sorted({a for c in ctx.grants_to(comp.id) if c["from"] == served_by for a in c["permissions"]})
    if not actions:
        return []
    distribution = Ref(ctx.primary(served_by))
    return [{"Sid": "ServedByDistribution", "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
             "Action": actions, "Resource": [arns(ctx, comp, a)[0] for a in actions[:1]],
             "Condition": {"StringEquals": {"AWS:SourceArn": Sub(
                 "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}",
                 {"Distribution": distribution})}}}]


def log_delivery(ctx, comp) -> list[dict]:
    if comp.get("purpose") != "logs":
        return []
    return [{"Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": Sub("${Bucket}/s3/*", {"Bucket": GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")}),
             "Condition": {"StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")}}}]


def arns(ctx, comp, action):
    bucket = GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")
    if action.startswith(OBJECT_ACTIONS_PREFIXES):
        return [Sub("${Bucket}/*", {"Bucket": bucket})]
    return [bucket]


def origin_domain(ctx, comp):
    return GetAtt(ctx.lid(comp.id, PRIMARY), "RegionalDomainName")


class S3BucketType(CfnType):
    catalogue_type = "s3-bucket"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    colocate = staticmethod(colocate)
    origin_domain = staticmethod(origin_domain)
