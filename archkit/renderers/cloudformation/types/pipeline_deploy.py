"""The deploy actions of a CodePipeline: every generated stack of the system, per environment, in the deploy order.

Runs after the stacks are placed (it needs them). A stack pinned to another region (us-east-1 for CloudFront's
certificate and web ACL) is deployed by a CodeBuild action with the AWS CLI, because a CloudFormation action in
another region needs an artifact bucket there; that action exports the stack's outputs as pipeline variables and
the stacks that need them receive them as parameter overrides. The pipeline's own stack is deployed by hand."""
from __future__ import annotations

import json

import yaml

from ..context import Resource
from ..ids import pascal
from ..intrinsics import GetAtt, Ref, Sub, literal
from . import pipeline_accounts
from ._common import service_role
from .cloudformation_stack import stack_name

CAPABILITIES = "CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND"
SOURCE, BUILD = "SourceOutput", "BuildOutput"
TEMPLATES = "cloudformation"  # the build output carries the generated templates and parameter files here
PACKAGED = "packaged"  # and the build's packaged templates (`aws cloudformation package`) here


def packaged_path(stack: str) -> str:
    return f"{PACKAGED}/{stack}.yaml"


def packages(comp) -> bool:
    """The build packages the templates when the pipeline has an artifact bucket to upload local code to."""
    return bool(comp.get("artifact_bucket"))


def builds(ctx, comp) -> bool:
    """Whether a CodeBuild action of a pipeline running on `comp` makes the build output; without one, the deploy
    actions take the generated templates from the source, where the repository holds them."""
    return any(action["kind"] in ("build", "test") and (ctx.components.get(action["uses"] or "") or comp).type
               == "codebuild-project" for pipeline in ctx.pipelines if pipeline["runs_on"] == comp.id
               for stage in pipeline["stages"] for action in stage["actions"])


def input_artifact(ctx, comp) -> str:
    return BUILD if builds(ctx, comp) else SOURCE


def template_path(ctx, comp, stack: str) -> str:
    """The template a deploy action deploys: the build's packaged one, else the generated one."""
    return packaged_path(stack) if packages(comp) and builds(ctx, comp) else f"{TEMPLATES}/{stack}.yaml"


def deployed(stacks: dict, order: list[str], own: str) -> list[str]:
    """The stacks the pipeline deploys in every environment: all but its own and those deployed once by hand."""
    everywhere = max((len(s.environments) for s in stacks.values()), default=0)
    return [name for name in order if name != own and len(stacks[name].environments) == everywhere]


def levels(stacks: dict, order: list[str]) -> dict[str, int]:
    """RunOrder of each stack: 1 + the highest RunOrder of the stacks it imports from (independent stacks in parallel)."""
    level: dict[str, int] = {}
    for name in order:
        level[name] = 1 + max((level[s] for s in stacks[name].imports if s in level and s != name), default=0)
    return level


def pinned_outputs(stacks: dict, name: str) -> list[str]:
    """Outputs of pinned stack `name` that stacks in other regions take as parameters."""
    return sorted({output for stack in stacks.values() for source, output in stack.cross_region.values()
                   if source == name})


def namespace(stack: str, environment: str) -> str:
    return pascal(stack) + pascal(environment)


def cross_account(ctx, comp, environment: str) -> bool:
    return bool(comp.get("artifact_bucket")) and environment in pipeline_accounts.foreign(ctx)


def variables(ctx, comp, environment: str, name: str, stack):
    """The CodeBuild deployer's variables: the stack, and the outputs of stacks in other Regions that it takes as
    parameters; in another account, the roles to assume and to deploy with."""
    items = [{"name": "ENVIRONMENT", "value": environment, "type": "PLAINTEXT"},
             {"name": "STACK", "value": name, "type": "PLAINTEXT"},
             {"name": "STACK_NAME", "value": stack_name(ctx, environment, name), "type": "PLAINTEXT"},
             {"name": "STACK_REGION", "value": stack.region, "type": "PLAINTEXT"}]
    items += [{"name": param, "value": f"#{{{namespace(source, environment)}.{output}}}", "type": "PLAINTEXT"}
              for param, (source, output) in sorted(stack.cross_region.items())]
    if not cross_account(ctx, comp, environment):
        return json.dumps(items)
    items += [{"name": "ASSUME_ROLE_ARN", "value": "${Assume}", "type": "PLAINTEXT"},
              {"name": "DEPLOY_ROLE_ARN", "value": "${Deploy}", "type": "PLAINTEXT"}]
    text = literal(json.dumps(items)).replace("${!Assume}", "${Assume}").replace("${!Deploy}", "${Deploy}")
    return Sub(text, {"Assume": pipeline_accounts.role_parameter(ctx, environment, pipeline_accounts.ACTION_ROLE, comp),
                      "Deploy": pipeline_accounts.role_parameter(ctx, environment, pipeline_accounts.CFN_ROLE, comp)})


