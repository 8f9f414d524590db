"""Build, incrementally and in parallel, or check that the outputs on disk match the model."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import TEMP_SUFFIX, remove_stale_temps, stage
from .journal import pending, publish, roll_forward
from .jobs import Job, run_job
from .lock import build_lock
from .manifest import Manifest, file_sha, sha256
from .progress import Progress
from .safety import Guard, OutputIOError


class BuildRefused(Exception):
    """Writing would overwrite or delete something a person wrote; nothing was written."""

    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        super().__init__("\n".join(conflicts))


@dataclass
class Summary:
    rendered: list[str] = field(default_factory=list)  # files written because their bytes changed
    jobs_run: int = 0
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (f"rendered {self.jobs_run} (wrote {len(self.rendered)} files), unchanged {self.unchanged}, "
                f"deleted {len(self.deleted)} in {self.seconds:.2f} s")


def needs_render(job: Job, manifest: Manifest, root: Path) -> bool:
    base = str(root)  # plain strings: a no-op build checks every output, and pathlib's joins add up
    for path in job.outputs:
        if manifest.key(path) != job.key or file_sha(os.path.join(base, path)) != manifest.sha(path):
            return True
    return False


def in_scope(path: str, scope: tuple[str, ...] | None) -> bool:
    """--only: a build limited to some output folders neither writes nor deletes anything outside them."""
    return scope is None or path.startswith(scope)


def check(jobs: list[Job], root: Path, ignore: set[str] = frozenset(), scope: tuple[str, ...] | None = None) -> list[str]:
    """Problems that make the outputs on disk differ from what the model gives; empty when in step.
    StateError when the manifest or an output folder cannot be trusted (nothing is read through a symlink)."""
    guard = Guard(root)
    guard.state_dir()
    manifest = Manifest.load(root)
    for path in {p for job in jobs for p in job.outputs} | set(manifest.entries):
        guard.path(path)
    problems = ["interrupted: a build was killed while publishing; run generate.py to finish it"] if pending(root) else []
    wanted = set()
    for job in jobs:
        for path in job.outputs:
            wanted.add(path)
            disk = file_sha(root / path)
            if disk is None:
                problems.append(f"missing: {path}")
            elif not manifest.owns(path):
                problems.append(f"not generated (no manifest entry): {path}")
            elif manifest.key(path) != job.key:
                problems.append(f"stale: {path} (the model or generator changed since it was made)")
            elif disk != manifest.sha(path):
                problems.append(f"modified: {path} (edited by hand, or a build was interrupted)")
    for path in sorted(set(manifest.entries) - wanted - ignore):
        if in_scope(path, scope) and (root / path).exists():
            problems.append(f"orphaned: {path} (its element is no longer in the model)")
    return problems


def _die_with_parent(parent: int):
    """A worker whose build was killed must not live on as an orphan (Linux: PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def refresh_all(todo: list[Job], manifest: Manifest, root: Path, progress: Progress) -> dict[str, tuple[Job, bytes]]:
    """Outputs of the jobs whose earlier outputs are on disk as the manifest recorded them and were made from the
    same basis: made from those (a diagram's new tooltips in its old layout), without the costly work. The same
    trust as an unchanged job's outputs, which are kept as they are."""
    refreshed: dict[str, tuple[Job, bytes]] = {}
    for job in todo:
        if not job.refresh or not all(manifest.basis(p) == job.basis_key and manifest.sha(p) is not None
                                      for p in job.outputs):
            continue
        previous = {}
        for path in job.outputs:
            data = read_owned(root / path)
            if data is None or sha256(data) != manifest.sha(path):
                break
            previous[path] = data
        else:
            produced = job.refreshed(previous)
            if produced is not None:
                refreshed.update({path: (job, data) for path, data in produced.items()})
                progress.advance(job.name)
    return refreshed


def read_owned(path: Path) -> bytes | None:
    """An output's bytes, not through a symbolic link."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()


def render_all(todo: list[Job], workers: int, progress: Progress) -> dict[str, tuple[Job, bytes]]:
    rendered: dict[str, tuple[Job, bytes]] = {}

    def collect(job: Job, produced: dict[str, bytes]):
        for path, data in produced.items():
            rendered[path] = (job, data)
        progress.advance(job.name)

    heavy = [j for j in todo if j.heavy]
    light = [j for j in todo if not j.heavy]
    if workers > 1 and len(heavy) > 1:
        import multiprocessing  # here, not at the top: a no-op build never starts a process
        from concurrent.futures import ProcessPoolExecutor, as_completed

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            futures = {pool.submit(run_job, job): job for job in heavy}
            for job in light:
                collect(job, job.run())
            for future in as_completed(futures):
                collect(futures[future], future.result()[1])
    else:
        for job in heavy + light:
            collect(job, job.run())
    return rendered


def build(jobs: list[Job], root: Path, *, no_cache=False, force=False, workers=None, progress=None,
          lock_wait: float = 0.0, scope: tuple[str, ...] | None = None) -> Summary:
    """Raises StateError (untrusted state or a symlink in the way), Busy (another build holds the lock),
    OutputIOError (the file system refused a write; nothing published), BuildRefused, RenderError."""
    with build_lock(root, lock_wait):
        return _build(jobs, root, no_cache, force, workers, progress or Progress(quiet=True), scope)


def _build(jobs, root, no_cache, force, workers, progress, scope=None) -> Summary:
    started = time.perf_counter()
    guard = Guard(root)
    guard.state_dir()
    roll_forward(root, guard)  # before anything else: finish a build that was killed while publishing
    manifest = Manifest.load(root)
    summary = Summary()
    wanted = {path for job in jobs for path in job.outputs}
    for path in wanted | set(manifest.entries):
        guard.path(path)
    remove_stale_temps({(root / p).parent for p in wanted | set(manifest.entries)})
    todo = [job for job in jobs if no_cache or needs_render(job, manifest, root)]
    summary.unchanged = len(jobs) - len(todo)
    summary.jobs_run = len(todo)
    orphans = sorted(p for p in set(manifest.entries) - wanted if in_scope(p, scope))
    if not todo and not orphans:
        summary.seconds = time.perf_counter() - started
        return summary
    progress.start(len(todo))
    rendered = refresh_all(todo, manifest, root, progress) if not no_cache else {}
    todo = [job for job in todo if job.outputs[0] not in rendered]
    rendered.update(render_all(todo, workers or os.cpu_count() or 1, progress))
    conflicts = find_conflicts(rendered, orphans, manifest, root, force)
    if conflicts:
        raise BuildRefused(conflicts)
    deletes = [(path, manifest.sha(path)) for path in orphans]
    moves = stage_all(rendered, manifest, root, summary)
    for path in orphans:
        manifest.forget(path)
        summary.deleted.append(path)
    try:
        publish(root, moves, deletes, manifest)
    except OSError as exc:  # the journal could not be written: nothing was moved yet
        discard(moves)
        raise OutputIOError(".archkit/journal.json", exc) from None
    progress.finish()
    summary.seconds = time.perf_counter() - started
    return summary


def stage_all(rendered, manifest: Manifest, root: Path, summary: Summary) -> list[tuple[Path, str, str]]:
    """Stage every changed file beside its target; on a file-system error remove what was staged and raise."""
    moves: list[tuple[Path, str, str]] = []
    path = ""
    try:
        for path, (job, data) in sorted(rendered.items()):
            digest = sha256(data)
            if file_sha(root / path) != digest:
                if os.path.isdir(root / path):
                    raise IsADirectoryError(21, "a folder is in the way")
                moves.append((stage(root / path, data), path, digest))
                summary.rendered.append(path)
            manifest.record(path, job.key, data, job.basis_key)
    except OSError as exc:
        discard(moves)
        raise OutputIOError(path, exc) from None
    return moves


def discard(moves):
    for temp, _target, _sha in moves:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass


def find_conflicts(rendered, orphans, manifest: Manifest, root: Path, force: bool) -> list[str]:
    if force:
        return []
    conflicts = []
    for path, (_job, data) in sorted(rendered.items()):
        disk = file_sha(root / path)
        if disk is None or disk == sha256(data):
            continue
        if not manifest.owns(path):
            conflicts.append(f"{path}: exists but was not generated (a person's file); not overwritten")
        elif disk != manifest.sha(path):
            conflicts.append(f"{path}: edited by hand since it was generated; not overwritten")
    for path in orphans:
        disk = file_sha(root / path)
        if disk is not None and disk != manifest.sha(path):
            conflicts.append(f"{path}: no longer generated but edited by hand; not deleted")
    return conflicts


__all__ = ["build", "check", "BuildRefused", "Summary", "TEMP_SUFFIX"]
