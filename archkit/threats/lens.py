"""The Serverless Lens review from the model: each best practice of the lens with the rules that check it and what
they found, or why the model cannot answer it; and the answers in the form `aws wellarchitected update-answer`
accepts."""
from __future__ import annotations

import functools
from pathlib import Path

from ..datafiles import read_data

NONE_PREFIX = "none:"
NOTES_MAX, CHOICE_NOTES_MAX = 2084, 250  # the Well-Architected Tool's limits on answer and choice notes


@functools.cache
def lens() -> dict:
    return read_data(Path(__file__).with_name("lens.yaml"))


def choice_ids() -> dict[str, str]:
    """choice id -> question id."""
    return {cid: qid for qid, q in lens()["questions"].items() for cid in q["choices"]}


def lens_problem(rule) -> str:
    """'' when the rule names a lens choice (or says why none), else what is wrong."""
    value = getattr(rule, "lens", "")
    if value.startswith(NONE_PREFIX) and value[len(NONE_PREFIX):].strip():
        return ""
    if value in choice_ids():
        return ""
    return f"rule {rule.id}: lens {value!r} is neither a choice id of archkit/threats/lens.yaml nor 'none: <why>'"


def review(report_dict: dict) -> dict:
    """The lens, each choice with its rules ({id, title, status}) and a state: met, not met, or cannot."""
    rules = report_dict["rules"]
    questions = []
    for qid, question in lens()["questions"].items():
        choices = []
        for cid, choice in question["choices"].items():
            checked = [{"id": r["id"], "title": r["title"], "status": r["status"]} for r in rules
                       if r.get("lens") == cid]
            state = ("cannot" if not checked else
                     "not met" if any(r["status"] == "findings" for r in checked) else "met")
            choices.append({"id": cid, "title": choice["title"], "rules": checked, "state": state,
                            "cannot": choice.get("cannot", "the model holds nothing a rule could check")})
        questions.append({"id": qid, "pillar": question["pillar"], "title": question["title"], "choices": choices})
    outside = [{"id": r["id"], "title": r["title"], "why": r["lens"][len(NONE_PREFIX):].strip()} for r in rules
               if str(r.get("lens", "")).startswith(NONE_PREFIX)]
    return {"lens_alias": lens()["lens_alias"], "link": lens()["link"], "questions": questions, "outside": outside}


def choice_note(choice: dict) -> str:
    parts = [f"{r['id']} {r['status']}" for r in choice["rules"]]
    return clip("archkit: " + ", ".join(parts), CHOICE_NOTES_MAX)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def update_answers(review_data: dict) -> list[dict]:
    """One `update-answer` input per question (pass --workload-id on the command line). Only choices a rule checks
    are updated (ChoiceUpdates): the ones the model cannot answer keep what a person selected."""
    out = []
    for question in review_data["questions"]:
        updates = {c["id"]: {"Status": "SELECTED" if c["state"] == "met" else "UNSELECTED", "Notes": choice_note(c)}
                   for c in question["choices"] if c["state"] != "cannot"}
        open_ = [c["title"] for c in question["choices"] if c["state"] == "cannot"]
        notes = ("Answered by archkit from the architecture model for the practices its rules check. "
                 + ("Not answerable from the model (answer them yourself): " + "; ".join(open_) + "." if open_ else ""))
        entry = {"LensAlias": review_data["lens_alias"], "QuestionId": question["id"], "Notes": clip(notes, NOTES_MAX)}
        if updates:
            entry["ChoiceUpdates"] = updates
        out.append(entry)
    return out
