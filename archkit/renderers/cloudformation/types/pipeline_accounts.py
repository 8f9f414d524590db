"""Cross-account deploys. When an environment lives in another AWS account than the home environment (where the
pipeline runs), the pipeline deploys there through two roles of that account, which a `deploy-access` stack creates
(deployed by hand once in each such account, after the pipeline's stack):

- `<system>-<environment>-pipeline-deploy`: CodePipeline assumes it for the deploy actions (the action's RoleArn);
  it may deploy only that environment's stacks, pass the role below, and read the pipeline's artefacts;
- `<system>-<environment>-cloudformation`: CloudFormation deploys the stacks with it (the team's deploy policy).

The artefacts are encrypted with a customer-managed KMS key whose policy lets those accounts decrypt, and the artifact
bucket lets them read. Same-account models get none of this."""
from __future__ import annotations

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref, Sub
from ._common import policy_document

STACK = "deploy-access"
ACTION_ROLE, CFN_ROLE = "pipeline-deploy", "cloudformation"
KEY = "ArtifactKey"
KEY_USE = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]  # what S3 SSE-KMS needs
STACK_ACTIONS = ["cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack",
                 "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents",
                 "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet",
                 "cloudformation:ExecuteChangeSet", "cloudformation:DeleteChangeSet"]
PLACEHOLDER = "SET-AT-DEPLOY: output {output} of stack {stack} in account {account}"


def home_account(ctx) -> str:
    return ctx.environments[ctx.home]["account"]


def foreign(ctx) -> list[str]:
    """Environments in another account than the home environment, in id order."""
    return sorted(env for env, spec in ctx.environments.items() if spec["account"] != home_account(ctx))


def root(account: str) -> Sub:
    return Sub("arn:${AWS::Partition}:iam::" + account + ":root")


def qualifier(ctx, comp) -> str:
    """"" for the only pipeline of the model; else the pipeline's id, which its deploy roles, parameters and outputs
    carry (two pipelines would otherwise create roles of one name in each deploy account)."""
    pipelines = [c.id for c in ctx.components.values() if c.type == "codepipeline" and c.get("artifact_bucket")]
    return comp.id if len(pipelines) > 1 else ""


def role_name(ctx, comp, kind: str) -> str:
    return f"{qualifier(ctx, comp)}-{kind}" if qualifier(ctx, comp) else kind


def role_parameter(ctx, env: str, kind: str, comp) -> Ref:
    """A parameter of the pipeline's stack naming a role of `env`'s account (set in the home parameter file)."""
    name = pascal(env) + pascal(qualifier(ctx, comp)) + ("DeployRoleArn" if kind == ACTION_ROLE
                                                          else "CloudFormationRoleArn")
    account = ctx.environments[env]["account"]
    arn = f"arn:aws:iam::{account}:role/{ctx.system_slug}-{env}-{role_name(ctx, comp, kind)}"
    what = "CodePipeline assumes for its deploy actions" if kind == ACTION_ROLE else "CloudFormation deploys with"
    ctx.parameters.setdefault(name, {"definition": {
        "Type": "String", "AllowedPattern": "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$",
        "Description": f"Role in the {env} account ({account}) that {what}; the {STACK} stack creates it"},
        "values": {e: arn for e in ctx.environments}})
    return Ref(name)


