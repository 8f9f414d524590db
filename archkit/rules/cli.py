"""The rules' part of the command line: options, printing findings, report files and the exit threshold."""
from __future__ import annotations

import argparse
import sys

from .base import SEVERITIES
from .engine import RuleCrashed
from .registry import RuleLoadError

RULE_ERRORS = (RuleLoadError, RuleCrashed)  # a rule could not be loaded or run: exit 2 with the message

LEVELS = (*SEVERITIES, "never")


def add_arguments(p: argparse.ArgumentParser):
    group = p.add_argument_group("architecture rules (run on every build, --validate and --check)")
    group.add_argument("--list-rules", action="store_true", help="list every rule (id, severity, title), then exit")
    group.add_argument("--strict", action="store_true",
                       help="exit 1 when any rule reports an error (the default; kept for scripts: --fail-on error)")
    group.add_argument("--fail-on", choices=LEVELS, default=None, metavar="LEVEL",
                       help="exit 1 when a finding of this severity or higher is reported: " + ", ".join(LEVELS) +
                            " (default: error; --fail-on warning is stricter, --fail-on never only reports)")
    group.add_argument("--no-custom-rules", action="store_true",
                       help="do not load the model's own rules (system.rules_dir), which are Python code: for "
                            "--validate, --check and --list-rules on a branch you have not reviewed; a build "
                            "with it is refused (the Checks page needs every rule)")
    group.add_argument("--findings", action="append", default=[], metavar="FORMAT:PATH",
                       help="also write the findings as json, sarif or gitlab (code quality); repeatable")


def allow_custom_rules(allowed: bool):
    from .registry import CUSTOM_RULES

    CUSTOM_RULES["enabled"] = allowed


def pages_needing_custom_rules(model) -> set[str]:
    """Outputs that differ when the model's own rules do not run."""
    from ..threats.lens_page import PATH as LENS_PAGE
    from .page import PAGE

    return {PAGE, LENS_PAGE} if model.system.rules_dir else set()  # the lens page shows the rules' results too


def threshold(args) -> str:
    return args.fail_on or "error"  # errors fail a build by default; warnings do not


def list_rules(model) -> int:
    from .registry import all_rules

    from ..threats.registry import threat_rules

    for rule in all_rules(model):
        print(f"{rule.id:<8} {rule.severity:<8} {rule.title}")
    for rule in threat_rules():  # open threats are findings too (tool-docs/threats.md)
        print(f"{rule.id:<8} {rule.severity:<8} {rule.category}: {rule.title}")
    return 0


def check(model, args, say) -> tuple[int | None, object]:
    """Run the rules, print, write the report files; (exit status if the rules fail the run, else None)."""
    from . import reports
    from .engine import report_for

    targets = [reports.parse_target(t) for t in args.findings]  # ValueError: bad usage
    report = report_for(model)
    for finding in report.findings:
        print(finding.line(), file=sys.stderr)
    for component, rule, location in report.unused:
        print(f"{location}: NOTE suppression of {rule} on {component} matches no finding; remove it", file=sys.stderr)
    (print if report.findings else say)(report.summary() + _suppressed_note(report),
                                          **({"file": sys.stderr} if report.findings else {}))
    report = _with_threats(model, report, say)  # open threats count as findings in the files and for --fail-on
    for fmt, path in targets:
        reports.write(report, fmt, path)
    level = threshold(args)
    if level != "never" and report.at_least(level):
        print(f"failing: {len(report.at_least(level))} finding(s) at or above '{level}'", file=sys.stderr)
        return 1, report
    return None, report


def _with_threats(model, report, say):
    from ..threats.cli import report_threats

    return report_threats(model, report, say)


def _suppressed_note(report) -> str:
    return "" if not report.suppressed else " (see the Checks page for the reasons)"


def reports_target(text: str):
    from .reports import parse_target

    return parse_target(text)

