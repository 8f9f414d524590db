"""Embedding a generated diagram: an <object> keeps the SVG's links clickable; a glightbox link zooms."""
from __future__ import annotations

from .. import paths
from .md import attr


def shown_on_pages(views) -> dict[str, list[dict]]:
    """Page path -> the diagrams it embeds, in the views' order, each {name, heading, caption, intro}: what each
    view says of the page that shows it (views/contract.OnPage), the only list of a page's diagrams."""
    found: dict[str, list[dict]] = {}
    for view in views:
        if view.on_page:
            shown = view.on_page
            found.setdefault(shown.path, []).append({"name": view.name, "heading": shown.heading,
                                                     "caption": shown.caption, "intro": shown.intro})
    return found


def diagram_sections(page_path: str, diagrams: list[dict]) -> list[str]:
    """A section per diagram the page embeds (shown_on_pages): its heading, what the page says of it, the figure."""
    return [f"## {d['heading']}\n\n" + (f"{d['intro']}\n\n" if d["intro"] else "")
            + embed(page_path, d["name"], d["caption"]) for d in diagrams]


def embed(page_path: str, name: str, title: str) -> str:
    svg = paths.site_link(page_path, paths.diagram(name, "svg"))
    png = paths.site_link(page_path, paths.diagram(name, "png"))
    label = attr(title)
    return (f'<figure class="archkit-diagram">\n'
            f'<object type="image/svg+xml" data="{svg}" aria-label="{label}">{label}</object>\n'
            f'<figcaption><a class="glightbox" href="{png}" data-type="image" data-title="{label}">'
            f'Zoom in</a> · <a href="{svg}">Open the SVG</a> (its boxes link to the components)</figcaption>\n'
            f'</figure>\n')
