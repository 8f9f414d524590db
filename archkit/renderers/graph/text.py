"""Model text as plain text in DOT: no HTML-like labels, no escString sequences (\\N, \\G, \\l), no entities; and
never longer than Graphviz takes."""
from __future__ import annotations

import re

from ...errors import RenderError

GRAPHVIZ_MAX = 16_384  # Graphviz refuses a longer quoted string ("longer than 16384?") and draws nothing
BUDGET = 12_000  # characters of one label or tooltip as written in the DOT file: well inside GRAPHVIZ_MAX
MORE = "… and {} more"
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def entities(text: str) -> str:
    """Graphviz decodes &..; entities, and the graphviz library treats '<...>' as an HTML label: encode them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_text(text: str) -> str:
    """Text inside an HTML-like label: entities, and ']' as a character reference (Graphviz's HTML lexer takes a
    cell whose text is ']' or ']]' for the end of a CDATA section and fails with a syntax error)."""
    return entities(text).replace("]", "&#93;")


def dot_label(text: str) -> str:
    """For attributes written through the graphviz library, which passes backslashes through unescaped."""
    return _label(fit_label(text))


def dot_tooltip(text: str) -> str:
    """Tooltips are unescaped twice by Graphviz (DOT string, then escString), so backslashes are doubled twice."""
    return _tooltip(fit_tooltip(text))


def fit_label(text: str) -> str:
    """A label Graphviz takes, not yet escaped (the sequence writer escapes it itself, in the same way)."""
    return capped(text, _label)


def fit_tooltip(text: str) -> str:
    return capped(text, _tooltip)


def dot_url(url: str) -> str:
    """A link as it is, or none if Graphviz could not take it (a cut link would lead nowhere)."""
    return url if written_length(url, entities) <= BUDGET else ""


def _label(text: str) -> str:
    return entities(text).replace("\\", "\\\\")


def _tooltip(text: str) -> str:
    return entities(text).replace("\\", "\\\\\\\\")


def written_length(text: str, escape) -> int:
    """Characters of `text` as the DOT file holds it: escaped, a quote or a line break written as two."""
    escaped = escape(text)
    return len(escaped) + escaped.count('"') + escaped.count("\n")


def capped(text: str, escape=entities, budget: int = BUDGET) -> str:
    """The text, or its leading entries that fit in `budget` characters as written (escape(text)), then
    '… and N more' (a bundled edge's tooltip lists hundreds of links; the page lists them all). Entries are
    paragraphs if the text has blank lines, else lines; a single entry too long is cut within itself."""
    if written_length(text, escape) <= budget:
        return text
    separator = "\n\n" if "\n\n" in text else "\n"
    entries = text.split(separator)
    room = budget - written_length(separator + MORE.format(len(entries)), escape)
    kept, used = [], 0
    for entry in entries:
        cost = written_length(entry + separator, escape)
        if used + cost > room:
            break
        kept.append(entry)
        used += cost
    if not kept:
        return cut(text, escape, budget)
    return separator.join(kept) + separator + MORE.format(len(entries) - len(kept))


def cut(text: str, escape, budget: int) -> str:
    """The longest start of `text` that, with '… and N more characters', fits in `budget` as written."""
    room, used, end = budget - written_length(MORE.format(len(text)) + " characters", escape), 0, 0
    for end, char in enumerate(text):
        used += written_length(char, escape)
        if used > room:
            break
    return text[:end] + MORE.format(len(text) - end) + " characters"


def check_lengths(source: str, diagram: str) -> None:
    """The last guard before Graphviz: a quoted string it would refuse is a build error naming the diagram."""
    longest = max((m.end() - m.start() - 2 for m in QUOTED.finditer(source)), default=0)
    if longest > GRAPHVIZ_MAX:
        raise RenderError(f"diagram {diagram}: a DOT string of {longest} characters, more than Graphviz takes "
                          f"({GRAPHVIZ_MAX}); this is a bug in archkit, please report it with the model")
