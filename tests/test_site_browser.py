"""The built site in headless Chromium: renders, diagrams show and link, search, theme toggle, offline."""
from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitebuild import build_site, copy_project

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is not installed (scripts/setup.sh --dev installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing browser is a broken setup, not a reason to skip
        pytest.skip(message)
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    built = build_site(project)
    assert built.returncode == 0, built.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page that records console errors and every request that would leave 127.0.0.1 (and blocks it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors, pg.outside = [], []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))

    def route(r):
        url = urlparse(r.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            pg.outside.append(r.request.url)
            return r.abort()
        return r.continue_()
    context.route("**/*", route)
    yield pg
    context.close()


def shot(pg, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def wait_objects(pg):
    """Every <object> diagram loaded a real SVG document (a broken one has no contentDocument or a 404)."""
    pg.wait_for_load_state("load")
    return pg.evaluate("""() => Array.from(document.querySelectorAll('object[type="image/svg+xml"]')).map(o => {
        const doc = o.contentDocument; const svg = doc && doc.documentElement;
        return {data: o.getAttribute('data'), ok: !!svg && svg.nodeName === 'svg',
                width: o.getBoundingClientRect().width, height: o.getBoundingClientRect().height,
                brokenImages: svg ? Array.from(svg.querySelectorAll('image')).filter(i => {
                    const h = i.getAttribute('href') || i.getAttribute('xlink:href') || ''; return !h; }).length : -1};
    })""")


def test_home_renders(page, site_url):
    page.goto(site_url + "index.html")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == "Architecture handbook"
    assert page.locator("nav.md-nav").count() > 0
    shot(page, "home")
    assert not page.console_errors and not page.outside


def test_every_diagram_shows(page, site_url):
    pages = ["architecture/index.html", "architecture/observability.html"]
    pages += [f"architecture/{kind}/{p.stem}.html" for kind in ("flows", "pipelines")
              for p in sorted((Path(__file__).parent.parent / "docs" / "architecture" / kind).glob("*.md"))]
    seen = 0
    for path in pages:
        page.goto(site_url + path)
        for obj in wait_objects(page):
            seen += 1
            assert obj["ok"], f"{path}: diagram {obj['data']} did not load"
            assert obj["width"] > 100 and obj["height"] > 50, f"{path}: diagram {obj['data']} is not visible: {obj}"
            assert obj["brokenImages"] == 0, f"{path}: {obj['data']} has icons without an image"
        imgs = page.evaluate("() => Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0)"
                             ".map(i => i.src)")
        assert not imgs, f"{path}: broken images {imgs}"
    page.goto(site_url + "architecture/index.html")
    wait_objects(page)
    page.wait_for_timeout(300)
    shot(page, "overview")
    page.goto(site_url + "architecture/flows/" + sorted(
        (Path(__file__).parent.parent / "docs" / "architecture" / "flows").glob("*.md"))[0].stem + ".html")
    wait_objects(page)
    shot(page, "flow")
    assert seen >= 2
    assert not page.console_errors and not page.outside


def test_clicking_a_node_opens_its_component_page(page, site_url):
    page.goto(site_url + "architecture/index.html")
    wait_objects(page)
    frame = next(f for f in page.frames if f.url.endswith("diagrams/infrastructure.svg"))
    link = frame.locator("xpath=//*[local-name()='a'][contains(@*[local-name()='href'], 'components/')]").first
    href = link.get_attribute("href") or link.get_attribute("xlink:href")
    component_id = href.rsplit("/", 1)[-1].removesuffix(".html")
    link.click()
    page.wait_for_url(f"**/architecture/components/{component_id}.html")
    assert page.locator("h2", has_text="Properties").count() == 1
    page.wait_for_timeout(300)
    shot(page, "component")
    assert not page.console_errors and not page.outside


def test_search_finds_a_component_by_name(page, site_url):
    import re

    from archkit.model import load_model
    model = load_model(Path(__file__).parent.parent / "model")
    component = next(iter(model.components.values()))
    page.goto(site_url + "index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(component.name, delay=30)
    title = page.locator(".md-search-result__item h1", has_text=re.compile(rf"^\s*{re.escape(component.name)}\s*$"))
    title.first.wait_for(timeout=10000)
    shot(page, "search")
    title.first.click()
    page.wait_for_url(re.compile(rf"/components/{component.id}\.html"))
    assert not page.console_errors and not page.outside


def test_theme_toggle(page, site_url):
    page.goto(site_url + "index.html")
    before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    after = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    shot(page, "home-dark")
    assert not page.console_errors and not page.outside
