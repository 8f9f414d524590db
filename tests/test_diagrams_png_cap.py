"""Large diagrams within Graphviz's limits: no DOT string over its 16,384 characters (long lists end in
"… and N more"), and a large diagram's PNG is drawn at the dpi that keeps it within the pixel cap (raster memory grows with its
pixels); its SVG is the one Graphviz draws at its natural size."""
from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from archkit.model import load_model
from archkit.renderers.graph import graphviz_run
from archkit.renderers.graph.graphviz_run import png_dpi, run_graphviz
from archkit.renderers.graph.producer import dot_source
from archkit.renderers.graph.text import GRAPHVIZ_MAX, MORE, QUOTED, _tooltip, capped, entities, written_length
from archkit.views.infrastructure import infrastructure_view
from archkit.views.observability import observability_view
from conftest import ROOT


def png_pixels(data: bytes) -> int:
    width, height = struct.unpack(">II", data[16:24])
    return width * height


def wide_source(nodes: int) -> str:
    chain = " -> ".join(f"n{i}" for i in range(nodes))
    return f'digraph g {{ rankdir=LR; node [shape=box, width=2, height=1, label="a long enough label"]; {chain} }}'


def test_the_dpi_keeps_the_picture_within_the_cap():
    assert png_dpi(10, 10) == graphviz_run.PNG_DPI  # 960 x 960 px: under the cap, Graphviz's default
    for width, height in [(400, 300), (2000, 20), (53.5, 80.5)]:
        dpi = png_dpi(width, height)
        assert graphviz_run.png_pixels_at(width, height, dpi) <= graphviz_run.PNG_MAX_PIXELS
        assert graphviz_run.png_pixels_at(width, height, dpi + 1) > graphviz_run.PNG_MAX_PIXELS  # the largest
    assert png_dpi(1e9, 1e9) == 1


@pytest.mark.parametrize("presize", [True, False])
def test_a_large_diagram_png_is_capped_and_its_svg_unchanged(monkeypatch, presize):
    source = wide_source(60)
    uncapped_svg, uncapped_png = run_graphviz(["dot"], source, "wide")
    cap = png_pixels(uncapped_png) // 4
    monkeypatch.setattr(graphviz_run, "PNG_MAX_PIXELS", cap)
    monkeypatch.setattr(graphviz_run, "PRESIZE_CHARS", 0 if presize else 10 ** 9)
    svg, png = run_graphviz(["dot"], source, "wide")
    assert svg == uncapped_svg
    if presize:
        assert cap * 0.6 < png_pixels(png) <= cap
    else:  # a source under the pre-size threshold is drawn in one run, at the default dpi
        assert png == uncapped_png


def test_the_timeout_grows_with_the_source():
    assert graphviz_run.timeout_for("x" * 1_000_000) > graphviz_run.timeout_for("x") >= graphviz_run.TIMEOUT_S


def test_capped_text_keeps_leading_entries_and_counts_the_rest():
    entries = [f"link {i}: svc{i} -> table{i}" for i in range(2000)]
    text = capped("\n".join(entries), budget=1000)
    kept = text.split("\n")[:-1]
    assert len(text) <= 1000
    assert kept == entries[:len(kept)] and kept
    assert text.endswith(MORE.format(len(entries) - len(kept)))


def test_one_entry_too_long_is_cut_within_itself_and_escapes_count():
    text = capped('"quoted" & \\ ' * 500, _tooltip, budget=800)
    assert written_length(text, _tooltip) <= 800
    assert text.endswith(" more characters")
    assert written_length('a"b\nc', entities) == 7  # a quote and a line break are written as two characters


@pytest.fixture(scope="module")
def synthetic_1000(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth1000")
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "1000", str(folder)], check=True,
                   capture_output=True)
    return load_model(folder)


@pytest.mark.parametrize("make_view, capped_lists", [(infrastructure_view, True), (observability_view, False)],
                         ids=["infrastructure", "observability"])
def test_a_thousand_components_stay_within_graphviz_limits(synthetic_1000, make_view, capped_lists):
    """Bundled edges list every link in their tooltip: at this size those lists pass Graphviz's limit."""
    engine, source = dot_source(make_view(synthetic_1000))
    longest = max(len(m.group()) - 2 for m in QUOTED.finditer(source))
    assert longest <= GRAPHVIZ_MAX
    assert (MORE.split("{")[0] in source) == capped_lists  # the overview's bundled lists were too long: capped
    plain = subprocess.run([*engine, "-Tplain"], input=source.encode(), capture_output=True)
    assert plain.returncode == 0, plain.stderr.decode()[-500:]
    assert graphviz_run.plain_size(plain.stdout.decode())[0] > 0
