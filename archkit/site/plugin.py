"""The MkDocs plugin `archkit` (pyproject entry point), configured in mkdocs.yml:

    plugins:
      - archkit:
          model: model      # the model folder or file, relative to mkdocs.yml
          out: .            # where the diagrams, pages and templates are written
          name_site: true   # name the site after system.name
"""
from __future__ import annotations

from mkdocs.config import base, config_options as c
from mkdocs.plugins import BasePlugin, event_priority

from .preview import Options, Preview


class ArchkitConfig(base.Config):
    model = c.Type(str, default="model")
    out = c.Type(str, default=".")
    name_site = c.Type(bool, default=True)


class ArchkitPlugin(BasePlugin[ArchkitConfig]):
    def __init__(self):
        self.preview: Preview | None = None

    def on_startup(self, *, command, dirty):  # its presence keeps one plugin object across `mkdocs serve` rebuilds
        self.command = command

    def on_config(self, config):
        self.preview = self.preview or Preview(Options(self.config.model, self.config.out, self.config.name_site))
        self.preview.start(getattr(self, "command", "build"))
        self.preview.name_site(config)
        return config

    @event_priority(100)  # before other plugins look at the files
    def on_pre_build(self, *, config):
        self.preview.generate(config)

    def on_nav(self, nav, *, config, files):
        return self.preview.sort_nav(nav)

    def on_page_content(self, html, *, page, config, files):
        return self.preview.banner(html)

    def on_serve(self, server, *, config, builder):
        return self.preview.watch_once(server, config)
