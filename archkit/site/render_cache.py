"""`mkdocs serve` only: what a rebuild would compute again for a page that did not change is reused, so that an
edit reaches the browser fast. Every page is still built, so the navigation and the search index stay whole:

- a page whose Markdown, site file list and Markdown settings are unchanged is not converted again (its HTML,
  table of contents, title and anchors are reused);
- a page whose HTML, title, table of contents and metadata, the whole navigation (every page's title and place)
  and the site settings are unchanged is not rendered into the theme again (its written HTML is reused; the
  plugins still see its context, e.g. the search index);
- the search index entries of a page whose HTML and table of contents are unchanged are reused (Material's
  search parses every page's HTML again otherwise);
- the theme's templates are compiled once (each build makes a new Jinja environment; Jinja's bytecode cache,
  kept in memory, is keyed by each template's name and source)."""
from __future__ import annotations

import os

INSTALLED = {"done": False}


def install():
    if INSTALLED["done"]:
        return
    install_markdown_cache()
    install_page_cache()
    install_search_cache()
    install_template_cache()
    INSTALLED["done"] = True


def install_markdown_cache():
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


def install_page_cache():
    """The theme's HTML of an unchanged page in an unchanged site is the HTML written last time."""
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._build_page
    cache: dict[str, tuple] = {}  # src_uri -> (key, bytes written)

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        key = (page.content, page.title, repr(page.toc), repr(page.meta), excluded, _nav_signature(nav),
               _site_signature(config))
        entry = cache.get(page.file.src_uri)
        if entry is not None and entry[0] == key and not dirty:
            config._current_page = page
            try:
                page.active = True
                context = mkdocs_build.get_context(nav, doc_files, config, page)
                config.plugins.on_page_context(context, page=page, config=config, nav=nav)  # the search index
                os.makedirs(os.path.dirname(page.file.abs_dest_path), exist_ok=True)
                with open(page.file.abs_dest_path, "wb") as handle:
                    handle.write(entry[1])
            finally:
                config._current_page = None
                page.active = False
            return
        original(page, config, doc_files, nav, env, dirty, excluded)
        try:
            with open(page.file.abs_dest_path, "rb") as handle:
                cache[page.file.src_uri] = (key, handle.read())
        except OSError:
            cache.pop(page.file.src_uri, None)

    mkdocs_build._build_page = build_page


def _nav_signature(nav) -> tuple:
    sig = getattr(nav, "_archkit_signature", None)
    if sig is None:
        sig = tuple((p.file.src_uri, p.title, p.url) for p in nav.pages)
        sig += (repr([(type(i).__name__, getattr(i, "title", None)) for i in nav.items]),)
        try:
            nav._archkit_signature = sig
        except AttributeError:
            pass
    return sig


SITE_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
             "edit_uri", "extra", "extra_css", "extra_javascript", "theme", "markdown_extensions", "nav", "use_directory_urls")


def _site_signature(config) -> str:
    return repr([(key, repr(config.get(key))) for key in SITE_KEYS])


def install_search_cache():
    """Material's search index: the entries of a page whose HTML and table of contents are unchanged."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return
    original = SearchIndex.add_entry_from_context
    cache: dict[str, tuple] = {}  # page url -> (key, entries)

    def add_entry_from_context(self, page):
        key = (page.content, repr(page.toc), repr(page.meta.get("search")), page.title)
        entry = cache.get(page.url)
        if entry is not None and entry[0] == key:
            self.entries.extend(dict(e) for e in entry[1])
            return
        before = len(self.entries)
        original(self, page)
        cache[page.url] = (key, [dict(e) for e in self.entries[before:]])

    SearchIndex.add_entry_from_context = add_entry_from_context


def _signature(files) -> tuple:
    sig = getattr(files, "_archkit_signature", None)
    if sig is None:
        sig = tuple(sorted(f.src_uri for f in files))
        try:
            files._archkit_signature = sig
        except AttributeError:
            pass
    return sig


def install_template_cache():
    import jinja2
    from mkdocs.theme import Theme

    class MemoryBytecodeCache(jinja2.BytecodeCache):
        def __init__(self):
            self.held: dict[str, bytes] = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.held:
                bucket.bytecode_from_string(self.held[bucket.key])

        def dump_bytecode(self, bucket):
            self.held[bucket.key] = bucket.bytecode_to_string()

    held = MemoryBytecodeCache()
    original = Theme.get_env

    def get_env(self):
        env = original(self)
        env.bytecode_cache = held
        return env

    Theme.get_env = get_env
