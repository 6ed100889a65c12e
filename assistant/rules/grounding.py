"""Every number traced to the input (B006): a count, measure, amount or unit cost in an indicator
must be one the breakdown, the budget or the goals state, or follow from them (a sum of parallel
counts, a worked-out line, an amount per unit), unless the row says it is a suggestion (建议值).

`ungrounded_numbers(table)` is the check itself, usable without the registry (the LLM drafter
validates its rows with it); the B006 rule reports what it returns. Sentences of the breakdown
that instruct (数量指标一律写…) are not sources: a number copied from one is ungrounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from assistant.model import Indicator, Severity, TargetTable, ValueKind
from assistant.parse.binding import blank_instructions
from assistant.parse.budget_units import MEASURE_UNITS, MONEY, QUANTITY_UNIT, alternation, canonical
from assistant.parse.textnum import MONEY_FACTORS, NUMBER, normalize, to_decimal
from assistant.rules import budget_support as bs
from assistant.rules.common import quote
from assistant.rules.registry import Hit, RuleContext, rule

SUGGESTION = re.compile(r"建议值|参照同类|同类项目|请按[^，。]{0,8}核定|suggested|typical indicator|^kb:|^type:")
_CHECKED = (ValueKind.COUNT, ValueKind.MEASURE, ValueKind.MONEY, ValueKind.UNIT_COST)
_FIGURE = re.compile(rf"(?<![\d.])(?P<num>{NUMBER})\s*(?P<wan>万(?=[\u4e00-\u9fff]))?"
                     rf"(?P<unit>{MONEY}|{QUANTITY_UNIT}|{alternation(MEASURE_UNITS)})?")
# caps that need no source: no accidents, no complaints (=0次)
_ZERO_OK = Decimal(0)


@dataclass(frozen=True)
class Ungrounded:
    """A number of an indicator that nothing in the input states."""

    indicator: int
    number: Decimal
    unit: str
    text: str  # the value as written


@dataclass
class Sources:
    """The numbers the input states: plain values (counts, measures) and amounts in 元."""

    plain: set[Decimal]
    money: list[Decimal]
    units: dict[str, set[Decimal]]  # counts and measures per unit (人 → {300, 450})


def _sources(table: TargetTable) -> Sources:
    texts = [blank_instructions(table.purpose or "")[0], *table.goals, table.project]
    texts += [item.text for item in table.budget_items if item.text not in (table.purpose or "")]
    plain: set[Decimal] = set()
    money: list[Decimal] = []
    counts: dict[str, list[Decimal]] = {}
    for text in texts:
        s = normalize(text or "", keep_comma=True)
        for match in _FIGURE.finditer(s):
            value = to_decimal(match.group("num"))
            if value is None:
                continue
            unit = match.group("unit") or ""
            plain.add(value.normalize())
            if match.group("wan"):
                plain.add((value * 10000).normalize())
            if unit in MONEY_FACTORS:
                money.append(value * MONEY_FACTORS[unit])
            elif unit:
                counts.setdefault(unit, []).append(value)
    # parallel counts add up to a whole (甲类300人、乙类450人 → 750人)
    for values in counts.values():
        small = values[:8]
        for size in range(2, len(small) + 1):
            for combo in combinations(small, size):
                plain.add(sum(combo, Decimal(0)).normalize())
    money += [f.yuan for f in bs.explaining_figures(table)]
    if table.year:
        plain.add(Decimal(table.year))
    units = {bs.canonical_unit(canonical(u)): set(v) for u, v in counts.items()}
    return Sources(plain, money, units)


def is_suggested(indicator: Indicator) -> bool:
    """A row that says its value is a suggestion, not a stated figure."""
    return bool(SUGGESTION.search(f"{indicator.provenance or ''} {indicator.basis or ''}"))


def has_breakdown(table: TargetTable) -> bool:
    return bool(table.budget_items) or bool(re.search(r"\d", table.purpose or ""))


def is_draft(table: TargetTable) -> bool:
    """A drafted table records where each row came from; a published one does not."""
    return any(indicator.provenance for indicator in table.indicators)


def ungrounded_numbers(table: TargetTable, strict: bool | None = None) -> list[Ungrounded]:
    """The indicators whose count, measure, amount or unit cost matches nothing in the input.

    strict (drafts, the default when rows carry provenance): every such number not marked 建议值.
    Otherwise (a published table, which often counts things its breakdown does not itemise): a
    count or measure in a unit the breakdown counts in several figures, matching none of them
    nor their sums (one figure in that unit is B004's case)."""
    if not has_breakdown(table):
        return []
    strict = is_draft(table) if strict is None else strict
    sources = _sources(table)
    found = []
    for index, indicator in enumerate(table.indicators):
        target = indicator.target
        if target.kind not in _CHECKED or target.number is None or target.number == _ZERO_OK:
            continue
        if strict and is_suggested(indicator):
            continue
        unit = bs.canonical_unit(canonical(target.unit or ""))
        if not strict and (target.kind not in (ValueKind.COUNT, ValueKind.MEASURE)
                           or len(sources.units.get(unit, ())) < 2):
            continue
        if not _grounded(target.number, target.unit or "", target.kind, sources):
            found.append(Ungrounded(index, target.number, target.unit or "", target.raw))
    return found


def _grounded(number: Decimal, unit: str, kind: ValueKind, sources: Sources) -> bool:
    if kind in (ValueKind.MONEY, ValueKind.UNIT_COST):
        money_unit = re.match(r"亿元|万元|千元|元", unit)
        factor = MONEY_FACTORS.get(money_unit.group(0) if money_unit else "元", Decimal(1))
        amount = number * factor
        tolerance = bs.value_tolerance(number, factor)
        if any(abs(amount - m) <= tolerance for m in sources.money):
            return True
    return number.normalize() in sources.plain or (
        unit.startswith("万") and (number * 10000).normalize() in sources.plain)


@rule(
    code="B006",
    slug="number-without-source",
    category="budget",
    severity=Severity.WARNING,
    title="指标中的数字在测算明细、预算和绩效目标中都找不到来源",
    why=(
        "数量、金额、单价类指标值应当来自测算明细、预算数或绩效目标写明的数字（或由它们算出，如分组人数之和、"
        "金额÷数量）。一个哪里都找不到的数，评审无法核对，往往是抄错、臆造，或照搬了资金用途里夹带的“填写要求”。"
    ),
    bad="测算明细写“800人×300元=24万元”，数量指标却写“=88888人”",
    good="数量指标“补助发放人数 =800人”，来源“测算明细：800人×300元=24万元”；确需估计的数注明“建议值”及理由",
    fix_hint="把指标值改为测算明细中的数字（并注明出自哪一条），或在依据中注明“建议值”及确定理由。",
    refs=("count-from-breakdown",),
)
def number_without_source(context: RuleContext) -> Iterator[Hit]:
    table = context.table
    for miss in ungrounded_numbers(table):
        indicator = table.indicators[miss.indicator]
        yield Hit(
            f"“{indicator.name}”的指标值{quote(miss.text)}在测算明细、预算数和绩效目标中都找不到来源",
            miss.indicator,
            {"value": miss.text, "number": bs.fmt(miss.number), "unit": miss.unit, "name": indicator.name},
        )


__all__ = ["Ungrounded", "has_breakdown", "is_draft", "is_suggested", "ungrounded_numbers"]
