"""The architecture diff (archkit/diff/): model changes, deployment impact, rule findings, outputs, git refs."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from archkit.diff.build import build_report
from archkit.diff.report import COMMENT_LIMIT, MARKER, to_json, to_markdown
from archkit.model import load_model
from conftest import run_generate
from diffkit import (ADD_CONNECTION, ADD_FUNCTION, CHANGE_KEY, REMOVE_CONNECTION, REMOVE_STEP, THE_MERGE,
                     copy_model, mutate)


@pytest.fixture
def sides(tmp_path):
    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"), *THE_MERGE)
    return base, head


@pytest.fixture
def report(sides):
    base, head = sides
    return build_report(load_model(base), load_model(head), "base", "head")


def test_model_changes_name_each_element(report):
    kinds = {(c.section, c.kind, c.id) for c in report.model.changes}
    assert ("components", "added", "audit-fn") in kinds
    assert ("connections", "removed", "fulfilment->warehouse-queue") in kinds
    assert ("connections", "added", "intake-fn->audit-fn") in kinds
    table = next(c for c in report.model.changes if c.id == "orders-table")
    assert [(p.path, p.old, p.new) for p in table.properties] == [("partition_key.name", "orderId", "orderNumber")]
    removed = next(c for c in report.model.changes if c.id == "fulfilment->warehouse-queue")
    assert removed.notes == ("permission removed: sqs:SendMessage",)
    flow = next(c for c in report.model.changes if c.section == "flows")
    assert any(n.startswith("step 6 removed: fulfilment -> warehouse-queue") for n in flow.notes)


def test_table_key_change_is_a_data_replacement(report):
    table = [r for r in report.impact.replacements if r.type == "AWS::DynamoDB::Table"]
    assert len(table) == 1 and table[0].holds_data and "KeySchema" in table[0].because
    assert not [r for r in report.impact.replacements if r.type != "AWS::DynamoDB::Table"]


def test_iam_changes_per_role(report):
    roles = {r.component: r for r in report.impact.roles}
    assert any(a.startswith("sqs:SendMessage") for a in roles["fulfilment"].removed)
    assert any(a.startswith("lambda:InvokeFunction") for a in roles["intake-fn"].added)
    assert not roles["fulfilment"].added


def test_added_function_resources(report):
    added = {r.type for r in report.impact.resources if r.kind == "added" and r.component == "audit-fn"}
    assert {"AWS::Lambda::Function", "AWS::IAM::Role"} <= added


def test_findings_new_and_closed_with_locations(sides):
    base, head = sides
    mutate(head, ("    owner: commerce-team\n  orders-table:", "  orders-table:"))  # the new function has no owner
    report = build_report(load_model(base), load_model(head), "base", "head")
    new = [f for f in report.findings if f.kind == "new" and f.element == "audit-fn"]
    assert "GOV001" in {f.rule for f in new}
    assert all(f.where.endswith(".yaml:" + f.where.rsplit(":", 2)[1] + ":" + f.where.rsplit(":", 1)[1]) for f in new)
    back = build_report(load_model(head), load_model(base), "head", "base")
    assert "GOV001" in {f.rule for f in back.findings if f.kind == "closed" and f.element == "audit-fn"}


def test_rename_is_recognised(tmp_path):
    base = copy_model(tmp_path / "base")
    head = copy_model(tmp_path / "head")
    text = (head / "model.yaml").read_text().replace("warehouse-dlq", "pick-dlq")
    (head / "model.yaml").write_text(text)
    report = build_report(load_model(base), load_model(head), "b", "h")
    renamed = [c for c in report.model.changes if c.kind == "renamed"]
    assert [(c.old_id, c.id) for c in renamed] == [("warehouse-dlq", "pick-dlq")]
    text = (head / "model.yaml").read_text().replace("intake-fn", "order-intake")  # one with connections
    (head / "model.yaml").write_text(text)
    report = build_report(load_model(base), load_model(head), "b", "h")
    assert ("intake-fn", "order-intake") in [(c.old_id, c.id) for c in report.model.changes if c.kind == "renamed"]
    assert not report.model.of("connections") and not report.model.of("flows")


def test_no_change_is_empty(tmp_path):
    base = copy_model(tmp_path / "base")
    report = build_report(load_model(base), load_model(base), "b", "h")
    assert report.empty and "No change" in to_markdown(report)


def test_per_environment_change(tmp_path):
    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"), ("    reserved_concurrency: 50\n",
                                                   "    reserved_concurrency: 50\n    overrides:\n      live: {memory: 1024}\n"))
    report = build_report(load_model(base), load_model(head), "b", "h")
    fn = next(c for c in report.model.changes if c.id == "intake-fn")
    assert [(p.path, p.environment, p.old, p.new) for p in fn.properties if p.path == "memory"] == [
        ("memory", "live", 256, 1024)]


def test_markdown_and_json(report):
    text = to_markdown(report)
    assert text.startswith(MARKER) and len(text) < COMMENT_LIMIT
    for needle in ("audit-fn", "orders-table", "fulfilment->warehouse-queue", "REPLACED", "OrdersTableTable",
                   "sqs:SendMessage"):
        assert needle in text
    data = json.loads(to_json(report))
    assert data["summary"]["data_replacements"] == 1
    assert to_json(report) == to_json(report)


def test_markdown_fits_a_comment_when_huge(report):
    from archkit.diff.changes import ElementChange
    report.model.changes += [ElementChange("components", "added", f"c{i:05d}", label="x" * 100) for i in range(3000)]
    text = to_markdown(report)
    assert len(text) <= COMMENT_LIMIT and "left out to fit a comment" in text


def test_cli_folders_fail_on_replace(sides, tmp_path):
    base, head = sides
    out = tmp_path / "out.json"
    done = run_generate("--model", str(head), "diff", "--base", str(base), "--head", str(head), "--json", str(out),
                        "--fail-on", "replace")
    assert done.returncode == 1, done.stderr
    assert "would be replaced" in done.stderr and "OrdersTableTable" in done.stdout
    assert json.loads(out.read_text())["summary"]["replacements"] == 1
    again = run_generate("diff", "--base", str(base), "--head", str(head), "--format", "json", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout)["summary"]["added"] >= 2
    assert run_generate("diff", "--base", str(base), "--head", str(head), "--format", "json",
                        cwd=tmp_path).stdout == again.stdout


def test_cli_invalid_side(sides, tmp_path):
    base, head = sides
    (head / "model.yaml").write_text("components: [\n")
    done = run_generate("diff", "--base", str(base), "--head", str(head), cwd=tmp_path)
    assert done.returncode == 2 and "HEAD" in done.stderr and "Traceback" not in done.stderr


def git(repo, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    copy_model(root / "model")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_git_refs_default_merge_base_and_work_tree(repo):
    mutate(repo / "model", *THE_MERGE)
    before = (repo / "model" / "model.yaml").read_bytes()
    done = run_generate("diff", "--model", str(repo / "model"), cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "audit-fn" in done.stdout and "work tree" in done.stdout
    assert "/tmp" not in done.stdout.replace(str(repo), "")  # no temporary folder leaks into the comment
    assert (repo / "model" / "model.yaml").read_bytes() == before  # the work tree is untouched
    git(repo, "commit", "-q", "-am", "change")
    done = run_generate("diff", "main", "feature", "--model", str(repo / "model"), cwd=repo)
    assert done.returncode == 0 and "OrdersTableTable" in done.stdout
    assert "model/model.yaml:" in done.stdout  # findings located as the repository names the file


def test_git_ref_with_a_symlink_is_refused(repo, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("system: {name: secret}\n")
    (repo / "model" / "extra.yaml").symlink_to(secret)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "link")
    done = run_generate("diff", "HEAD", "--model", str(repo / "model"), cwd=repo)
    assert done.returncode == 2 and "symbolic link" in done.stderr


def test_git_ref_with_a_huge_file_is_refused(repo):
    (repo / "model" / "big.yaml").write_text("# " + "x" * (5 * 1024 * 1024) + "\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "big")
    done = run_generate("diff", "HEAD", "--model", str(repo / "model"), cwd=repo)
    assert done.returncode == 2 and "at most" in done.stderr


@pytest.mark.parametrize("ref", ["--output=/tmp/x", "no-such-branch"])
def test_bad_ref(repo, ref):
    done = run_generate("diff", "--model", str(repo / "model"), "--", ref, cwd=repo) if ref.startswith("-") else \
        run_generate("diff", ref, "--model", str(repo / "model"), cwd=repo)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_changes_page_against_the_last_release_tag(repo):
    from archkit.build.producers import all_jobs
    from archkit.diff.page import PATH

    assert not [j for j in all_jobs(load_model(repo / "model")) if PATH in j.outputs]  # no tag: no page
    git(repo, "tag", "v1.0")
    mutate(repo / "model", *THE_MERGE)
    model = load_model(repo / "model")
    job = next(j for j in all_jobs(model) if PATH in j.outputs)
    assert "/tmp" not in json.dumps(job.payload) and job.payload["tag"] == "v1.0"
    page = job.run()[PATH].decode()
    assert page.startswith("<!-- Generated by generate.py")
    assert "# Changes since v1&#46;0" in page or "# Changes since v1.0" in page
    assert "!!! danger" in page
    for needle in ("audit-fn", "OrdersTableTable", "REPLACED", "sqs&#58;SendMessage", "model/model.yaml&#58;"):
        assert needle in page
    assert "/tmp/" not in page
    assert job.run()[PATH].decode() == page
    git(repo, "commit", "-q", "-am", "change")
    assert next(j for j in all_jobs(load_model(repo / "model")) if PATH in j.outputs).key == job.key


def test_suppressions_and_parameters(tmp_path):
    base = copy_model(tmp_path / "base")
    head = mutate(copy_model(tmp_path / "head"),
                  ("      - {rule: CKV_AWS_117, reason: \"The function reaches only AWS APIs over IAM-signed HTTPS; no VPC "
                   "resource to reach\"}\n", ""),
                  ("    reserved_concurrency: 50\n", "    reserved_concurrency: 50\n    overrides:\n      live: {memory: 1024}\n"))
    report = build_report(load_model(base), load_model(head), "b", "h")
    fn = next(c for c in report.model.changes if c.id == "intake-fn")
    assert any(n.startswith("suppression of CKV_AWS_117 removed") for n in fn.notes)
    live = [p for p in report.impact.parameters if p.environment == "live" and "Memory" in p.name]
    assert live and live[0].new in ("1024", 1024)
    assert "Stack parameters" in to_markdown(report)


def test_pipeline_stages(tmp_path):
    import yaml

    from bench.synth import synthetic_model

    data = synthetic_model(30)
    for name, model in (("base", data), ("head", None)):
        if model is None:
            model = synthetic_model(30)
            model["pipelines"]["deploy"]["stages"].insert(0, {"name": "Approve", "actions": [
                {"name": "Sign off", "kind": "approval"}]})
            model["pipelines"]["deploy"]["stages"][1]["actions"][0]["name"] = "Update svc0 code"
        (tmp_path / name).mkdir()
        (tmp_path / name / "model.yaml").write_text(yaml.safe_dump(model, sort_keys=False))
    report = build_report(load_model(tmp_path / "base"), load_model(tmp_path / "head"), "b", "h")
    pipeline = next(c for c in report.model.changes if c.section == "pipelines")
    assert "stage added: Approve" in pipeline.notes
    assert "stage Deploy: action added: Update svc0 code" in pipeline.notes
    assert "stage Deploy: action removed: Update svc0" in pipeline.notes


def test_model_outside_the_repository(repo, tmp_path):
    outside = copy_model(tmp_path / "elsewhere")
    done = run_generate("diff", "HEAD", "--model", str(outside), cwd=repo)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_model_text_is_inert_in_the_comment(sides):
    base, head = sides
    mutate(head, ("    runtime: python3.12\n    owner: commerce-team\n",
                  "    runtime: python3.12\n    owner: commerce-team\n    name: \"![t](http://e/p.png) [x](http://e) "
                  "<img src=x> @team | col\"\n"))
    import re

    text = re.sub(r"`[^`\n]*`", "", to_markdown(build_report(load_model(base), load_model(head), "b", "h")))
    assert "![t](" not in text and "[x](" not in text and "@team" not in text
    assert not re.search(r"(?<!\\)<img", text)  # CommonMark reads \< as a plain '<'
    assert "\\[x\\]\\(http://e\\)" in text
