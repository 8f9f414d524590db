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
    wants_site = not ({"--list-outputs", "--list-rules"} & set(argv)) and _only(argv) in (None, "site")
    if status != cli.EXIT_OK or not wants_site or not (root / SITE_CONFIG).is_file():
        return status
    return mkdocs(root, "build", "--strict", *([] if "--quiet" not in argv else ["--quiet"]))


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


def _only(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--only" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--only="):
            return arg.split("=", 1)[1]
    return None
