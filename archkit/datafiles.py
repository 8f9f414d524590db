"""The package's own YAML data (catalogue, limits, stacks, ...): trusted, so read with libyaml's safe loader,
which is several times faster than the pure-Python one. Models are never read this way (see model/yamlsafe.py)."""
from __future__ import annotations

from pathlib import Path

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_data(path: Path) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=LOADER) or {}
