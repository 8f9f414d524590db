"""The site's own data (site.yaml): which layers and properties each page groups."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml


@functools.cache
def site_data() -> dict:
    return yaml.safe_load(Path(__file__).with_name("site.yaml").read_text(encoding="utf-8"))
