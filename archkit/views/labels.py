"""Label wrapping for diagrams: lines break between words, never inside one.

A word longer than a line is split at its natural joints only: after '-' or '/', before '.'
(shop.example.org -> shop / .example.org). A piece with no joint stays whole, even if it is long.
"""
from __future__ import annotations

import re

JOINTS = re.compile(r"(?<=[-/])(?=.)|(?<=.)(?=\.)")


def pieces(word: str, width: int) -> list[str]:
    """A word as it may be split: itself when it fits, else its parts between joints, packed greedily."""
    if len(word) <= width:
        return [word]
    packed: list[str] = []
    for part in filter(None, JOINTS.split(word)):
        if packed and len(packed[-1]) + len(part) <= width:
            packed[-1] += part
        else:
            packed.append(part)
    return packed


def wrap(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters where it can be, at word boundaries."""
    lines: list[str] = []
    for word in text.split():
        first, *rest = pieces(word, width)
        if lines and len(lines[-1]) + 1 + len(first) <= width:
            lines[-1] += " " + first
        else:
            lines.append(first)
        lines += rest  # the pieces of one word were split because they did not fit together
    return "\n".join(lines) or text
