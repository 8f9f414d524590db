"""One page per component: what it is, its settings per environment, who it talks to and how it is watched."""
from __future__ import annotations

from .. import paths
from . import md
from .diagram import diagram_sections
from .render import PageContext, is_nested


def render(payload: dict) -> dict[str, bytes]:
    comp = payload["component"]
    path = paths.component_page(comp["id"])
    ctx = PageContext(path, payload["names"])
    props = payload["properties"]
    sections = [
        about(comp, ctx),
        *diagram_sections(path, payload["diagrams"]),  # its neighbourhood, and a state machine's states
        properties_section(props, payload["environments"], ctx),
        concerns_section(payload["concerns"], props, ctx),
        connections_section(comp["id"], payload["connections"], ctx),
        permissions_section(comp["id"], payload["connections"], ctx),
        observed_section(payload["observed_by"], ctx),
        referenced_section(payload["referenced_by"], ctx),
        cloudformation_section(comp, payload["resources"], ctx),
        suppressions_section(comp["suppressions"]),
    ]
    return {path: md.page(comp["name"], f"component {comp['id']}", sections)}


def about(comp: dict, ctx: PageContext) -> str:
    rows = [["Id", md.code(comp["id"])], ["Type", md.text(comp["type"])], ["Layer", md.text(comp["layer_label"])],
            ["Scope", md.text(comp["scope"])], ["Runs in", md.text(comp["runs_in"])],
            ["Holds state", "yes" if comp["stateful"] else "no"],
            ["Owner", md.text(comp["owner"]) or "_not set_"]]
    rows += [[md.text(name), md.url(url)] for name, url in comp["links"].items()]
    description = md.text(comp["description"]) + "\n\n" if comp["description"] else ""
    return description + md.table(["Fact", "Value"], rows)


def properties_section(props: dict, environments: list[str], ctx: PageContext) -> str:
    base, per_env, specs = props["base"], props["per_env"], props["specs"]
    rows, nested = [], []
    for key, value in base.items():
        spec = specs.get(key) or {}
        differs = "; ".join(f"{md.text(env)}: {ctx.value(per_env[env][key], spec) or '(none)'}"
                            for env in environments if key in per_env.get(env, {}))
        block = isinstance(value, str) and "\n" in value.strip()  # a schema: shown below as written
        shown = f"[see below](#prop-{key})" if is_nested(value) or block else ctx.value(value, spec)
        rows.append([md.code(key), shown, differs, md.text(spec.get("doc", ""))])
        if block:
            nested.append(f"### {md.text(key)} {{#prop-{key}}}\n\n" + md.code_block(value))
        elif is_nested(value):
            nested.append(f"### {md.text(key)} {{#prop-{key}}}\n\n" + (ctx.sub_table(value, spec) or ctx.value(value, spec)))
    note = ("Values apply to every environment unless the per-environment column says otherwise.\n\n"
            if environments else "")
    return ("## Properties\n\n" + note + md.table(["Property", "Value", "Per environment", "Meaning"], rows)
            + ("\n" + "\n\n".join(nested) if nested else ""))


def concerns_section(concerns: dict, props: dict, ctx: PageContext) -> str:
    parts = []
    for title, keys in concerns.items():
        rows = [[md.code(k), ctx.value(props["base"][k], props["specs"].get(k))] for k in keys
                if props["base"].get(k) not in (None, "", [], {})]
        if rows:
            parts.append(f"### {md.text(title)}\n\n" + md.table(["Setting", "Value"], rows))
    return "## Scaling, limits and operations\n\n" + ("\n\n".join(parts) if parts else "_No such settings._\n")


def connections_section(own_id: str, connections: list[dict], ctx: PageContext) -> str:
    def rows(direction: str) -> list[list[str]]:
        other_key = "source" if direction == "in" else "target"
        mine = [c for c in connections if c["target" if direction == "in" else "source"] == own_id]
        return [[ctx.element(c[other_key]), md.text(c["protocol"]), md.text(c["purpose"]), md.text(c["auth"]),
                 "async" if c["async"] else "sync"] for c in mine]
    headers = ["Other end", "Protocol", "Purpose", "Auth", "Mode"]
    return ("## Connections\n\n### In (who calls it)\n\n" + md.table(headers, rows("in"))
            + "\n### Out (what it calls)\n\n" + md.table(headers, rows("out")))


def permissions_section(own_id: str, connections: list[dict], ctx: PageContext) -> str:
    rows = [[("it → " + ctx.element(c["target"])) if c["source"] == own_id else (ctx.element(c["source"]) + " → it"),
             ", ".join(md.code(p) for p in c["permissions"])] for c in connections if c["permissions"]]
    return "## Permissions (IAM actions on its connections)\n\n" + md.table(["Connection", "Actions"], rows)


def observed_section(observers: list[dict], ctx: PageContext) -> str:
    rows = [[ctx.element(o["id"]), md.text(o["type"]), md.text(o["description"])] for o in observers]
    return "## Logs, metrics and alarms on it\n\n" + md.table(["Component", "Type", "About"], rows)


def referenced_section(referenced_by: list[str], ctx: PageContext) -> str:
    if not referenced_by:
        return ""
    return "## Named in the settings of\n\n" + md.bullet_list([ctx.element(r) for r in referenced_by])


def cloudformation_section(comp: dict, resources: list, ctx) -> str:
    if resources:
        rows = [[md.code(logical_id), md.code(resource_type), served_file(ctx, template)]
                for template, logical_id, resource_type in resources]
        return ("## CloudFormation resources\n\nThe resources this component becomes in the generated templates:\n\n"
                + md.table(["Logical id", "Type", "Template"], rows))
    items = [md.code(t) for t in comp["cloudformation"]]
    return ("## CloudFormation resources\n\nThe resource types this component becomes:\n\n"
            + (md.bullet_list(items) if items else "_None: it lives outside CloudFormation._\n"))


def served_file(ctx, file: str) -> str:
    """A link to a generated non-page file (template, CI file) as the site serves it."""
    return md.link(file.rsplit("/", 1)[-1], paths.site_link(ctx.page_path, file))


def suppressions_section(suppressions: list[dict]) -> str:
    if not suppressions:
        return ""
    rows = [[md.code(s["rule"]), md.text(s["reason"])] for s in suppressions]
    return "## Suppressed checks\n\n" + md.table(["Rule", "Reason"], rows)
