"""Hostile model text (tests/hostile.py) comes out as plain text in every output: SVG, the built site's HTML,
CloudFormation templates and CI files; and in Chromium no script of the model runs and nothing leaves the host.

One build of the hostile model (generate.py, then `mkdocs build --strict` in a temporary copy of the project)
serves every test of this module."""
from __future__ import annotations

import json
import re
import shlex
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from archkit.errors import ModelError
from archkit.model import load_model
from archkit.renderers.cloudformation.yamlout import load as load_template
from hostile import COMMAND_MARKER, MARKER, hostile_model, write_hostile_model
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
    site = build_site(project)
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
        self.prose = []  # the visible text outside code listings (a template listing quotes text as YAML does)
        self.hidden = self.listing = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "pre":
            self.listing += 1
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
        if tag == "pre":
            self.listing -= 1

    def handle_data(self, data):
        if self.hidden:
            self.scripts[-1].setdefault("body", "")
            self.scripts[-1]["body"] += data if self.scripts else ""
        else:
            self.visible.append(data)
            if not self.listing:
                self.prose.append(data)


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
        assert_typed_as_is(built, " ".join(page.prose), path)
        seen |= markers_in(visible)
    assert seen == set(built.by_marker), sorted(set(built.by_marker) - seen)


# ---- CloudFormation --------------------------------------------------------------------------------------------

SUB_REFERENCE = re.compile(r"\$\{(!?)([^}]*)\}")


def substituted(template: str) -> str:
    """What CloudFormation makes of a !Sub template: ${!x} is the literal ${x}, ${Name} becomes a value (here U+FFFC)."""
    return SUB_REFERENCE.sub(lambda m: "${" + m.group(2) + "}" if m.group(1) else "\ufffc", template)


def json_text(text: str) -> str:
    """The strings of a JSON document (a dashboard body), or the text itself when it is not JSON."""
    try:
        document = json.loads(text)
    except ValueError:
        return text
    return "\n".join(value for _, value, _ in model_strings(document, ""))


def model_strings(node, path: str, inside: str | None = None):
    """(path, string, where) for every string leaf: where is None (plain), 'sub' (a !Sub template) or the
    intrinsic function the string is an argument of."""
    if isinstance(node, dict):
        for key, value in node.items():
            assert not markers_in(str(key)), f"{path}: model text as a key: {key}"
            if key == "Fn::Sub":
                template, variables = (value, {}) if isinstance(value, str) else value
                yield path, template, "sub"
                for name, item in variables.items():
                    yield from model_strings(item, f"{path}.Fn::Sub.{name}", None)
            elif key == "Fn::Join":
                yield from model_strings(value[1], f"{path}.Fn::Join", None)
            elif key == "Ref" or key.startswith("Fn::"):
                yield from model_strings(value, f"{path}.{key}", key)
            else:
                yield from model_strings(value, f"{path}.{key}", inside)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from model_strings(item, f"{path}[{i}]", inside)
    elif isinstance(node, str):
        yield path, node, inside


def test_cloudformation_templates_hold_model_text_as_plain_scalars(built):
    templates = {p: load_template(d) for p, d in built.files("cloudformation/*.yaml").items()}
    assert len(templates) >= 3
    seen = set()
    for file, doc in templates.items():
        for path, value, inside in model_strings(doc, file):
            found = markers_in(value)
            if not found:
                continue
            assert inside in (None, "sub"), f"{path}: model text inside {inside}: {value!r}"
            if re.fullmatch(r"[a-z0-9-]+", value):
                continue  # a name derived from model text (slug), e.g. the SystemName default
            shown = json_text(substituted(value)) if inside == "sub" else value
            for marker in found:
                assert built.by_marker[marker] in shown, (path, value)
            seen |= found
    model = load_model(built.project / "model")
    expected = [*model.components["fn"].props()["environment"].values(), model.components["fn"].description,
                *model.components["api"].props()["stages"]["dev"]["variables"].values()]
    assert {markers_in(text).pop() for text in expected} <= seen and len(seen) >= 12


def test_cloudformation_templates_stay_lint_clean(built):
    from cfnlint.api import ManualArgs, lint

    problems = []
    for file, data in built.files("cloudformation/*.yaml").items():
        region = "us-east-1" if file.endswith(("global.yaml", "edge.yaml")) else "eu-west-1"
        problems += [f"{file}: {m.rule.id} line {m.linenumber}: {m.message}"
                     for m in lint(data.decode(), config=ManualArgs(regions=[region]))]
    # E1029 (a ${...} outside !Sub) is the proof that the model's ${AWS::AccountId} stayed literal text
    assert [p for p in problems if " E1029 " not in p] == []
    assert any(" E1029 " in p for p in problems)


# ---- CI files --------------------------------------------------------------------------------------------------

