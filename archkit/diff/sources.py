"""Where the two sides of a diff come from: a model folder as it is, or the model folder as a git ref holds it.

A ref is read blob by blob (`git ls-tree`, `git cat-file blob`) into a private temporary folder: nothing is
checked out over the work tree, no filter or attribute of the repository runs, a symbolic link is refused (never
written), and a file larger than a model file may be is refused unread (yamlsafe.MAX_FILE_BYTES)."""
from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model.loader import MODEL_SUFFIXES
from ..model.yamlsafe import MAX_FILE_BYTES

MAIN_BRANCHES = ("main", "origin/main", "master", "origin/master")
GIT_TIMEOUT_S = 60
MAX_FILES = 2000  # model files in one folder at a ref: more is not a model


class SourceError(Exception):
    """A side of the diff cannot be read: the message names what and how to fix it."""


@dataclass(frozen=True)
class Side:
    label: str  # what the report calls it: a ref with its short commit, or a path
    path: Path  # the model folder (or file) to load
    origin: str = ""  # read from git: the model's path as the repository names it (shown instead of `path`)

    def display(self, name: str) -> str:
        """A file name in a message, as the reader's repository spells it (never the temporary folder)."""
        if not self.origin:
            return name
        folder = str(self.path if self.path.is_dir() else self.path.parent)
        absolute = os.path.abspath(name)
        if absolute.startswith(folder + os.sep):
            base = self.origin if self.path.is_dir() else os.path.dirname(self.origin)
            return os.path.join(base, absolute[len(folder) + 1:]) if base else absolute[len(folder) + 1:]
        return name


def git(repo: Path, *args: str, binary: bool = False):
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(["git", "-C", str(repo), "-c", "core.quotePath=false", *args], capture_output=True,
                              timeout=GIT_TIMEOUT_S, env=env)
    except FileNotFoundError:
        raise SourceError("git is not installed; pass --base PATH --head PATH to compare two model folders") from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"git {args[0]} took longer than {GIT_TIMEOUT_S} s") from None
    if done.returncode != 0:
        raise SourceError(f"git {' '.join(args[:2])}: {done.stderr.decode(errors='replace').strip() or 'failed'}")
    return done.stdout if binary else done.stdout.decode(errors="replace")


def top_level(start: Path) -> Path:
    return Path(git(start if start.is_dir() else start.parent, "rev-parse", "--show-toplevel").strip())


def commit_of(repo: Path, ref: str) -> str:
    if not ref or ref.startswith("-"):
        raise SourceError(f"'{ref}' is not a git ref; name a branch, tag or commit")
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    except SourceError:
        raise SourceError(f"'{ref}' names no commit in {repo}; name a branch, tag or commit "
                          "(git fetch it first in a shallow CI clone)") from None


def merge_base(repo: Path) -> str:
    """The merge base of HEAD with the main branch (the first of MAIN_BRANCHES that exists)."""
    for branch in MAIN_BRANCHES:
        try:
            commit_of(repo, branch)
        except SourceError:
            continue
        return git(repo, "merge-base", branch, "HEAD").strip()
    raise SourceError("no main branch (main, origin/main, master) to take the merge base with; "
                      "name BASE on the command line")


def last_release_tag(repo: Path) -> str:
    """The newest tag reachable from HEAD, or '' when there is none."""
    try:
        return git(repo, "describe", "--tags", "--abbrev=0", "HEAD").strip()
    except SourceError:
        return ""


def model_at(repo: Path, commit: str, model_path: str, into: Path) -> Path:
    """Write the model folder (or file) `model_path` (relative to the repository) as `commit` holds it into `into`;
    the folder or file to load from there."""
    listing = git(repo, "ls-tree", "-l", "-z", "--full-tree", commit, "--", model_path)
    entries = [e for e in listing.split("\0") if e]
    if not entries:
        raise SourceError(f"{commit[:12]} holds no {model_path}; it may not have had a model yet")
    if len(entries) == 1 and entries[0].split()[1] == "tree":
        entries = [e for e in git(repo, "ls-tree", "-l", "-z", "--full-tree", commit, "--",
                                  model_path.rstrip("/") + "/").split("\0") if e]
        folder = into / "model"
    else:
        folder = into
    folder.mkdir(parents=True, exist_ok=True)
    wanted = [e for e in entries if e.split("\t", 1)[1].endswith(MODEL_SUFFIXES)]
    if len(wanted) > MAX_FILES:
        raise SourceError(f"{model_path} at {commit[:12]} holds {len(wanted)} files; a model holds at most {MAX_FILES}")
    written = [write_blob(repo, entry, folder, commit) for entry in wanted]
    if not written:
        raise SourceError(f"{model_path} at {commit[:12]} holds no .yaml model file")
    return folder if folder != into else written[0]


def write_blob(repo: Path, entry: str, folder: Path, commit: str) -> Path:
    meta, name = entry.split("\t", 1)
    mode, kind, sha, size = meta.split()
    base = name.rsplit("/", 1)[-1]
    where = f"{name} at {commit[:12]}"
    if mode == "120000":
        raise SourceError(f"{where} is a symbolic link; a model is read from its own files only (replace the link "
                          "with the file)")
    if kind != "blob":
        raise SourceError(f"{where} is a {kind}, not a file")
    if int(size) > MAX_FILE_BYTES:
        raise SourceError(f"{where} is {int(size):,} bytes; a model file may hold at most {MAX_FILE_BYTES:,}")
    if base.startswith(".") or "/" in base or base in ("", "..", "."):
        raise SourceError(f"{where}: not a model file name")
    target = folder / base
    target.write_bytes(git(repo, "cat-file", "blob", sha, binary=True))
    return target


class Workspace:
    """A private temporary folder for the sides read from git; removed on exit."""

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="archkit-diff-")
        self.root = Path(self._tmp.name)
        return self

    def __exit__(self, *exc):
        self._tmp.cleanup()

    def side(self, name: str, repo: Path, ref: str, model: Path) -> Side:
        commit = commit_of(repo, ref)
        if not model.resolve().is_relative_to(repo.resolve()):
            raise SourceError(f"{model} is not inside the repository {repo}; refs are read at the model's path in it")
        relative = model.resolve().relative_to(repo.resolve()).as_posix()
        path = model_at(repo, commit, relative, self.root / name)
        return Side(f"{ref} ({commit[:10]})" if ref != commit else commit[:10], path, shown(model, repo))


def shown(model: Path, repo: Path) -> str:
    """The model path for messages: relative to the current folder when below it, else to the repository."""
    try:
        relative = os.path.relpath(model)
    except ValueError:
        relative = ".."
    return relative if not relative.startswith("..") else model.resolve().relative_to(repo.resolve()).as_posix()
