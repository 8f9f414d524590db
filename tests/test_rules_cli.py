"""generate.py runs the rules: findings on stderr, thresholds, report files and the Checks page."""
import json
from pathlib import Path

from archkit import paths
from conftest import ROOT, run_generate, snapshot

OTHER = str(ROOT / "tests/models/event-driven/model.yaml")
LINE = r"^\S+model\.yaml:\d+:\d+: (ERROR|WARNING|INFO) [A-Z]+\d+ \S+: .+$"


def test_findings_are_printed_located_with_a_fix_and_errors_fail_by_default():
    import re
    plain = run_generate("--validate", "--model", OTHER, rules_gate=True)
    assert plain.returncode == 1 and "failing: " in plain.stderr  # errors fail by default
    rows = plain.stderr.splitlines()
    lines = [i for i, l in enumerate(rows) if " ERROR " in l or " WARNING " in l]
    assert lines and all(re.match(LINE, rows[i]) for i in lines), rows
    assert all(rows[i + 1].startswith("    fix: ") and len(rows[i + 1]) > 20 for i in lines), rows  # every finding
    assert "ERROR SEC001 orders-api: no CloudFront distribution" in plain.stderr
    assert run_generate("--validate", "--strict", "--model", OTHER).returncode == 1
    assert run_generate("--validate", "--fail-on", "warning", "--model", OTHER).returncode == 1
    assert run_generate("--validate", "--fail-on", "never", "--model", OTHER).returncode == 0


def test_every_builtin_rule_says_what_to_change():
    from archkit.rules.registry import all_rules
    from archkit.model import load_model

    for rule in all_rules(load_model(Path(OTHER))):
        assert len(rule.fix) > 20 and rule.fix[0].isupper(), rule.id


def test_default_model_passes_strict_and_warnings_threshold():
    result = run_generate("--validate", "--fail-on", "info")
    assert result.returncode == 0, result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_list_rules_names_every_rule():
    result = run_generate("--list-rules")
    rows = result.stdout.splitlines()
    assert result.returncode == 0 and len(rows) >= 25
    assert any(r.split()[:2] == ["PERF001", "error"] for r in rows)


def test_findings_files_json_sarif_gitlab(tmp_path):
    args = ["--validate", "--fail-on", "never", "--model", OTHER]
    for fmt in ("json", "sarif", "gitlab"):
        args += ["--findings", f"{fmt}:{tmp_path / ('out.' + fmt)}"]
    assert run_generate(*args).returncode == 0
    data = json.loads((tmp_path / "out.json").read_text())
    assert data["summary"]["error"] == len([f for f in data["findings"] if f["severity"] == "error"]) > 0
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
    gitlab = json.loads((tmp_path / "out.gitlab").read_text())
    assert {g["severity"] for g in gitlab} <= {"info", "minor", "major", "critical", "blocker"}
    assert len({g["fingerprint"] for g in gitlab}) == len(gitlab) == len(data["findings"])
    assert all(g["location"]["path"].endswith("model.yaml") and g["location"]["lines"]["begin"] > 0 for g in gitlab)


def test_bad_findings_option_is_usage_error():
    result = run_generate("--validate", "--findings", "xml:out.xml")
    assert result.returncode == 2 and "FORMAT:PATH" in result.stderr


HOSTILE = """\
system: {name: Odd}
environments: {dev: {account: "111111111111", region: eu-west-1}}
components:
  odd-fn:
    type: lambda
    runtime: python3.12
    suppress: [{rule: OBS004, reason: "<script>alert(1)</script> | *not bold*"}]
  lonely:
    type: sqs-queue
    owner: team
    dead_letter: lonely-dlq
  lonely-dlq: {type: sqs-queue, owner: team}
"""


def test_checks_page_links_findings_and_lists_suppressions_escaped(tmp_path):
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "m.yaml").write_text(HOSTILE)
    result = run_generate("--model", str(tmp_path / "model"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / paths.page("checks")).read_text()
    link = paths.relative(paths.page("checks"), paths.component_page("odd-fn"))
    assert f"[odd-fn]({link})" in page and link == "components/odd-fn.md"
    assert "| [GOV001](#gov001) | warning | **findings** |" in page
    assert "| [OBS004](#obs004) | error | suppressed |" in page
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62; &#124; &#42;not bold&#42;" in page  # md.text
    assert "<script>" not in page


def test_checks_page_is_deterministic_and_in_step(tmp_path):
    for out in ("a", "b"):  # model/ itself: the page is compared with its committed Checks page
        assert run_generate("--out", str(tmp_path / out), user_model=True).returncode == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert (tmp_path / "a" / paths.page("checks")).read_bytes() == (ROOT / paths.page("checks")).read_bytes()
