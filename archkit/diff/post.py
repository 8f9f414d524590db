"""Post the diff's Markdown as one merge-request comment, or update the one an earlier run posted (found by the
report's marker line). `python -m archkit.diff.post gitlab|github FILE`; standard library only.

GitLab (a merge-request pipeline): CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID, and a token:
ARCHKIT_GITLAB_TOKEN (a project or group access token with the api scope, sent as PRIVATE-TOKEN), else
CI_JOB_TOKEN (sent as JOB-TOKEN; GitLab accepts it on the notes API only where the instance allows it).
GitHub Actions (a pull_request workflow): GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN (the workflow needs
`permissions: pull-requests: write`), and the pull request's number from GITHUB_EVENT_PATH (or ARCHKIT_PR_NUMBER).

Exit status: 0 posted or updated; 1 the API refused; 2 bad usage or a missing variable."""
from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .report import COMMENT_LIMIT, MARKER

TIMEOUT_S = 30
MAX_PAGES = 50  # 5,000 comments: past that, post a new one


class PostError(Exception):
    pass


@dataclass(frozen=True)
class Api:
    base: str  # .../api/v4/projects/<id>/merge_requests/<iid> or .../repos/<owner>/<name>
    headers: dict
    list_path: str
    create_path: str
    update_path: str  # with {id}
    update_method: str


def need(env: dict, name: str) -> str:
    value = env.get(name, "")
    if not value:
        raise PostError(f"{name} is not set; run this in a merge-request pipeline (see the module's doc)")
    return value


def gitlab(env: dict) -> Api:
    root = need(env, "CI_API_V4_URL").rstrip("/")
    project = urllib.parse.quote(need(env, "CI_PROJECT_ID"), safe="")
    mr = urllib.parse.quote(need(env, "CI_MERGE_REQUEST_IID"), safe="")
    token = env.get("ARCHKIT_GITLAB_TOKEN", "")
    headers = {"PRIVATE-TOKEN": token} if token else {"JOB-TOKEN": need(env, "CI_JOB_TOKEN")}
    notes = f"{root}/projects/{project}/merge_requests/{mr}/notes"
    return Api(notes, headers, notes, notes, notes + "/{id}", "PUT")


def github(env: dict) -> Api:
    root = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repo = need(env, "GITHUB_REPOSITORY")
    number = env.get("ARCHKIT_PR_NUMBER") or pull_request_number(env)
    headers = {"Authorization": f"Bearer {need(env, 'GITHUB_TOKEN')}", "Accept": "application/vnd.github+json",
               "X-GitHub-Api-Version": "2022-11-28"}
    issue = f"{root}/repos/{repo}/issues/{urllib.parse.quote(str(number), safe='')}/comments"
    return Api(issue, headers, issue, issue, f"{root}/repos/{repo}/issues/comments/{{id}}", "PATCH")


def pull_request_number(env: dict) -> str:
    path = need(env, "GITHUB_EVENT_PATH")
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
        return str(int(event["pull_request"]["number"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise PostError(f"{path} holds no pull_request.number; run on a pull_request event or set "
                        "ARCHKIT_PR_NUMBER") from None


def call(method: str, url: str, headers: dict, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**headers, **({"Content-Type": "application/json"} if data else {}),
                                              "User-Agent": "archkit-diff"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            text = response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        raise PostError(f"{method} {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise PostError(f"{method} {url}: {exc}") from None
    return json.loads(text) if text.strip() else None


def existing(api: Api) -> int | None:
    """The id of the comment an earlier run posted (the first one holding the marker), or None."""
    for page in range(1, MAX_PAGES + 1):
        items = call("GET", f"{api.list_path}?per_page=100&page={page}", api.headers)
        if not isinstance(items, list):
            return None
        for item in items:
            if isinstance(item, dict) and MARKER in str(item.get("body", "")):
                return int(item["id"])
        if len(items) < 100:
            return None
    return None


def post(api: Api, body: str) -> str:
    if MARKER not in body:
        body = MARKER + "\n" + body
    if len(body) > COMMENT_LIMIT:
        body = body[:COMMENT_LIMIT - 80] + "\n\n*… cut to fit a comment.*\n"
    found = existing(api)
    if found is None:
        call("POST", api.create_path, api.headers, {"body": body})
        return "posted"
    call(api.update_method, api.update_path.format(id=found), api.headers, {"body": body})
    return f"updated comment {found}"


def main(argv: list[str] | None = None, env: dict | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    env = dict(os.environ) if env is None else env
    if len(argv) != 2 or argv[0] not in ("gitlab", "github"):
        print("usage: python -m archkit.diff.post gitlab|github COMMENT.md", file=sys.stderr)
        return 2
    try:
        api = gitlab(env) if argv[0] == "gitlab" else github(env)
        body = Path(argv[1]).read_text(encoding="utf-8")
    except PostError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {argv[1]}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        print(post(api, body))
    except PostError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
