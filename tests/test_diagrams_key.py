"""The key on every diagram lists exactly the line styles and colours its arrows use: read back from Graphviz's own
output (-Tjson), not from the view."""
from __future__ import annotations

import html
import json
import re
import subprocess

import pytest

from archkit.model import load_model
from archkit.renderers.graph.key import STYLE_OF_GLYPH, line_style
from archkit.renderers.graph.producer import dot_source
from archkit.views import all_views
from conftest import MODEL, ROOT

MODELS = [MODEL, ROOT / "tests" / "models" / "event-driven", ROOT / "tests" / "models" / "mixed-callers"]
ENTRY = re.compile(r'COLOR="(#[0-9A-Fa-f]{6})">([^<]+)</FONT></TD><TD ALIGN="LEFT"><FONT POINT-SIZE="\d+">([^<]+)<')


def laid_out(view: dict) -> dict:
    engine, source = dot_source(view)
    return json.loads(subprocess.run([*engine, "-Tjson"], input=source.encode(), capture_output=True,
                                     check=True).stdout)


def key_of(out: dict) -> list[tuple[str, str, str]]:
    """(style, colour, meaning) of each key entry in the drawing: the graph's label, or the sequence's key node."""
    labels = [out.get("label", "")] + [o.get("label", "") for o in out.get("objects", []) if o.get("name") == "key"]
    return [(STYLE_OF_GLYPH[glyph], colour.upper(), html.unescape(meaning))
            for label in labels for colour, glyph, meaning in ENTRY.findall(label)]


def arrows_of(out: dict) -> set[tuple[str, str]]:
    """(style, colour) of every visible edge with an arrowhead, as Graphviz drew it."""
    used = set()
    for drawn in out.get("edges", []):
        words = drawn.get("style", "")
        if "invis" in words or drawn.get("arrowhead") == "none":
            continue
        used.add((line_style(words), drawn.get("color", "").upper()))
    return used


@pytest.fixture(scope="module", params=MODELS, ids=lambda p: p.name)
def drawings(request):
    return [(view.name, laid_out(view)) for view in all_views(load_model(request.param))]


def test_every_key_entry_is_used_and_every_used_style_is_in_the_key(drawings):
    for name, out in drawings:
        key = key_of(out)
        listed = {(line, colour) for line, colour, _ in key}
        assert len(listed) == len(key), (name, key)  # each entry once
        assert listed == arrows_of(out), (name, listed, arrows_of(out))


def test_every_key_entry_says_what_it_means(drawings):
    for name, out in drawings:
        for line, colour, meaning in key_of(out):
            assert meaning != f"{line} line", (name, line, colour)


def test_a_diagram_with_arrows_has_a_key_and_one_without_has_none(drawings):
    assert any(key_of(out) for _, out in drawings)
    for name, out in drawings:
        assert bool(key_of(out)) == bool(arrows_of(out)), name


def test_an_asynchronous_step_is_dashed_and_its_key_says_so(tmp_path):
    import yaml

    from archkit.renderers.graph.key import graph_key
    from archkit.views.flows import flow_view

    document = {
        "system": {"name": "Async"},
        "environments": {"dev": {"account": "111111111111", "region": "eu-west-1"}},
        "components": {"fn": {"type": "lambda", "runtime": "python3.12"},
                       "worker": {"type": "lambda", "runtime": "python3.12"},
                       "table": {"type": "dynamodb-table", "partition_key": {"name": "pk"}}},
        "connections": [{"from": "fn", "to": "worker", "protocol": "Lambda invoke (async)", "async": True},
                        {"from": "worker", "to": "table", "protocol": "AWS SDK"}],
        "flows": {"f": {"name": "F", "steps": [{"from": "fn", "to": "worker", "action": "hand over"},
                                               {"from": "worker", "to": "table", "action": "write"}]}},
    }
    (tmp_path / "model.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    model = load_model(tmp_path)
    view = flow_view(model, model.flows["f"])
    assert [e.style for e in view.edges] == ["dashed", "solid"]
    assert {(k.style, "asynchronous" in k.meaning) for k in graph_key(view)} == {("dashed", True), ("solid", False)}
