"""The Checks page (docs/architecture/checks.md): every rule, its status, findings linked to their pages,
and the suppressions with their reasons."""
from __future__ import annotations

from urllib.parse import quote

from .. import paths
from ..build.jobs import Job
from ..site import md

PAGE = paths.page("checks")
URL_SAFE = ":/#?&=%~.-_+,;@!$*"
STATUS_LABEL = {"pass": "pass", "findings": "**findings**", "suppressed": "suppressed"}


def jobs(model) -> list[Job]:
    from .engine import report_for

    payload = {"page": PAGE, "report": report_for(model).as_dict()}
    return [Job("checks page", (PAGE,), "archkit.rules.page:render", payload)]


def esc(text) -> str:
    """Model text made inert in Markdown and HTML (and in table cells): the site's one escaping helper."""
    return md.text(str(text))


def anchor(rule_id: str) -> str:
    return rule_id.lower()


def element_cell(item: dict, page: str) -> str:
    if item["page"]:
        return f"[{esc(item['element'])}]({paths.relative(page, item['page'])})"
    return esc(item["element"])


def where(item: dict) -> str:
    return esc(f"{item['file']}:{item['line']}" if item["line"] else item["file"])


def render(payload: dict) -> dict[str, bytes]:
    page, report = payload["page"], payload["report"]
    lines = ["# Checks", "",
             "The architecture rules run on every build of the model (`generate.py`, also `--validate` and "
             "`--check`). A finding names the element and the model file and line to change.", ""]
    lines += summary(report) + rule_table(report) + findings(report, page) + suppressed(report, page)
    lines += rule_details(report)
    return {page: ("\n".join(lines).rstrip() + "\n").encode()}


def summary(report: dict) -> list[str]:
    rules = report["rules"]
    counts = {s: sum(1 for r in rules if r["status"] == s) for s in STATUS_LABEL}
    s = report["summary"]
    return [f"**{len(rules)} rules**: {counts['pass']} pass, {counts['findings']} with findings, "
            f"{counts['suppressed']} suppressed. Findings: {s['error']} error(s), {s['warning']} warning(s), "
            f"{s['info']} info; {s['suppressed']} suppressed.", ""]


def rule_table(report: dict) -> list[str]:
    lines = ["| Rule | Severity | Status | Title |", "| --- | --- | --- | --- |"]
    for r in report["rules"]:
        lines.append(f"| [{esc(r['id'])}](#{anchor(r['id'])}) | {esc(r['severity'])} | "
                     f"{STATUS_LABEL[r['status']]} | {esc(r['title'])} |")
    return lines + [""]


def findings(report: dict, page: str) -> list[str]:
    lines = ["## Findings", ""]
    if not report["findings"]:
        return lines + ["No findings: the model passes every rule that is not suppressed.", ""]
    lines += ["| Rule | Severity | Element | Finding | Model |", "| --- | --- | --- | --- | --- |"]
    for f in report["findings"]:
        lines.append(f"| [{esc(f['rule'])}](#{anchor(f['rule'])}) | {esc(f['severity'])} | {element_cell(f, page)} | "
                     f"{esc(f['message'])} | {where(f)} |")
    return lines + [""]


def suppressed(report: dict, page: str) -> list[str]:
    lines = ["## Suppressed", ""]
    if not report["suppressed"]:
        return lines + ["Nothing is suppressed. A component suppresses a rule that does not apply to it with "
                        "`suppress: [{rule: ID, reason: ...}]` next to its definition.", ""]
    lines += ["| Rule | Element | Finding | Reason | Model |", "| --- | --- | --- | --- | --- |"]
    for s in report["suppressed"]:
        lines.append(f"| [{esc(s['rule'])}](#{anchor(s['rule'])}) | {element_cell(s, page)} | {esc(s['message'])} | "
                     f"{esc(s['reason'])} | {where(s)} |")
    return lines + [""]


def rule_details(report: dict) -> list[str]:
    lines = ["## Rules", ""]
    for r in report["rules"]:
        lines += [f'<a id="{anchor(r["id"])}"></a>', "", f"### {esc(r['id'])}: {esc(r['title'])}", "",
                  f"Severity: **{esc(r['severity'])}**. Status: {STATUS_LABEL[r['status']]}.", "",
                  esc(r["rationale"]), "", f"Fix: {esc(r['fix'])}", ""]
        if r["link"]:
            lines += [f"Guidance: [{esc(r['link'])}]({quote(r['link'], safe=URL_SAFE)})", ""]
    return lines
