"""s3-bucket -> a private, encrypted, versioned bucket; a policy for the CloudFront distribution that serves it
(origin access control) or, for a log bucket, for the log delivery services."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from .. import wiring
from . import pipeline_accounts
from ._common import account_key, key_use_statements, policy_document
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
    key = bucket_key(ctx, comp)
    props: dict = {
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [encryption_rule(comp, key)]},
        "VersioningConfiguration": {"Status": "Enabled" if comp.get("versioning") else "Suspended"},
        "OwnershipControls": {"Rules": [{"ObjectOwnership":
                                         "BucketOwnerPreferred" if comp.get("purpose") == "logs" else "BucketOwnerEnforced"}]}}
    if comp.get("block_public_access"):
        props["PublicAccessBlockConfiguration"] = {key: True for key in (
            "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")}
    lifecycle = lifecycle_rule(comp)
    if lifecycle:
        props["LifecycleConfiguration"] = {"Rules": [lifecycle]}
    log_bucket = next((c for c in ctx.components.values() if c.type == comp.type and c.get("purpose") == "logs"
                       and c.id != comp.id and c.region == comp.region), None)  # S3 logs within one Region only
    if log_bucket and comp.get("purpose") != "logs":
        props["LoggingConfiguration"] = {"DestinationBucketName": Ref(ctx.lid(log_bucket.id, PRIMARY)),
                                         "LogFilePrefix": f"s3/{comp.id}/"}
    if wiring.wires_out(ctx, comp.id, "event-notification"):  # its Object Created events reach the default bus
        props["NotificationConfiguration"] = {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    resources = ([key] if key else []) + [Resource(bucket, "AWS::S3::Bucket", props, stateful=True)]
    statements = [deny_insecure_transport(bucket)] + reader_statements(ctx, comp) + log_delivery(ctx, comp) \
        + pipeline_accounts.bucket_statements(ctx, comp)
    resources.append(Resource(ctx.lid(comp.id, "BucketPolicy"), "AWS::S3::BucketPolicy",
                              {"Bucket": Ref(bucket), "PolicyDocument": policy_document(statements)},
                              with_component=comp.get("served_by") or ""))
    return resources


def bucket_key(ctx, comp) -> Resource | None:
    """SSE-KMS: a key of the bucket's own (the AWS-managed aws/s3 key admits no service principal, so a distribution
    could not read the objects), whose policy lets the distribution that serves the bucket decrypt. Its callers'
    roles use it through S3 (key_statement)."""
    if comp.get("encryption") != "SSE-KMS":
        return None
    if comp.get("purpose") == "logs":
        from ..split import PlacementError
        raise PlacementError(f"s3-bucket '{comp.id}' receives access logs but is encrypted with SSE-KMS: S3 server "
                             "access logs and CloudFront standard logs are delivered only to SSE-S3 buckets",
                             [comp.id], "give the log bucket `encryption: SSE-S3`")
    key = account_key(ctx, comp, "Key", "encrypts the bucket's objects")
    if comp.get("served_by"):  # by pattern: the distribution's ARN would make the key wait for the distribution
        key.properties["KeyPolicy"]["Statement"].append({
            "Sid": "ServedByDistribution", "Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": ["kms:Decrypt"], "Resource": "*",
            "Condition": {"ArnLike": {"aws:SourceArn": Sub(
                "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/*")}}})
    return key


def encryption_rule(comp, key: Resource | None) -> dict:
    default = {"SSEAlgorithm": ENCRYPTION[comp.get("encryption")]}
    if key is None:
        return {"ServerSideEncryptionByDefault": default}
    return {"ServerSideEncryptionByDefault": {**default, "KMSMasterKeyID": GetAtt(key.logical_id, "Arn")},
            "BucketKeyEnabled": True}


def key_statement(ctx, comp, actions) -> list[dict]:
    """A role that reads or writes objects of a bucket with its own key must use the key (connections.yaml)."""
    return key_use_statements(ctx, comp, actions) if comp.get("encryption") == "SSE-KMS" else []


IA_MINIMUM_DAYS = 30  # S3 moves objects to STANDARD_IA or ONEZONE_IA only after 30 days
IA_CLASSES = ("STANDARD_IA", "ONEZONE_IA")


def lifecycle_rule(comp) -> dict | None:
    """Expiry after lifecycle_days and the transitions before it, for current and (versioned) noncurrent objects."""
    days, transitions = comp.get("lifecycle_days"), sorted(comp.get("transitions", []), key=lambda t: t["days"])
    refuse_transitions(comp, days, transitions)
    rule: dict = {"Id": "expire" if days else "transition", "Status": "Enabled"}
    if days:
        rule.update({"ExpirationInDays": days, "NoncurrentVersionExpiration": {"NoncurrentDays": days}})
    if transitions:
        rule["Transitions"] = [{"TransitionInDays": t["days"], "StorageClass": t["storage_class"]} for t in transitions]
        if comp.get("versioning"):
            rule["NoncurrentVersionTransitions"] = [{"TransitionInDays": t["days"], "StorageClass": t["storage_class"]}
                                                    for t in transitions]
    return rule if days or transitions else None


def refuse_transitions(comp, days, transitions: list[dict]) -> None:
    from ..split import PlacementError
    for t in transitions:
        moves = f"moves objects to {t['storage_class']} after {t['days']} days"
        if t["storage_class"] in IA_CLASSES and t["days"] < IA_MINIMUM_DAYS:
            why = f"{moves}, but S3 needs at least {IA_MINIMUM_DAYS} for that class"
        elif days and t["days"] >= days:
            why = f"{moves}, not before they expire (lifecycle_days {days})"
        else:
            continue
        raise PlacementError(f"s3-bucket '{comp.id}' {why}", [comp.id],
                             "give each transition fewer days than lifecycle_days, and STANDARD_IA or ONEZONE_IA "
                             f"at least {IA_MINIMUM_DAYS}")


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
    key_statement = staticmethod(key_statement)
