"""The build framework: incremental, checked, atomic, and never overwriting a person's file."""
import pytest

from archkit.build.manifest import MANIFEST_PATH
from archkit.build.runner import BuildRefused, build, check
from buildfixtures import job
from conftest import snapshot


def jobs(**texts):
    return [job(name, text, f"diagrams/{name}.txt") for name, text in sorted(texts.items())]


def test_first_build_writes_everything_and_check_passes(tmp_path):
    summary = build(jobs(a="1", b="2"), tmp_path)
    assert sorted(summary.rendered) == ["diagrams/a.txt", "diagrams/b.txt"]
    assert (tmp_path / "diagrams/a.txt").read_text() == "diagrams/a.txt: 1\n"
    assert check(jobs(a="1", b="2"), tmp_path) == []


def test_noop_rebuild_renders_and_writes_nothing(tmp_path):
    build(jobs(a="1", b="2"), tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    summary = build(jobs(a="1", b="2"), tmp_path)
    assert summary.rendered == [] and summary.unchanged == 2
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_changed_input_rerenders_only_that_output(tmp_path):
    build(jobs(a="1", b="2"), tmp_path)
    summary = build(jobs(a="1", b="changed"), tmp_path)
    assert summary.rendered == ["diagrams/b.txt"] and summary.unchanged == 1


def test_check_names_stale_missing_orphaned_and_modified(tmp_path):
    build(jobs(a="1", b="2", c="3"), tmp_path)
    (tmp_path / "diagrams/b.txt").unlink()
    (tmp_path / "diagrams/c.txt").write_text("edited\n")
    problems = check(jobs(a="changed", b="2", c="3") + [job("d", "4", "diagrams/d.txt")], tmp_path)
    text = "\n".join(problems)
    assert "stale: diagrams/a.txt" in text
    assert "missing: diagrams/b.txt" in text
    assert "modified: diagrams/c.txt" in text
    assert "missing: diagrams/d.txt" in text
    orphaned = "\n".join(check(jobs(a="1"), tmp_path))
    assert "orphaned: diagrams/c.txt" in orphaned
    assert "diagrams/b.txt" not in orphaned, "a deleted file is not reported as an orphan"



def test_check_writes_nothing(tmp_path):
    build(jobs(a="1"), tmp_path)
    before = snapshot(tmp_path)
    check(jobs(a="2", z="9"), tmp_path)
    assert snapshot(tmp_path) == before


def test_removed_element_output_deleted(tmp_path):
    build(jobs(a="1", b="2"), tmp_path)
    summary = build(jobs(a="1"), tmp_path)
    assert summary.deleted == ["diagrams/b.txt"]
    assert not (tmp_path / "diagrams/b.txt").exists()


def test_person_file_never_overwritten(tmp_path):
    (tmp_path / "diagrams").mkdir()
    (tmp_path / "diagrams/a.txt").write_text("a person wrote this\n")
    before = snapshot(tmp_path)
    with pytest.raises(BuildRefused) as refused:
        build(jobs(a="1", b="2"), tmp_path)
    assert "diagrams/a.txt" in refused.value.conflicts[0]
    assert snapshot(tmp_path) == before, "a refused build writes nothing at all"


def test_hand_edited_generated_file_reported_then_forced(tmp_path):
    build(jobs(a="1"), tmp_path)
    (tmp_path / "diagrams/a.txt").write_text("hand edit\n")
    with pytest.raises(BuildRefused):
        build(jobs(a="2"), tmp_path)
    assert (tmp_path / "diagrams/a.txt").read_text() == "hand edit\n"
    build(jobs(a="2"), tmp_path, force=True)
    assert (tmp_path / "diagrams/a.txt").read_text() == "diagrams/a.txt: 2\n"


def test_hand_edited_orphan_not_deleted(tmp_path):
    build(jobs(a="1", b="2"), tmp_path)
    (tmp_path / "diagrams/b.txt").write_text("keep me\n")
    with pytest.raises(BuildRefused):
        build(jobs(a="1"), tmp_path)
    assert (tmp_path / "diagrams/b.txt").exists()


def test_no_cache_rerenders_everything(tmp_path):
    build(jobs(a="1", b="2"), tmp_path)
    (tmp_path / "diagrams/a.txt").unlink()
    summary = build(jobs(a="1", b="2"), tmp_path, no_cache=True)
    assert summary.unchanged == 0 and summary.rendered == ["diagrams/a.txt"]


def test_parallel_heavy_jobs_give_same_bytes(tmp_path):
    heavy = [job(f"h{i}", str(i), f"diagrams/h{i}.txt", heavy=True) for i in range(6)]
    build(heavy, tmp_path / "parallel", workers=2)
    build(heavy, tmp_path / "serial", workers=1)
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "serial")


