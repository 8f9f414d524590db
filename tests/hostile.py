"""A valid model whose every free text holds markup of some output format: HTML, Markdown, DOT, CloudFormation
intrinsics, YAML, templates. Each text ends with a marker `hz<n>` so that a test can find where it landed.

Commands (a pipeline action's `command`, a CodeBuild project's `commands`) are code the architect wrote on purpose:
they carry the marker `cmd<n>` instead and must reach the CI files exactly as written."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import yaml

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**x** [a](javascript:alert(1)) | b | `c` <!-- c --> _u_ ~~s~~ ==m==",
    "# heading <b>bold</b>",
    '"]; x -> y [label="  < {} \\N \\G',
    "${AWS::AccountId} !Ref X {{ssm:/x}} Fn::Sub !GetAtt A.B",
    "a: b - c &a *a !!python/object:os.system",
    "{{ x }} {% x %} {#c#}",
    "- item <svg onload=alert(1)>",
    '{: onclick="alert(1)" } </textarea><iframe src=javascript:alert(1)>',
    "x' onmouseover='alert(1)' \" onfocus=\"alert(1)",
    "1. one &amp; &lt;script&gt; &#60;b&#62; \\",
]
MARKER = re.compile(r"hz\d+")
COMMAND_MARKER = re.compile(r"cmd\d+")


class Texts:
    """Hands out a hostile text per call, cycling through the payloads, each with its own marker."""

    def __init__(self):
        self.counter = itertools.count(1)
        self.all: list[str] = []

    def __call__(self, every: bool = False) -> str:
        """The next payload, or all of them on one line (every=True)."""
        n = next(self.counter)
        value = f"{' '.join(PAYLOADS) if every else PAYLOADS[(n - 1) % len(PAYLOADS)]} hz{n}"
        self.all.append(value)
        return value


def hostile_model() -> tuple[dict, list[str], list[str]]:
    """(model, every hostile text, every modelled command)."""
    t = Texts()
    commands = ["echo 'cmd1 <script>alert(1)</script>' && test -n \"$CI\"",
                "printf '%s\\n' 'cmd2 ${AWS::AccountId} {{ x }}' > out.txt",
                "pytest -k 'cmd3 not slow' # cmd3 comment"]

    def who(every: bool = False) -> dict:
        return {"description": t(every), "owner": t(), "links": {t(): "https://example.com/runbook?a=1&b=<x>",
                                                            t(): "javascript:alert(1)"}}

    model = {
        "system": {"name": t(), **who(every=True)},
        "environments": {"dev": {"account": "111111111111", "region": "eu-west-1", "name": t(),
                                 "description": t()},
                         "prod": {"account": "222222222222", "region": "eu-west-1", "name": t(),
                                  "description": t(), "production": True}},
        "actors": {"user": {"kind": "browser", "name": t()}},
        "components": {
            "api": {"type": "api-gateway-rest", "name": t(), **who(),
                    "stages": {"dev": {"environment": "dev", "description": t(), "deployment": t(),
                                       "variables": {"greeting": t(), "motd": t()}}},
                    "authorizers": [{"name": "iam", "kind": "iam"}],
                    "routes": [{"method": "GET", "path": "/items", "target": "fn", "authorizer": "iam"}]},
            "fn": {"type": "lambda", "name": t(), **who(), "runtime": "python3.12", "memory": 256, "timeout": 10,
                   "log_group": "fn-logs", "environment": {"GREETING": t(), "TEMPLATE": t()},
                   "suppress": [{"rule": "CKV_AWS_117", "reason": t(every=True)}, {"rule": "OBS004", "reason": t(every=True)}]},
            "fn-logs": {"type": "log-group", "name": t(), "retention_days": 30, "source": "fn"},
            "table": {"type": "dynamodb-table", "name": t(), **who(), "partition_key": {"name": "pk"}},
            "calls": {"type": "metric", "name": t(), "namespace": "AWS/Lambda", "metric_name": "Invocations",
                      "source": "fn"},
            "board": {"type": "dashboard", "name": t(), "widgets": ["calls"]},
            "site": {"type": "s3-bucket", "name": t(), **who()},
            "repo": {"type": "gitlab-repo", "name": t(), **who()},
            "runner": {"type": "gitlab-runner", "name": t(), **who()},
            "builder": {"type": "codebuild-project", "name": t(), **who(), "commands": commands[2:]},
        },
        "connections": [
            {"from": "user", "to": "api", "protocol": t(), "purpose": t(), "auth": t()},
            {"from": "api", "to": "fn", "protocol": t(), "purpose": t()},
            {"from": "fn", "to": "table", "protocol": t(), "purpose": t(), "auth": t(),
             "permissions": ["dynamodb:GetItem"]},
        ],
        "flows": {"get": {"name": t(), "kind": "request", "description": t(every=True), "steps": [
            {"from": "user", "to": "api", "action": t(), "protocol": t(), "path": t(), "auth": t(),
             "returns": t(), "failures": [{"when": t(), "status": 403, "response": t()}]},
            {"from": "api", "to": "fn", "action": t(), "returns": t(),
             "failures": [{"when": t(), "status": 500, "response": t()}]},
            {"from": "fn", "to": "table", "action": t(), "returns": t()}]}},
        "pipelines": {"deploy": {"name": t(), "description": t(), "trigger": t(), "source": "repo",
                                 "runs_on": "runner", "stages": [
                                     {"name": t(), "actions": [
                                         {"name": t(), "kind": "build", "uses": "runner", "command": commands[0],
                                          "artifacts": [f"dist/{t()}/", f"{t()}.zip"]},
                                         {"name": t(), "kind": "test", "uses": "runner",
                                          "command": commands[1]}]},
                                     {"name": t(), "environment": "dev", "actions": [
                                         {"name": t(), "kind": "approval", "uses": "user"},
                                         {"name": t(), "kind": "script", "uses": "runner"},
                                         {"name": t(), "kind": "deploy", "uses": "runner", "target": "fn"},
                                         {"name": t(), "kind": "sync", "uses": "runner", "target": "site"}]}]}},
    }
    return model, t.all, commands


def write_hostile_model(folder: Path) -> tuple[list[str], list[str]]:
    model, texts, commands = hostile_model()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.yaml").write_text(yaml.safe_dump(model, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return texts, commands
