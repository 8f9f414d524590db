"""The Serverless Lens: every rule names the best practice it checks, the review page, and the update-answer export."""
import json

import pytest

from archkit.model import load_model
from archkit.rules.engine import run_rules
from archkit.rules.registry import all_rules
from archkit.threats.lens import choice_ids, lens, lens_problem, review, update_answers
from archkit.threats.lens_page import EXPORT, PATH, render
from conftest import ROOT

TEST_MODEL = ROOT / "tests/models/threats/model.yaml"


def test_every_rule_names_a_lens_practice_or_why_none():
    problems = [lens_problem(rule) for rule in all_rules()]
    assert not [p for p in problems if p]

    class Unmapped:
        id, lens = "NEW001", "sec_q9_a1"
    assert "neither a choice id" in lens_problem(Unmapped())


def test_lens_has_its_nine_questions_with_unique_choices():
    questions = lens()["questions"]
    assert len(questions) == 9
    assert {q["pillar"] for q in questions.values()} >= {"Security", "Reliability", "Operational excellence"}
    ids = [cid for q in questions.values() for cid in q["choices"]]
    assert len(ids) == len(set(ids)) == len(choice_ids())
    for qid, question in questions.items():
        assert all(cid.split("_", 1)[1].startswith(qid) for cid in question["choices"])


@pytest.fixture(scope="module")
def shop_review():
    return review(run_rules(load_model(TEST_MODEL)).as_dict())


def choice(data, cid):
    return next(c for q in data["questions"] for c in q["choices"] if c["id"] == cid)


def test_findings_leave_a_practice_not_met_and_unchecked_ones_to_a_person(shop_review):
    assert choice(shop_review, "sec_sec_q1_a3")["state"] == "not met"  # SEC001: the API is not behind CloudFront
    assert any(r["id"] == "SEC001" and r["status"] == "findings" for r in choice(shop_review, "sec_sec_q1_a3")["rules"])
    cannot = choice(shop_review, "sec_sec_q3_a4")
    assert cannot["state"] == "cannot" and cannot["rules"] == [] and cannot["cannot"]
    assert {r["id"] for r in shop_review["outside"]} >= {"GOV001"}


def test_page_shows_every_question_and_the_export(shop_review):
    out = render(shop_review)
    page = out[PATH].decode()
    for qid in lens()["questions"]:
        assert f"question id <code>{qid.replace('_', '&#95;')}</code>" in page
    assert "**not met**" in page and "not answered by the model" in page
    assert json.loads(out[EXPORT]) == update_answers(shop_review)


def test_export_is_what_update_answer_accepts(shop_review):
    botocore_session = pytest.importorskip("botocore.session")
    from botocore.validate import ParamValidator

    operation = botocore_session.get_session().get_service_model("wellarchitected").operation_model("UpdateAnswer")
    answers = update_answers(shop_review)
    assert [a["QuestionId"] for a in answers] == list(lens()["questions"])
    for answer in answers:
        report = ParamValidator().validate({**answer, "WorkloadId": "0123456789abcdef0123456789abcdef"},
                                           operation.input_shape)
        assert not report.has_errors(), report.generate_report()
        for cid, update in answer.get("ChoiceUpdates", {}).items():
            assert cid in answer["QuestionId"] or cid in choice_ids() and choice_ids()[cid] == answer["QuestionId"]
            assert update["Status"] == ("UNSELECTED" if choice(shop_review, cid)["state"] == "not met" else "SELECTED")
    touched = {cid for a in answers for cid in a.get("ChoiceUpdates", {})}
    assert "sec_sec_q3_a4" not in touched  # what the model cannot answer is left as a person set it
