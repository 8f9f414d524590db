"""MkDocs hook (mkdocs.yml `hooks:`) for a checkout where archkit is not installed: the same as the `archkit`
plugin (archkit/site/plugin.py, preview.py), options from mkdocs.yml `extra: {archkit: {model: ..., out: ...}}`.

`mkdocs serve` watches model/ (mkdocs.yml `watch:`), a change rebuilds, this hook regenerates the changed pages and
diagrams, and the browser reloads. When nothing changed the build writes nothing. generate.py alone writes every
file the site needs: a successor of MkDocs that ignores hooks builds the same site after `python generate.py`.
"""
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)  # this checkout's archkit, not another one's

from archkit.site import preview  # noqa: E402  (after the path above)


def _preview(config) -> preview.Preview:
    """One object per mkdocs.yml and process: it survives the reloads of `mkdocs serve` (the hook may not)."""
    key = str(config.config_file_path)
    if key not in preview.HOOKED:
        extra = (getattr(config, "extra", None) or {}).get("archkit") or {}
        preview.HOOKED[key] = preview.Preview(preview.Options(**extra))
    state = preview.HOOKED[key]
    state.start(preview.COMMAND["value"])
    return state


def on_startup(command, dirty):
    preview.COMMAND["value"] = command


def on_config(config):
    _preview(config).name_site(config)
    return config


def on_pre_build(config, **_kwargs):
    _preview(config).generate(config)


def on_nav(nav, config, files):
    return _preview(config).sort_nav(nav)


def on_page_content(html, page, config, files):
    return _preview(config).banner(html)


def on_serve(server, config, builder):
    return _preview(config).watch_once(server, config)
