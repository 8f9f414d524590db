"""MkDocs hook (mkdocs.yml `hooks:`): before each build, run the same incremental build as generate.py.

A thin wrapper for live preview: `mkdocs serve` watches model/ (mkdocs.yml `watch:`), a change rebuilds, this hook
regenerates the changed pages and diagrams, and the browser reloads. When nothing changed the build writes
nothing, so the files it would write cannot start another rebuild. generate.py alone writes every file the site
needs: a successor of MkDocs that ignores hooks builds the same site after `python generate.py`.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.archkit")
LOCK_WAIT_SECONDS = 120  # a CLI build running on the same tree: wait for it rather than fail the preview


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config, **_kwargs):
    root = project_root(config)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))  # this project's archkit, not another checkout's
    from mkdocs.exceptions import PluginError

    from archkit.build.lock import Busy
    from archkit.build.producers import all_jobs
    from archkit.build.runner import BuildRefused, build
    from archkit.build.safety import OutputIOError, StateError, links_leaving
    from archkit.errors import ModelError
    from archkit.model import load_model

    leaving = links_leaving(Path(getattr(config, "docs_dir", root / "docs")), root)
    if leaving:
        raise PluginError("symbolic links in the docs folder point outside the project (the site would publish "
                          "what they point at): " + ", ".join(leaving) + "; replace them with the files themselves")
    try:
        summary = build(all_jobs(load_model(root / "model")), root, lock_wait=LOCK_WAIT_SECONDS)
    except (StateError, OutputIOError, Busy) as exc:
        raise PluginError(exc.report()) from None
    except ModelError as exc:
        raise PluginError("the model is invalid; nothing was generated:\n" + exc.report()) from None
    except BuildRefused as exc:
        raise PluginError("generate refused to overwrite hand-edited files:\n" + str(exc)) from None
    if summary.rendered or summary.deleted:
        log.info("archkit: %s", summary.line())
