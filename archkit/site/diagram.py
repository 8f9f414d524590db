"""Embedding a generated diagram: an <object> keeps the SVG's links clickable; a glightbox link zooms."""
from __future__ import annotations

from .. import paths
from .md import attr


def embed(page_path: str, name: str, title: str) -> str:
    svg = paths.site_link(page_path, paths.diagram(name, "svg"))
    png = paths.site_link(page_path, paths.diagram(name, "png"))
    label = attr(title)
    return (f'<figure class="archkit-diagram">\n'
            f'<object type="image/svg+xml" data="{svg}" aria-label="{label}">{label}</object>\n'
            f'<figcaption><a class="glightbox" href="{png}" data-type="image" data-title="{label}">'
            f'Zoom in</a> · <a href="{svg}">Open the SVG</a> (its boxes link to the components)</figcaption>\n'
            f'</figure>\n')
