"""Observability: log groups and retention, metrics, alarms and where they go, dashboards, tracing."""
from __future__ import annotations

from .. import paths
from ..model.catalogue import load_catalogue
from ..model.types import Model
from . import md
from .data import site_data
from .diagram import diagram_sections
from .render import PageContext
from .slices import strings_in, names, properties

PATH = paths.page("observability")


def payload(model: Model) -> dict:
    conf = site_data()["observability"]
    envs = list(model.environments)
    types = [t for t in load_catalogue().types.values() if t.layer in conf["layers"]]
    groups = []
    for comp_type in types:
        members = model.by_type(comp_type.name)
        if members:
            groups.append({"label": comp_type.label, "components": [
                {"id": c.id, "properties": properties(c, envs)} for c in members]})
    tracing_keys = site_data()["component_concerns"].get("Tracing", [])
    tracing = [{"id": c.id, "settings": {k: c.props()[k] for k in tracing_keys if c.props().get(k) is not None}}
               for c in model.components.values() if any(c.props().get(k) is not None for k in tracing_keys)]
    ids = [m["id"] for g in groups for m in g["components"]] + [t["id"] for t in tracing]
    ids += [v for g in groups for m in g["components"] for v in strings_in(m["properties"]["base"])]
    return {"groups": groups, "tracing": [t for t in tracing if t["settings"]], "environments": envs,
            "names": {k: v for k, v in names(model, ids).items() if k in model.components or k in model.actors}}


def render(data: dict) -> dict[str, bytes]:
    ctx = PageContext(PATH, data["names"])
    sections = diagram_sections(PATH, data["diagrams"])
    sections += [group_section(g, data["environments"], ctx) for g in data["groups"]]
    sections.append("## Tracing\n\n" + md.table(["Component", "Settings"], [
        [ctx.element(t["id"]), ctx.value(t["settings"])] for t in data["tracing"]]))
    return {PATH: md.page("Observability", "observability components and tracing settings", sections)}


def group_section(group: dict, envs: list[str], ctx: PageContext) -> str:
    specs = group["components"][0]["properties"]["specs"]
    columns = [k for k in specs if any(m["properties"]["base"].get(k) not in (None, "", [], {})
                                       for m in group["components"])]
    rows = []
    for member in group["components"]:
        props = member["properties"]
        cells = []
        for key in columns:
            cell = ctx.value(props["base"].get(key), specs.get(key))
            extra = [f"{md.text(env)}: {ctx.value(props['per_env'][env][key], specs.get(key))}"
                     for env in envs if key in props["per_env"].get(env, {})]
            cells.append(cell + (f" ({'; '.join(extra)})" if extra else ""))
        rows.append([ctx.element(member["id"]), *cells])
    return f"## {md.text(group['label'])}\n\n" + md.table(["Component", *[md.text(c) for c in columns]], rows)
