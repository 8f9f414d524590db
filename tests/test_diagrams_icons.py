"""Unknown icon classes fall back to the generic icon with a warning; a missing icon file or a Graphviz error
is a build error, never a blank node; Graphviz warnings are printed."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from archkit.errors import RenderError
from archkit.renderers.graph import icons, producer
from archkit.renderers.graph.graphviz_run import run_graphviz
from archkit.views.contract import Edge, Node, View


def tiny_view(icon: str) -> View:
    return View("test-icons", "icons",
                nodes=(Node("a", ref="a", label="A", icon=icon, tooltip="a & b"),
                       Node("b", ref="b", label="B", icon="aws.compute.Lambda",
                            href="../architecture/components/b.html", tooltip="b")),
                edges=(Edge("a", "b", label="x", tooltip="protocol: x"),))


def test_unknown_icon_class_renders_with_the_generic_icon_and_a_warning(capsys):
    out = producer.render(tiny_view("aws.nowhere.NoSuchService"))
    assert "warning:" in capsys.readouterr().err
    svg = out["diagrams/test-icons.svg"].decode()
    ElementTree.fromstring(svg)
    assert 'id="icon-general"' in svg and svg.count("<symbol ") == 2


def test_missing_icon_file_is_a_render_error(monkeypatch, tmp_path):
    monkeypatch.setattr(icons, "icon_file", lambda cls: tmp_path / "gone.png")
    with pytest.raises(RenderError, match="missing"):
        producer.render(tiny_view("aws.compute.Lambda"))


def test_graphviz_warnings_are_reported_not_fatal(capsys):
    svg, png = run_graphviz(["dot"], 'digraph { a [label="a very long label" width=0.1 fixedsize=true] }', "tight")
    assert svg.startswith(b"<?xml") and png.startswith(b"\x89PNG")
    assert "warning: diagram tight: Graphviz:" in capsys.readouterr().err


def test_graphviz_syntax_errors_are_render_errors():
    with pytest.raises(RenderError, match="exit 1"):
        run_graphviz(["dot"], "digraph { a -> }", "broken")
