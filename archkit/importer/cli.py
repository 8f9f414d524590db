"""generate.py import TEMPLATE... --out DIR: write model.yaml and import-report.md into DIR."""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from ..errors import ModelError

EXIT_OK, EXIT_INVALID = 0, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="generate.py import",
                                description="Turn CloudFormation or SAM templates (YAML or JSON) into a model folder.")
    p.add_argument("templates", nargs="+", type=Path, metavar="TEMPLATE",
                   help="templates, one per stack; exports and Fn::ImportValue between them are resolved")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="model folder to write (new or empty)")
    p.add_argument("--name", help="system name (default: the SystemName parameter, else the first file's name)")
    p.add_argument("--force", action="store_true", help="replace model.yaml and import-report.md in DIR")
    return p


def main(argv: list[str], root: Path) -> int:
    args = parser().parse_args(argv)
    from . import import_templates
    from .reader import TemplateError

    try:
        imported = import_templates([root / t for t in args.templates], args.name)
    except TemplateError as exc:
        print(f"error: {exc.problem}\nnothing was written", file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # the last guard on untrusted input: one located line, never a traceback
        names = ", ".join(str(t) for t in args.templates)
        print(f"error: {names}: the importer cannot read this template ({type(exc).__name__}: {exc}); nothing was "
              "written\n    fix: check the template with cfn-lint; if it is valid, report it with the template",
              file=sys.stderr)
        return EXIT_INVALID
    out = (root / args.out).resolve()
    problem = _refuse(out, args.force)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_INVALID
    text, error = settle(imported)
    if error:
        print(f"error: the imported model does not validate (a bug in the importer, please report it):\n{error}\n"
              "nothing was written", file=sys.stderr)
        return EXIT_INVALID
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "model.yaml", text)
    _write(out / "import-report.md", report(imported))
    print(f"imported {imported.total} resources from {len(imported.stacks.stacks)} template(s): "
          f"{len(imported.model['components'])} components, {len(imported.model['connections'])} connections; "
          f"{imported.mapped}/{imported.total} resources mapped ({imported.share:.0%}); "
          f"see {out / 'import-report.md'}")
    return EXIT_OK


def _refuse(out: Path, force: bool) -> str:
    if out.exists() and not out.is_dir():
        return f"error: {out} is not a folder; nothing was written\n    fix: pass a new or empty folder to --out"
    taken = [p.name for p in (out.iterdir() if out.is_dir() else ()) if p.name in ("model.yaml", "import-report.md")]
    if taken and not force:
        return (f"error: {out} already holds {', '.join(taken)}; nothing was written\n"
                "    fix: pass a new folder, or --force to replace them")
    return ""


def dump(model: dict) -> str:
    head = "# Imported from CloudFormation templates by `generate.py import`; review it (see import-report.md).\n"
    return head + yaml.safe_dump(model, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None)


CONNECTION = re.compile(r"^connections\[(\d+)\]$")


def settle(imported) -> tuple[str, str]:
    """The model's text once it validates: a connection the templates hold but no connection kind of the
    catalogue can realise (e.g. a DynamoDB stream into a function, before the catalogue has that kind) is left
    out and noted. Returns (text, error); error is not empty if it still does not validate."""
    for _ in range(3):
        text = dump(imported.model)
        problems = _validate(text)
        dropped = sorted({int(m.group(1)) for p in problems if (m := CONNECTION.match(p.path))}, reverse=True)
        if not problems or len(dropped) == 0 or any(not CONNECTION.match(p.path) for p in problems):
            return text, "\n".join(str(p) for p in problems)
        for index in dropped:
            conn = imported.model["connections"].pop(index)
            imported.notes.append(f"connection {conn['from']} -> {conn['to']} ({conn['protocol']}) is in the "
                                  "templates, but no connection kind of the catalogue realises it: left out")
    return text, "the connections would not settle"


def _validate(text: str) -> list:
    from ..model import load_model

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            model = load_model(path)
            from ..build.producers import all_jobs

            all_jobs(model)
        except ModelError as exc:
            return list(exc.problems)
    return []


def _write(path: Path, text: str):
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def report(imported) -> str:
    stacks, ownership = imported.stacks, imported.ownership
    lines = ["# Import report", "",
             f"{imported.mapped} of {imported.total} resources ({imported.share:.0%}) became, or belong to, a "
             f"component of a catalogue type; {len(ownership.unmapped)} are not in the model.", "",
             "| template | resources | SAM |", "| --- | --- | --- |"]
    for stack in stacks.stacks.values():
        lines.append(f"| {stack.display} | {len(stack.resources)} | {'yes' if stack.sam else 'no'} |")
    lines += ["", "## Components", "", "| component | type | from |", "| --- | --- | --- |"]
    for cid, c in sorted(ownership.components.items()):
        source = f"{c.key[0]}:{c.key[1]}" if c.key else "added by the importer"
        lines.append(f"| {cid} | {c.type} | {source} (+{max(len(c.owned) - 1, 0)} helper resources) |")
    lines += ["", "## Not imported", ""]
    if ownership.unmapped:
        counts = Counter(stacks.resource(k)["Type"] for k in ownership.unmapped)
        lines += ["No catalogue type describes these resources (or they belong to no imported component):", "",
                  "| type | count | resources |", "| --- | --- | --- |"]
        for kind, count in sorted(counts.items()):
            names = ", ".join(f"{k[0]}:{k[1]}" for k in ownership.unmapped if stacks.resource(k)["Type"] == kind)
            lines.append(f"| {kind} | {count} | {names} |")
    else:
        lines.append("Every resource was imported.")
    lines += ["", "## Notes", ""] + [f"- {note}" for note in imported.notes]
    return "\n".join(lines) + "\n"
