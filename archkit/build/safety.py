"""The outputs' trust boundary: which paths a build may write or delete, and the errors that refuse the rest.

A model repository arrives through merge requests: the manifest, a journal, symlinks in the output folders all
come from people. So every path a build touches is checked here: relative, inside the folders the generator owns
(`paths.OUTPUT_ROOTS`), and reached without a symlink on the way, the folders themselves included.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath

from .. import paths

STATE_DIR = ".archkit"


class StateError(Exception):
    """A state file (manifest, journal) or an output folder cannot be trusted; nothing was touched."""

    def __init__(self, path: str, message: str, fix: str):
        self.path, self.message, self.fix = path, message, fix
        super().__init__(f"{path}: {message}")

    def report(self) -> str:
        return f"error: {self.path}: {self.message}; nothing was written\n    fix: {self.fix}"


class OutputIOError(Exception):
    """The file system refused a write (disk full, read-only, a folder in the way ...); nothing was published."""

    FIXES = {
        errno.ENOSPC: "free disk space, then run again",
        errno.EDQUOT: "free disk space (quota), then run again",
        errno.EROFS: "the file system is read-only: build into a writable checkout or pass --out DIR",
        errno.EACCES: "give this user write permission on the folder, or pass --out DIR",
        errno.EPERM: "give this user write permission on the folder, or pass --out DIR",
        errno.EISDIR: "a folder stands where a generated file goes: move or remove that folder",
        errno.ENOTDIR: "a file stands where a generated folder goes: move or remove that file",
        errno.ELOOP: "a symbolic link stands where generate.py writes: remove it",
    }

    def __init__(self, path: str, exc: OSError):
        self.path, self.errno = path, exc.errno
        self.reason = exc.strerror or str(exc)
        super().__init__(f"{path}: {self.reason}")

    def report(self) -> str:
        fix = self.FIXES.get(self.errno, "check the path and the file system, then run again")
        return f"error: cannot write {self.path}: {self.reason}; nothing was published\n    fix: {fix}"


def owned_relative(relative: object) -> str | None:
    """Why `relative` may not be an output path, or None when it is one the generator may own."""
    if not isinstance(relative, str) or not relative:
        return "not a path"
    if "\0" in relative or "\\" in relative:
        return "holds a NUL or backslash"
    pure = PurePosixPath(relative)
    if pure.is_absolute():
        return "is absolute"
    if any(part in ("..", ".") for part in relative.split("/")) or pure.as_posix() != relative:
        return "is not a plain relative path (no '..', '.', or doubled '/')"
    if not any(relative.startswith(prefix + "/") for prefix in paths.OUTPUT_ROOTS) and \
            relative not in paths.OUTPUT_FILES and not _staged_output_file(relative):
        return "is outside the folders the generator owns (" + ", ".join(paths.OUTPUT_ROOTS) + ")"
    return None


def _staged_output_file(relative: str) -> bool:
    """The temporary file a build stages beside one of OUTPUT_FILES (.NAME.PID.archkit-tmp, see atomic.stage)."""
    import re

    from .atomic import TEMP_SUFFIX

    staged = re.fullmatch(r"(?P<folder>(?:.*/)?)\.(?P<name>[^/]+)\.\d+" + re.escape(TEMP_SUFFIX), relative)
    return bool(staged) and staged["folder"] + staged["name"] in paths.OUTPUT_FILES


class Guard:
    """Checks, once per folder, that outputs are reached from the root without passing through a symlink."""

    def __init__(self, root: Path):
        self.root = root
        self._folders: dict[str, str | None] = {"": None}

    def path(self, relative: str, source: str = "") -> Path:
        """The absolute path of an output, or StateError when it is not one the generator may write or delete.
        source: the state file that names the path (the error names it and the entry)."""
        problem = owned_relative(relative)
        if problem and source:
            raise StateError(source, f"entry {relative!r} {problem}",
                             f"delete {source} or that entry; generate.py writes only paths under its output folders")
        if problem:
            raise StateError(relative, f"output path {problem}", "rename the element it comes from")
        folder, _, name = relative.rpartition("/")
        link = self._linked(folder)
        if link is None and _is_link(os.path.join(self.root, relative)):
            link = relative
        if link is not None:
            raise StateError(link, "is a symbolic link; the generator never writes or deletes through one",
                             f"replace the link with a real folder or file (rm {link}), then run again")
        return self.root / relative

    def _linked(self, folder: str) -> str | None:
        """The first symlink on the way from the root to `folder` (itself included), or None."""
        if folder in self._folders:
            return self._folders[folder]
        parent = folder.rpartition("/")[0]
        found = self._linked(parent)
        if found is None and _is_link(os.path.join(self.root, folder)):
            found = folder
        self._folders[folder] = found
        return found

    def state_dir(self) -> Path:
        """.archkit, which must be a real folder (or not exist yet)."""
        if _is_link(os.path.join(self.root, STATE_DIR)):
            raise StateError(STATE_DIR, "is a symbolic link; state is never written through one",
                             f"replace it with a real folder: rm {STATE_DIR}, then run again")
        return self.root / STATE_DIR


def _is_link(path: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        return False


def links_leaving(folder: Path, root: Path) -> list[str]:
    """Symbolic links under `folder` that point outside `root` (a site built from them would publish what they
    point at); folders are walked without following links."""
    found = []
    for current, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(current, name)
            if os.path.islink(path) and not Path(os.path.realpath(path)).is_relative_to(root):
                found.append(os.path.relpath(path, root))
    return sorted(found)
