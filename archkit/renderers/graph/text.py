"""Model text as plain text in DOT: no HTML-like labels, no escString sequences (\\N, \\G, \\l), no entities."""
from __future__ import annotations


def entities(text: str) -> str:
    """Graphviz decodes &..; entities, and the graphviz library treats '<...>' as an HTML label: encode them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dot_label(text: str) -> str:
    """For attributes written through the graphviz library, which passes backslashes through unescaped."""
    return entities(text).replace("\\", "\\\\")


def dot_tooltip(text: str) -> str:
    """Tooltips are unescaped twice by Graphviz (DOT string, then escString), so backslashes are doubled twice."""
    return entities(text).replace("\\", "\\\\\\\\")