def test_leftover_temp_files_are_cleaned(tmp_path):
    build(jobs(a="1"), tmp_path)
    (tmp_path / "diagrams/.a.txt.999.archkit-tmp").write_text("half")
    build(jobs(a="1"), tmp_path)
    build(jobs(a="2"), tmp_path)
    assert not list(tmp_path.rglob("*.archkit-tmp"))


def test_manifest_is_deterministic(tmp_path):
    build(jobs(b="2", a="1"), tmp_path / "x")
    build(jobs(a="1", b="2"), tmp_path / "y")
    assert (tmp_path / "x" / MANIFEST_PATH).read_bytes() == (tmp_path / "y" / MANIFEST_PATH).read_bytes()


@pytest.mark.parametrize("bad", ["../escape.txt", "/etc/passwd", "a/../../b", "x\0y"])
def test_output_path_cannot_escape_root(tmp_path, bad):
    from archkit.build.safety import StateError

    with pytest.raises(StateError):
        build([job("evil", "x", bad)], tmp_path / "root")
    assert not (tmp_path / "escape.txt").exists()


def test_killed_before_the_journal_leaves_previous_outputs(tmp_path, monkeypatch):
    from archkit.build import runner

    build(jobs(a="1", b="2"), tmp_path)
    before = snapshot(tmp_path)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # stands for a kill after staging, before the journal is written

    monkeypatch.setattr(runner, "publish", killed)
    with pytest.raises(KeyboardInterrupt):
        build(jobs(a="new", b="new"), tmp_path)
    staged = [p for p in tmp_path.rglob("*.archkit-tmp")]
    assert len(staged) == 2
    assert {p: d for p, d in snapshot(tmp_path).items() if not p.endswith(".archkit-tmp")} == before
    monkeypatch.undo()
    build(jobs(a="1", b="2"), tmp_path)  # the next run removes the staged files
    assert snapshot(tmp_path) == before


def test_killed_after_the_journal_is_rolled_forward(tmp_path, monkeypatch):
    from archkit.build import journal

    build(jobs(a="1", b="2"), tmp_path)

    def killed(root):
        raise KeyboardInterrupt  # stands for a kill after the journal is on disk, before any rename

    monkeypatch.setattr(journal, "roll_forward", killed)
    with pytest.raises(KeyboardInterrupt):
        build(jobs(a="new"), tmp_path)
    assert (tmp_path / "diagrams/a.txt").read_text() == "diagrams/a.txt: 1\n", "nothing moved yet"
    assert any("interrupted" in p for p in check(jobs(a="new"), tmp_path))
    monkeypatch.undo()
    summary = build(jobs(a="new"), tmp_path)  # rolls forward first, then finds nothing left to do
    assert summary.rendered == [] and summary.unchanged == 1
    assert (tmp_path / "diagrams/a.txt").read_text() == "diagrams/a.txt: new\n"
    assert not (tmp_path / "diagrams/b.txt").exists()
    assert check(jobs(a="new"), tmp_path) == []
