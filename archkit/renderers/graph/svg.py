"""Make Graphviz's SVG stand alone: icons inlined once each (<symbol> + <use>), no comments, no DOCTYPE with
its external DTD, no build-machine paths, well-formed XML."""
from __future__ import annotations

import base64
import re
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ...errors import RenderError

IMAGE = re.compile(r'<image xlink:href="([^"]+)" width="([^"]+)" height="([^"]+)"'
                   r'(?: preserveAspectRatio="([^"]+)")? x="([^"]+)" y="([^"]+)"/>')
COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\n?", re.S)
RAW_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")
SVG_OPEN = re.compile(r"<svg\b[^>]*>\n?")


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise RenderError("icon is not a PNG file")
    return struct.unpack(">II", data[16:24])


def symbol_id(path: str, taken: dict[str, str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-") or "icon"
    name, n = f"icon-{stem}", 2
    while name in taken.values():
        name, n = f"icon-{stem}-{n}", n + 1
    return name


def symbol(name: str, path: str) -> str:
    data = Path(path).read_bytes()
    width, height = png_size(data)
    uri = "data:image/png;base64," + base64.b64encode(data).decode()
    return (f'<symbol id="{name}" viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet">'
            f'<image width="{width}" height="{height}" xlink:href="{uri}"/></symbol>')


def inline_icons(text: str) -> str:
    ids: dict[str, str] = {}

    def use(match: re.Match) -> str:
        path, width, height, _ratio, x, y = match.groups()
        if path not in ids:
            ids[path] = symbol_id(path, ids)
        return f'<use xlink:href="#{ids[path]}" x="{x}" y="{y}" width="{width}" height="{height}"/>'

    text = IMAGE.sub(use, text)
    if ids:
        defs = "<defs>" + "".join(symbol(name, path) for path, name in ids.items()) + "</defs>\n"
        opening = SVG_OPEN.search(text)
        text = text[:opening.end()] + defs + text[opening.end():]
    return text


def standalone_svg(raw: bytes, name: str) -> bytes:
    text = raw.decode("utf-8")
    text = COMMENT.sub("", DOCTYPE.sub("", text))
    text = RAW_AMPERSAND.sub("&amp;", text)
    text = inline_icons(text)
    if re.search(r'<image xlink:href="(?!data:)', text):
        raise RenderError(f"diagram {name}: an icon could not be inlined")
    try:
        ElementTree.fromstring(text.encode())
    except ElementTree.ParseError as exc:
        raise RenderError(f"diagram {name}: the SVG is not well-formed XML: {exc}") from exc
    return text.encode("utf-8")
