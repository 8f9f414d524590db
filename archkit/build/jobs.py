"""A Job renders one or more output files from a JSON-serialisable slice of the model.

The job's key hashes exactly that slice, the function and the generator's own source, so an unchanged key means
unchanged output: the incremental build and `--check` compare keys without rendering anything.
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


@functools.cache
def generator_version() -> str:
    """Hash of the package's own code and data: any change to the generator invalidates every output."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        parts = path.relative_to(PACKAGE_DIR).parts  # init/template/ is what `archkit init` copies, not a renderer
        if path.suffix in (".py", ".yaml", ".css", ".js", ".json", ".md") and "__pycache__" not in parts and \
                parts[:2] != ("init", "template"):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def canonical_json(payload) -> str:
    """The payload as JSON with sorted keys; a dataclass (a view, archkit/views/contract.py) as its fields."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=fields_of)


def fields_of(value) -> dict:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@dataclass(frozen=True)
class Job:
    name: str  # what the progress display shows
    outputs: tuple[str, ...]  # paths relative to the output root, with '/'
    func: str  # "package.module:function", called with the payload, returns {path: bytes}
    payload: object
    heavy: bool = False  # worth a separate process (Graphviz, big renders)
    # The part of the payload the costly work depends on, and "module:function" that makes the outputs from the
    # payload and the outputs of an earlier payload with the same basis (a diagram whose tooltips alone changed:
    # the same layout, new text), or returns None to have the job run
    basis: object = None
    refresh: str = ""

    @functools.cached_property
    def key(self) -> str:
        text = generator_version() + "\0" + self.func + "\0" + canonical_json(self.payload)
        return hashlib.sha256(text.encode()).hexdigest()

    @functools.cached_property
    def basis_key(self) -> str:
        if not self.refresh:
            return ""
        text = generator_version() + "\0" + self.refresh + "\0" + canonical_json(self.basis)
        return hashlib.sha256(text.encode()).hexdigest()

    def refreshed(self, previous: dict[str, bytes]) -> dict[str, bytes] | None:
        module_name, func_name = self.refresh.split(":")
        produced = getattr(importlib.import_module(module_name), func_name)(self.payload, previous)
        if produced is not None and set(produced) != set(self.outputs):
            raise RuntimeError(f"{self.name}: refreshed {sorted(produced)}, declared {sorted(self.outputs)}")
        return produced

    def run(self) -> dict[str, bytes]:
        module_name, func_name = self.func.split(":")
        produced = getattr(importlib.import_module(module_name), func_name)(self.payload)
        if set(produced) != set(self.outputs):
            raise RuntimeError(f"{self.name}: produced {sorted(produced)}, declared {sorted(self.outputs)}")
        return produced


def run_job(job: Job) -> tuple[str, dict[str, bytes]]:
    """Module-level so that a process pool can pickle it."""
    return job.name, job.run()
