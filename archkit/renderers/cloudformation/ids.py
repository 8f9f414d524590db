"""Logical ids from model ids: stable, readable, alphanumeric (CloudFormation's rule)."""
from __future__ import annotations

import re

from ...model.naming import pascal, slug  # noqa: F401 (re-exported: the renderers' names come from the model's)


def logical_id(component_id: str, suffix: str = "") -> str:
    return pascal(component_id) + pascal(suffix)


def output_name(lid: str, attribute: str = "") -> str:
    """Name of the output (and export) that carries a resource's Ref or attribute to other stacks."""
    return lid + re.sub(r"[^A-Za-z0-9]", "", attribute)
