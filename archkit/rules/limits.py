"""AWS quotas and bounds as data (aws_limits.yaml): `limit("lambda_regional_concurrency")`."""
from __future__ import annotations

import functools
from pathlib import Path

from ..datafiles import read_data


@functools.cache
def _limits() -> dict:
    return read_data(Path(__file__).parent / "aws_limits.yaml")


def limit(name: str):
    return _limits()[name]["value"]


def source(name: str) -> str:
    return _limits()[name]["source"]
