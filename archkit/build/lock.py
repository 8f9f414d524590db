"""One build at a time on a tree: an advisory lock on the output root folder itself, held while a build runs.

Locking the folder (flock on its descriptor) writes nothing, so a no-op or refused build leaves the tree as it
was, and a lock left by a killed process goes with the process."""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from .safety import OutputIOError


class Busy(Exception):
    """Another build (generate.py, archkit, or mkdocs serve's hook) holds the tree's lock."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"{path}: another build is running on this tree")

    def report(self) -> str:
        return (f"error: another build is running on {self.path}; nothing was written\n"
                "    fix: wait for it to finish, then run again")


@contextlib.contextmanager
def build_lock(root: Path, wait: float = 0.0):
    """Hold the tree's build lock; Busy when another process holds it for longer than `wait` seconds."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputIOError(str(root), exc) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(str(root)) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)
