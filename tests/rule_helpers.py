"""Shared helpers for the rule tests: cached seed documents and finding look-ups."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from assistant.model import Document, Finding, Indicator
from assistant.parse import read_path
from assistant.parse.values import parse_target
from assistant.rules import check

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@cache
def _seed(number: str) -> Document:
    return read_path(SEEDS / f"{number}.txt")


def seed(number: str) -> Document:
    """A fresh copy of a parsed seed, safe to modify."""
    return _seed(number).model_copy(deep=True)


@cache
def _findings(number: str, family: str) -> tuple[Finding, ...]:
    return tuple(check(_seed(number), select=list(family)))


def findings(number: str, family: str = "SVQ") -> list[Finding]:
    """Findings of the given rule families on an unmodified seed."""
    return list(_findings(number, family))


def codes_at(found: list[Finding], table: int, row: int | None) -> set[str]:
    return {f.code for f in found if f.table == table and f.indicator == row}


def with_value(indicator: Indicator, value: str) -> Indicator:
    indicator.target = parse_target(value)
    return indicator
