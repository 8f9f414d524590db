"""firehose-stream -> a Data Firehose delivery stream to its S3 bucket (buffering, compression, a key prefix and
an error prefix), reading a Kinesis stream when it names one, else taking records put directly (encrypted with an
AWS owned key); and the role Firehose delivers with, allowed to write the bucket (and use its key) and read the
stream, nothing else."""
from __future__ import annotations

from ..context import Resource
from ..intrinsics import GetAtt, Ref, Sub
from ._common import service_role
from .base import CfnType

PRIMARY = "DeliveryStream"
BUCKET_ACTIONS = ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket",
                  "s3:ListBucketMultipartUploads", "s3:PutObject"]
STREAM_ACTIONS = ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]


def build(ctx, comp):
    bucket = ctx.components[comp.get("destination")]
    bucket_arn = GetAtt(ctx.primary(bucket.id), "Arn")
    statements = [{"Effect": "Allow", "Action": BUCKET_ACTIONS,
                   "Resource": [bucket_arn, Sub("${Bucket}/*", {"Bucket": bucket_arn})]}]
    statements += ctx.registry[bucket.type].key_statement(ctx, bucket, ["s3:PutObject", "s3:GetObject"])
    props: dict = {"DeliveryStreamName": ctx.physical_name(comp.id)}
    source = comp.get("source")
    if source:
        stream_arn = GetAtt(ctx.primary(source), "Arn")
        statements.append({"Effect": "Allow", "Action": STREAM_ACTIONS, "Resource": [stream_arn]})
    role = service_role(ctx, comp, "firehose.amazonaws.com", statements, [])
    role.properties["AssumeRolePolicyDocument"]["Statement"][0]["Condition"] = {
        "StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")}}
    role_arn = GetAtt(role.logical_id, "Arn")
    if source:
        props.update({"DeliveryStreamType": "KinesisStreamAsSource", "KinesisStreamSourceConfiguration": {
            "KinesisStreamARN": GetAtt(ctx.primary(source), "Arn"), "RoleARN": role_arn}})
    else:
        props["DeliveryStreamType"] = "DirectPut"
        if comp.get("encrypted"):
            props["DeliveryStreamEncryptionConfigurationInput"] = {"KeyType": "AWS_OWNED_CMK"}
    prefix = comp.get("prefix") or f"firehose/{comp.id}/"
    props["ExtendedS3DestinationConfiguration"] = {
        "BucketARN": bucket_arn, "RoleARN": role_arn, "Prefix": prefix,
        "ErrorOutputPrefix": f"{prefix.rstrip('/')}-errors/!{{firehose:error-output-type}}/",
        "BufferingHints": {"IntervalInSeconds": comp.get("buffer_seconds"), "SizeInMBs": comp.get("buffer_mb")},
        "CompressionFormat": comp.get("compression")}
    return [role, Resource(ctx.lid(comp.id, PRIMARY), "AWS::KinesisFirehose::DeliveryStream", props)]


def arns(ctx, comp, action):
    """What producers' firehose:PutRecord and PutRecordBatch apply to."""
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


def dimensions(ctx, comp):
    return [{"Name": "DeliveryStreamName", "Value": Ref(ctx.lid(comp.id, PRIMARY))}]


class FirehoseStreamType(CfnType):
    catalogue_type = "firehose-stream"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    dimensions = staticmethod(dimensions)