def artifact_key(ctx, comp) -> Resource:
    statements = [{"Sid": "HomeAccountAdministersTheKeyThroughIam", "Effect": "Allow",
                   "Principal": {"AWS": root(home_account(ctx))}, "Action": ["kms:*"], "Resource": "*"},
                  {"Sid": "DeployAccountsDecryptArtefacts", "Effect": "Allow",
                   "Principal": {"AWS": [root(ctx.environments[env]["account"]) for env in foreign(ctx)]},
                   "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}]
    return Resource(ctx.lid(comp.id, KEY), "AWS::KMS::Key", {
        "Description": f"{comp.name}: encrypts the pipeline's artefacts, which the deploy accounts read",
        "EnableKeyRotation": True, "KeyPolicy": policy_document(statements)}, stateful=True)


def key_statement(ctx, comp, actions=None) -> dict:
    return {"Effect": "Allow", "Action": actions or KEY_USE, "Resource": [GetAtt(ctx.lid(comp.id, KEY), "Arn")]}


def assume_statement(ctx, comp) -> dict:
    return {"Effect": "Allow", "Action": ["sts:AssumeRole"],
            "Resource": [role_parameter(ctx, env, ACTION_ROLE, comp) for env in foreign(ctx)]}


def bucket_statements(ctx, comp) -> list[dict]:
    """The artifact bucket of a pipeline that deploys to other accounts lets those accounts read the artefacts."""
    pipelines = [c for c in ctx.components.values() if c.type == "codepipeline" and c.get("artifact_bucket") == comp.id]
    if not pipelines or not foreign(ctx):
        return []
    return [{"Sid": "DeployAccountsReadArtefacts", "Effect": "Allow",
             "Principal": {"AWS": [root(ctx.environments[env]["account"]) for env in foreign(ctx)]},
             "Action": ["s3:GetObject", "s3:GetObjectVersion"],
             "Resource": Sub("${Bucket}/*", {"Bucket": GetAtt(ctx.lid(comp.id, "Bucket"), "Arn")})}]


def access_resources(ctx, comp, own_stack: str, pinned_regions: list[str]) -> list[Resource]:
    """The two roles of a deploy account (the stack's parameters say which environment and artefacts); they may
    deploy the environment's stacks in its region and in the regions of the pinned stacks, nowhere else."""
    ctx.parameter_system()
    bucket_arn, key_arn = artefact_names(ctx, comp)
    outputs = {bucket_arn: "the artifact bucket", key_arn: "the artefacts' KMS key"}
    stack = f"{ctx.system_slug}-{ctx.home}-{own_stack}"
    for name, what in outputs.items():
        ctx.parameters.setdefault(name, {"definition": {
            "Type": "String", "Description": f"ARN of {what}: output {name} of the {own_stack} stack ({ctx.home})"},
            "values": {env: PLACEHOLDER.format(output=name, stack=stack, account=home_account(ctx))
                       for env in ctx.environments}})
    action, cfn = ctx.lid(comp.id, "AccessDeployRole"), ctx.lid(comp.id, "AccessCloudFormationRole")
    trust = {"Effect": "Allow", "Principal": {"AWS": root(home_account(ctx))}, "Action": ["sts:AssumeRole"]}
    statements = [
        {"Effect": "Allow", "Action": STACK_ACTIONS, "Resource": [Sub(
            "arn:${AWS::Partition}:cloudformation:" + region + ":${AWS::AccountId}:stack/${SystemName}-${Environment}-*/*")
            for region in sorted({ctx.environments[env]["region"] for env in foreign(ctx)} | set(pinned_regions))]},
        {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": [GetAtt(cfn, "Arn")]},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"],
         "Resource": [Sub("${" + bucket_arn + "}/*")]},
        {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": [Ref(key_arn)]}]
    return [
        Resource(action, "AWS::IAM::Role", {
            "RoleName": Sub("${SystemName}-${Environment}-" + role_name(ctx, comp, ACTION_ROLE)),
            "Description": f"{comp.name} (home account {home_account(ctx)}) deploys this environment's stacks",
            "AssumeRolePolicyDocument": policy_document([trust]), "MaxSessionDuration": 3600,
            "Policies": [{"PolicyName": "deploy-stacks", "PolicyDocument": policy_document(statements)}]},
            component=comp.id),
        Resource(cfn, "AWS::IAM::Role", {
            "RoleName": Sub("${SystemName}-${Environment}-" + role_name(ctx, comp, CFN_ROLE)),
            "Description": "CloudFormation deploys this environment's stacks with the team's deploy policy",
            "AssumeRolePolicyDocument": policy_document([{
                "Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"},
                "Action": ["sts:AssumeRole"]}]),
            "ManagedPolicyArns": [Ref("DeployPolicyArn")]}, component=comp.id)]


def own_outputs(ctx, comp) -> dict[str, dict]:
    """What the deploy-access stacks need from the pipeline's stack (set by hand: exports do not cross accounts)."""
    bucket = comp.get("artifact_bucket")
    bucket_arn, key_arn = artefact_names(ctx, comp)
    outputs = {key_arn: {"Value": GetAtt(ctx.lid(comp.id, KEY), "Arn")}}
    if bucket:
        outputs[bucket_arn] = {"Value": GetAtt(ctx.primary(bucket), "Arn")}
    return outputs


def artefact_names(ctx, comp) -> tuple[str, str]:
    """The names of the parameters (deploy-access stack) and outputs (pipeline's stack) of the artefacts' ARNs."""
    own = pascal(qualifier(ctx, comp))
    return f"ArtifactBucketArn{own}", f"ArtifactKeyArn{own}"
