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
