"""The command line: `archkit SUBCOMMAND` (installed) and generate.py (a checkout), over the same code.

`archkit` dispatches through COMMANDS, a table of subcommand -> "module:function" (called with the remaining
arguments and the project root, returning the exit status); adding a subcommand is one line there.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ModelError, RenderError
from .rules import cli as rules_cli

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_BLOCKED = 0, 1, 2, 3


ONLY = {  # --only: which outputs a build writes (folders under the output root); "site" is pages + diagrams
    "diagrams": ("diagrams/",),
    "pages": ("docs/",),
    "cloudformation": ("cloudformation/",),
    "site": ("diagrams/", "docs/"),
}


def parser(root: Path, prog: str = "generate.py") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Build diagrams, docs pages and CloudFormation skeletons from the architecture model.",
        epilog="Exit status: 0 success; 1 outputs stale (--check), a hand-edited file in the way, or a rule error "
               "(the default --fail-on error); "
               "2 invalid model, untrusted state (manifest, journal, a symlink in the output folders) or bad "
               "usage; 3 the file system or another build stood in the way (disk full, read-only, a folder "
               "where a file goes, a build already running): nothing was published. "
               "`generate.py diff --help`: the architecture diff of two models (git refs or folders).")
    p.add_argument("--model", type=Path, default=root / "model", metavar="PATH",
                   help="model folder or single YAML file (default: model/)")
    p.add_argument("--out", type=Path, default=root, metavar="DIR",
                   help="root the outputs are written under (default: the project root)")
    p.add_argument("--validate", action="store_true", help="only load and validate the model; write nothing")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 naming every stale, missing or orphaned generated file")
    p.add_argument("--no-cache", action="store_true", help="render every output, even those whose inputs are unchanged")
    p.add_argument("--force", action="store_true", help="overwrite generated files that were edited by hand")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="render processes (default: one per core)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--list-outputs", action="store_true", help="list every file the model generates, then exit")
    p.add_argument("--only", choices=sorted(ONLY), default=None,
                   help="write only these outputs (site: the pages and diagrams the site needs); others are kept")
    rules_cli.add_arguments(p)
    return p


def main(argv: list[str] | None = None, root: Path | None = None, prog: str = "generate.py") -> int:
    root = (root or Path.cwd()).resolve()
    argv = sys.argv[1:] if argv is None else argv
    lead = 2 if argv[:1] == ["--model"] else 1 if argv[:1] and argv[0].startswith("--model=") else 0
    if argv[lead:lead + 1] == ["diff"]:  # the architecture diff of two models (archkit/diff/); --model may lead
        from .diff.cli import main as diff_main

        return diff_main(argv[:lead] + argv[lead + 1:], root)
    cli = parser(root, prog)
    args = cli.parse_args(argv)
    args.out = args.out.resolve()
    rules_cli.allow_custom_rules(not args.no_custom_rules)
    for target in args.findings:
        try:
            rules_cli.reports_target(target)
        except ValueError as exc:
            cli.error(str(exc))
    from .model import load_model  # after argument parsing so that --help stays instant

    try:
        model = load_model(args.model)
    except ModelError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    say = (lambda *a, **k: None) if args.quiet else (lambda *a, **k: print(*a, **k))
    if args.validate:
        from .build.producers import all_jobs

        try:
            jobs = all_jobs(model)  # what the build plans (stacks, logical ids) is checked too: a model it accepts builds
            checked_renders(jobs)  # and the templates' own checks (sizes, dynamic references), as the build does them
        except ModelError as exc:
            print(exc.report(), file=sys.stderr)
            return EXIT_INVALID
        except RenderError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
        except rules_cli.RULE_ERRORS as exc:  # the Checks page's job runs the rules, custom ones included
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INVALID
        say(f"model OK: {len(model.components)} components, {len(model.connections)} connections, "
            f"{len(model.flows)} flows, {len(model.pipelines)} pipelines in {len(model.files)} files")
    rules_failed = None
    if args.list_rules or not args.list_outputs:
        try:
            if args.list_rules:
                return rules_cli.list_rules(model)
            rules_failed, _ = rules_cli.check(model, args, say)
        except rules_cli.RULE_ERRORS as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INVALID
    if args.validate:
        return rules_failed or EXIT_OK
    if args.no_custom_rules and model.system.rules_dir and not (args.check or args.list_outputs):
        print("error: --no-custom-rules: a build writes the Checks page, which needs the model's own rules too; "
              "nothing was written\n    fix: review the rules in system.rules_dir, then build without "
              "--no-custom-rules (or use it with --validate or --check)", file=sys.stderr)
        return EXIT_INVALID
    status = run_outputs(model, args, say)
    return status if status != EXIT_OK else (rules_failed or EXIT_OK)


def checked_renders(jobs) -> None:
    """Run the renders that check what the plan could only estimate (the CloudFormation templates), writing
    nothing: a RenderError there is what the build would stop at."""
    from .renderers.cloudformation import RENDER
    for job in jobs:
        if job.func == RENDER:
            job.run()


def run_outputs(model, args, say) -> int:
    from .build.lock import Busy
    from .build.safety import OutputIOError, StateError

    try:
        return write_outputs(model, args, say)
    except StateError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    except (OutputIOError, Busy) as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_BLOCKED
    except OSError as exc:  # the last guard: an I/O fault gets one line, never a traceback
        where = exc.filename or args.out
        print(f"error: {where}: {exc.strerror or exc}; nothing was published\n"
              "    fix: check the path and the file system, then run again", file=sys.stderr)
        return EXIT_BLOCKED


def write_outputs(model, args, say) -> int:
    from .build.producers import all_jobs
    from .build.progress import Progress
    from .build.runner import BuildRefused, build, check

    try:
        jobs = all_jobs(model)
    except ModelError as exc:  # the model loads but its outputs cannot be built (e.g. no deploy order of stacks)
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    scope = ONLY.get(args.only) if getattr(args, "only", None) else None
    if scope:
        jobs = [job for job in jobs if any(path.startswith(scope) for path in job.outputs)]  # a job writes all its files
    if args.list_outputs:
        for path in sorted(p for job in jobs for p in job.outputs):
            print(path)
        return EXIT_OK
    if args.check:
        skipped = rules_cli.pages_needing_custom_rules(model) if args.no_custom_rules else set()
        jobs = [job for job in jobs if not skipped & set(job.outputs)]
        for path in sorted(skipped):
            say(f"not compared: {path} (--no-custom-rules)")
        problems = check(jobs, args.out, ignore=skipped, scope=scope)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(f"{len(problems)} generated file(s) out of step with the model\n"
                  "    fix: rebuild (generate.py, or archkit build); where a file was edited by hand, move the "
                  "change into the model, or add --force to overwrite it", file=sys.stderr)
            return EXIT_FAILED
        say(f"up to date: {sum(len(j.outputs) for j in jobs)} generated files match the model")
        return EXIT_OK
    try:
        summary = build(jobs, args.out, no_cache=args.no_cache, force=args.force, workers=args.jobs,
                        progress=Progress(quiet=args.quiet), scope=scope)
    except RenderError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return EXIT_FAILED
    except BuildRefused as exc:
        for line in exc.conflicts:
            print(f"refused: {line}", file=sys.stderr)
        print("nothing was written; move your changes into the model, or pass --force to overwrite",
              file=sys.stderr)
        return EXIT_FAILED
    say(summary.line())
    return EXIT_OK


# -- archkit SUBCOMMAND ---------------------------------------------------------------------------------------------
# subcommand -> ("module:function", one-line help). The function takes (argv, root) and returns the exit status.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("archkit.init:main", "start a new system repository in DIR (model, site, ADRs, CI, pre-commit)"),
    "build": ("archkit.commands:build", "build every output from the model, then the site (mkdocs.yml)"),
    "check": ("archkit.commands:check", "write nothing; exit 1 naming each stale, missing or orphaned output"),
    "validate": ("archkit.commands:validate", "only load and check the model and its rules; write nothing"),
    "serve": ("archkit.commands:serve", "preview the site with live reload (mkdocs serve)"),
    "diff": ("archkit.diff.cli:main", "the architecture diff of two models (archkit diff --help)"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {help_}" for name, (_target, help_) in COMMANDS.items()]
    return ("usage: archkit SUBCOMMAND [options]   (archkit SUBCOMMAND --help for its options)\n\n"
            "subcommands:\n" + "\n".join(lines))


def dispatch(argv: list[str], root: Path | None = None) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return EXIT_OK if argv else EXIT_INVALID
    if argv[0] not in COMMANDS:
        print(f"archkit: unknown subcommand {argv[0]!r}\n    fix: use one of: {', '.join(COMMANDS)}",
              file=sys.stderr)
        return EXIT_INVALID
    import importlib

    module_name, func_name = COMMANDS[argv[0]][0].split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    return func(argv[1:], (root or Path.cwd()).resolve())


def entry():
    """The `archkit` console script (pyproject.toml)."""
    sys.exit(dispatch(sys.argv[1:]))
