"""Publishing a build as one step that a later run can finish.

Every new file is staged beside its target first. Then a journal lists the renames, the deletions and the new
manifest; only after it is on disk are the files moved. A build killed before the journal exists leaves the
previous outputs as they were (its temporary files are removed by the next run); one killed after it is rolled
forward by the next run, before anything else happens.

The journal is local state (.gitignore keeps it out of commits), but a file in the tree can come from anyone, so
it is data, not commands: every path must be an output path reached without a symlink, a move must take a staged
file with the hash the journal recorded, and a deletion removes a file only if it still has the recorded hash.
A journal that git tracks was committed, not left by a build here: it is ignored with a warning.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from .atomic import TEMP_SUFFIX, write_atomic
from .manifest import Manifest, entry_problem, file_sha
from .safety import Guard, OutputIOError, StateError

JOURNAL_PATH = ".archkit/journal.json"
STAGED_NAME = re.compile(r"^\.(?P<name>.+)\.\d+" + re.escape(TEMP_SUFFIX) + "$")


def publish(root: Path, moves: list[tuple[Path, str, str]], deletes: list[tuple[str, str]], manifest: Manifest):
    """moves: (staged temporary file, target path relative to root, sha256 of its bytes); deletes: (path, sha256)."""
    body = {"moves": [[temp.relative_to(root).as_posix(), target, sha] for temp, target, sha in moves],
            "deletes": [list(entry) for entry in deletes], "manifest": manifest.entries}
    write_atomic(root / JOURNAL_PATH, json.dumps(body, sort_keys=True).encode())
    roll_forward(root)


def roll_forward(root: Path, guard: Guard | None = None) -> bool:
    """Finish a published build whose run was interrupted; True when there was one."""
    path = root / JOURNAL_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError) as exc:
        raise damaged(f"cannot be read ({exc})") from None
    if committed(root):
        print(f"warning: {JOURNAL_PATH} is tracked by git: a journal is local state, so this one was committed, "
              "not left by a build here; it is ignored (git rm --cached it)", file=sys.stderr)
        return False
    moves, deletes, entries = parse(text, guard or Guard(root))
    for temp, target, sha in moves:
        if temp.exists() and file_sha(temp) == sha:
            replace(temp, target, root)
    for target, sha in deletes:
        if file_sha(target) == sha:
            target.unlink()
    Manifest(root, entries).save()
    path.unlink()
    return True


def parse(text: str, guard: Guard):
    """The journal's moves and deletions as checked absolute paths, and its manifest; StateError when any is off."""
    try:
        body = json.loads(text)
        moves, deletes, entries = body["moves"], body["deletes"], body["manifest"]
        checked_moves = [move(guard, temp, target, sha) for temp, target, sha in moves]
        checked_deletes = [(guard.path(target, JOURNAL_PATH), sha) for target, sha in deletes
                           if valid_sha(sha)]
        if len(checked_deletes) != len(deletes) or not isinstance(entries, dict):
            raise ValueError("malformed entry")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise damaged(f"is not a journal generate.py wrote ({exc})") from None
    for target, entry in entries.items():
        guard.path(target, JOURNAL_PATH)
        if entry_problem(entry):
            raise damaged(f"manifest entry {target!r} {entry_problem(entry)}")
    return checked_moves, checked_deletes, entries


def move(guard: Guard, temp: str, target: str, sha: str):
    target_path = guard.path(target, JOURNAL_PATH)
    staged = STAGED_NAME.match(temp.rpartition("/")[2])
    if temp.rpartition("/")[0] != target.rpartition("/")[0] or not staged or \
            staged["name"] != target.rpartition("/")[2] or not valid_sha(sha):
        raise ValueError(f"move {temp!r} -> {target!r} is not a staged file beside its target")
    return guard.path(temp, JOURNAL_PATH), target_path, sha


def replace(temp: Path, target: Path, root: Path):
    try:
        os.replace(temp, target)
    except OSError as exc:
        raise OutputIOError(target.relative_to(root).as_posix(), exc) from None


def valid_sha(sha) -> bool:
    return entry_problem({"key": "", "sha256": sha}) is None


def committed(root: Path) -> bool:
    if not (root / ".git").exists():
        return False
    try:
        result = subprocess.run(["git", "-C", str(root), "ls-files", "--error-unmatch", "--", JOURNAL_PATH],
                                capture_output=True, timeout=30, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def damaged(what: str) -> StateError:
    return StateError(JOURNAL_PATH, what,
                      f"delete {JOURNAL_PATH} (it is local state, written by an interrupted build), then run again")


def pending(root: Path) -> bool:
    return (root / JOURNAL_PATH).exists()
