"""A matrix of every per-environment setting: accounts, regions, domains, overridden properties and the
settings bound to one environment (such as API stages with their variables and throttles)."""
from __future__ import annotations

from .. import paths
from ..model.types import Component, Model
from . import md
from .diagram import diagram_sections
from .render import PageContext
from .slices import names, spec_json

PATH = paths.page("environments")


def overridden_rows(comp: Component, envs: list[str]) -> list[dict]:
    keys = sorted({k for env in envs for k in comp.overrides.get(env, {})})
    return [{"component": comp.id, "setting": key, "values": {env: comp.props(env).get(key) for env in envs},
             "spec": spec_json(comp.type.properties.get(key))} for key in keys]


def bound_rows(comp: Component, envs: list[str]) -> list[dict]:
    """Entries of a map property whose values name an environment (e.g. stages): one row per field."""
    rows = []
    for key, spec in comp.type.properties.items():
        inner = spec.values_of
        env_field = next((n for n, f in (inner.fields.items() if inner else []) if f.kind == "environment"), None)
        if spec.kind != "map" or env_field is None:
            continue
        for entry_name, entry in (comp.props().get(key) or {}).items():
            env = entry.get(env_field)
            for field_name, value in entry.items():
                if field_name != env_field and env in envs:
                    rows.append({"component": comp.id, "setting": f"{key}.{entry_name}.{field_name}",
                                 "values": {env: value}, "spec": spec_json(inner.fields.get(field_name))})
    return rows


def payload(model: Model) -> dict:
    envs = list(model.environments)
    rows = [row for comp in model.components.values()
            for row in overridden_rows(comp, envs) + bound_rows(comp, envs)]
    return {"environments": [{"id": e.id, "name": e.name, "account": e.account, "region": e.region,
                              "domain": e.domain, "production": e.production, "description": e.description}
                             for e in model.environments.values()],
            "rows": rows, "names": names(model, [r["component"] for r in rows])}


def render(data: dict) -> dict[str, bytes]:
    ctx = PageContext(PATH, data["names"])
    envs = data["environments"]
    headers = ["Setting"] + [md.text(e["id"]) for e in envs]
    basics = [["Name", *[md.text(e["name"]) for e in envs]], ["Account", *[md.code(e["account"]) for e in envs]],
              ["Region", *[md.text(e["region"]) for e in envs]], ["Domain", *[md.text(e["domain"]) for e in envs]],
              ["Production", *["yes" if e["production"] else "no" for e in envs]],
              ["About", *[md.text(e["description"]) for e in envs]]]
    matrix = [[f"{ctx.element(r['component'])} {md.code(r['setting'])}",
               *[ctx.value(r["values"][e["id"]], r["spec"]) if e["id"] in r["values"] else "" for e in envs]]
              for r in data["rows"]]
    sections = ["## Accounts, regions and domains\n\n" + md.table(headers, basics),
                *diagram_sections(PATH, data["diagrams"]),  # the Regions, for a model in more than one
                "## Settings that differ per environment\n\n"
                "Overridden properties, and the settings bound to one environment. Every other property has "
                "the same value everywhere (see each component's page).\n\n" + md.table(headers, matrix)]
    return {PATH: md.page("Environments", "environments and per-environment overrides", sections)}
