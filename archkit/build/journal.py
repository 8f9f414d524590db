"""Publishing a build as one step that a later run can finish.

Every new file is staged beside its target first. Then a journal lists the renames, the deletions and the new
manifest; only after it is on disk are the files moved. A build killed before the journal exists leaves the
previous outputs as they were (its temporary files are removed by the next run); one killed after it is rolled
forward by the next run, before anything else happens.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .atomic import write_atomic
from .manifest import Manifest

JOURNAL_PATH = ".archkit/journal.json"


def publish(root: Path, moves: list[tuple[Path, str]], deletes: list[str], manifest: Manifest):
    """moves: (staged temporary file, target path relative to root)."""
    body = {"moves": [[temp.relative_to(root).as_posix(), target] for temp, target in moves],
            "deletes": deletes, "manifest": manifest.entries}
    write_atomic(root / JOURNAL_PATH, json.dumps(body, sort_keys=True).encode())
    roll_forward(root)


def roll_forward(root: Path) -> bool:
    """Finish a published build whose run was interrupted; True when there was one."""
    path = root / JOURNAL_PATH
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except ValueError:  # the journal itself is written atomically, so this is damage from outside: drop it
        path.unlink()
        return False
    for temp, target in body["moves"]:
        if (root / temp).exists():
            os.replace(root / temp, root / target)
    for target in body["deletes"]:
        (root / target).unlink(missing_ok=True)
    Manifest(root, body["manifest"]).save()
    path.unlink()
    return True


def pending(root: Path) -> bool:
    return (root / JOURNAL_PATH).exists()
