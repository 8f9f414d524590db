"""Catalogue type -> the CfnType subclass (types/base.py) that turns a component of that type into CloudFormation
resources, found the way rules are: every module of this folder is imported and each CfnType subclass defined in
it registers its `catalogue_type`. Adding a type is adding a module; nothing here is edited."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

from .base import CfnType


def discover() -> dict[str, type[CfnType]]:
    found: dict[str, type[CfnType]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, CfnType) or cls is CfnType or cls.__module__ != module.__name__:
                continue
            if not cls.catalogue_type:
                raise TypeError(f"{module.__name__}.{cls.__name__} names no catalogue_type")
            if cls.catalogue_type in found:
                raise TypeError(f"two modules render {cls.catalogue_type}: {found[cls.catalogue_type].__module__} "
                                f"and {module.__name__}")
            found[cls.catalogue_type] = cls
    return found


REGISTRY: dict[str, type[CfnType]] = discover()
