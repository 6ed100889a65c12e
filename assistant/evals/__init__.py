"""Evals: score the engine against hand-labelled cases (rules today; retrieval and drafts later)."""

from assistant.evals.rules_eval import CodeStats, Miss, RulesReport, evaluate_rules

__all__ = ["CodeStats", "Miss", "RulesReport", "evaluate_rules"]
