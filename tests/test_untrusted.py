"""The repository is untrusted input (issue 13): committed state, symlinks, custom rules, I/O faults, races.

Each case is tried as an attacker would, through generate.py on a copy of a small test model, and must give a
located error (or be harmless) and leave everything outside the project untouched."""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from archkit.build import atomic, journal
from archkit.build.lock import Busy, build_lock
from archkit.cli import main
from conftest import ROOT, run_generate, snapshot

BASE = ROOT / "tests" / "models" / "corpus-base"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project (model + outputs) built once; each test works on its own copy."""
    project = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(BASE, project / "model")
    (project / ".git").mkdir()  # the repository boundary, as in a clone
    result = run_generate("--model", str(project / "model"), "--out", str(project), "--quiet")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(built, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n")
    return copy


def generate(project: Path, *args: str):
    return run_generate("--model", str(project / "model"), "--out", str(project), *args)


def outside_of(project: Path) -> Path:
    return project.parent / "outside"


def edit_model(project: Path):
    text = (project / "model" / "model.yaml").read_text()
    (project / "model" / "model.yaml").write_text(text.replace("memory: 256", "memory: 512"))


def assert_clean_error(result, code: int, *says: str):
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert "fix:" in result.stderr
    for text in says:
        assert text in result.stderr


# -- committed state ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", ["{outside}/precious.txt", "../outside/precious.txt", "docs/index.md",
                                   "diagrams/../../outside/precious.txt", "model/model.yaml"])
def test_committed_journal_cannot_delete_outside_the_outputs(project, entry):
    target = entry.format(outside=outside_of(project))
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "index.md").write_text("a person's page\n")
    body = {"moves": [], "deletes": [[target, "0" * 64]], "manifest": {}}
    (project / journal.JOURNAL_PATH).write_text(json.dumps(body))
    before = snapshot(project)
    result = generate(project)
    assert_clean_error(result, 2, "journal.json")
    assert (outside_of(project) / "precious.txt").read_text() == "keep me\n"
    assert snapshot(project) == before


def test_journal_of_the_old_format_is_refused_not_applied(project):
    """Plain path lists (no hashes): what a branch could commit before; refused, nothing deleted."""
    (project / journal.JOURNAL_PATH).write_text(json.dumps(
        {"moves": [], "deletes": [str(outside_of(project) / "precious.txt")], "manifest": {}}))
    result = generate(project)
    assert_clean_error(result, 2, "journal.json")
    assert (outside_of(project) / "precious.txt").exists()


def test_journal_deletes_only_a_file_that_still_has_its_recorded_hash(project):
    page = next(p for p in (project / "docs/architecture/components").iterdir())
    relative = page.relative_to(project).as_posix()
    page.write_text("edited since\n")
    body = {"moves": [], "deletes": [[relative, "a" * 64]],
            "manifest": json.loads((project / ".archkit/manifest.json").read_text())["files"]}
    (project / journal.JOURNAL_PATH).write_text(json.dumps(body))
    journal.roll_forward(project)
    assert page.read_text() == "edited since\n"


def test_journal_that_git_tracks_is_ignored_with_a_warning(project):
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    shutil.rmtree(project / ".git")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    body = {"moves": [], "deletes": [["diagrams/infrastructure.svg", "0" * 64]], "manifest": {}}
    (project / journal.JOURNAL_PATH).write_text(json.dumps(body))
    subprocess.run(["git", "-C", str(project), "add", "-f", journal.JOURNAL_PATH], check=True)
    assert journal.roll_forward(project) is False
    assert (project / journal.JOURNAL_PATH).exists()


@pytest.mark.parametrize("path", ["{outside}/precious.txt", "../outside/precious.txt", "docs/../../outside/x",
                                  "model/model.yaml", "docs/index.md", ""])
def test_planted_manifest_entry_is_refused(project, path):
    manifest = json.loads((project / ".archkit/manifest.json").read_text())
    manifest["files"][path.format(outside=outside_of(project))] = {"key": "k", "sha256": "0" * 64}
    (project / ".archkit/manifest.json").write_text(json.dumps(manifest))
    before = snapshot(project)
    edit_model(project)  # so that the build would write and delete
    for args in ((), ("--check",)):
        result = generate(project, *args)
        assert_clean_error(result, 2, "manifest.json")
    assert (outside_of(project) / "precious.txt").exists()
    assert {k: v for k, v in snapshot(project).items() if k != "model/model.yaml"} == \
        {k: v for k, v in before.items() if k != "model/model.yaml"}


@pytest.mark.parametrize("text", ["{not json", "[]", '{"files": []}', '{"files": {"diagrams/x.svg": 3}}',
                                  '{"files": {"diagrams/x.svg": {"key": "k", "sha256": "zz"}}}'])
def test_malformed_manifest_is_a_clear_error(project, text):
    (project / ".archkit/manifest.json").write_text(text)
    result = generate(project)
    assert_clean_error(result, 2, ".archkit/manifest.json")


def test_malformed_journal_is_a_clear_error(project):
    (project / journal.JOURNAL_PATH).write_text("{half a journal")
    result = generate(project)
    assert_clean_error(result, 2, "journal.json")


# -- symlinks ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("folder", ["docs/architecture", "diagrams", "cloudformation", "docs",
                                    "docs/architecture/components", "cloudformation/parameters/dev"])
def test_output_folder_replaced_by_a_symlink_is_refused(project, folder):
    target = outside_of(project) / "linked"
    shutil.copytree(project / folder, target)
    shutil.rmtree(project / folder)
    os.symlink(target, project / folder)
    before = snapshot(outside_of(project))
    edit_model(project)
    for args in ((), ("--force",), ("--check",)):
        result = generate(project, *args)
        assert_clean_error(result, 2, "symbolic link", folder)
    assert snapshot(outside_of(project)) == before


def test_output_file_replaced_by_a_symlink_is_refused(project):
    page = project / "docs/architecture/index.md"
    page.unlink()
    os.symlink(outside_of(project) / "precious.txt", page)
    edit_model(project)
    result = generate(project, "--force")
    assert_clean_error(result, 2, "symbolic link")
    assert (outside_of(project) / "precious.txt").read_text() == "keep me\n"


def test_state_folder_as_a_symlink_is_refused(project):
    shutil.move(project / ".archkit", outside_of(project) / "state")
    os.symlink(outside_of(project) / "state", project / ".archkit")
    edit_model(project)
    result = generate(project, "--force")
    assert result.returncode == 2 and "Traceback" not in result.stderr and ".archkit" in result.stderr


# -- model files ------------------------------------------------------------------------------------------------------

def test_model_file_linked_to_dev_zero_is_refused_at_once(project):
    os.symlink("/dev/zero", project / "model" / "zz.yaml")
    result = run_generate("--model", str(project / "model"), "--validate", timeout=30)
    assert_clean_error(result, 2, "zz.yaml")


def test_fifo_model_file_does_not_hang(project):
    os.mkfifo(project / "model" / "zz.yaml")
    result = run_generate("--model", str(project / "model"), "--validate", timeout=30)
    assert_clean_error(result, 2, "zz.yaml", "not a regular file")


def test_model_file_linked_outside_the_repository_is_not_read(project):
    (outside_of(project) / "secret.yaml").write_text("actors:\n  spy: {kind: browser}\n")
    os.symlink(outside_of(project) / "secret.yaml", project / "model" / "zz.yaml")
    result = run_generate("--model", str(project / "model"), "--validate")
    assert_clean_error(result, 2, "zz.yaml", "outside the repository")


def test_model_file_linked_inside_the_repository_is_read(project):
    (project / "shared").mkdir()
    (project / "shared" / "extra.yaml").write_text("actors:\n  partner: {kind: external-system}\n")
    os.symlink(project / "shared" / "extra.yaml", project / "model" / "zz.yaml")
    result = run_generate("--model", str(project / "model"), "--validate")
    assert result.returncode == 0, result.stderr


# -- custom rules ---------------------------------------------------------------------------------------------------

RULE = '''
from archkit.rules import Rule
open({marker!r}, "w").write("ran")

class Team(Rule):
    id = "TEAM001"; severity = "info"; title = "t"; rationale = "r"; fix = "f"
    def check(self, model):
        return []
'''


def with_rules_dir(project: Path, rules_dir: str):
    text = (project / "model" / "model.yaml").read_text()
    (project / "model" / "model.yaml").write_text(
        text.replace("system: {name: Corpus}", f"system: {{name: Corpus, rules_dir: '{rules_dir}'}}"))


@pytest.mark.parametrize("where", ["outside", "absolute"])
def test_rules_dir_outside_the_repository_never_runs(project, where):
    marker = outside_of(project) / "ran.txt"
    rules = outside_of(project) / "rules"
    rules.mkdir()
    (rules / "team.py").write_text(RULE.format(marker=str(marker)))
    with_rules_dir(project, "../../outside/rules" if where == "outside" else str(rules))
    for args in (("--validate",), ("--check",), ()):
        result = generate(project, *args)
        assert_clean_error(result, 2, "rules_dir", "outside the repository", "model.yaml:")
    assert not marker.exists()


def test_rule_module_linked_outside_the_repository_never_runs(project):
    marker = outside_of(project) / "ran.txt"
    (outside_of(project) / "team.py").write_text(RULE.format(marker=str(marker)))
    (project / "rules").mkdir()
    os.symlink(outside_of(project) / "team.py", project / "rules" / "team.py")
    with_rules_dir(project, "../rules")
    result = generate(project, "--validate")
    assert result.returncode == 2 and "team.py" in result.stderr and "Traceback" not in result.stderr
    assert not marker.exists()


def test_no_custom_rules_runs_none_of_them(project):
    marker = project / "ran.txt"
    (project / "rules").mkdir()
    (project / "rules" / "team.py").write_text(RULE.format(marker=str(marker)))
    with_rules_dir(project, "../rules")
    assert generate(project, "--validate", "--no-custom-rules").returncode == 0
    assert generate(project, "--check", "--no-custom-rules").returncode in (0, 1)
    refused = generate(project, "--no-custom-rules")
    assert refused.returncode == 2 and "--no-custom-rules" in refused.stderr
    assert not marker.exists()
    assert generate(project, "--validate").returncode == 0
    assert marker.exists(), "without the flag, rules inside the repository run"


# -- I/O faults -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_write_fault_is_one_line_no_temp_left_outputs_intact(project, monkeypatch, capsys, code):
    real_open = open
    written = []

    def failing_open(file, mode="r", *args, **kwargs):
        if "w" in mode and str(file).endswith(atomic.TEMP_SUFFIX):
            written.append(file)
            if len(written) > 2:
                raise OSError(code, os.strerror(code), str(file))
        return real_open(file, mode, *args, **kwargs)

    before = snapshot(project)
    edit_model(project)
    monkeypatch.setattr("builtins.open", failing_open)
    status = main(["--model", str(project / "model"), "--out", str(project), "--no-cache", "--jobs", "1",
                   "--fail-on", "never"], root=ROOT)
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert status == 3, err
    assert os.strerror(code) in err and "fix:" in err and "Traceback" not in err
    assert not list(project.rglob("*" + atomic.TEMP_SUFFIX))
    assert {k: v for k, v in snapshot(project).items() if k != "model/model.yaml"} == \
        {k: v for k, v in before.items() if k != "model/model.yaml"}


def test_folder_where_an_output_file_goes(project):
    page = project / "docs/architecture/index.md"
    page.unlink()
    page.mkdir()
    edit_model(project)
    result = generate(project, "--force")
    assert_clean_error(result, 3, "docs/architecture/index.md", "folder")
    assert not (project / journal.JOURNAL_PATH).exists()
    assert not list(project.rglob("*" + atomic.TEMP_SUFFIX))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(project):
    folder = project / "docs/architecture"
    edit_model(project)
    folder.chmod(0o555)
    try:
        result = generate(project)
    finally:
        folder.chmod(0o755)
    assert_clean_error(result, 3)


# -- one build at a time ----------------------------------------------------------------------------------------------

def test_second_build_on_a_locked_tree_says_so_and_writes_nothing(project):
    before = snapshot(project)
    with build_lock(project):
        edit_model(project)
        result = generate(project)
    assert_clean_error(result, 3, "another build is running")
    assert {k: v for k, v in snapshot(project).items() if k != "model/model.yaml"} == \
        {k: v for k, v in before.items() if k != "model/model.yaml"}


def test_lock_waits_when_asked(project):
    release, held = threading.Event(), threading.Event()

    def hold():
        with build_lock(project):
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(Busy):
            with build_lock(project, wait=0.1):
                pass
    finally:
        release.set()
        holder.join()
    with build_lock(project, wait=1):
        pass


def test_two_builds_at_once_both_end_cleanly(project):
    edit_model(project)
    command = [sys.executable, str(ROOT / "generate.py"), "--model", str(project / "model"), "--out", str(project),
               "--no-cache", "--fail-on", "never"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    results = [(run.wait(300), run.stderr.read()) for run in runs]
    assert all(code in (0, 3) for code, _ in results), results
    assert all("Traceback" not in err for _, err in results)
    assert generate(project, "--check").returncode == 0


def test_docs_link_out_of_the_project_is_found(tmp_path):
    from archkit.build.safety import links_leaving

    (tmp_path / "project" / "docs").mkdir(parents=True)
    (tmp_path / "project" / "diagrams").mkdir()
    (tmp_path / "secret").mkdir()
    os.symlink("../diagrams", tmp_path / "project" / "docs" / "diagrams")  # the project's own link: fine
    assert links_leaving(tmp_path / "project" / "docs", tmp_path / "project") == []
    os.symlink(tmp_path / "secret", tmp_path / "project" / "docs" / "leak")
    assert links_leaving(tmp_path / "project" / "docs", tmp_path / "project") == ["docs/leak"]
