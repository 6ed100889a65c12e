"""Validators: the rule catalog as a linter. `check(document)` runs every registered rule."""

from assistant.rules.registry import (
    RULES,
    CheckResult,
    Hit,
    Rule,
    RuleContext,
    check,
    check_report,
    load_rules,
    not_checked,
    rule,
    selected_rules,
)

__all__ = [
    "RULES", "CheckResult", "Hit", "Rule", "RuleContext", "check", "check_report", "load_rules",
    "not_checked", "rule", "selected_rules",
]
