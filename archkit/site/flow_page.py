"""One page per flow: its diagrams and every step, with what can fail and what the caller then sees."""
from __future__ import annotations

from .. import paths
from . import md
from .diagram import diagram_sections
from .render import PageContext


def render(payload: dict) -> dict[str, bytes]:
    flow = payload["flow"]
    path = paths.flow_page(flow["id"])
    ctx = PageContext(path, payload["names"])
    sections = [
        (md.text(flow["description"]) + "\n\n" if flow["description"] else "") + f"Kind: **{md.text(flow['kind'])}**, "
        f"{len(flow['steps'])} steps.",
        *diagram_sections(path, payload["diagrams"]),
        "## Steps\n\nThe numbers in the diagram's circles (an outlined circle: an asynchronous step).\n\n"
        + md.table(["Step", "From → To", "Action", "Protocol", "Path", "Auth", "Timeout", "Returns", "Call"],
                   [step_row(s, ctx) for s in flow["steps"]]),
        "## What can fail\n\n" + md.table(["Step", "Condition", "Status", "Who answers → to whom", "Answer"],
                                          failure_rows(flow["steps"], ctx)),
    ]
    if flow.get("frames"):
        sections.append("## Repeats and branches\n\n" + md.table(
            ["Frame", "Steps", "What"], [[md.text(f["kind"]), f"{f['first']}–{f['last']}", md.text(f["label"])]
                                         for f in flow["frames"]]))
    return {path: md.page(flow["name"], f"flow {flow['id']}", sections)}


def step_row(step: dict, ctx: PageContext) -> list[str]:
    timeout = f"{step['timeout_ms']:,} ms" if step["timeout_ms"] is not None else ""
    return [str(step["number"]), f"{ctx.element(step['source'])} → {ctx.element(step['target'])}",
            md.text(step["action"]), md.text(step["protocol"]), md.code(step["path"]) if step["path"] else "",
            md.text(step["auth"]), timeout, md.text(step["returns"]),
            "asynchronous" if step["asynchronous"] else "synchronous"]


def failure_rows(steps: list[dict], ctx: PageContext) -> list[list[str]]:
    return [[str(s["number"]), md.text(f["when"]), md.text(f["status"]) if f["status"] is not None else "",
             f"{ctx.element(f['source'])} → {ctx.element(f['target'])}", md.text(f["response"])]
            for s in steps for f in s["failures"]]
