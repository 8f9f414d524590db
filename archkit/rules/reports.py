"""Findings as files for CI widgets: json (archkit's own), sarif (2.1.0) and gitlab (code quality)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .engine import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITLAB_SEVERITY = {"error": "critical", "warning": "major", "info": "info"}
TOOL_URI = "https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/welcome.html"


def as_json(report: Report) -> dict:
    return report.as_dict()


def _sarif_result(finding, index: dict, reason: str | None = None) -> dict:
    result = {"ruleId": finding.rule, "ruleIndex": index[finding.rule], "level": SARIF_LEVEL[finding.severity],
              "message": {"text": f"{finding.element}: {finding.message}"},
              "partialFingerprints": {"archkitFinding/v1": fingerprint(finding)}}
    if finding.location:
        region = {"startLine": max(finding.location.line, 1)}
        if finding.location.column:
            region["startColumn"] = finding.location.column
        result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": finding.location.file},
                                                     "region": region}}]
    if reason is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": reason}]
    return result


def as_sarif(report: Report) -> dict:
    index = {rule.id: i for i, rule in enumerate(report.rules)}
    rules = [{"id": r.id, "name": type(r).__name__, "shortDescription": {"text": r.title},
              "fullDescription": {"text": r.rationale}, "help": {"text": f"Fix: {r.fix}"},
              **({"helpUri": r.link} if r.link else {}),
              "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]}} for r in report.rules]
    results = [_sarif_result(f, index) for f in report.findings]
    results += [_sarif_result(s.finding, index, s.reason) for s in report.suppressed]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "archkit", "informationUri": TOOL_URI, "rules": rules}},
                      "results": results}]}


def as_gitlab(report: Report) -> list:
    """GitLab code quality report: suppressed findings are left out (they are accepted)."""
    return [{"description": f"{f.rule} {f.element}: {f.message}", "check_name": f.rule,
             "fingerprint": fingerprint(f), "severity": GITLAB_SEVERITY[f.severity],
             "location": {"path": f.location.file if f.location else "",
                          "lines": {"begin": max(f.location.line if f.location else 1, 1)}}}
            for f in report.findings]


def fingerprint(finding) -> str:
    return hashlib.sha256(f"{finding.rule}\0{finding.element}\0{finding.message}".encode()).hexdigest()


FORMATS = {"json": as_json, "sarif": as_sarif, "gitlab": as_gitlab}


def parse_target(text: str) -> tuple[str, Path]:
    """'sarif:reports/archkit.sarif' -> ('sarif', Path); ValueError with a usable message otherwise."""
    fmt, sep, path = text.partition(":")
    if not sep or not path or fmt not in FORMATS:
        raise ValueError(f"--findings {text!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}")
    return fmt, Path(path)


def write(report: Report, fmt: str, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(FORMATS[fmt](report), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    path.write_text(text, encoding="utf-8")
