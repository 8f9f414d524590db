"""The CI recipes of the diff: the GitLab merge-request job and the GitHub workflow run against a small fake API
server on 127.0.0.1; the request they send is asserted; both files pass check-jsonschema."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from archkit.diff import post
from archkit.diff.report import MARKER
from conftest import ROOT
from diffkit import THE_MERGE, copy_model, mutate

GITLAB_JOB = ROOT / ".gitlab" / "architecture-diff.yml"
GITHUB_WORKFLOW = ROOT / ".github" / "workflows" / "architecture-diff.yml"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


class FakeApi:
    """Comments kept in memory; every request recorded as (method, path, headers, body)."""

    def __init__(self):
        self.requests: list[tuple[str, str, dict, object]] = []
        self.comments: list[dict] = [{"id": 7, "body": "looks good"}]
        self.refuse = False
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, data):
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                api.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                if api.refuse and self.command != "GET":
                    return self.reply(403, {"message": "Resource not accessible by integration"})
                if self.command == "GET":
                    return self.reply(200, api.comments if "page=1" in self.path else [])
                if self.command == "POST":
                    api.comments.append({"id": 100 + len(api.comments), "body": body["body"]})
                    return self.reply(201, api.comments[-1])
                target = int(self.path.rsplit("/", 1)[1])
                for comment in api.comments:
                    if comment["id"] == target:
                        comment["body"] = body["body"]
                return self.reply(200, {"id": target})

            do_GET = do_POST = do_PUT = do_PATCH = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def writes(self):
        return [r for r in self.requests if r[0] != "GET"]


@pytest.fixture
def api():
    server = FakeApi()
    yield server
    server.server.shutdown()
    server.server.server_close()


def git(repo, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def merge_request(tmp_path):
    """A clone whose origin has main; HEAD is a branch with the merge (add a function, change a key, drop a
    connection)."""
    origin = tmp_path / "origin"
    copy_model(origin / "model")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "base")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    git(clone, "checkout", "-q", "-b", "feature")
    mutate(clone / "model", *THE_MERGE)
    git(clone, "commit", "-q", "-am", "the merge")
    return clone


def job_script(lines: list[str]) -> str:
    """The job's shell lines as they run here: this checkout's generate.py (on the clone's model), no setup."""
    python = f"{sys.executable} {ROOT / 'generate.py'}"
    script = [line for line in lines if not line.startswith("scripts/setup.sh")]
    return "\n".join(line.replace(".venv/bin/python generate.py diff", f"{python} diff --model model")
                     .replace(".venv/bin/python -m", f"{sys.executable} -m") for line in script)


def test_gitlab_job_posts_then_updates_one_comment(merge_request, api):
    job = yaml.safe_load(GITLAB_JOB.read_text())["architecture-diff"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI_API_V4_URL": f"{api.url}/api/v4", "CI_PROJECT_ID": "42",
           "CI_MERGE_REQUEST_IID": "5", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
           "CI_JOB_URL": "https://gitlab.example/p/-/jobs/9", "ARCHKIT_GITLAB_TOKEN": "glpat-test"}
    for run in (1, 2):
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", job_script(job["script"])], cwd=merge_request,
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 1, done.stderr  # a replacement: --fail-on replace, allowed as a warning
        assert 1 in job["allow_failure"]["exit_codes"]
    first, second = api.writes()
    method, path, headers, body = first
    assert (method, path) == ("POST", "/api/v4/projects/42/merge_requests/5/notes")
    assert headers["private-token"] == "glpat-test"
    for needle in (MARKER, "audit-fn", "orders-table", "fulfilment->warehouse-queue", "OrdersTableTable", "REPLACED",
                   "sqs:SendMessage", "https://gitlab.example/p/-/jobs/9/artifacts/file/diff/pictures/diff-infrastructure.svg"):
        assert needle in body["body"]
    assert second[:2] == ("PUT", "/api/v4/projects/42/merge_requests/5/notes/101")
    assert [c["id"] for c in api.comments] == [7, 101]  # one comment, updated
    assert (merge_request / "diff" / "pictures" / "diff-infrastructure.svg").is_file()


def test_github_workflow_diff_step_and_post(merge_request, api, tmp_path):
    workflow = yaml.safe_load(GITHUB_WORKFLOW.read_text())
    steps = workflow["jobs"]["diff"]["steps"]
    step = next(s for s in steps if s.get("id") == "diff")
    output = tmp_path / "github-output"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BASE_REF": "main", "GITHUB_OUTPUT": str(output),
           "RUN_URL": "https://github.example/o/r/actions/runs/3"}
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", job_script(step["run"].splitlines())],
                          cwd=merge_request, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert output.read_text() == "status=1\n"
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 12}}))
    env = {"GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "ghs-test",
           "GITHUB_EVENT_PATH": str(event)}
    comment = merge_request / "diff" / "comment.md"
    assert post.main(["github", str(comment)], env) == 0
    assert post.main(["github", str(comment)], env) == 0
    first, second = api.writes()
    assert first[:2] == ("POST", "/repos/o/r/issues/12/comments")
    assert first[2]["authorization"] == "Bearer ghs-test" and "OrdersTableTable" in first[3]["body"]
    assert "(https://github.example/o/r/actions/runs/3)" in first[3]["body"]
    assert second[:2] == ("PATCH", "/repos/o/r/issues/comments/101")


def test_post_without_variables_is_usage_error(tmp_path):
    body = tmp_path / "c.md"
    body.write_text("x")
    assert post.main(["gitlab", str(body)], {}) == 2
    assert post.main(["nowhere", str(body)], {}) == 2


def test_refused_by_the_api(api, tmp_path, capsys):
    body = tmp_path / "c.md"
    body.write_text("x")
    env = {"GITHUB_API_URL": api.url, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t", "ARCHKIT_PR_NUMBER": "1"}
    api.refuse = True  # a fork's read-only token
    assert post.main(["github", str(body)], env) == 1
    assert "HTTP 403" in capsys.readouterr().err
    assert api.writes()[0][3]["body"].startswith(MARKER)  # the marker is added when the file lacks it


@pytest.mark.parametrize("path, schema", [(GITLAB_JOB, ["--builtin-schema", "vendor.gitlab-ci", "--data-transform",
                                                       "gitlab-ci"]),
                                          (ROOT / ".gitlab-ci.yml", ["--builtin-schema", "vendor.gitlab-ci",
                                                                     "--data-transform", "gitlab-ci"]),
                                          (GITHUB_WORKFLOW, ["--builtin-schema", "vendor.github-workflows"])])
def test_recipes_pass_check_jsonschema(path, schema):
    done = subprocess.run([str(CHECK_JSONSCHEMA), *schema, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
