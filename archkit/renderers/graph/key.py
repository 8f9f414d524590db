"""The key (legend) of a diagram: one entry per line style and colour that the diagram's arrows actually use.

Entries are derived from the edges written to Graphviz (never a fixed list): what a style means comes from the
view (`view.key`: style -> meaning, `view.key_colours`: colour -> meaning), with the common meanings of a
model's connections as the default. The key is drawn as HTML-like text with the title, so it moves no node."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ...views.contract import Edge, View
from . import style
from .text import _label, dot_label, fit_label

# a sample of each line style, in box-drawing characters (DejaVu Sans has them all)
GLYPH = {"solid": "\u2500\u2500\u2500\u2500\u25ba", "dashed": "\u254c\u254c\u254c\u254c\u25ba",
         "dotted": "\u2508\u2508\u2508\u2508\u25ba", "bold": "\u2501\u2501\u2501\u2501\u25ba"}
STYLE_OF_GLYPH = {glyph: name for name, glyph in GLYPH.items()}
MEANING = {"solid": "synchronous call", "dashed": "asynchronous (event or message)",
           "dotted": "reference (configured, not called)"}


@dataclass(frozen=True)
class KeyEntry:
    style: str  # solid | dashed | dotted | bold
    colour: str  # #RRGGBB
    meaning: str


def line_style(value: str) -> str:
    """The line style among Graphviz's style words ('rounded,dashed' -> 'dashed')."""
    words = {w.strip() for w in value.split(",")}
    return next((name for name in ("dashed", "dotted", "bold") if name in words), "solid")


def drawn_style(edge: Edge) -> tuple[str, str]:
    """(line style, colour) of a view's edge as dotsource.add_edge writes it."""
    extra = dict(edge.dot)
    return line_style(extra.get("style", edge.style or "solid")), extra.get("color", style.MUTED)


def entries(used: list[tuple[str, str]], key: Mapping[str, str], colours: Mapping[str, str],
            default_colour: str = style.MUTED) -> list[KeyEntry]:
    """One entry per distinct (style, colour), in first-use order, with its meaning here (key: style -> meaning,
    colours: colour -> meaning)."""
    meanings = {**MEANING, **key}
    found: list[KeyEntry] = []
    for line, colour in dict.fromkeys(used):
        meaning = meanings.get(line, f"{line} line")
        if colour != default_colour and colour in colours:
            meaning = colours[colour]  # the diff's colours: what changed, whatever the line's style
        found.append(KeyEntry(line, colour, meaning))
    return found


def graph_key(view: View) -> list[KeyEntry]:
    return entries([drawn_style(e) for e in view.edges], dict(view.key), dict(view.key_colours))


def key_cells(key: list[KeyEntry]) -> str:
    cells = ['<TD ALIGN="LEFT"><FONT POINT-SIZE="13">Key:</FONT></TD>']
    for entry in key:
        cells.append(f'<TD ALIGN="RIGHT"><FONT POINT-SIZE="13" COLOR="{entry.colour}">{GLYPH[entry.style]}</FONT></TD>'
                     f'<TD ALIGN="LEFT"><FONT POINT-SIZE="13">{_label(entry.meaning)}</FONT></TD>')
    return "".join(cells)


def html_lines(text: str) -> str:
    """Model text in an HTML-like label: entities encoded, and backslashes doubled (Graphviz expands \\G and
    \\N there too)."""
    return '<BR ALIGN="LEFT"/>'.join(_label(line) for line in fit_label(text).split("\n"))


def titled_key(title: str, key: list[KeyEntry], legend: str = "") -> str:
    """The graph's label: the title, and under it the key on one row (none when the diagram has no arrows), then
    the legend of the numbered steps when there is one (an HTML-like table, its model text already encoded)."""
    if not key and not legend:
        return dot_label(title)
    rows = f'<TR><TD ALIGN="LEFT">{legend}</TD></TR>' if legend else ""
    if not key:
        return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
                f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{html_lines(title)}</TD></TR>{rows}</TABLE>>')
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{html_lines(title)}</TD></TR>'
            f'<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1"'
            f'{fixed_width(key) if legend else ""}><TR>{key_cells(key)}</TR></TABLE></TD></TR>{rows}</TABLE>>')


def fixed_width(key: list[KeyEntry]) -> str:
    """Graphviz stretches a nested table to its cell: under a wider legend the key's entries would drift apart.
    A width estimated generously from its text (13 pt DejaVu Sans, at most ~7.6 points a character) holds it."""
    points = 40 + sum(48 + 7.6 * len(entry.meaning) for entry in key)
    return f' FIXEDSIZE="TRUE" WIDTH="{int(points)}" HEIGHT="24"'



def key_table(key: list[KeyEntry]) -> str:
    """The key alone, as an HTML-like label (the sequence diagram draws it under its last message)."""
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1"><TR>{key_cells(key)}'
            '</TR></TABLE>>')
