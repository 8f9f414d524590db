"""CI files of the modelled system (not this repository's): a .gitlab-ci.yml from the pipelines that run on a GitLab
runner, and a buildspec.yml per CodeBuild project.

Commands the model states (an action's `command`, a project's `commands`) are written as they are: they are code
the architect wrote. Any other model text in a generated script line (artefact paths) is shell-quoted, so that
it is one argument and never code."""
from __future__ import annotations

import re
import shlex

import yaml

from ... import paths
from .assemble import build
from .context import Context
from .types import REGISTRY, iam_role, pipeline_deploy

GITLAB_CI = f"{paths.CLOUDFORMATION_DIR}/ci/.gitlab-ci.yml"


def buildspec_path(project_id: str) -> str:
    return f"{paths.CLOUDFORMATION_DIR}/ci/{project_id}/buildspec.yml"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def gitlab_pipelines(ctx: Context) -> list[dict]:
    return [p for p in ctx.pipelines if ctx.components.get(p["runs_on"]) and
            ctx.components[p["runs_on"]].type == "gitlab-runner"]


def projects(ctx: Context) -> list:
    return [c for c in ctx.components.values() if c.type == "codebuild-project"]


def ci_outputs(payload: dict) -> list[str]:
    ctx = Context(payload, REGISTRY)
    files = [GITLAB_CI] if gitlab_pipelines(ctx) else []
    return files + [buildspec_path(p.id) for p in projects(ctx)]


def render_ci(payload: dict) -> dict[str, bytes]:
    result = build(payload)
    ctx = result.context
    files = {}
    if gitlab_pipelines(ctx):
        files[GITLAB_CI] = dump(GitLab(result).document())
    for project in projects(ctx):
        files[buildspec_path(project.id)] = dump(buildspec(ctx, project, packaged_stacks(result, project)))
    return files


def packaged_stacks(result, project) -> list[str]:
    """The stacks a pipeline that runs this project deploys, when the build packages them for it."""
    ctx, names = result.context, []
    for pipeline in ctx.pipelines:
        runner = ctx.components.get(pipeline["runs_on"])
        uses = any(action["uses"] == project.id for s in pipeline["stages"] for action in s["actions"])
        if not (uses and runner and runner.type == "codepipeline" and deploys_stacks(ctx, pipeline)
                and pipeline_deploy.packages(runner)):
            continue
        own = next((n for n, s in result.stacks.items() if ctx.lid(runner.id, "Pipeline") in s.resources), "")
        names += [n for n in pipeline_deploy.deployed(result.stacks, result.order, own) if n not in names]
    return names


def dump(document) -> bytes:
    return yaml.safe_dump(document, sort_keys=False, default_flow_style=False, width=120, allow_unicode=True).encode()


def buildspec(ctx: Context, project, packaged: list[str]) -> dict:
    artifacts = [a for p in ctx.pipelines for s in p["stages"] for action in s["actions"]
                 if action["uses"] == project.id for a in action["artifacts"]]
    if any(deploys_stacks(ctx, p) for p in ctx.pipelines if any(
            action["uses"] == project.id for s in p["stages"] for action in s["actions"])):
        artifacts.append(f"{paths.CLOUDFORMATION_DIR}/**/*")  # the pipeline deploys the templates the build checked
    commands = list(project.get("commands", [])) or ["echo 'no build commands in the model'"]
    for stack in packaged:  # the deploy actions take these packaged templates (local code uploaded, URIs rewritten)
        commands.append(f"aws cloudformation package --template-file {paths.CLOUDFORMATION_DIR}/{stack}.yaml "
                        f"--s3-bucket \"$ARTIFACT_BUCKET\" --s3-prefix packaged "
                        f"--output-template-file {pipeline_deploy.packaged_path(stack)}")
    if packaged:
        artifacts.append(f"{pipeline_deploy.PACKAGED}/**/*")
    spec: dict = {"version": 0.2, "phases": {"build": {"commands": commands}}}
    if artifacts:
        spec["artifacts"] = {"files": artifacts}
    return spec


def deploys_stacks(ctx: Context, pipeline: dict) -> bool:
    return any(action["kind"] == "deploy" and ctx.components.get(action["uses"] or "") is not None
               and ctx.components[action["uses"]].type == "cloudformation-stack"
               for stage in pipeline["stages"] for action in stage["actions"])


