"""Hostile model text (tests/hostile.py) comes out as plain text in every output: SVG, the built site's HTML,
CloudFormation templates and CI files; and in Chromium no script of the model runs and nothing leaves the host.

One build of the hostile model (generate.py, then `mkdocs build --strict` in a temporary copy of the project)
serves every test of this module."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from archkit.model import load_model
from archkit.renderers.cloudformation.yamlout import load as load_template
from hostile import COMMAND_MARKER, MARKER, write_hostile_model
from sitebuild import build_site, copy_project

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


class Built:
    def __init__(self, project: Path, texts: list[str], commands: list[str]):
        self.project, self.texts, self.commands = project, texts, commands
        self.by_marker = {MARKER.search(t).group(): t for t in texts}

    def files(self, pattern: str) -> dict[str, bytes]:
        return {p.relative_to(self.project).as_posix(): p.read_bytes()
                for p in sorted(self.project.glob(pattern)) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("hostile")
    texts, commands = write_hostile_model(base / "model")
    project = copy_project(base / "project", model=base / "model")
    site = build_site(project, placeholders=False)
    assert site.returncode == 0, site.stderr
    return Built(project, texts, commands)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def markers_in(text: str) -> set[str]:
    return set(MARKER.findall(text))


def assert_typed_as_is(built: Built, visible: str, where: str):
    """Every hostile text whose marker shows is there whole, character for character (white space aside)."""
    found = markers_in(visible)
    assert found, f"{where}: no model text at all"
    flat = squeeze(visible)
    for marker in found:
        assert squeeze(built.by_marker[marker]) in flat, (where, built.by_marker[marker])


# ---- SVG -------------------------------------------------------------------------------------------------------

def test_svg_diagrams_hold_model_text_as_text_only(built):
    svgs = built.files("diagrams/*.svg")
    assert len(svgs) >= 10
    seen = set()
    for path, data in svgs.items():
        root = ElementTree.fromstring(data)
        for element in root.iter():
            assert element.tag.removeprefix(SVG_NS) not in ("script", "foreignObject", "iframe", "img"), path
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (path, name, value)
                if name in (XLINK_HREF, "href"):
                    assert not value.strip().lower().startswith("javascript:"), (path, value)
        texts = ["".join(e.itertext()) for e in root.iter(f"{SVG_NS}text")]
        titles = [e.text or "" for e in root.iter(f"{SVG_NS}title")]
        tooltips = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("title")]
        assert_typed_as_is(built, "\n".join(texts + titles + tooltips), path)
        seen |= markers_in(b"".join(svgs.values()).decode())
    assert len(seen) > 40


# ---- the site's HTML -------------------------------------------------------------------------------------------

class PageScan(HTMLParser):
    """The visible text of a page and everything in it that could run: scripts, event handlers, javascript: URLs."""

    URL_ATTRIBUTES = {"href", "src", "data", "action", "formaction", "xlink:href", "poster", "srcdoc"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.visible, self.scripts, self.handlers, self.bad_urls, self.elements = [], [], [], [], []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "script":
            self.scripts.append(dict(attrs))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in self.URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "data:text")):
                self.bad_urls.append((tag, name, value))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if self.hidden:
            self.scripts[-1].setdefault("body", "")
            self.scripts[-1]["body"] += data if self.scripts else ""
        else:
            self.visible.append(data)


def scan(html: bytes) -> PageScan:
    parser = PageScan()
    parser.feed(html.decode("utf-8"))
    parser.close()
    return parser


def material_script(script: dict) -> bool:
    """Material's own: its bundles under assets/javascripts, or its short inline set-up (no model text in it)."""
    if "src" in script:
        return "assets/javascripts/" in script["src"]
    return not markers_in(script.get("body", "")) and "alert" not in script.get("body", "")


def test_site_pages_show_model_text_as_typed_and_run_none_of_it(built):
    pages = built.files("site/architecture/**/*.html")
    assert len(pages) >= 14
    seen = set()
    for path, html in pages.items():
        page = scan(html)
        assert all(material_script(s) for s in page.scripts), (path, [s for s in page.scripts if not material_script(s)])
        assert page.handlers == [], path
        assert page.bad_urls == [], path
        assert not {"iframe", "img", "textarea", "b"} & set(page.elements), (path, sorted(set(page.elements)))
        visible = " ".join(page.visible)
        source = built.project / "docs" / Path(path).relative_to("site").with_suffix(".md")
        if source.exists():
            assert markers_in(visible) >= markers_in(source.read_text()), path
        assert_typed_as_is(built, visible, path)
        seen |= markers_in(visible)
    assert seen == set(built.by_marker), sorted(set(built.by_marker) - seen)
