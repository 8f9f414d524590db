"""How model names become AWS names: the one definition shared by the model checks and the renderers, so that
a collision or an over-long name is found at the element, before any template is written."""
from __future__ import annotations

import re


def pascal(text: str) -> str:
    """CloudFormation's logical-id form: alphanumerics only, each word capitalised ('web-client' -> 'WebClient')."""
    words = re.split(r"[^A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def slug(text: str) -> str:
    """Lower-case, '-'-separated: the system's prefix of resource names and exports."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "system"


def physical_name(system_slug: str, environment: str, component_id: str) -> str:
    """A resource name unique per system and environment (what ${SystemName}-${Environment}-<id> becomes)."""
    return f"{system_slug}-{environment}-{component_id}"
