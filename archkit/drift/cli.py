"""generate.py drift --against PATH...: exit 1 when the deployed stacks differ from the model."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import ModelError

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="generate.py drift", description="Compare the model with what is deployed.",
        epilog="Exit status: 0 no drift; 1 drift found; 2 invalid model or unreadable input.")
    p.add_argument("--model", type=Path, default=Path("model"), metavar="PATH", help="model (default: model/)")
    p.add_argument("--against", type=Path, nargs="+", required=True, metavar="PATH",
                   help="deployed templates (or get-template JSON), describe-stack-resources or get-resources "
                        "JSON, or folders of them")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")
    p.add_argument("--output", type=Path, metavar="FILE", help="write the report here (default: standard output)")
    return p


def main(argv: list[str], root: Path) -> int:
    args = parser().parse_args(argv)
    from . import compare_resources, compare_templates, expected_side
    from ..importer.reader import TemplateError
    from ..model import load_model
    from .reality import TAGGED, read_reality, scratch_folder

    try:
        model = load_model(root / args.model)
        expected, resources = expected_side(model)
    except ModelError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    try:
        with scratch_folder() as scratch:
            reality = read_reality([root / p for p in args.against], Path(scratch))
            findings = compare_templates(expected, resources, reality.templates) if reality.templates else []
    except TemplateError as exc:
        print(f"error: {exc.problem}", file=sys.stderr)
        return EXIT_INVALID
    if reality.resources:
        findings = sorted(set(findings + compare_resources(
            resources, reality.resources, set(TAGGED.values()) if reality.tagged else None)))
    text = to_json(findings) if args.format == "json" else to_markdown(findings, model.system.name)
    if args.output:
        (root / args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_DRIFT if findings else EXIT_OK


def to_json(findings) -> str:
    return json.dumps({"drift": bool(findings), "findings": [f.as_dict() for f in findings]}, indent=2) + "\n"


def to_markdown(findings, system: str) -> str:
    if not findings:
        return f"# Drift: {system}\n\nNo drift: what is deployed matches the model.\n"
    lines = [f"# Drift: {system}", "", f"{len(findings)} difference(s) between the model and what is deployed.", "",
             "| kind | subject | detail | model | deployed |", "| --- | --- | --- | --- | --- |"]
    for f in findings:
        cells = [f.kind, f.subject, f.detail, f.expected, f.actual]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
