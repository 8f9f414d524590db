"""`archkit init DIR`: a new system repository that builds and passes --strict at once.

It holds a small model (one API, one function, one table, one pipeline) whose files start with the schema comment,
the model's JSON Schema, mkdocs.yml with the archkit plugin, a home page, an ADR template, CI recipes (GitLab,
GitHub) and a pre-commit configuration. The files are the templates in template/ (dot-X stored as dot-X, written as
.X), with {{name}}, {{slug}} and {{owner}} filled in; nothing is written when DIR already holds files.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("template")
LINKS = {"docs/diagrams": "../diagrams", "docs/cloudformation": "../cloudformation"}  # the site serves these


def main(argv: list[str], root: Path) -> int:
    p = argparse.ArgumentParser(prog="archkit init", description="Start a new system repository in DIR.")
    p.add_argument("dir", type=Path, metavar="DIR", help="the new repository's folder (created; must be empty)")
    p.add_argument("--name", help="the system's name (default: from DIR, e.g. shop -> Shop)")
    args = p.parse_args(argv)
    target = (root / args.dir).resolve()
    slug = re.sub(r"[^a-z0-9]+", "-", target.name.lower()).strip("-") or "system"
    name = args.name or slug.replace("-", " ").capitalize()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"error: {target}: already exists and is not an empty folder; nothing was written\n"
              "    fix: choose a new folder name", file=sys.stderr)
        return 2
    if not re.fullmatch(r"[^\n\r{}#:]{1,80}", name):
        print(f"error: --name {name!r}: use up to 80 characters, without line breaks, braces, '#' or ':'",
              file=sys.stderr)
        return 2
    write(target, files(name, slug))
    print(f"created {target}: a model of {name} in model/, the site in docs/ and mkdocs.yml\n"
          f"next: cd {args.dir} && archkit build   (then archkit serve for a live preview)")
    return 0


def files(name: str, slug: str) -> dict[str, str]:
    from ..model.schema import schema_text

    values = {"{{name}}": name, "{{slug}}": slug, "{{owner}}": f"{slug}-team"}
    out = {}
    for path in sorted(TEMPLATE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8")
            for key, value in values.items():
                text = text.replace(key, value)
            rel = path.relative_to(TEMPLATE).as_posix()
            out[re.sub(r"(^|/)dot-", r"\1.", rel)] = text  # dot-files are stored as dot-NAME: wheels keep them
    out["model/model.schema.json"] = schema_text()
    return out


def write(target: Path, contents: dict[str, str], links: dict[str, str] = LINKS):
    for rel, text in contents.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, link in links.items():
        (target / link.replace("..", ".")).mkdir(exist_ok=True)
        os.symlink(link, target / rel)
