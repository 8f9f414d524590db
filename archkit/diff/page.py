"""The site's Changes page: the architecture diff from the last release tag (the newest tag reachable from HEAD)
to the model as it is. No tag, or no git: no page.

Listing the job costs two git calls and a hash of the model files; the payload is the tag, its commit, the model
folder's path in the repository and the hashes of the model files, so the page is rebuilt exactly when one of
them changes. The tag's model is read from git's object store (sources.py), never checked out."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .. import paths
from ..build.jobs import Job
from ..model.types import Model

PATH = paths.page("changes")
RENDER = "archkit.diff.page:render"


def model_folder(model: Model) -> Path | None:
    if not model.files:
        return None
    folders = {os.path.dirname(os.path.abspath(f)) for f in model.files}
    return Path(folders.pop()) if len(folders) == 1 else None


_repositories: dict[str, Path] = {}  # model path in the repository -> the repository, for render (same process)


def jobs(model: Model) -> list[Job]:
    from .sources import SourceError, commit_of, last_release_tag, top_level

    folder = model_folder(model)
    if folder is None:
        return []
    try:
        repo = top_level(folder)
        tag = last_release_tag(repo)
        commit = commit_of(repo, tag) if tag else ""
    except SourceError:
        return []
    if not tag:
        return []
    target = folder if folder_is_model(folder, model) else Path(os.path.abspath(model.files[0]))
    relative = target.resolve().relative_to(repo.resolve()).as_posix()
    _repositories[relative] = repo
    payload = {"tag": tag, "commit": commit, "model": relative,
               "files": {Path(f).name: digest(f) for f in model.files}}
    return [Job("page changes", (PATH,), RENDER, payload)]


def folder_is_model(folder: Path, model: Model) -> bool:
    """Whether the model was loaded from its folder (every YAML file of it) rather than from one file."""
    from ..model.loader import model_files
    return len(model_files(folder)) == len(model.files)


def digest(file: str) -> str:
    return hashlib.sha256(Path(file).read_bytes()).hexdigest()


def render(payload: dict) -> dict[str, bytes]:
    from ..errors import ModelError
    from ..site import md
    from .build import build_report
    from .report import Comment
    from .sources import SourceError, Workspace, top_level
    from ..model import load_model

    repo = _repositories.get(payload["model"]) or top_level(Path.cwd())
    head_path = repo / payload["model"]
    with Workspace() as workspace:
        try:
            side = workspace.side("base", repo, payload["commit"], head_path)
            base = load_model(side.path)
            report = build_report(base, load_model(head_path), payload["tag"], "this version", side.display,
                                  lambda name: os.path.relpath(os.path.abspath(name), repo))
            body = Comment(cell=md.text, code=lambda v: md.code(v) or "—", site=True).to_markdown(report)
        except (SourceError, ModelError) as exc:
            body = f"The model at {md.code(payload['tag'])} cannot be compared: {md.text(str(exc).splitlines()[0])}\n"
    lines = body.splitlines()
    lines = [line for line in lines if not line.startswith(("<!--", "## Architecture diff"))]
    text = "\n".join([md.GENERATED_COMMENT, "", f"# Changes since {md.text(payload['tag'])}", "",
                      f"What the model changes since the release tag {md.code(payload['tag'])} "
                      f"({md.code(payload['commit'][:10])}): the same report a merge request gets "
                      "(`generate.py diff`).", *lines]).rstrip() + "\n"
    return {PATH: text.encode()}
