"""The site's own data (site.yaml): which layers and properties each page groups."""
from __future__ import annotations

import functools
from pathlib import Path

from ..datafiles import read_data


@functools.cache
def site_data() -> dict:
    return read_data(Path(__file__).with_name("site.yaml"))
