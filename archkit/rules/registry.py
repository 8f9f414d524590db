"""Find the rules: the built-in modules under builtin/, plus the model's own folder (`system.rules_dir`)."""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
from pathlib import Path

from .base import RULE_ID, SEVERITIES, Rule

BUILTIN_PACKAGE = __package__ + ".builtin"
REQUIRED = ("id", "severity", "title", "rationale", "fix")


class RuleLoadError(Exception):
    """A rule module cannot be loaded or a rule is ill-formed; the message says where and how to fix it."""


def builtin_rules() -> list[type[Rule]]:
    folder = Path(__file__).with_name("builtin")  # a plain listing: pkgutil would import typing (~5 ms) on every run
    found: list[type[Rule]] = []
    for name in sorted(path.stem for path in folder.glob("*.py") if not path.name.startswith("_")):
        found += rules_in(importlib.import_module(f"{BUILTIN_PACKAGE}.{name}"), name)
    return found


# Custom rules are code from the model's repository. The loader refuses a rules_dir outside that repository;
# --no-custom-rules (for reviewing a branch one does not trust yet) turns them off for the whole run.
CUSTOM_RULES = {"enabled": True}


def rules_dir_of(model) -> Path | None:
    """The model's rules folder: `system.rules_dir`, relative to the folder of the model files."""
    if not model.system.rules_dir or not CUSTOM_RULES["enabled"]:
        return None
    base = Path(os.path.dirname(model.files[0])) if model.files else Path(".")
    return base / model.system.rules_dir


def user_rules(folder: Path) -> list[type[Rule]]:
    from ..model.loader import inside, repository_root

    if not folder.is_dir():
        raise RuleLoadError(f"{folder}: rules_dir is not a folder (system.rules_dir is relative to the model folder)")
    repository = repository_root(folder)
    found: list[type[Rule]] = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith(("_", ".")):
            continue
        if not path.is_file() or not inside(path, repository):
            raise RuleLoadError(f"{path}: a rule module must be a file of the repository, not a link to "
                                f"{os.path.realpath(path)}; replace the link with the file")
        name = f"archkit_user_rules.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # a team's file: report where it broke, not a traceback of ours
            import traceback

            frame = traceback.extract_tb(exc.__traceback__)[-1]
            raise RuleLoadError(f"{path}:{frame.lineno}: cannot load rule module: {type(exc).__name__}: {exc}") from exc
        found += rules_in(module, str(path))
    return found


def rules_in(module, where: str) -> list[type[Rule]]:
    classes = [cls for _, cls in inspect.getmembers(module, inspect.isclass)
               if issubclass(cls, Rule) and cls is not Rule and cls.__module__ == module.__name__ and cls.id]
    for cls in classes:
        check_metadata(cls, where)
    return classes


def check_metadata(cls: type[Rule], where: str):
    missing = [name for name in REQUIRED if not getattr(cls, name, "")]
    if missing:
        raise RuleLoadError(f"{where}: rule {cls.__name__} lacks {', '.join(missing)}")
    if not RULE_ID.match(cls.id):
        raise RuleLoadError(f"{where}: rule id {cls.id!r} must be upper-case letters then digits, e.g. TEAM001")
    if cls.severity not in SEVERITIES:
        raise RuleLoadError(f"{where}: rule {cls.id} severity {cls.severity!r} is not one of {', '.join(SEVERITIES)}")
    if cls.check is Rule.check:
        raise RuleLoadError(f"{where}: rule {cls.id} does not define check(self, model)")


def all_rules(model=None) -> list[Rule]:
    """Every rule, built-in then the model's own, sorted by id; ids must be unique."""
    classes = builtin_rules()
    folder = rules_dir_of(model) if model is not None else None
    if folder is not None:
        classes += user_rules(folder)
    seen: dict[str, type[Rule]] = {}
    for cls in classes:
        if cls.id in seen and seen[cls.id] is not cls:
            raise RuleLoadError(f"rule id {cls.id} is defined twice ({seen[cls.id].__module__}, {cls.__module__})")
        seen[cls.id] = cls
    return [seen[rule_id]() for rule_id in sorted(seen)]