JOB_KEYS = {"stage", "needs", "environment", "variables", "id_tokens", "before_script", "rules", "script",
            "artifacts", "allow_failure"}
SINGLE_QUOTED = re.compile(r"'[^']*'")


def test_gitlab_ci_holds_model_text_as_strings_and_commands_as_modelled(built):
    model = load_model(built.project / "model")
    text = (built.project / "cloudformation/ci/.gitlab-ci.yml").read_text()
    doc = yaml.safe_load(text)  # plain YAML: any tag would fail here
    jobs = {name: job for name, job in doc.items() if name not in ("stages", "default", "variables")}
    actions = [a for p in model.pipelines.values() for s in p.stages for a in s.actions if a.kind != "approval"]
    assert len(jobs) == len(actions) == 5
    assert all(re.fullmatch(r"[a-z0-9:-]+", name) for name in jobs), list(jobs)
    assert all(re.fullmatch(r"[a-z0-9-]+", stage) for stage in doc["stages"])
    assert all(isinstance(job, dict) and set(job) <= JOB_KEYS for job in jobs.values())
    scripts = [line for job in jobs.values() for key in ("before_script", "script") for line in job.get(key, [])]
    assert all(isinstance(line, str) for line in scripts)
    modelled = [line for line in scripts if line in built.commands]
    assert modelled == built.commands[:2], "the pipeline's commands, exactly as written and in order"
    for line in scripts:
        if line in built.commands:
            continue
        outside_quotes = SINGLE_QUOTED.sub("''", line)
        assert not markers_in(outside_quotes) and not COMMAND_MARKER.search(outside_quotes), line
        for marker in markers_in(line):  # quoted as one shell word that holds the text whole
            assert any(built.by_marker[marker] in word for word in shlex.split(line)), line
    paths_ = [p for job in jobs.values() for p in (job.get("artifacts") or {}).get("paths", [])]
    assert paths_ and all(markers_in(p) and built.by_marker[markers_in(p).pop()] in p for p in paths_)
    assert sum(bool(markers_in(line)) for line in scripts) >= 1, "the hostile artefact names reach a script"


def test_buildspec_runs_exactly_the_modelled_commands(built):
    doc = yaml.safe_load((built.project / "cloudformation/ci/builder/buildspec.yml").read_text())
    assert doc["phases"]["build"]["commands"] == built.commands[2:]
    assert set(doc) <= {"version", "phases", "artifacts"}


@pytest.mark.parametrize("where", ["description", "environment", "stage variable", "key"])
def test_cloudformation_dynamic_reference_is_refused_where_it_stands(tmp_path, where):
    """'{{resolve:ssm:/x}}' cannot be made literal in a template (CloudFormation resolves it in any property, even
    after !Sub or !Join), so a model that holds it is refused with its location instead."""
    model, _, _ = hostile_model()
    reference = "{{resolve:ssm:/x}}"
    fn = model["components"]["fn"]
    if where == "description":
        fn["description"] = f"reads {reference}"
    elif where == "environment":
        fn["environment"]["SECRET"] = reference
    elif where == "stage variable":
        model["components"]["api"]["stages"]["dev"]["variables"]["secret"] = f" {{{{ Resolve : secretsmanager:x}}}}"
    else:
        fn["links"] = {reference: "https://example.com"}
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(model, sort_keys=False), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(tmp_path)
    report = caught.value.report()
    assert "model.yaml:" in report and "CloudFormation dynamic reference" in report and "fix:" in report


# ---- in the browser --------------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
BROWSER_PAGES = ["architecture/index.html", "architecture/components/fn.html", "architecture/flows/get.html",
                 "architecture/checks.html", "architecture/pipelines/deploy.html", "architecture/cloudformation.html",
                 "diagrams/infrastructure.svg"]


@pytest.fixture(scope="module")
def hostile_site(built):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built.project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_no_model_script_runs_in_the_browser(built, hostile_site):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (scripts/setup.sh --dev installs it)")
    from urllib.parse import urlparse

    dialogs, errors, outside = [], [], []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context()

        def route(r):
            url = urlparse(r.request.url)
            if url.scheme not in ("http", "https", "ws", "wss") or url.hostname == "127.0.0.1":
                return r.continue_()
            outside.append(r.request.url)
            return r.abort()
        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in BROWSER_PAGES:
            page.goto(hostile_site + path)
            page.wait_for_load_state("load")
            for cell in page.locator("td, h1, p, li", has_text="onmouseover").all():  # that payload's bait
                if cell.is_visible():
                    cell.hover(timeout=2000)
            page.wait_for_timeout(200)
            if path.endswith(".html") and "cloudformation" not in path:  # that one lists YAML source too
                shown = page.inner_text("article")
                assert_typed_as_is(built, shown, path)
                assert "<script>alert(1)</script>" in shown
        browser.close()
    assert (dialogs, errors, outside) == ([], [], [])
