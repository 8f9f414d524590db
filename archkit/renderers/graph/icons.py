"""Icon class paths (catalogue data such as aws.compute.Lambda) -> diagrams node classes and icon files."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

from ...errors import RenderError

GENERIC_ICON = "aws.general.General"


def warn(message: str):
    print(f"warning: {message}", file=sys.stderr)


def icon_class(class_path: str):
    """The diagrams Node class for 'provider.group.Class', or None when there is none."""
    module_name, _, class_name = class_path.rpartition(".")
    if not module_name or not class_name:
        return None
    try:
        module = importlib.import_module(f"diagrams.{module_name}")
    except ImportError:
        return None
    cls = getattr(module, class_name, None)
    return cls if isinstance(cls, type) and getattr(cls, "_icon", None) else None


def icon_file(cls) -> Path:
    import diagrams

    return Path(diagrams.__file__).resolve().parent.parent / cls._icon_dir / cls._icon


def resolve(class_path: str, where: str):
    """The node class for an icon path; an unknown one falls back to the generic icon with a warning.
    A known class whose icon file is missing is a broken install: a RenderError, never a blank node."""
    cls = icon_class(class_path) if class_path else None
    if cls is None:
        warn(f"{where}: no diagrams icon class {class_path!r}; drawn with the generic icon {GENERIC_ICON}")
        cls = icon_class(GENERIC_ICON)
    path = icon_file(cls)
    if not path.is_file():
        raise RenderError(f"{where}: icon file for {class_path or GENERIC_ICON} is missing: {path.name} "
                          f"(reinstall the diagrams package)")
    return cls
