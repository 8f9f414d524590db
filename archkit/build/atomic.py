"""Whole-file writes: a temporary file beside the target, fsync, then rename."""
from __future__ import annotations

import os
from pathlib import Path

TEMP_SUFFIX = ".archkit-tmp"


def stage(path: Path, data: bytes) -> Path:
    """Write data to a temporary file beside path, flushed to disk; the caller renames it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return temp


def write_atomic(path: Path, data: bytes):
    os.replace(stage(path, data), path)


def remove_stale_temps(folders):
    """Temporary files left by a build that was killed before it could rename them."""
    for folder in folders:
        if folder.is_dir():
            for temp in folder.rglob(f"*{TEMP_SUFFIX}"):
                temp.unlink(missing_ok=True)
