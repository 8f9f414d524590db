"""One page per flow: its diagrams and every step, with what can fail and what the caller then sees."""
from __future__ import annotations

from .. import paths
from . import md
from .diagram import embed
from .render import PageContext


def render(payload: dict) -> dict[str, bytes]:
    flow = payload["flow"]
    path = paths.flow_page(flow["id"])
    ctx = PageContext(path, payload["names"])
    sections = [
        (md.text(flow["description"]) + "\n\n" if flow["description"] else "") + f"Kind: **{md.text(flow['kind'])}**, "
        f"{len(flow['steps'])} steps.",
        "## Diagram\n\n" + embed(path, f"flow-{flow['id']}", flow["name"]),
        "## Sequence\n\n" + embed(path, f"sequence-{flow['id']}", f"{flow['name']} (sequence)"),
        "## Steps\n\n" + md.table(["#", "From", "To", "Action", "Protocol", "Auth", "Timeout", "Returns"],
                                  [step_row(s, ctx) for s in flow["steps"]]),
        "## What can fail\n\n" + md.table(["Step", "Between", "When", "Status", "What the caller sees"],
                                          failure_rows(flow["steps"], ctx)),
    ]
    return {path: md.page(flow["name"], f"flow {flow['id']}", sections)}


def step_row(step: dict, ctx: PageContext) -> list[str]:
    action = md.text(step["action"]) + (f" ({md.code(step['path'])})" if step["path"] else "")
    timeout = f"{step['timeout_ms']:,} ms" if step["timeout_ms"] is not None else ""
    return [str(step["number"]), ctx.element(step["source"]), ctx.element(step["target"]), action,
            md.text(step["protocol"]), md.text(step["auth"]), timeout, md.text(step["returns"])]


def failure_rows(steps: list[dict], ctx: PageContext) -> list[list[str]]:
    return [[str(s["number"]), f"{ctx.element(f['source'])} → {ctx.element(f['target'])}", md.text(f["when"]),
             md.text(f["status"]) if f["status"] is not None else "", md.text(f["response"])]
            for s in steps for f in s["failures"]]
