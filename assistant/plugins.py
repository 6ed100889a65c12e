"""Late-bound dependencies between the package's parts, wired at the package root.

The rule engine (`assistant.rules`) must not import the knowledge service (`assistant.knowledge`),
which itself runs the rules: R001's knowledge-base scorer is *injected*. `assistant/__init__.py`
registers a factory here; `assistant.rules.relevance` calls the factories when it loads and
registers what they return with `register_scorer`. This module imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Each factory returns an R001 scorer (table, indicator) -> Verdict | None, or None when the
# part it comes from is not installed. Called once, when the relevance rules load.
relevance_scorer_factories: list[Callable[[], Any]] = []


def add_relevance_scorer(factory: Callable[[], Any]) -> None:
    if factory not in relevance_scorer_factories:
        relevance_scorer_factories.append(factory)