class GitLab:
    """Each model stage becomes a GitLab stage; each action a job that needs the one before it."""

    def __init__(self, result):
        self.result, self.ctx = result, result.context

    def stack_output(self, component_id: str, variable: str, environment: str) -> str:
        for name in self.result.order:
            stack = self.result.stacks[name]
            output = self.ctx.primary(component_id)
            if output in stack.outputs:
                region = stack.region or self.ctx.environments[environment]["region"]
                return (f'{variable}=$(aws cloudformation describe-stacks --region {region} '
                        f'--stack-name "$SYSTEM_NAME-$ENVIRONMENT-{name}" '
                        f'--query "Stacks[0].Outputs[?OutputKey==\'{output}\'].OutputValue" --output text)')
        return f'echo "set {variable}: {component_id} has no stack output" && exit 1'

    def document(self) -> dict:
        pipelines = gitlab_pipelines(self.ctx)
        runner = self.ctx.components[pipelines[0]["runs_on"]]
        doc: dict = {"stages": [], "default": {"image": runner.get("image") or "public.ecr.aws/aws-cli/aws-cli"},
                     "variables": {"SYSTEM_NAME": self.ctx.system_slug}}
        for pipeline in pipelines:
            previous = None
            for stage in pipeline["stages"]:
                stage_name = f"{pipeline['id']}-{slug(stage['name'])}"
                doc["stages"].append(stage_name)
                manual = False
                for action in stage["actions"]:
                    if action["kind"] == "approval":
                        manual = True
                        continue
                    name = f"{pipeline['id']}:{slug(stage['name'])}:{slug(action['name'])}"
                    doc[name] = self.job(pipeline, stage, stage_name, action, previous, manual)
                    previous, manual = name, False
        return doc

    def job(self, pipeline, stage, stage_name, action, previous, manual) -> dict:
        environment = action["environment"] or stage["environment"]
        job: dict = {"stage": stage_name}
        if previous:
            job["needs"] = [previous]
        if environment:
            env = self.ctx.environments[environment]
            job["environment"] = {"name": environment}
            job["variables"] = {"ENVIRONMENT": environment, "AWS_DEFAULT_REGION": env["region"]}
            job["id_tokens"] = {"AWS_ID_TOKEN": {"aud": self.audience(pipeline)}}
            job["before_script"] = [
                'echo "$AWS_ID_TOKEN" > "$CI_PROJECT_DIR/.aws-token"',
                'export AWS_WEB_IDENTITY_TOKEN_FILE="$CI_PROJECT_DIR/.aws-token"',
                f'export AWS_ROLE_ARN="{self.deploy_role_arn(pipeline, environment)}"']
        rule = {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}
        if manual:  # an approval in the model: a person starts this job
            rule["when"] = "manual"
            job["allow_failure"] = False
        job["rules"] = [rule]
        job["script"] = self.script(pipeline, stage, action, environment)
        if action["artifacts"]:
            job["artifacts"] = {"paths": list(action["artifacts"]), "expire_in": "1 week"}
        if action["kind"] == "publish":
            job["artifacts"] = {"reports": {"dotenv": "version.env"}}
        return job

    def audience(self, pipeline) -> str:
        """The audience the deploy role trusts, so that the job's ID token is accepted."""
        role = self.ctx.components.get(self.ctx.components[pipeline["runs_on"]].get("deploy_role") or "")
        return iam_role.audience(role) if role is not None and role.get("oidc_provider") else "sts.amazonaws.com"

    def deploy_role_arn(self, pipeline, environment) -> str:
        runner = self.ctx.components[pipeline["runs_on"]]
        role = runner.get("deploy_role") or ""
        account = self.ctx.environments[environment]["account"]
        return f"arn:aws:iam::{account}:role/$SYSTEM_NAME-$ENVIRONMENT-{role}"

    @staticmethod
    def artifacts_of(pipeline) -> list[str]:
        return [a for s in pipeline["stages"] for x in s["actions"] if x["kind"] == "build" for a in x["artifacts"]]

    def script(self, pipeline, stage, action, environment) -> list[str]:
        target = self.ctx.components.get(action["target"] or "")
        kind = action["kind"]
        if target is not None and target.type == "lambda" and kind in ("deploy", "publish"):
            return self.lambda_script(pipeline, stage, action, target)
        if target is not None and kind == "sync":
            folders = [a for a in self.artifacts_of(pipeline) if a.endswith("/")]
            source = folders[0] if folders else "."
            return [self.stack_output(target.id, "BUCKET", environment),
                    f'aws s3 sync {shlex.quote(source)} "s3://$BUCKET" --delete']
        if target is not None and kind == "invalidate":
            return [self.stack_output(target.id, "DISTRIBUTION_ID", environment),
                    'aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --paths "/*"']
        return [action["command"] or f'echo "{kind}: no command in the model"']

    def lambda_script(self, pipeline, stage, action, target) -> list[str]:
        on_target = [a for a in stage["actions"] if a["target"] == target.id]
        index = on_target.index(action)
        before, after = on_target[:index], on_target[index + 1:]
        function = f'"$SYSTEM_NAME-$ENVIRONMENT-{target.id}"'
        alias = target.get("alias", "live")
        zip_file = next((a for a in self.artifacts_of(pipeline) if a.endswith(".zip")), "function.zip")
        update = [f"aws lambda update-function-code --function-name {function} --zip-file "
                  + shlex.quote(f"fileb://{zip_file}"),
                  f"aws lambda wait function-updated --function-name {function}"]
        publish = [f"VERSION=$(aws lambda publish-version --function-name {function} --query Version --output text)",
                   'echo "VERSION=$VERSION" > version.env']
        move = [f'aws lambda update-alias --function-name {function} --name {shlex.quote(alias)} '
                '--function-version "$VERSION"']
        if action["kind"] == "publish":
            return publish
        steps = [] if any(a["kind"] == "deploy" for a in before) else update
        if any(a["kind"] == "publish" for a in before):
            return steps + move
        if not any(a["kind"] == "publish" for a in after):
            return steps + publish + move
        return steps
