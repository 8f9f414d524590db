"""What a CodePipeline needs because of how the model's pipelines use it, whether or not a connection repeats it:
it starts the CodeBuild projects its actions use, and it and those projects read and write its artifact bucket."""
from __future__ import annotations

ARTIFACT_ACTIONS = ["s3:GetObject", "s3:PutObject"]


def runs_project(ctx, pipeline, project) -> bool:
    """The pipeline component runs the project: an action of a model pipeline running on it uses the project,
    or a connection goes from the pipeline to the project."""
    acted = any(action["uses"] == project.id for p in ctx.pipelines if p["runs_on"] == pipeline.id
                for stage in p["stages"] for action in stage["actions"])
    return acted or any(c["from"] == pipeline.id and c["to"] == project.id for c in ctx.connections)


def pipelines_using(ctx, project) -> list:
    return [c for c in ctx.components.values() if c.type == "codepipeline" and runs_project(ctx, c, project)]


def projects_of(ctx, pipeline) -> list:
    return [c for c in ctx.components.values() if c.type == "codebuild-project" and runs_project(ctx, pipeline, c)]


def artifact_bucket(ctx, pipeline):
    bucket = ctx.components.get(pipeline.get("artifact_bucket") or "")
    return bucket if bucket is not None and bucket.type == "s3-bucket" else None


def artifact_statements(ctx, pipeline) -> list[dict]:
    """Read and write the pipeline's artefacts (objects of its artifact bucket)."""
    bucket = artifact_bucket(ctx, pipeline)
    if bucket is None:
        return []
    resources = ctx.registry["s3-bucket"].arns(ctx, bucket, ARTIFACT_ACTIONS[0])
    return [{"Effect": "Allow", "Action": list(ARTIFACT_ACTIONS), "Resource": resources}]


def start_statements(ctx, pipeline) -> list[dict]:
    """Start and follow the builds of the projects its actions use."""
    projects = projects_of(ctx, pipeline)
    if not projects:
        return []
    return [{"Effect": "Allow", "Action": ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
             "Resource": [a for p in projects for a in ctx.registry["codebuild-project"].arns(ctx, p, "")]}]
