"""codepipeline -> a pipeline built from the model's pipelines that run on it: a GitLab source through a CodeStar
connection, CodeBuild actions, manual approvals, and for each deploy of a cloudformation-stack every generated stack
of that environment in the deploy order (pipeline_deploy, once the stacks are placed)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from ..context import Resource, merge_statements
from ..intrinsics import GetAtt, Ref
from . import pipeline_accounts, pipeline_deploy, pipeline_uses
from ._common import service_role
from .base import CfnType, ExtraStack

PRIMARY = "Pipeline"
SOURCE, BUILD = "SourceOutput", "BuildOutput"
CAPABILITIES = "CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND"
HOST_ARN = "^arn:aws[a-z-]*:codestar-connections:[a-z0-9-]+:[0-9]{12}:host/[A-Za-z0-9_.-]+-[0-9a-f]{8}$"
HOST_PLACEHOLDER = "arn:aws:codestar-connections:{region}:{account}:host/SET-THE-REGISTERED-HOST"
DEPLOY_ALL = "DeployEveryStack"  # placeholder action, expanded by complete() once the stacks are known


def action_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.@_-]+", "-", text).strip("-")[:100]


def build(ctx, comp):
    pipelines = [p for p in ctx.pipelines if p["runs_on"] == comp.id]
    refuse_incomplete(comp, pipelines)
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
            "Type": "String", "AllowedPattern": HOST_ARN,
            "ConstraintDescription": "the ARN of the host registered for the GitLab server (Developer Tools > "
                                     "Settings > Connections > Hosts), e.g. ...:host/gitlab-1a2b3c4d",
            "Description": f"ARN of the CodeStar connections host for https://{host}: register the host once per "
                          "account (CloudFormation cannot create it), then set it in the parameter files"},
            "values": {env: HOST_PLACEHOLDER.format(**e) for env, e in ctx.environments.items()}})
        conn_props = {"ConnectionName": comp.id[:32], "HostArn": Ref(name)}
    resources.append(Resource(connection, "AWS::CodeStarConnections::Connection", conn_props))
    statements, managed = ctx.statements([comp.id])
    statements = merge_statements(statements + pipeline_uses.artifact_statements(ctx, comp)
                                  + pipeline_uses.start_statements(ctx, comp))
    statements += [{"Effect": "Allow", "Action": ["codestar-connections:UseConnection"], "Resource": [Ref(connection)]},
                   {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": [GetAtt(deploy_role, "Arn")]}]
    resources.append(service_role(ctx, comp, "codepipeline.amazonaws.com", statements, managed))
    ctx.parameters.setdefault("DeployPolicyArn", {"definition": {
        "Type": "String", "AllowedPattern": "^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$",
        "Description": "Managed policy of the role CloudFormation deploys the stacks with: what the stacks may create, "
                       "plus secretsmanager:GetSecretValue and kms:Decrypt for dynamic references. Team-owned: create "
                       "it once per account before the pipeline stack; the parameter files name it "
                       f"<system>-cloudformation-deploy in each environment's account"},
        "values": {env: f"arn:aws:iam::{e['account']}:policy/{ctx.system_slug}-cloudformation-deploy"
                   for env, e in ctx.environments.items()}})
    deployer = service_role(ctx, comp, "cloudformation.amazonaws.com", [], [Ref("DeployPolicyArn")], "DeployRole")
    resources.append(deployer)
    stages = [s for p in pipelines for s in stages_of(ctx, comp, p, connection, deploy_role)]
    refuse_unrunnable(comp, stages)
    props: dict = {"Name": ctx.physical_name(comp.id), "PipelineType": comp.get("pipeline_type"),
                   "RoleArn": GetAtt(ctx.lid(comp.id, "Role"), "Arn"), "Stages": stages,
                   "RestartExecutionOnUpdate": False}
    if comp.get("artifact_bucket"):
        props["ArtifactStore"] = {"Type": "S3", "Location": Ref(ctx.primary(comp.get("artifact_bucket")))}
    resources.append(Resource(ctx.lid(comp.id, PRIMARY), "AWS::CodePipeline::Pipeline", props))
    return resources


def refuse_incomplete(comp, pipelines: list) -> None:
    """CloudFormation refuses a pipeline without an artifact store or without stages: say so at the component."""
    from ..split import PlacementError
    if not comp.get("artifact_bucket"):
        raise PlacementError(f"codepipeline '{comp.id}' has no artifact_bucket: CodePipeline needs an S3 artifact "
                             "store", [comp.id], "add an s3-bucket with purpose: artifacts and name it in "
                                                 "artifact_bucket")
    if not pipelines:
        raise PlacementError(f"codepipeline '{comp.id}' runs no pipeline: CodePipeline needs stages", [comp.id],
                             f"add a pipeline under `pipelines:` with runs_on: {comp.id}, or remove the component")


def refuse_unrunnable(comp, stages: list[dict]) -> None:
    """CodePipeline needs at least two stages, the first holding only source actions: an action whose `uses` is
    not something the pipeline can run (a deploy without a cloudformation-stack) is dropped, so say which."""
    from ..split import PlacementError
    first = stages[0]["Actions"] if stages else []
    source_first = bool(first) and all(a.get("ActionTypeId", {}).get("Category") == "Source" for a in first)
    if len(stages) < 2 or not source_first:
        source_first = "" if source_first else " and no stage of source actions first"
        raise PlacementError(
            f"codepipeline '{comp.id}' has {len(stages)} stage(s) it can run{source_first}: CodePipeline needs a "
            "first stage of source actions and at least one more stage", [comp.id],
            "start the pipeline with a stage whose action has kind: source and uses: <a gitlab-repo>, and give "
            "each build, test or deploy action `uses:` a codebuild-project or cloudformation-stack")


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
        return {DEPLOY_ALL: spec.get("environment") or stage.get("environment") or ""}
    return None


def complete(ctx, comp, stacks: dict, order: list[str]) -> list[Resource]:
    """Expand each deploy of a cloudformation-stack into every stack of its environment; return the projects that
    deploy pinned-region stacks (and their roles), which the pipeline role may start."""
    pipeline = ctx.lid(comp.id, PRIMARY)
    own = next((name for name, stack in stacks.items() if pipeline in stack.resources), "")
    if not own:
        return []
    resource = stacks[own].resources[pipeline]
    pinned = [stacks[name] for name in order if stacks[name].region and name != own]
    used = False
    for stage in resource.properties["Stages"]:
        actions = []
        for action in stage["Actions"]:
            if DEPLOY_ALL in action:
                used = True
                actions += pipeline_deploy.deploy_actions(ctx, comp, action[DEPLOY_ALL], stacks, order, own)
            else:
                actions.append(action)
        stage["Actions"] = actions
    if not used:
        return []
    extra = [r for stack in pinned for r in pipeline_deploy.deployer(ctx, comp, stack, stacks)]
    role = stacks[own].resources[ctx.lid(comp.id, "Role")]
    if extra:
        statement = {"Effect": "Allow", "Action": ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
                     "Resource": [GetAtt(r.logical_id, "Arn") for r in extra if r.type == "AWS::CodeBuild::Project"]}
        role.properties["Policies"][0]["PolicyDocument"]["Statement"].append(statement)
    if comp.get("artifact_bucket") and pipeline_accounts.foreign(ctx):
        extra.append(cross_account(ctx, comp, stacks[own], resource, role))
    return extra


def cross_account(ctx, comp, stack, pipeline, role) -> Resource:
    """Deploys to other accounts: artefacts under a key those accounts may use, the pipeline (and the builds that
    write or read artefacts) allowed the key, the pipeline allowed to assume each account's deploy role."""
    key = pipeline_accounts.artifact_key(ctx, comp)
    pipeline.properties["ArtifactStore"]["EncryptionKey"] = {"Id": GetAtt(key.logical_id, "Arn"), "Type": "KMS"}
    role.properties["Policies"][0]["PolicyDocument"]["Statement"] += [
        pipeline_accounts.key_statement(ctx, comp), pipeline_accounts.assume_statement(ctx, comp)]
    for project in (c for c in ctx.components.values() if c.type == "codebuild-project"):
        project_role = stack.resources.get(ctx.lid(project.id, "Role"))
        if project_role is not None and pipeline_uses.runs_project(ctx, comp, project):
            project_role.properties.setdefault("Policies", [{"PolicyName": "model-connections", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": []}}])
            project_role.properties["Policies"][0]["PolicyDocument"]["Statement"].append(
                pipeline_accounts.key_statement(ctx, comp))
            stack.resources[ctx.primary(project.id)].properties["EncryptionKey"] = GetAtt(key.logical_id, "Arn")
    stack.outputs.update(pipeline_accounts.own_outputs(ctx, comp))
    return key


def type_id(category: str, provider: str, owner: str = "AWS") -> dict:
    return {"Category": category, "Owner": owner, "Provider": provider, "Version": "1"}


def arns(ctx, comp, action):
    from ..intrinsics import Sub
    return [Sub("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}",
                {"Pipeline": Ref(ctx.lid(comp.id, PRIMARY))})]



def extra_stacks(ctx, comp, stacks: dict, owner: dict[str, str]) -> list[ExtraStack]:
    """A pipeline that deploys to other accounts needs roles there: one stack, deployed by hand in those accounts
    after the pipeline's stack (exports do not cross accounts: its parameters take that stack's outputs)."""
    own = owner.get(ctx.lid(comp.id, PRIMARY), "")
    if not own or not comp.get("artifact_bucket") or not pipeline_accounts.foreign(ctx):
        return []
    pinned = sorted({s.region for s in stacks.values() if s.region})
    resources = pipeline_accounts.access_resources(ctx, comp, own, pinned)
    return [ExtraStack(pipeline_accounts.STACK, pipeline_accounts.foreign(ctx), {own}, resources,
                       [*pipeline_accounts.artefact_names(ctx, comp), "DeployPolicyArn"])]


class CodepipelineType(CfnType):
    catalogue_type = "codepipeline"
    primary = PRIMARY
    build = staticmethod(build)
    arns = staticmethod(arns)
    complete = staticmethod(complete)
    extra_stacks = staticmethod(extra_stacks)
