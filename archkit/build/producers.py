"""Every producer of output files, in order. Each entry is "module:function"; the function takes the Model and
returns a list of Jobs. A producer must not import heavy libraries (diagrams, graphviz) when listing its jobs:
a no-op rebuild only lists jobs and compares keys."""
from __future__ import annotations

import importlib

from ..model.types import Model
from .jobs import Job

PRODUCERS: list[str] = [
    "archkit.renderers.graph.producer:jobs",
    "archkit.renderers.cloudformation:jobs",
    "archkit.site.pages:jobs",
    "archkit.rules.page:jobs",
    "archkit.diff.page:jobs",  # the Changes page, when the repository has a release tag
    "archkit.site.backstage:jobs",
]


def all_jobs(model: Model) -> list[Job]:
    jobs: list[Job] = []
    for entry in PRODUCERS:
        module_name, func_name = entry.split(":")
        jobs.extend(getattr(importlib.import_module(module_name), func_name)(model))
    seen: dict[str, str] = {}
    for job in jobs:
        for path in job.outputs:
            if path in seen:
                raise RuntimeError(f"output {path} is produced by both {seen[path]} and {job.name}")
            seen[path] = job.name
    return jobs
