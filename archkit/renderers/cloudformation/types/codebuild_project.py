"""codebuild-project -> a project reading its buildspec from the source, its log group and role."""
from __future__ import annotations

from ..context import Resource, merge_statements
from ..intrinsics import GetAtt, Ref, Sub
from . import pipeline_uses
from ._common import service_role
from .base import CfnType

PRIMARY = "Project"


def build(ctx, comp):
    logs = ctx.lid(comp.id, "LogGroup")
    pipelines = pipeline_uses.pipelines_using(ctx, comp)
    statements, managed = ctx.statements([comp.id])
    statements.append({"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                       "Resource": [GetAtt(logs, "Arn")]})
    for pipeline in pipelines:  # the build reads and writes the artefacts of the pipeline that runs it
        statements += pipeline_uses.artifact_statements(ctx, pipeline)
    statements = merge_statements(statements)
    buckets = [b for b in (pipeline_uses.artifact_bucket(ctx, p) for p in pipelines) if b is not None]
    variables = [{"Name": "ARTIFACT_BUCKET", "Value": Ref(ctx.primary(buckets[0].id))}] if buckets else []
    source_type = "CODEPIPELINE" if pipelines else "NO_SOURCE"
    source: dict = {"Type": source_type, "BuildSpec": comp.get("buildspec")}
    props: dict = {
        "Name": ctx.physical_name(comp.id), "Description": comp.description or comp.name,
        "ServiceRole": GetAtt(ctx.lid(comp.id, "Role"), "Arn"), "Source": source,
        "Artifacts": {"Type": source_type if pipelines else "NO_ARTIFACTS"},
        "Environment": {"Type": "LINUX_CONTAINER", "ComputeType": comp.get("compute_type"), "Image": comp.get("image"),
                        **({"EnvironmentVariables": variables} if variables else {})},
        "TimeoutInMinutes": comp.get("timeout"), "EncryptionKey": Sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/s3"),
        "LogsConfig": {"CloudWatchLogs": {"Status": "ENABLED", "GroupName": Ref(logs)}}}
    return [Resource(logs, "AWS::Logs::LogGroup", {"RetentionInDays": 30}, stateful=True),
            service_role(ctx, comp, "codebuild.amazonaws.com", statements, managed),
            Resource(ctx.lid(comp.id, PRIMARY), "AWS::CodeBuild::Project", props)]


def arns(ctx, comp, action):
    return [GetAtt(ctx.lid(comp.id, PRIMARY), "Arn")]


class CodebuildProjectType(CfnType):
    catalogue_type = "codebuild-project"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
