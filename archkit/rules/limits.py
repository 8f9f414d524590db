"""AWS quotas and bounds as data (aws_limits.yaml): `limit("lambda_regional_concurrency")`."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml


@functools.cache
def _limits() -> dict:
    return yaml.safe_load((Path(__file__).parent / "aws_limits.yaml").read_text(encoding="utf-8"))


def limit(name: str):
    return _limits()[name]["value"]


def source(name: str) -> str:
    return _limits()[name]["source"]
