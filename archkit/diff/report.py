"""A diff as Markdown for a merge-request comment (within GitHub's and GitLab's comment limits) and as JSON."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .changes import ADDED, CHANGED, REMOVED, RENAMED, ModelDiff, shown
from .deploy import MAY_REPLACE, Impact
from .findings import FindingChange

MARKER = "<!-- archkit-diff -->"  # the CI recipes find their own comment by it, and update it
COMMENT_LIMIT = 65_536  # GitHub's limit on a comment body (characters); GitLab's note limit is 1,000,000
BUDGET = COMMENT_LIMIT - 2_000  # room for the truncation note and the picture links
SECTION_TITLES = {"system": "System", "environments": "Environments", "actors": "Actors",
                  "components": "Components", "connections": "Connections", "flows": "Flows",
                  "pipelines": "Pipelines"}
SYMBOL = {ADDED: "➕ added", REMOVED: "➖ removed", RENAMED: "🔀 renamed", CHANGED: "✏️ changed"}


@dataclass(frozen=True)
class Picture:
    name: str  # infrastructure, flow-<id>
    file: str  # the SVG, relative to the pictures folder
    unchanged: int  # unchanged nodes in both layouts
    moved: int  # of those, how many moved more than the threshold
    title: str = ""
    moved_by_dot: int = 0  # how many Graphviz's dot alone would have moved (before pinning)

    @property
    def moved_share(self) -> float:
        return self.moved / self.unchanged if self.unchanged else 0.0

    def as_dict(self) -> dict:
        return {"name": self.name, "file": self.file, "title": self.title, "unchanged_nodes": self.unchanged,
                "moved_over_20px": self.moved, "moved_share": round(self.moved_share, 4),
                "moved_over_20px_by_dot_alone": self.moved_by_dot}


@dataclass
class DiffReport:
    base: str
    head: str
    model: ModelDiff
    impact: Impact
    findings: list[FindingChange]
    pictures: list[Picture] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.model.changes or self.impact.resources or self.impact.roles or self.impact.parameters
                    or self.findings or self.impact.stacks_added or self.impact.stacks_removed)

    def as_dict(self) -> dict:
        return {"base": self.base, "head": self.head, "model": [c.as_dict() for c in self.model.changes],
                "renamed": dict(sorted(self.model.renamed.items())), "deployment": self.impact.as_dict(),
                "findings": [f.as_dict() for f in self.findings], "pictures": [p.as_dict() for p in self.pictures],
                "summary": summary(self)}


def summary(report: DiffReport) -> dict:
    changes = report.model.changes
    return {"added": sum(c.kind == ADDED for c in changes), "removed": sum(c.kind == REMOVED for c in changes),
            "renamed": sum(c.kind == RENAMED for c in changes), "changed": sum(c.kind == CHANGED for c in changes),
            "replacements": len(report.impact.replacements),
            "data_replacements": sum(r.holds_data for r in report.impact.replacements),
            "iam_roles_changed": len(report.impact.roles),
            "new_findings": sum(f.kind == "new" for f in report.findings),
            "closed_findings": sum(f.kind == "closed" for f in report.findings)}


def to_json(report: DiffReport) -> str:
    return json.dumps(report.as_dict(), indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


MARKDOWN_SPECIAL = set("\\`*_{}[]()#+!|<>~")


def cell(text) -> str:
    """Text safe inside a Markdown table cell and inert: every Markdown character escaped (no link, image, HTML
    or table column can come from model text), no @mention pings, one line, at most 160 characters."""
    value = shown(text) if not isinstance(text, str) else text
    value = " ".join(value.split())
    value = value if len(value) <= 160 else value[:157] + "…"
    value = "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in value)
    return value.replace("@", "@\u200b")


def code(text) -> str:
    value = shown(text) if not isinstance(text, str) else text
    value = " ".join(value.split()).replace("`", "'")
    value = value if len(value) <= 160 else value[:157] + "…"
    return f"`{value.replace('|', '¦')}`" if value else "—"


def picture_link(url: str, file: str) -> str:
    """URL with '{file}' in it: substituted; ending in '/': the file appended; any other: the URL itself (all the
    pictures in one place, e.g. a CI run's artifacts); none: the file name."""
    if not url:
        return file
    if "{file}" in url:
        return url.replace("{file}", file)
    return url + file if url.endswith("/") else url


class Comment:
    """The report as Markdown; `cell` and `code` make model text inert (the site's page passes its own)."""

    def __init__(self, cell=cell, code=code, site: bool = False):
        self.cell, self.code, self.site = cell, code, site

    def warning(self, title: str, text: str, items: list[str]) -> list[str]:
        """A loud box: GitHub's and GitLab's alert in a comment, an admonition on the site."""
        if self.site:
            return [f'!!! danger "{title}"', "", f"    {text}", ""] + [f"    {item}" for item in items]
        return ["> [!CAUTION]", f"> **{title}** {text}"] + [f"> {item}" for item in items]

    def headline(self, report: DiffReport) -> list[str]:
        s = summary(report)
        lines = [MARKER, f"## Architecture diff: {self.cell(report.base)} → {self.cell(report.head)}", ""]
        if report.empty:
            return lines + ["No change to the architecture, the deployment or the rule findings."]
        lines.append(f"**{s['added']} added, {s['removed']} removed, {s['renamed']} renamed, {s['changed']} changed** · "
                     f"{s['replacements']} replacement(s) · {s['iam_roles_changed']} IAM role(s) changed · "
                     f"{s['new_findings']} new / {s['closed_findings']} closed finding(s)")
        data = [r for r in report.impact.replacements if r.holds_data]
        if data:
            title = f"{len(data)} resource(s) that hold data would be REPLACED"
            items = [f"- **{self.code(r.logical_id)}** ({r.type}, stack {self.code(r.stack)}"
                     f"{', ' + self.code(r.component) if r.component else ''}): "
                     f"{'may be replaced' if r.replacement == MAY_REPLACE else 'replaced'}"
                     f" because {self.cell(', '.join(r.because))} changes"
                     + (f". **{self.cell(r.note)}**" if r.note else "") for r in data]
            lines += [""] + self.warning(title, "(a new, empty resource; the old one is retained but no longer "
                                                "managed):", items)
        return lines

    def model_lines(self, diff: ModelDiff) -> list[str]:
        lines = ["", "### Model"]
        if not diff.changes:
            return lines + ["", "No change to the model."]
        for section, title in SECTION_TITLES.items():
            items = diff.of(section)
            if not items:
                continue
            lines += ["", f"**{title}**", ""]
            for c in items:
                name = f"{self.code(c.old_id)} → {self.code(c.id)}" if c.kind == RENAMED else self.code(c.id)
                label = f" ({self.cell(c.label)})" if c.label and c.label != c.id else ""
                lines.append(f"- {SYMBOL[c.kind]} {name}{label}")
                for p in c.properties:
                    env = f" [{self.cell(p.environment)}]" if p.environment else ""
                    lines.append(f"  - {self.code(p.path)}{env}: {self.code(p.old)} → {self.code(p.new)}")
                lines += [f"  - {self.cell(n)}" for n in c.notes]
        return lines

    def impact_lines(self, impact: Impact) -> list[str]:
        lines = ["", "### Deployment impact"]
        if impact.schemas_missing:
            lines += ["", "*cfn-lint's resource schemas are not installed: replacements cannot be told.*"]
        if not (impact.resources or impact.roles or impact.parameters or impact.stacks_added or impact.stacks_removed):
            return lines + ["", "The generated templates do not change."]
        for title, names in (("Stacks added", impact.stacks_added), ("Stacks removed", impact.stacks_removed)):
            if names:
                lines += ["", f"{title}: " + ", ".join(self.code(n) for n in names)]
        if impact.resources:
            lines += ["", "| | stack | resource | type | what changes |", "| --- | --- | --- | --- | --- |"]
            for r in impact.resources:
                lines.append(f"| {self.resource_mark(r)} | {self.code(r.stack)} | {self.code(r.logical_id)} | {self.cell(r.type)} | "
                             f"{self.resource_text(r)} |")
        if impact.roles:
            lines += ["", "**IAM**", ""]
            for role in impact.roles:
                owner = f" ({self.cell(role.component)})" if role.component else ""
                lines.append(f"- role {self.code(role.role)}{owner} in {self.code(role.stack)}")
                lines += [f"  - ➕ {self.code(a)}" for a in role.added] + [f"  - ➖ {self.code(a)}" for a in role.removed]
        if impact.parameters:
            lines += ["", "**Stack parameters**", "", "| stack | environment | parameter | old → new |",
                      "| --- | --- | --- | --- |"]
            lines += [f"| {self.code(p.stack)} | {self.code(p.environment)} | {self.code(p.name)} | {self.code(p.old)} → {self.code(p.new)} |"
                      for p in impact.parameters]
        return lines

    def resource_mark(self, r) -> str:
        if r.replacement:
            return ("🛑 **REPLACE, DATA**" if r.holds_data else "⚠️ **replace**") + (" (may)" if r.replacement == MAY_REPLACE else "")
        return {"added": "➕", "removed": "➖ **data kept**" if r.holds_data else "➖", "modified": "✏️", "moved": "🔁"}[r.kind]

    def resource_text(self, r) -> str:
        parts = []
        if r.kind == "modified":
            parts.append(", ".join(self.code(p) for p in r.paths[:6]) + (f" +{len(r.paths) - 6}" if len(r.paths) > 6 else ""))
        if r.replacement:
            parts.append(f"{'may be replaced' if r.replacement == MAY_REPLACE else 'replaced'}: {self.cell(', '.join(r.because))}")
        if r.environments:
            parts.append("in " + ", ".join(self.code(e) for e in r.environments))
        if r.note:
            parts.append(self.cell(r.note))
        if r.component:
            parts.append(f"of {self.code(r.component)}")
        return "; ".join(p for p in parts if p) or r.kind

    def finding_lines(self, findings: list[FindingChange]) -> list[str]:
        lines = ["", "### Rule findings"]
        if not findings:
            return lines + ["", "No finding opens or closes."]
        lines += ["", "| | severity | rule | element | where | message |", "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {'🆕 new' if f.kind == 'new' else '✅ closed'} | {f.severity} | {self.code(f.rule)} | {self.code(f.element)} | "
                  f"{self.code(f.where)} | {self.cell(f.message)} |" for f in findings]
        return lines

    def picture_lines(self, pictures: list[Picture], url: str) -> list[str]:
        if not pictures:
            return []
        lines = ["", "### Pictures", "", "Added green, removed red (dashed), changed amber; unchanged nodes kept in place "
                 "where the layout allows.", ""]
        for p in pictures:
            target = picture_link(url, p.file)
            moved = f"{p.moved}/{p.unchanged} unchanged node(s) moved > 20 px" if p.unchanged else "no unchanged node"
            lines.append(f"- [{self.cell(p.title or p.name)}]({target.replace(' ', '%20').replace(')', '%29')}) ({moved})")
        return lines

    def to_markdown(self, report: DiffReport, picture_url: str = "") -> str:
        """The comment; sections past the budget are cut, with a note to see the JSON (always complete)."""
        head = self.headline(report)
        tail = self.picture_lines(report.pictures, picture_url)
        if report.empty:
            return "\n".join(head + tail) + "\n"
        body = self.model_lines(report.model) + self.impact_lines(report.impact) + self.finding_lines(report.findings)
        size = sum(len(x) + 1 for x in head + tail)
        kept = []
        for line in body:
            if size + len(line) + 1 > BUDGET:
                break
            kept.append(line)
            size += len(line) + 1
        if len(kept) < len(body):
            kept += ["", f"*… {len(body) - len(kept)} more line(s) left out to fit a comment; the JSON report "
                     "(`--json`) has everything.*"]
        return "\n".join(head + kept + tail) + "\n"


def to_markdown(report: DiffReport, picture_url: str = "") -> str:
    return Comment().to_markdown(report, picture_url)
