"""The threat model page: the data-flow diagram, every boundary-crossing flow and data store with its STRIDE
threats, each mitigated (by which element) or open (with the fix), and the catalogue of threat rules."""
from __future__ import annotations

from .. import paths
from ..site import md
from ..site.diagram import diagram_sections
from ..site.render import PageContext

PATH = paths.page("threats")
EXPORTS = {"threat-dragon": "Threat Dragon v2", "otm": "Open Threat Model (OTM)"}


def export_path(name: str) -> str:
    return f"{paths.PAGES_DIR}/exports/{name}.json"


def render(data: dict) -> dict[str, bytes]:
    ctx = PageContext(PATH, {k: {"name": e["name"], "component": e["component"]} for k, e in data["elements"].items()})
    counts = {s: sum(t["status"] == s for t in data["threats"]) for s in ("open", "accepted", "mitigated")}
    by_flow: dict[int, list[dict]] = {}
    by_store: dict[str, list[dict]] = {}
    for t in data["threats"]:
        (by_flow.setdefault(t["flow"], []) if t["flow"] else by_store.setdefault(t["element"], [])).append(t)
    sections = [
        f"{len(data['flows'])} flows cross a trust boundary and {len(data['stores'])} components keep data. "
        f"Of their {len(data['threats'])} threats, **{counts['open']} open**, {counts['accepted']} accepted "
        f"in the model (`accepted_threats:`, with a reason) and {counts['mitigated']} mitigated by an element "
        "of the model.\n\nExports: " + " · ".join(ctx.to(export_path(k), label) for k, label in EXPORTS.items()),
        *diagram_sections(PATH, data["diagrams"]),
        "## Flows across trust boundaries\n\n" + md.table(
            ["Flow", "From", "To", "Boundary", "Protocol", "Auth", "Open"],
            [[f"[F{f['number']}](#f{f['number']})", ctx.element(f["source"]), ctx.element(f["target"]),
              md.text(f["boundary"]), md.text(f["protocol"]), md.text(f["auth"]),
              str(sum(t["status"] == "open" for t in by_flow.get(f["number"], [])))]
             for f in data["flows"]]),
        *[flow_section(f, data, ctx, by_flow.get(f["number"], [])) for f in data["flows"]],
        "## Data stores\n\n" + "\n\n".join(store_section(s, data, ctx, by_store.get(s, [])) for s in data["stores"])
        if data["stores"] else "## Data stores\n\n_None._\n",
        "## Threat rules\n\nEach threat comes from one rule (archkit/threats/builtin/); an open threat is also a "
        "finding of `generate.py` (SARIF, `--fail-on`).\n\n" + md.table(
            ["Rule", "STRIDE", "Applies to", "Severity", "Threat", "Fix"],
            [[md.code(r["id"]), md.text(r["category"]), md.text(r["subject"]), md.text(r["severity"]),
              md.text(r["title"]), md.text(r["fix"])] for r in data["rules"]]),
    ]
    return {PATH: md.page("Threat model", "trust zones, connections, stores and accepted_threats", sections)}


def flow_section(flow: dict, data: dict, ctx: PageContext, threats: list[dict]) -> str:
    head = (f'### F{flow["number"]}: {md.text(data["elements"][flow["source"]]["name"])} → '
            f'{md.text(data["elements"][flow["target"]]["name"])} {{#f{flow["number"]}}}\n\n'
            f'{md.text(flow["boundary"])}; {md.text(flow["protocol"])}'
            + (f'; auth: {md.text(flow["auth"])}' if flow["auth"] else "; no authentication named")
            + (f'. {md.text(flow["purpose"])}' if flow["purpose"] else "") + "\n\n")
    return head + threat_table(threats, ctx)


def store_section(store: str, data: dict, ctx: PageContext, threats: list[dict]) -> str:
    element = data["elements"][store]
    return (f"### {ctx.element(store)} {{#store-{store}}}\n\n{md.text(element['type'])} in "
            f"{md.text(element['zone'])}\n\n"
            + threat_table(threats, ctx))


def threat_table(threats: list[dict], ctx: PageContext) -> str:
    return md.table(["Threat", "STRIDE", "Status", "Mitigated by / fix"],
                    [[f"{md.code(t['id'])} {md.text(t['title'])} ({md.code(t['rule'])})", md.text(t["category"]),
                      status(t), answer(t, ctx)] for t in threats])


def status(threat: dict) -> str:
    return {"open": "**open**", "accepted": "accepted", "mitigated": "mitigated"}[threat["status"]]


def answer(threat: dict, ctx: PageContext) -> str:
    if threat["status"] == "mitigated":
        by = ctx.element(threat["by"]) if threat["by"] in ctx.names else md.text(threat["by"].replace("->", " → "))
        return f"{by}: {md.text(threat['detail'])}"
    if threat["status"] == "accepted":
        return f"{md.text(threat['detail'])}. Accepted: {md.text(threat['reason'])}"
    return f"{md.text(threat['detail'])}. Fix: {md.text(threat['fix'])}"
