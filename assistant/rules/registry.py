"""The rule registry: one rule = one small function plus its record, like a linter's rules.

A rule function receives a `RuleContext` (the document, the table, its index) and yields
`Hit`s; the engine turns hits into `Finding`s carrying the rule's code and severity, so a rule
never repeats its own metadata.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.model import Document, Finding, Severity, TargetTable


@dataclass(frozen=True)
class Hit:
    """What a rule found: which row (None = the whole table), the message and its evidence."""

    message: str
    indicator: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    hint: str = ""


@dataclass
class RuleContext:
    document: Document
    table: TargetTable
    table_index: int
    # shared, lazily computed helpers for rules of the same run (e.g. row fingerprints)
    cache: dict[str, Any] = field(default_factory=dict)


RuleFunction = Callable[[RuleContext], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    category: str  # structure | values | budget | relevance | wording
    severity: Severity
    title: str  # one line, Chinese
    why: str  # the rationale, Chinese
    bad: str  # a bad example
    good: str  # a good example
    fix_hint: str
    refs: tuple[str, ...] = ()  # guidance section ids in knowledge_base/guidance
    function: RuleFunction | None = None

    def record(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "slug": self.slug,
            "category": self.category,
            "severity": self.severity.value,
            "title": self.title,
            "why": self.why,
            "bad": self.bad,
            "good": self.good,
            "fix_hint": self.fix_hint,
            "refs": list(self.refs),
        }


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    slug: str,
    category: str,
    severity: Severity | str,
    title: str,
    why: str,
    bad: str,
    good: str,
    fix_hint: str,
    refs: tuple[str, ...] | list[str] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as rule `code`."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(
            code=code,
            slug=slug,
            category=category,
            severity=Severity(severity),
            title=title,
            why=why,
            bad=bad,
            good=good,
            fix_hint=fix_hint,
            refs=tuple(refs),
            function=function,
        )
        return function

    return register


def _matches(code: str, patterns: Iterable[str]) -> bool:
    # "V" selects a family, "V00" a prefix, "V002" one rule (as linters do)
    return any(code.startswith(p.strip().upper()) for p in patterns if p.strip())


def selected_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    load_rules()
    chosen = []
    for code in sorted(RULES):
        if select and not _matches(code, select):
            continue
        if ignore and _matches(code, ignore):
            continue
        chosen.append(RULES[code])
    return chosen


def load_rules() -> dict[str, Rule]:
    """Import the rule families so their decorators register them."""
    from assistant.rules import budget, relevance, structure, values, wording  # noqa: F401

    return RULES


def _run(rule_: Rule, context: RuleContext) -> Iterator[Finding]:
    assert rule_.function is not None
    for hit in rule_.function(context):
        yield Finding(
            code=rule_.code,
            severity=rule_.severity,
            table=context.table_index,
            indicator=hit.indicator,
            message=hit.message,
            hint=hit.hint or rule_.fix_hint,
            evidence=hit.evidence,
        )


def check(
    document: Document,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """Every finding of the selected rules on every table, ordered by table, row, code."""
    rules = selected_rules(select, ignore)
    shared: dict[str, Any] = {}
    findings: list[Finding] = []
    for index, table in enumerate(document.tables):
        context = RuleContext(document=document, table=table, table_index=index, cache=shared)
        for rule_ in rules:
            findings.extend(_run(rule_, context))
    findings.sort(
        key=lambda f: (f.table, -1 if f.indicator is None else f.indicator, f.code)
    )
    return findings
