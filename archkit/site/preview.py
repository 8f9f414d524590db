"""What the MkDocs side does, shared by the plugin (`plugins: [archkit]`, installed) and the hook (a checkout's
`hooks:`): before each site build, the same incremental build as `archkit build`; the site named after the system;
in `mkdocs serve`, one build per change and, when the model is invalid, the located errors in every page while
the previous good outputs stay as they were (nothing is written) and the server keeps answering."""
from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .. import paths

log = logging.getLogger("mkdocs.plugins.archkit")
BUILD_DELAY_S = 0.03  # quiet time after a change before the build (MkDocs waits 0.1 s): an editor's save is one burst
LOCK_WAIT_SECONDS = 120  # a CLI build running on the same tree: wait for it rather than fail the preview
HOOKED: dict = {}  # the hook's Preview per mkdocs.yml (a hook module may be loaded again on each serve reload)
COMMAND = {"value": "build"}  # the hook's on_startup: build or serve


@dataclass
class Options:
    model: str = "model"      # relative to the folder of mkdocs.yml
    out: str = "."            # the output root the pages and diagrams are written under
    name_site: bool = True    # site_name := system.name


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


class Preview:
    def __init__(self, options: Options):
        self.options = options
        self.serving = False
        self.errors: str | None = None  # the report shown in every page while serving an invalid model

    def paths(self, config) -> tuple[Path, Path, Path]:
        root = project_root(config)
        return root, (root / self.options.model).resolve(), (root / self.options.out).resolve()

    def start(self, command: str):
        self.serving = command == "serve"
        if self.serving:
            from . import render_cache

            render_cache.install()

    def name_site(self, config):
        """site_name := the model's system.name (an invalid model leaves mkdocs.yml's name; the build reports it)."""
        if not self.options.name_site:
            return
        from ..errors import ModelError

        from markupsafe import Markup, escape

        try:
            name = self.model(self.paths(config)[1]).system.name
        except ModelError:
            return
        # Model text is plain text: the theme prints site_name raw in places; Markup keeps `| e` from doubling it
        config["site_name"] = Markup(escape(name))

    def model(self, model_path: Path):
        """The model at model_path, loaded once per state of its files (the site name and the build of one site
        build read it both)."""
        from ..model import load_model
        from ..model.loader import model_files

        try:
            files = model_files(model_path) if model_path.is_dir() else [model_path]
            state = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
        except OSError:
            return load_model(model_path)
        held = getattr(self, "_held_model", None)
        if held is not None and held[0] == (str(model_path), state):
            return held[1]
        model = load_model(model_path)
        self._held_model = ((str(model_path), state), model)
        return model

    def generate(self, config):
        from mkdocs.exceptions import PluginError

        try:
            self.errors = None
            summary = self._generate(config)
        except _Failed as exc:
            if not self.serving:
                raise PluginError(str(exc)) from None
            self.errors = str(exc)
            log.info("archkit: %s", exc)  # not a warning: `strict: true` would abort the build and stall the server
            return
        if summary.rendered or summary.deleted:
            log.info("archkit: %s", summary.line())

    def _generate(self, config):
        from ..build.lock import Busy
        from ..build.producers import all_jobs
        from ..build.runner import BuildRefused, build
        from ..build.safety import OutputIOError, StateError, links_leaving
        from ..errors import ModelError, RenderError

        root, model_path, out = self.paths(config)
        leaving = links_leaving(Path(getattr(config, "docs_dir", None) or root / "docs"), root)
        if leaving:
            raise _Failed("symbolic links in the docs folder point outside the project (the site would publish "
                          "what they point at): " + ", ".join(leaving) + "; replace them with the files themselves")
        try:
            return build(all_jobs(self.model(model_path)), out, lock_wait=LOCK_WAIT_SECONDS)
        except (StateError, OutputIOError, Busy) as exc:
            raise _Failed(exc.report()) from None
        except ModelError as exc:
            raise _Failed("the model is invalid; nothing was generated:\n" + exc.report()) from None
        except BuildRefused as exc:
            raise _Failed("generate refused to overwrite hand-edited files:\n" + str(exc)) from None
        except RenderError as exc:  # e.g. Graphviz refused a diagram: nothing was written
            raise _Failed(f"error: {exc}; nothing was written") from None

    def sort_nav(self, nav):
        """The folders of generated pages (components, flows, pipelines) are listed by file name, i.e. by id, but
        the navigation shows each page's title: sort them by that title (index pages stay first)."""
        prefix = paths.PAGES_DIR[len(paths.DOCS_DIR) + 1:] + "/"
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            children = getattr(item, "children", None) or []
            stack.extend(children)
            pages = [c for c in children if getattr(c, "is_page", False) and c.file.src_uri.startswith(prefix)
                     and not c.file.src_uri.endswith("index.md")]
            if len(pages) > 1 and len(pages) == len([c for c in children if not _is_index(c)]):
                ordered = iter(sorted(pages, key=lambda page: (_h1(page).casefold(), page.file.src_uri)))
                item.children = [c if _is_index(c) else next(ordered) for c in children]
        return nav

    def banner(self, page_html: str) -> str:
        """While serving an invalid model: its located errors on top of every page."""
        if not self.errors:
            return page_html
        return ('<div class="admonition failure archkit-errors"><p class="admonition-title">archkit: the site '
                'shows the last good build; fix these and save</p><pre><code>' + html.escape(self.errors) +
                "</code></pre></div>\n" + page_html)

    def watch_once(self, server, config):
        """mkdocs serve watches the whole docs folder; the pages and diagrams the build itself writes there must
        not start a second site build (one build per change). Hand-written pages still trigger one."""
        import watchdog.events

        docs = os.path.abspath(config.docs_dir)
        generated = tuple(os.path.join(docs, name) + os.sep for name in _generated_in_docs())
        server.unwatch(docs)

        def changed(event):
            if event.is_directory or (event.src_path + os.sep).startswith(generated) or \
                    str(event.src_path).startswith(generated):
                return
            with server._rebuild_cond:  # what LiveReloadServer.watch's own callback does
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed
        server.observer.schedule(handler, docs, recursive=True)
        server.build_delay = BUILD_DELAY_S
        return server


def _is_index(item) -> bool:
    return getattr(item, "is_page", False) and item.file.src_uri.endswith("index.md")


def _h1(page) -> str:
    """The title the page will show: its first '# ' heading (generated pages start with one)."""
    for line in page.file.content_string.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.file.src_uri


def _generated_in_docs() -> list[str]:
    """Folders under docs/ that only the build writes (the generated pages; diagrams/cloudformation links)."""
    inside = paths.PAGES_DIR[len(paths.DOCS_DIR) + 1:]
    return [inside, paths.DIAGRAMS_DIR, paths.CLOUDFORMATION_DIR]


class _Failed(Exception):
    pass
