"""codepipeline -> a pipeline built from the model's pipelines that run on it: a GitLab source through a CodeStar
connection, CodeBuild actions, CloudFormation deploy actions per environment, manual approvals."""
from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from ..context import Resource
from ..intrinsics import GetAtt, Ref
from ._common import service_role

PRIMARY = "Pipeline"
SOURCE, BUILD = "SourceOutput", "BuildOutput"
CAPABILITIES = "CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND"


def action_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.@_-]+", "-", text).strip("-")[:100]


def build(ctx, comp):
    pipelines = [p for p in ctx.pipelines if p["runs_on"] == comp.id]
    connection = ctx.lid(comp.id, "Connection")
    deploy_role = ctx.lid(comp.id, "DeployRole")
    resources = []
    repo = ctx.components.get(pipelines[0]["source"]) if pipelines else None
    host = urlparse(repo.get("url", "")).hostname if repo else None
    conn_props: dict = {"ConnectionName": comp.id[:32], "ProviderType": "GitLab"}
    if host and host != "gitlab.com":
        # a self-managed GitLab needs a CodeStar host, which CloudFormation cannot create in every region
        name = ctx.lid(comp.id, "GitLabHostArn")
        ctx.parameters.setdefault(name, {"definition": {
            "Type": "String", "Description": f"ARN of the CodeStar connections host for https://{host}"}, "values": {}})
        conn_props = {"ConnectionName": comp.id[:32], "HostArn": Ref(name)}
    resources.append(Resource(connection, "AWS::CodeStarConnections::Connection", conn_props))
    statements, managed = ctx.statements([comp.id])
    statements += [{"Effect": "Allow", "Action": ["codestar-connections:UseConnection"], "Resource": [Ref(connection)]},
                   {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": [GetAtt(deploy_role, "Arn")]}]
    resources.append(service_role(ctx, comp, "codepipeline.amazonaws.com", statements, managed))
    ctx.parameters.setdefault("DeployPolicyArn", {"definition": {
        "Type": "String", "Description": "Managed policy that bounds what CloudFormation may create (team-owned)"},
        "values": {}})
    deployer = service_role(ctx, comp, "cloudformation.amazonaws.com", [], [Ref("DeployPolicyArn")], "DeployRole")
    resources.append(deployer)
    stages = [s for p in pipelines for s in stages_of(ctx, comp, p, connection, deploy_role)]
    props: dict = {"Name": ctx.physical_name(comp.id), "PipelineType": comp.get("pipeline_type"),
                   "RoleArn": GetAtt(ctx.lid(comp.id, "Role"), "Arn"), "Stages": stages,
                   "RestartExecutionOnUpdate": False}
    if comp.get("artifact_bucket"):
        props["ArtifactStore"] = {"Type": "S3", "Location": Ref(ctx.primary(comp.get("artifact_bucket")))}
    resources.append(Resource(ctx.lid(comp.id, PRIMARY), "AWS::CodePipeline::Pipeline", props))
    return resources


def stages_of(ctx, comp, pipeline, connection, deploy_role) -> list[dict]:
    stages = []
    for stage in pipeline["stages"]:
        actions = [a for a in (action_of(ctx, stage, spec, connection, deploy_role, order)
                               for order, spec in enumerate(stage["actions"], start=1)) if a]
        if actions:
            stages.append({"Name": action_name(stage["name"]), "Actions": actions})
    return stages


def action_of(ctx, stage, spec, connection, deploy_role, order) -> dict | None:
    kind, uses = spec["kind"], ctx.components.get(spec["uses"] or "")
    base = {"Name": action_name(spec["name"]), "RunOrder": order}
    if kind == "source" and uses is not None:
        path = urlparse(uses.get("url", "")).path.strip("/")
        return {**base, "ActionTypeId": type_id("Source", "CodeStarSourceConnection"),
                "Configuration": {"ConnectionArn": Ref(connection), "FullRepositoryId": path,
                                  "BranchName": uses.get("default_branch", "main")},
                "OutputArtifacts": [{"Name": SOURCE}]}
    if kind in ("build", "test") and uses is not None and uses.type == "codebuild-project":
        return {**base, "ActionTypeId": type_id("Build", "CodeBuild"),
                "Configuration": {"ProjectName": Ref(ctx.primary(uses.id))},
                "InputArtifacts": [{"Name": SOURCE}], "OutputArtifacts": [{"Name": BUILD}]}
    if kind == "approval":
        return {**base, "ActionTypeId": type_id("Approval", "Manual", owner="AWS")}
    if kind == "deploy" and uses is not None and uses.type == "cloudformation-stack":
        environment = spec.get("environment") or stage.get("environment") or ""
        module = ctx.registry[uses.type]
        return {**base, "ActionTypeId": type_id("Deploy", "CloudFormation"),
                "Configuration": {"ActionMode": "CREATE_UPDATE", "StackName": module.stack_name(ctx, uses, environment),
                                  "TemplatePath": f"{BUILD}::{uses.get('template')}", "Capabilities": CAPABILITIES,
                                  "RoleArn": GetAtt(deploy_role, "Arn"),
                                  "ParameterOverrides": json.dumps({"Environment": environment})},
                "InputArtifacts": [{"Name": BUILD}]}
    return None


def type_id(category: str, provider: str, owner: str = "AWS") -> dict:
    return {"Category": category, "Owner": owner, "Provider": provider, "Version": "1"}


def arns(ctx, comp, action):
    from ..intrinsics import Sub
    return [Sub("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}",
                {"Pipeline": Ref(ctx.lid(comp.id, PRIMARY))})]
