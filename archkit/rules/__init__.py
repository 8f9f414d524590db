"""Architecture rules: checks of the model against serverless best practice.

A rule is a subclass of `Rule` (one small module each, in builtin/ or in the model's `system.rules_dir`).
`run_rules(model)` returns a Report of findings, suppressed findings (with the model's reasons) and rule statuses.
"""
from .base import SEVERITIES, Finding, Rule
from .engine import Report, run_rules
from .registry import all_rules

__all__ = ["SEVERITIES", "Finding", "Rule", "Report", "run_rules", "all_rules"]
