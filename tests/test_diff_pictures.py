"""The diff's pictures: colours in place, ghosts of removed elements, layout stability measured, same bytes."""
from __future__ import annotations

from archkit.diff.build import build_report
from archkit.diff.pictures import AMBER, GREEN, RED
from archkit.model import load_model
from diffkit import REMOVE_CONNECTION, REMOVE_STEP, THE_MERGE, copy_model, mutate


def test_pictures_show_each_change(tmp_path):
    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"), *THE_MERGE)
    report = build_report(load_model(base), load_model(head), "b", "h", pictures=tmp_path / "pics")
    names = [p.name for p in report.pictures]
    assert names == ["diff-infrastructure", "diff-flow-place-order"]
    svg = (tmp_path / "pics" / "diff-infrastructure.svg").read_text()
    for colour in (GREEN, RED, AMBER):
        assert colour.lower() in svg.lower()
    assert "<title>audit&#45;fn</title>" in svg and "removed: " in svg
    flow = (tmp_path / "pics" / "diff-flow-place-order.svg").read_text()
    assert RED.lower() in flow.lower() and "Enqueue pick list" in flow  # the removed step, as a ghost
    again = build_report(load_model(base), load_model(head), "b", "h", pictures=tmp_path / "again")
    assert (tmp_path / "again" / "diff-infrastructure.svg").read_bytes() == svg.encode()
    assert [p.as_dict() for p in again.pictures] == [p.as_dict() for p in report.pictures]


def test_a_removal_moves_nothing(tmp_path):
    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"), REMOVE_CONNECTION, REMOVE_STEP)
    report = build_report(load_model(base), load_model(head), "b", "h", pictures=tmp_path / "pics")
    overview = report.pictures[0]
    assert overview.unchanged == 9 and overview.moved == 0


def test_no_change_no_pictures(tmp_path):
    base = copy_model(tmp_path / "base")
    report = build_report(load_model(base), load_model(base), "b", "h", pictures=tmp_path / "pics")
    assert report.pictures == []


def test_unchanged_nodes_stay_where_base_had_them(tmp_path):
    """The merge adds a leaf function under a column: dot alone re-centres the ranks (moves most nodes); pinned to
    BASE's layout, no unchanged node moves more than 20 px."""
    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"), *THE_MERGE)
    report = build_report(load_model(base), load_model(head), "b", "h", pictures=tmp_path / "pics")
    for picture in report.pictures:
        assert picture.unchanged and picture.moved == 0, picture
    svg = (tmp_path / "pics" / "diff-infrastructure.svg").read_text()
    assert svg.count("<g id=\"clust") >= 5 and "audit&#45;fn" in svg  # boxes drawn, the new node in place


def test_added_and_removed_flows_are_drawn(tmp_path):
    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"), ("flows:\n", "flows:\n  restock:\n    name: Restock\n    kind: event\n"
                                                   "    steps:\n      - {from: fulfilment, to: warehouse-queue, "
                                                   "action: Enqueue restock}\n"))
    report = build_report(load_model(base), load_model(head), "b", "h", pictures=tmp_path / "pics")
    assert "diff-flow-restock" in [p.name for p in report.pictures]
    assert GREEN.lower() in (tmp_path / "pics" / "diff-flow-restock.svg").read_text().lower()
    back = build_report(load_model(head), load_model(base), "h", "b", pictures=tmp_path / "back")
    assert RED.lower() in (tmp_path / "back" / "diff-flow-restock.svg").read_text().lower()


def test_a_renamed_node_keeps_its_place(tmp_path):
    base = copy_model(tmp_path / "base")
    head = copy_model(tmp_path / "head")
    (head / "model.yaml").write_text((head / "model.yaml").read_text().replace("intake-fn", "order-intake"))
    report = build_report(load_model(base), load_model(head), "b", "h", pictures=tmp_path / "pics")
    overview = report.pictures[0]
    assert overview.unchanged == 7 and overview.moved == 0  # the API changes too: its route names the new id
    svg = (tmp_path / "pics" / "diff-infrastructure.svg").read_text()
    assert "order&#45;intake" in svg and "intake&#45;fn" not in svg.replace("order&#45;intake", "")
    assert AMBER.lower() in svg.lower()


def test_without_graphviz_is_one_error_line(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"), *THE_MERGE)
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "diff", "--base", str(base), "--head", str(head),
                           "--pictures", str(tmp_path / "pics")], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PATH": str(tmp_path / "nothing"), "PYTHONPATH": str(ROOT)}, timeout=300)
    assert done.returncode == 2 and "Graphviz" in done.stderr and "Traceback" not in done.stderr
