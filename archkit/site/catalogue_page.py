"""Every component, grouped by layer."""
from __future__ import annotations

from .. import paths
from ..model.catalogue import load_catalogue
from ..model.types import Model
from . import md
from .render import PageContext
from .slices import component_summary

PATH = paths.page("catalogue")


def payload(model: Model) -> dict:
    layers = load_catalogue().layers
    used = [name for name in layers if any(c.layer == name for c in model.components.values())]
    used += sorted({c.layer for c in model.components.values()} - set(layers))
    return {"layers": [{"label": layers[name].label if name in layers else name,
                        "components": [component_summary(c) for c in _by_name(model) if c.layer == name]}
                       for name in used]}


def _by_name(model: Model) -> list:
    """Sorted by what the page shows: the name (then the id, for equal names)."""
    return sorted(model.components.values(), key=lambda c: (c.name.casefold(), c.id))


def render(data: dict) -> dict[str, bytes]:
    names = {c["id"]: {"name": c["name"], "component": True} for l in data["layers"] for c in l["components"]}
    ctx = PageContext(PATH, names)
    sections = [f"## {md.text(layer['label'])}\n\n" + md.table(
        ["Component", "Type", "Owner", "About"],
        [[ctx.element(c["id"]), md.text(c["type"]), md.text(c["owner"]), md.text(c["description"])]
         for c in layer["components"]]) for layer in data["layers"]]
    return {PATH: md.page("Catalogue", "every component", sections)}
