"""The rule registry: one rule = one small function plus its record, like a linter's rules.

A rule function receives a `RuleContext` (the document, the table, its index) and yields
`Hit`s; the engine turns hits into `Finding`s carrying the rule's code and severity, so a rule
never repeats its own metadata.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.model import Document, Finding, NotChecked, Severity, TargetTable


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
    category: str  # structure | values | budget | relevance | wording | review
    severity: Severity
    title: str  # one line, Chinese
    why: str  # the rationale, Chinese
    bad: str  # a bad example
    good: str  # a good example
    fix_hint: str
    refs: tuple[str, ...] = ()  # guidance section ids in knowledge_base/guidance
    function: RuleFunction | None = None
    needs: tuple[str, ...] = ()  # table fields the rule compares with (keys of NEEDS)

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
            "needs": list(self.needs),
        }


RULES: dict[str, Rule] = {}

# What a rule may need from a table: whether the table has it, and why it was not checked.
NEEDS: dict[str, tuple[Callable[[TargetTable], bool], str]] = {
    "budget": (lambda t: t.budget_total_yuan is not None, "未读到预算数"),
    "goals": (lambda t: any(g.strip() for g in t.goals), "未读到绩效目标"),
    "indicators": (lambda t: bool(t.indicators), "未读到指标行"),
    "year": (lambda t: _has_time(t), "未读到年度或起止时间"),
}


def _has_time(table: TargetTable) -> bool:
    """A budget year, or a project period (the 项目期 cell or one stated in the 用途 text)."""
    from assistant.rules.periods import project_period

    return table.year is not None or bool(project_period(table))


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
    needs: tuple[str, ...] | list[str] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as rule `code`; `needs` names the table fields it
    cannot work without (see NEEDS): on a table lacking one it is reported as not checked."""
    unknown = set(needs) - set(NEEDS)
    if unknown:
        raise ValueError(f"rule {code} needs unknown fields {sorted(unknown)}")

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
            needs=tuple(needs),
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
    from assistant.rules import (  # noqa: F401
        budget,
        relevance,
        review_points,
        structure,
        values,
        wording,
    )

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


def missing_needs(rule_: Rule, table: TargetTable) -> str:
    """Why `rule_` cannot run on `table` ('' when it can)."""
    reasons = [NEEDS[need][1] for need in rule_.needs if not NEEDS[need][0](table)]
    return "，".join(reasons)


def not_checked(
    document: Document,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[NotChecked]:
    """The selected rules that cannot run on some table, without running any rule."""
    rules = selected_rules(select, ignore)
    return [
        NotChecked(code=rule_.code, table=index, reason=reason)
        for index, table in enumerate(document.tables)
        for rule_ in rules
        if (reason := missing_needs(rule_, table))
    ]


UNCERTAIN_NOTE = "该行读取不确定"


def _soften(finding: Finding, document: Document) -> Finding:
    """An error that rests on one row the reader was unsure of becomes a warning: the row
    itself may be misread (glued text, shifted columns), so it cannot carry an error alone."""
    if finding.severity is not Severity.ERROR or finding.indicator is None:
        return finding
    rows = document.tables[finding.table].indicators
    if not (0 <= finding.indicator < len(rows)) or not rows[finding.indicator].uncertain:
        return finding
    return finding.model_copy(update={
        "severity": Severity.WARNING,
        "message": f"{finding.message}（{UNCERTAIN_NOTE}，由错误降为警告）",
        "evidence": {**finding.evidence, "uncertain_row": True, "note": UNCERTAIN_NOTE},
    })


@dataclass
class CheckResult:
    findings: list[Finding]
    not_checked: list[NotChecked]


def check_report(
    document: Document,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> CheckResult:
    """The findings of the selected rules, and the rules not run on a table for lack of what
    they compare (a rule needing the budget on a table without one)."""
    rules = selected_rules(select, ignore)
    shared: dict[str, Any] = {}
    findings: list[Finding] = []
    skipped: list[NotChecked] = []
    for index, table in enumerate(document.tables):
        context = RuleContext(document=document, table=table, table_index=index, cache=shared)
        for rule_ in rules:
            reason = missing_needs(rule_, table)
            if reason:
                skipped.append(NotChecked(code=rule_.code, table=index, reason=reason))
                continue
            findings.extend(_soften(f, document) for f in _run(rule_, context))
    findings.sort(
        key=lambda f: (f.table, -1 if f.indicator is None else f.indicator, f.code)
    )
    return CheckResult(findings=findings, not_checked=skipped)


def check(
    document: Document,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """Every finding of the selected rules on every table, ordered by table, row, code."""
    return check_report(document, select, ignore).findings
