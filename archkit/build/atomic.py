"""Whole-file writes: a temporary file beside the target, fsync, then rename."""
from __future__ import annotations

import os
from pathlib import Path

TEMP_SUFFIX = ".archkit-tmp"


def stage(path: Path, data: bytes) -> Path:
    """Write data to a temporary file beside path, flushed to disk; the caller renames it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        temp.unlink(missing_ok=True)  # a half-written temp file would keep a full disk full
        raise
    return temp


def write_atomic(path: Path, data: bytes):
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
        raise


def remove_stale_temps(folders):
    """Temporary files left by a build that was killed before it could rename them."""
    for folder in folders:
        if folder.is_dir():
            for temp in folder.glob(f"*{TEMP_SUFFIX}"):  # every output's own folder is listed: no recursion
                temp.unlink(missing_ok=True)
