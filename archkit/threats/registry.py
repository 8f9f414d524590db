"""Find the threat rules: every module under builtin/, one rule class each."""
from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from .base import SEVERITIES, STRIDE, SUBJECTS, THREAT_ID, ThreatRule

REQUIRED = ("id", "stride", "subject", "severity", "title", "description", "fix")


class ThreatRuleError(Exception):
    """A threat rule is ill-formed; the message says which and how to fix it."""


def threat_rules() -> list[ThreatRule]:
    folder = Path(__file__).with_name("builtin")
    found: dict[str, ThreatRule] = {}
    for name in sorted(path.stem for path in folder.glob("*.py") if not path.name.startswith("_")):
        module = importlib.import_module(f"{__package__}.builtin.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ThreatRule) and cls is not ThreatRule and cls.__module__ == module.__name__:
                check(cls, name)
                if cls.id in found:
                    raise ThreatRuleError(f"threat rule id {cls.id} is defined twice ({name})")
                found[cls.id] = cls()
    return [found[key] for key in sorted(found)]


def check(cls: type[ThreatRule], where: str):
    missing = [name for name in REQUIRED if not getattr(cls, name, "")]
    if missing:
        raise ThreatRuleError(f"{where}: threat rule {cls.__name__} lacks {', '.join(missing)}")
    if not THREAT_ID.match(cls.id):
        raise ThreatRuleError(f"{where}: threat rule id {cls.id!r} must be TM and three digits")
    if cls.stride not in STRIDE or cls.subject not in SUBJECTS or cls.severity not in SEVERITIES:
        raise ThreatRuleError(f"{where}: {cls.id}: stride one of {''.join(STRIDE)}, subject one of "
                              f"{', '.join(SUBJECTS)}, severity one of {', '.join(SEVERITIES)}")
    if cls.assess is ThreatRule.assess:
        raise ThreatRuleError(f"{where}: threat rule {cls.id} does not define assess(self, model, subject)")
