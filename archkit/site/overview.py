"""The overview: the system, its environments, counts, the infrastructure diagram and where to start."""
from __future__ import annotations

from collections import Counter

from .. import paths
from ..model.catalogue import load_catalogue
from ..model.types import Model
from . import md
from .diagram import diagram_sections
from .render import PageContext

PATH = paths.page("index")
TOPIC_PAGES = [("security", "Security", "the edge, TLS, authorizers, public routes, permissions"),
               ("observability", "Observability", "logs, metrics, alarms and where they go, tracing"),
               ("environments", "Environments", "every setting that differs per environment"),
               ("catalogue", "Catalogue", "every component, by layer")]


def payload(model: Model) -> dict:
    layers = load_catalogue().layers
    counts = Counter(c.layer for c in model.components.values())
    return {
        "system": {"name": model.system.name, "description": model.system.description,
                   "owner": model.system.owner, "links": model.system.links},
        "environments": [{"id": e.id, "name": e.name, "account": e.account, "region": e.region,
                          "domain": e.domain, "production": e.production} for e in model.environments.values()],
        "layers": [{"label": layers[name].label if name in layers else name, "count": counts[name]}
                   for name in [*layers, *sorted(set(counts) - set(layers))] if counts[name]],
        "totals": {"components": len(model.components), "actors": len(model.actors),
                   "connections": len(model.connections)},
        "flows": [{"id": f.id, "name": f.name, "kind": f.kind, "description": f.description}
                  for f in model.flows.values()],
        "pipelines": [{"id": p.id, "name": p.name, "trigger": p.trigger} for p in model.pipelines.values()],
    }


def render(data: dict) -> dict[str, bytes]:
    system, ctx = data["system"], PageContext(PATH, {})
    totals = data["totals"]
    facts = [["Owner", md.text(system["owner"]) or "_not set_"],
             ["Components", str(totals["components"])], ["Actors", str(totals["actors"])],
             ["Connections", str(totals["connections"])], ["Flows", str(len(data["flows"]))],
             ["Pipelines", str(len(data["pipelines"]))]]
    facts += [[md.text(name), md.url(url)] for name, url in system["links"].items()]
    sections = [
        md.text(system["description"]),
        md.table(["Fact", "Value"], facts),
        "## Where to start\n\n" + md.bullet_list(
            [f"{ctx.to(paths.page(page), title)}: {about}" for page, title, about in TOPIC_PAGES]
            + ["a component: click its box in the diagram below, or search for its name"]),
        *diagram_sections(PATH, data["diagrams"]),
        "## Environments\n\n" + md.table(
            ["Id", "Name", "Account", "Region", "Domain", "Production"],
            [[md.code(e["id"]), md.text(e["name"]), md.code(e["account"]), md.text(e["region"]),
              md.text(e["domain"]), "yes" if e["production"] else "no"] for e in data["environments"]]),
        "## Components by layer\n\n" + md.table(["Layer", "Components"],
                                                [[md.text(l["label"]), str(l["count"])] for l in data["layers"]]),
        "## Flows\n\n" + md.table(["Flow", "Kind", "About"], [
            [ctx.to(paths.flow_page(f["id"]), f["name"]), md.text(f["kind"]), md.text(f["description"])]
            for f in data["flows"]]),
        "## Pipelines\n\n" + md.table(["Pipeline", "Trigger"], [
            [ctx.to(paths.pipeline_page(p["id"]), p["name"]), md.text(p["trigger"])] for p in data["pipelines"]]),
    ]
    return {PATH: md.page(system["name"] + ": architecture", "system, environments, flows, pipelines", sections)}