def deploy_actions(ctx, comp, environment: str, stacks: dict, order: list[str], own: str) -> list[dict]:
    level, actions = levels(stacks, order), []
    for name in deployed(stacks, order, own):
        stack = stacks[name]
        artifact = input_artifact(ctx, comp)
        base = {"Name": f"Deploy-{name}", "RunOrder": level[name], "InputArtifacts": [{"Name": artifact}]}
        config = {"EnvironmentVariables": variables(ctx, comp, environment, name, stack)}
        if stack.region:
            actions.append({**base, "ActionTypeId": type_id("Build", "CodeBuild"),
                            "Configuration": {"ProjectName": Ref(deployer_id(ctx, comp, name)), **config},
                            "Namespace": namespace(name, environment)})
            continue
        overrides = {param: f"#{{{namespace(source, environment)}.{output}}}"
                     for param, (source, output) in sorted(stack.cross_region.items())}
        configuration = {"ActionMode": "CREATE_UPDATE", "StackName": stack_name(ctx, environment, name),
                         "TemplatePath": f"{artifact}::{template_path(ctx, comp, name)}",
                         "TemplateConfiguration": f"{artifact}::{TEMPLATES}/parameters/{environment}/{name}.json",
                         "Capabilities": CAPABILITIES, "RoleArn": GetAtt(ctx.lid(comp.id, "DeployRole"), "Arn")}
        if overrides:
            configuration["ParameterOverrides"] = json.dumps(overrides, sort_keys=True)
        if cross_account(ctx, comp, environment):  # CodePipeline assumes the account's role; it passes the other
            base["RoleArn"] = pipeline_accounts.role_parameter(ctx, environment, pipeline_accounts.ACTION_ROLE, comp)
            configuration["RoleArn"] = pipeline_accounts.role_parameter(ctx, environment, pipeline_accounts.CFN_ROLE, comp)
        if any(source == name for other in stacks.values() for source, _ in other.cross_region.values()):
            base["Namespace"] = namespace(name, environment)  # its outputs, for a stack in another Region
        actions.append({**base, "ActionTypeId": type_id("Deploy", "CloudFormation"), "Configuration": configuration})
    return actions


def type_id(category: str, provider: str, owner: str = "AWS") -> dict:
    return {"Category": category, "Owner": owner, "Provider": provider, "Version": "1"}


def deployer_id(ctx, comp, stack: str) -> str:
    return ctx.lid(comp.id, "Deploy" + pascal(stack))


ASSUME = ("if [ -n \"$ASSUME_ROLE_ARN\" ]; then set -- $(aws sts assume-role --role-arn \"$ASSUME_ROLE_ARN\" "
          "--role-session-name \"$STACK_NAME\" --query \"Credentials.[AccessKeyId,SecretAccessKey,SessionToken]\" "
          "--output text); export AWS_ACCESS_KEY_ID=\"$1\" AWS_SECRET_ACCESS_KEY=\"$2\" AWS_SESSION_TOKEN=\"$3\"; fi")


