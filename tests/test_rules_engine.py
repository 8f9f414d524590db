"""The engine: suppressions, the model's own rules folder, and the default models."""
import json

import pytest

from archkit.model import load_model
from archkit.rules.engine import RuleCrashed, run_rules
from archkit.rules.registry import RuleLoadError, all_rules
from conftest import MODEL, ROOT
from rulekit import fragment

UNOWNED = "components:\n  q: {type: sqs-queue%s}\n"


def test_default_model_passes_every_rule_and_every_suppression_has_a_reason():
    model = load_model(MODEL)
    report = run_rules(model)
    assert len(report.rules) >= 25
    assert [f.line() for f in report.findings] == []
    assert not report.unused
    for component in model.components.values():
        assert all(s.reason.strip() for s in component.suppressions)


def test_other_model_gets_located_findings():
    report = run_rules(load_model(ROOT / "tests/models/event-driven/model.yaml"))
    assert {f.rule for f in report.findings} >= {"SEC001", "OBS004", "GOV001"}
    assert all(f.location.file.endswith("model.yaml") and f.location.line for f in report.findings)


def test_suppression_moves_the_finding_aside_with_its_reason():
    model = fragment(UNOWNED % ", suppress: [{rule: GOV001, reason: 'Shared queue, owned by the platform'}]")
    report = run_rules(model)
    assert not [f for f in report.findings if f.rule == "GOV001"]
    [suppressed] = [s for s in report.suppressed if s.finding.rule == "GOV001"]
    assert suppressed.reason == "Shared queue, owned by the platform" and suppressed.finding.element == "q"
    assert report.status("GOV001") == "suppressed"


def test_suppression_that_matches_nothing_is_reported():
    model = fragment(UNOWNED % ", owner: a, suppress: [{rule: GOV001, reason: not needed any more}]")
    assert ("q", "GOV001") in [(c, r) for c, r, _ in run_rules(model).unused]


def test_connection_findings_belong_to_the_source_component():
    model = fragment("components:\n  fn: {type: lambda, runtime: python3.12, suppress: [{rule: IAM001, reason: r}]}\n"
                     "  t: {type: dynamodb-table, partition_key: {name: id}}\n"
                     "connections:\n  - {from: fn, to: t, protocol: SDK, permissions: ['dynamodb:*']}\n")
    report = run_rules(model)
    [s] = [s for s in report.suppressed if s.finding.rule == "IAM001"]
    assert s.finding.element == "fn->t" and s.finding.component == "fn"


RULE_FILE = '''
from archkit.rules import Rule


class BigFunctions(Rule):
    id = "TEAM001"
    severity = "error"
    title = "Functions have at least 256 MB"
    rationale = "Cold starts."
    link = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"
    fix = "Raise memory."

    def check(self, model):
        for fn in model.by_type("lambda"):
            if fn.props()["memory"] < 256:
                yield self.finding(fn, "too little memory")
'''
SMALL_FN = "components:\n  fn: {type: lambda, runtime: python3.12, memory: 128}\n"


def with_rules_dir(tmp_path, files: dict[str, str]):
    (tmp_path / "rules").mkdir()
    for name, text in files.items():
        (tmp_path / "rules" / name).write_text(text)
    model = fragment(SMALL_FN, tmp_path)
    (tmp_path / "base.yaml").write_text((tmp_path / "base.yaml").read_text().replace(
        "system: {name: Fragment}", "system: {name: Fragment, rules_dir: rules}"))
    return load_model(tmp_path)


def test_model_rules_dir_adds_rules_without_touching_the_package(tmp_path):
    model = with_rules_dir(tmp_path, {"team001.py": RULE_FILE})
    report = run_rules(model)
    assert "TEAM001" in [r.id for r in report.rules]
    [finding] = [f for f in report.findings if f.rule == "TEAM001"]
    assert finding.element == "fn" and finding.location.file.endswith("fragment.yaml")


@pytest.mark.parametrize("text, message", [
    ("import nothing_here_at_all\n", "team.py:1: cannot load rule module"),
    (RULE_FILE.replace('id = "TEAM001"', 'id = "SEC001"'), "SEC001 is defined twice"),
    (RULE_FILE.replace('    fix = "Raise memory."\n', ""), "lacks fix"),
    (RULE_FILE.replace('"TEAM001"', '"team-1"'), "must be upper-case letters then digits"),
])
def test_broken_rule_files_are_refused_with_the_place(tmp_path, text, message):
    with pytest.raises(RuleLoadError, match=message):
        all_rules(with_rules_dir(tmp_path, {"team.py": text}))


def test_a_crashing_rule_is_named(tmp_path):
    model = with_rules_dir(tmp_path, {"team.py": RULE_FILE.replace('fn.props()["memory"]', "1 / 0")})
    with pytest.raises(RuleCrashed, match="rule TEAM001 .* ZeroDivisionError"):
        run_rules(model)
