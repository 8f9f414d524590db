"""The `archkit` subcommands over the project in the current folder (see cli.COMMANDS): build, check, validate,
serve. They take (argv, root) and return the exit status; build/check/validate accept generate.py's options."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import cli

SITE_CONFIG = "mkdocs.yml"


def build(argv: list[str], root: Path) -> int:
    """Every output from the model, then the site when the project has a mkdocs.yml (not with --only
    diagrams|pages|cloudformation, nor --list-outputs)."""
    status = cli.main(argv, root=root, prog="archkit build")
    wants_site = not ({"--list-outputs", "--list-rules", "--check", "--validate"} & set(argv)) and \
        _option(argv, "--only") in (None, "site")
    out = (root / _option(argv, "--out")).resolve() if _option(argv, "--out") else root
    if status != cli.EXIT_OK or not wants_site:
        return status
    if out != root and not (out / SITE_CONFIG).exists():
        site_project(out, (root / (_option(argv, "--model") or "model")).resolve())
    if not (out / SITE_CONFIG).is_file():
        return status
    return mkdocs(out, "build", "--strict", *([] if "--quiet" not in argv else ["--quiet"]))


def site_project(out: Path, model: Path):
    """--out DIR: make DIR a complete site project (mkdocs.yml, home page, stylesheet, an ADR index and template, the diagrams and templates
    served from docs/), so that `mkdocs build` there gives the site. Written once; never overwritten."""
    from .init import LINKS, files, write
    from .model import load_model

    wanted = ("mkdocs.yml", "docs/index.md", "docs/stylesheets/archkit.css", "docs/decisions/index.md",
              "docs/decisions/0000-template.md")  # the home page links the decisions
    name = load_model(model).system.name  # it just built
    chosen = {path: text for path, text in files(name, "system").items() if path in wanted}
    chosen["mkdocs.yml"] = _without_plugin(chosen["mkdocs.yml"])
    write(out, chosen, links={k: v for k, v in LINKS.items() if not (out / k).exists()})


def _without_plugin(config: str) -> str:
    """The outputs are already written: the site builds from them; no model to regenerate from here."""
    import re

    config = re.sub(r"  - archkit:.*\n(      .*\n)*", "", config)
    return config.replace("watch: [model]               # archkit serve / mkdocs serve: a model change regenerates the pages\n", "")


def check(argv: list[str], root: Path) -> int:
    return cli.main(["--check", *argv], root=root, prog="archkit check")


def validate(argv: list[str], root: Path) -> int:
    return cli.main(["--validate", *argv], root=root, prog="archkit validate")


def serve(argv: list[str], root: Path) -> int:
    """mkdocs serve with live reload; extra arguments go to it (e.g. -a 127.0.0.1:8001)."""
    if not (root / SITE_CONFIG).is_file():
        print(f"error: {root / SITE_CONFIG}: no site configuration here\n"
              "    fix: run archkit serve in a system repository (archkit init DIR makes one)", file=sys.stderr)
        return cli.EXIT_INVALID
    return mkdocs(root, "serve", *argv)


def mkdocs(root: Path, *args: str) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env).returncode
    except KeyboardInterrupt:
        return cli.EXIT_OK


def _option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None