def buildspec(outputs: list[str], template: str, assume: bool = False, taken: tuple[str, ...] = ()) -> str:
    """Deploy the pinned stack with the AWS CLI (in another account: as that account's deploy role), then export
    the outputs other stacks need as pipeline variables. The parameters it `taken` from stacks in other Regions
    come as variables of the same name, in place of the parameter file's placeholders."""
    drop = "".join(f" | del(.{name})" for name in taken)
    read = (f"jq -r '.Parameters{drop} | to_entries | map(\"\\(.key)=\\(.value)\") | join(\" \")' "
            "\"cloudformation/parameters/$ENVIRONMENT/$STACK.json\"")
    commands = [ASSUME] if assume else []
    commands += [f"PARAMS=$({read})" + "".join(f' && PARAMS="$PARAMS {name}=${name}"' for name in taken),
                "OVERRIDES=''; if [ -n \"$PARAMS\" ]; then OVERRIDES=\"--parameter-overrides $PARAMS\"; fi",
                "aws cloudformation deploy --region \"$STACK_REGION\" --stack-name \"$STACK_NAME\" "
                f"--template-file \"{template}\" --role-arn \"$DEPLOY_ROLE_ARN\" "
                "--capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset "
                "--tags \"Environment=$ENVIRONMENT\" $OVERRIDES"]
    commands += [f"export {name}=\"$(aws cloudformation describe-stacks --region \"$STACK_REGION\" --stack-name "
                 f"\"$STACK_NAME\" --query \"Stacks[0].Outputs[?OutputKey=='{name}'].OutputValue\" --output text)\""
                 for name in outputs]
    spec: dict = {"version": 0.2}
    if outputs:
        spec["env"] = {"exported-variables": outputs}
    spec["phases"] = {"build": {"commands": commands}}
    return yaml.safe_dump(spec, sort_keys=False, width=1000)


def deployer(ctx, comp, stack, stacks) -> list[Resource]:
    """A CodeBuild project that deploys `stack` in its region, and its role (that stack only, per environment)."""
    project = deployer_id(ctx, comp, stack.name)
    name = Sub("${SystemName}-${Environment}-" + f"{comp.id}-{stack.name}")
    ctx.parameter_system()
    stack_arns = [Sub("arn:${AWS::Partition}:cloudformation:" + stack.region + ":${AWS::AccountId}:stack/${Name}/*",
                      {"Name": stack_name(ctx, env, stack.name)}) for env in sorted(ctx.environments)]
    statements = [
        {"Effect": "Allow", "Action": ["cloudformation:DescribeStacks", "cloudformation:CreateChangeSet",
                                       "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet"],
         "Resource": stack_arns},
        {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": [GetAtt(ctx.lid(comp.id, "DeployRole"), "Arn")]},
        {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": [Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/codebuild/"
                          "${SystemName}-${Environment}-" + f"{comp.id}-{stack.name}:*")]}]
    if comp.get("artifact_bucket"):
        bucket = ctx.components[comp.get("artifact_bucket")]
        statements.append({"Effect": "Allow", "Action": ["s3:GetObject"],
                           "Resource": ctx.registry["s3-bucket"].arns(ctx, bucket, "s3:GetObject")})
    assume = bool(comp.get("artifact_bucket")) and bool(pipeline_accounts.foreign(ctx))
    if assume:  # deploys in the other accounts as their deploy role; reads the encrypted artefacts
        statements += [pipeline_accounts.assume_statement(ctx, comp),
                       pipeline_accounts.key_statement(ctx, comp, ["kms:Decrypt", "kms:DescribeKey"])]
    role = service_role(ctx, comp, "codebuild.amazonaws.com", statements, [], "Deploy" + pascal(stack.name) + "Role")
    role.properties["Description"] = f"Deploys the {stack.name} stack in {stack.region} for the pipeline"
    props = {"Name": name, "Description": f"Deploys the {stack.name} stack in {stack.region} and exports its outputs",
             "ServiceRole": GetAtt(role.logical_id, "Arn"),
             "Source": {"Type": "CODEPIPELINE", "BuildSpec": buildspec(pinned_outputs(stacks, stack.name),
                                                                 template_path(ctx, comp, "$STACK"), assume,
                                                                 tuple(sorted(stack.cross_region)))},
             "Artifacts": {"Type": "CODEPIPELINE"},
             "Environment": {"Type": "LINUX_CONTAINER", "ComputeType": "BUILD_GENERAL1_SMALL",
                             "Image": "aws/codebuild/amazonlinux-x86_64-standard:5.0",
                             "EnvironmentVariables": [{"Name": "DEPLOY_ROLE_ARN",
                                                       "Value": GetAtt(ctx.lid(comp.id, "DeployRole"), "Arn")}]},
             "TimeoutInMinutes": 60,
             "EncryptionKey": Sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/s3")}
    return [role, Resource(project, "AWS::CodeBuild::Project", props)]
