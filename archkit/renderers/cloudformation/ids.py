"""Logical ids from model ids: stable, readable, alphanumeric (CloudFormation's rule)."""
from __future__ import annotations

import re


def pascal(text: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def logical_id(component_id: str, suffix: str = "") -> str:
    return pascal(component_id) + pascal(suffix)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "system"


def output_name(lid: str, attribute: str = "") -> str:
    """Name of the output (and export) that carries a resource's Ref or attribute to other stacks."""
    return lid + re.sub(r"[^A-Za-z0-9]", "", attribute)
