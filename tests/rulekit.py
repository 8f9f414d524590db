"""Shared helper for rule tests: build a small model from YAML text with the real loader, run one rule."""
from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from archkit.model import load_model
from archkit.rules.engine import run_rules
from archkit.rules.registry import all_rules

BASE = """\
system: {name: Fragment}
environments:
  dev: {account: "111111111111", region: eu-west-1}
  live: {account: "222222222222", region: eu-west-1, production: true}
actors:
  user: {kind: end-user}
"""


def fragment(text: str, folder: Path | None = None):
    """The Model of BASE plus `text` (a YAML fragment: components, connections, flows, pipelines)."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="archkit-rules-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    (folder / "fragment.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_model(folder)


def rule(rule_id: str):
    return next(r for r in all_rules() if r.id == rule_id)


def findings(text: str, rule_id: str) -> list:
    """Findings of one rule on a fragment, after the fragment's suppressions."""
    return run_rules(fragment(text), [rule(rule_id)]).findings
