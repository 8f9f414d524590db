"""`generate.py diff [BASE [HEAD]]`: the architecture diff of two models, as Markdown, JSON and pictures."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import ModelError, RenderError
from ..rules.cli import RULE_ERRORS
from .sources import Side, SourceError, Workspace, merge_base, top_level

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
FAIL_ON = ("replace", "data", "error", "finding", "change", "never")


def parser(root: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="generate.py diff",
        description="What a change does to the architecture: model elements, deployment impact (replacements, "
                    "IAM), rule findings and pictures, between two git refs or two model folders.",
        epilog="BASE defaults to the merge base of HEAD with the main branch, HEAD to the work tree. Refs are read "
               "from git's object store into a temporary folder; the work tree is never checked out. Exit status: "
               "0 done; 1 --fail-on matched; 2 an invalid model, an unreadable ref or bad usage.")
    p.add_argument("refs", nargs="*", metavar="REF", help="BASE [HEAD]: git refs (branch, tag, commit)")
    p.add_argument("--base", type=Path, metavar="PATH", help="BASE is this model folder (not a git ref)")
    p.add_argument("--head", type=Path, metavar="PATH", help="HEAD is this model folder (not a git ref)")
    p.add_argument("--model", type=Path, default=root / "model", metavar="PATH",
                   help="the model folder in the work tree, whose path the refs are read at (default: model/)")
    p.add_argument("--markdown", type=Path, metavar="FILE", help="write the merge-request comment here")
    p.add_argument("--json", type=Path, metavar="FILE", help="write the full report as JSON here")
    p.add_argument("--pictures", type=Path, metavar="DIR",
                   help="draw the overview and each affected flow into DIR (SVG)")
    p.add_argument("--picture-url", default="", metavar="URL",
                   help="where the comment links the pictures (e.g. the CI job's artifact URL); '{file}' in it is "
                        "replaced by the file name, a URL ending in / gets it appended, any other is used as it is; "
                        "default: DIR relative to the --markdown file")
    p.add_argument("--format", choices=("markdown", "json", "none"), default="markdown",
                   help="what to print on standard output (default: markdown)")
    p.add_argument("--fail-on", choices=FAIL_ON, default="never", metavar="WHAT",
                   help="exit 1 when: replace (a resource would, or may, be replaced), data (a data-holding one would), "
                        "error (a new error finding), finding (any new finding), change (anything changes)")
    return p


def resolve_sides(args, workspace: Workspace) -> tuple[Side, Side]:
    if len(args.refs) > 2:
        raise SourceError("give at most two refs: BASE [HEAD]")
    if args.base and args.refs:
        raise SourceError("give BASE either as a ref or as --base PATH, not both")
    need_git = not args.base or (len(args.refs) == 2 and not args.head)
    repo = top_level(args.model) if need_git else None
    if args.base:
        base = Side(str(args.base), args.base)
    else:
        ref = args.refs[0] if args.refs else merge_base(repo)
        base = workspace.side("base", repo, ref, args.model)
    if args.head:
        if len(args.refs) == 2:
            raise SourceError("give HEAD either as a ref or as --head PATH, not both")
        head = Side(str(args.head), args.head)
    elif len(args.refs) == 2:
        head = workspace.side("head", repo, args.refs[1], args.model)
    else:
        head = Side("work tree", args.model)
    return base, head


def load(side: Side, what: str):
    from ..errors import Location, Problem
    from ..model import load_model

    try:
        return load_model(side.path)
    except ModelError as exc:
        problems = [Problem(Location(side.display(p.location.file), p.location.line, p.location.column), p.path,
                            p.message, p.fix) for p in exc.problems]
        raise SourceError(f"{what} ({side.label}): the model is invalid\n" + "\n".join(map(str, problems))) from None


def failing(report, level: str) -> str:
    impact = report.impact
    if level == "replace" and impact.replacements:
        return f"{len(impact.replacements)} resource(s) would be replaced"
    if level == "data" and any(r.holds_data for r in impact.replacements):
        return "a resource that holds data would be replaced"
    if level == "error" and any(f.kind == "new" and f.severity == "error" for f in report.findings):
        return "a new error finding"
    if level == "finding" and any(f.kind == "new" for f in report.findings):
        return "a new finding"
    if level == "change" and not report.empty:
        return "the architecture changes"
    return ""


def main(argv: list[str], root: Path) -> int:
    args = parser(root).parse_args(argv)
    from .build import build_report
    from .report import to_json, to_markdown

    try:
        with Workspace() as workspace:
            base_side, head_side = resolve_sides(args, workspace)
            base = load(base_side, "BASE")
            head = load(head_side, "HEAD")
            report = build_report(base, head, base_side.label, head_side.label, base_side.display,
                                  head_side.display, args.pictures)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (RenderError, *RULE_ERRORS) as exc:  # Graphviz missing or failing; a rule that cannot run
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except ModelError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    markdown = to_markdown(report, args.picture_url or default_picture_url(args))
    for path, text in ((args.markdown, markdown), (args.json, to_json(report) if args.json else "")):
        if path:
            write(path, text)
    if args.format != "none":
        sys.stdout.write(markdown if args.format == "markdown" else to_json(report))
    reason = failing(report, args.fail_on)
    if reason:
        print(f"failing (--fail-on {args.fail_on}): {reason}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def default_picture_url(args) -> str:
    """Without --picture-url: the pictures folder relative to where the comment is written (or to here)."""
    if not args.pictures:
        return ""
    start = args.markdown.parent if args.markdown else Path(".")
    return Path(os.path.relpath(args.pictures.resolve(), start.resolve())).as_posix().rstrip("/") + "/"


def write(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
