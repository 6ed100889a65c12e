"""Validators: the rule catalog as a linter. `check(document)` runs every registered rule."""

from assistant.rules.registry import (
    RULES,
    Hit,
    Rule,
    RuleContext,
    check,
    load_rules,
    rule,
    selected_rules,
)

__all__ = ["RULES", "Hit", "Rule", "RuleContext", "check", "load_rules", "rule", "selected_rules"]
