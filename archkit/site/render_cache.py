"""`mkdocs serve` only: a page whose Markdown, site file list and Markdown settings are unchanged since the last
build is not converted again (about a third of a site build); its HTML, table of contents, title and anchors are
reused. Every page is still rendered into the theme, so the navigation and the search index stay whole."""
from __future__ import annotations

INSTALLED = {"done": False}


def install():
    if INSTALLED["done"]:
        return
    from mkdocs.structure.pages import Page

    original = Page.render
    cache: dict[str, tuple] = {}  # src_uri -> (key, saved); only the latest version of each page is kept

    def render(self, config, files):
        key = (self.markdown, _signature(files), repr(config["markdown_extensions"]), repr(config["mdx_configs"]))
        entry = cache.get(self.file.src_uri)
        if entry is not None and entry[0] == key:
            content, toc, title, anchors, links = entry[1]
            self.content, self.toc, self._title_from_render, self.present_anchor_ids = content, toc, title, anchors
            if links is not None:
                self.links_to_anchors = {files.get_file_from_path(uri): found for uri, found in links.items()
                                         if files.get_file_from_path(uri) is not None}
            return
        original(self, config, files)
        links = getattr(self, "links_to_anchors", None)
        saved = (self.content, self.toc, self._title_from_render, self.present_anchor_ids,
                 None if links is None else {f.src_uri: found for f, found in links.items()})
        cache[self.file.src_uri] = (key, saved)

    Page.render = render
    INSTALLED["done"] = True


def _signature(files) -> tuple:
    sig = getattr(files, "_archkit_signature", None)
    if sig is None:
        sig = tuple(sorted(f.src_uri for f in files))
        try:
            files._archkit_signature = sig
        except AttributeError:
            pass
    return sig
