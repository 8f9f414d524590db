"""Security: the edge path, TLS, firewall rules, authorizers, public routes and a summary of permissions."""
from __future__ import annotations

from .. import paths
from ..model.types import Model
from . import md
from .data import site_data
from .render import PageContext
from .slices import strings_in, component_summary, connection_json, names, spec_json

PATH = paths.page("security")


def payload(model: Model) -> dict:
    conf = site_data()["security"]
    layer_rank = {layer: i for i, layer in enumerate(conf["layers"])}
    comps = sorted((c for c in model.components.values() if c.layer in layer_rank), key=lambda c: layer_rank[c.layer])
    edge_ids = {c.id for c in comps}
    path = [c for c in model.connections if c.source in edge_ids and c.target in edge_ids
            or (c.source in model.actors and c.target in edge_ids)]
    permissions = [c for c in model.connections if c.permissions]
    described = [{**component_summary(c), "properties": {**c.props(), **({"region": c.region} if c.region else {})},
                  "specs": {k: spec_json(s) for k, s in c.type.properties.items()}} for c in comps]
    ids = [c.id for c in comps] + [e for c in path + permissions for e in (c.source, c.target)]
    ids += [ref for c in described for v in c["properties"].values() for ref in strings_in(v)]
    return {"components": described, "edge_path": [connection_json(c) for c in path],
            "permissions": [connection_json(c) for c in permissions], "lists": conf["lists"],
            "tls": site_data()["tls_properties"],
            "names": {k: v for k, v in names(model, ids).items() if k in model.components or k in model.actors}}


def render(data: dict) -> dict[str, bytes]:
    ctx = PageContext(PATH, data["names"])
    comps = data["components"]
    sections = [
        "## The path through the edge\n\nEvery connection between actors and the edge, API, authentication and "
        "identity components, in model order.\n\n" + md.table(
            ["From", "To", "Protocol", "Auth", "Purpose"],
            [[ctx.element(c["source"]), ctx.element(c["target"]), md.text(c["protocol"]), md.text(c["auth"]),
              md.text(c["purpose"])] for c in data["edge_path"]]),
        "## TLS and certificates\n\n" + md.table(["Component", "Setting", "Value"], [
            [ctx.element(c["id"]), md.code(key), ctx.value(c["properties"][key], c["specs"].get(key))]
            for c in comps for key in data["tls"] if c["properties"].get(key) not in (None, "", [])]),
        *[list_section(title, prop, comps, ctx) for prop, title in data["lists"].items()],
        "## Public entries\n\nItems marked public: they need no token.\n\n" + public_section(data["lists"], comps, ctx),
        "## Permissions\n\nIAM actions granted on each connection (the caller's role or the resource's policy).\n\n"
        + md.table(["Caller", "Resource", "Actions"], [
            [ctx.element(c["source"]), ctx.element(c["target"]), ", ".join(md.code(p) for p in c["permissions"])]
            for c in data["permissions"]]),
        "## Components\n\n" + md.table(["Component", "Type", "Owner"], [
            [ctx.element(c["id"]), md.text(c["type"]), md.text(c["owner"])] for c in comps]),
    ]
    return {PATH: md.page("Security", "edge, API, authentication and identity components", sections)}


def list_section(title: str, prop: str, comps: list[dict], ctx: PageContext) -> str:
    parts = [f"### {ctx.element(c['id'])}\n\n" + (ctx.sub_table(c["properties"][prop], c["specs"].get(prop))
                                                  or ctx.value(c["properties"][prop], c["specs"].get(prop)))
             for c in comps if c["properties"].get(prop)]
    return f"## {md.text(title)}\n\n" + ("\n\n".join(parts) if parts else "_None._\n")


def public_section(lists: dict, comps: list[dict], ctx: PageContext) -> str:
    rows = [[ctx.element(c["id"]), ctx.value({k: v for k, v in item.items() if k not in ("public",)},
                                             (c["specs"].get(prop) or {}).get("items"))]
            for c in comps for prop in lists for item in (c["properties"].get(prop) or [])
            if isinstance(item, dict) and item.get("public") is True]
    return md.table(["Component", "Entry"], rows)
