"""The Serverless Lens page: each question of the lens, what the model answers (the rules that check a practice
and their status) and what it cannot; and the update-answer export."""
from __future__ import annotations

import json

from .. import paths
from ..site import md
from .lens import update_answers

PATH = paths.page("serverless-lens")
EXPORT = f"{paths.PAGES_DIR}/exports/wellarchitected-serverless.json"
STATE = {"met": "met", "not met": "**not met**", "cannot": "not answered by the model"}


def render(data: dict) -> dict[str, bytes]:
    rel = paths.relative(PATH, EXPORT)
    checks = paths.relative(PATH, paths.page("checks"))
    sections = [
        f"The [AWS Well-Architected Serverless Lens]({data['link']}) asks {len(data['questions'])} questions. Each "
        f"architecture rule names the best practice it checks; a practice is **met** when all its rules pass "
        f"(see [Checks]({checks})), **not met** when one has findings, and left to you when no rule can check it.",
        "Answers for the Well-Architected Tool: " + md.link("wellarchitected-serverless.json", rel)
        + ", one `update-answer` input per question; it updates only the practices the model answers:\n\n"
        "```sh\njq -c '.[]' wellarchitected-serverless.json | while read -r answer; do\n"
        "  aws wellarchitected update-answer --workload-id \"$WORKLOAD_ID\" --cli-input-json \"$answer\"\ndone\n```",
        *[question_section(q, checks) for q in data["questions"]],
        "## Rules outside the lens\n\n" + md.table(["Rule", "Checks", "Why no lens practice"], [
            [md.code(r["id"]), md.text(r["title"]), md.text(r["why"])] for r in data["outside"]]),
    ]
    return {PATH: md.page("Serverless Lens", "the rules' results and archkit/threats/lens.yaml", sections),
            EXPORT: (json.dumps(update_answers(data), indent=2, ensure_ascii=False) + "\n").encode("utf-8")}


def question_section(question: dict, checks: str) -> str:
    rows = []
    for c in question["choices"]:
        answer = (", ".join(f"[{md.text(r['id'])}]({checks}#{r['id'].lower()}) {md.text(r['status'])}"
                            for r in c["rules"]) if c["rules"] else md.text(c["cannot"]))
        rows.append([md.text(c["title"]), STATE[c["state"]], answer])
    return (f"## {md.text(question['id'].upper().replace('_Q', ' '))}: {md.text(question['title'])}\n\n"
            f"{md.text(question['pillar'])} · question id {md.code(question['id'])}\n\n"
            + md.table(["Best practice", "Model's answer", "Checked by / why not"], rows))
