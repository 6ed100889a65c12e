"""Figures from a table's budget breakdown that the budget rules compare indicators with.

Kept apart from the rule functions so a drafter (or a later rule) can ask the same questions:
which amounts does the breakdown state, which counts, which unit prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from assistant.model import BudgetItem, Indicator, Quantity, TargetTable, ValueKind, wan
from assistant.rules.value_checks import is_cost_row  # noqa: F401 - one definition, used by the budget rules

# Units that measure time, not how many things are delivered ("12个月" is not a count of people).
PERIOD_UNITS = frozenset({"月", "年", "天", "日", "工作日", "周", "季度", "小时", "%"})
PERSON_UNITS = frozenset({"人", "名", "位", "人员"})
# Classifiers that stand in for the counted noun: "19个" counts the same as "19个社区".
GENERIC_COUNT_UNITS = frozenset({"个", "家", "所", "处"})

# Row names that speak of the whole project cost (not a part or a unit cost).
_TOTAL_WORDS = ("预算", "总成本", "资金成本", "成本金额", "项目成本", "总额", "总投入", "经费控制", "资金总")
# Row names that speak of a per-unit amount: these cannot be compared with the total.
_PER_UNIT_WORDS = ("人均", "户均", "每", "单价", "单位成本", "标准", "平均", "/人", "/户", "/村")


@dataclass(frozen=True)
class Figure:
    """An amount the breakdown states or implies, with where it comes from (for evidence)."""

    yuan: Decimal
    source: str


def names_total(name: str) -> bool:
    return any(word in name for word in _TOTAL_WORDS) and not names_per_unit(name)


def names_per_unit(name: str) -> bool:
    return any(word in name for word in _PER_UNIT_WORDS)


def top_items(table: TargetTable) -> list[tuple[BudgetItem, list[BudgetItem]]]:
    """Level-1 items with their level-2 sub-items, in order."""
    groups: list[tuple[BudgetItem, list[BudgetItem]]] = []
    for item in table.budget_items:
        if item.level <= 1 or not groups:
            groups.append((item, []))
        else:
            groups[-1][1].append(item)
    return groups


def item_amount(item: BudgetItem, subs: list[BudgetItem]) -> Decimal | None:
    """A top item's amount: stated, or else the sum of its sub-items when all of them have one."""
    if item.amount_yuan is not None:
        return item.amount_yuan
    if subs and all(sub.amount_yuan is not None for sub in subs):
        return sum((sub.amount_yuan for sub in subs if sub.amount_yuan is not None), Decimal(0))
    return None


def counts(table: TargetTable) -> list[tuple[Decimal, str, BudgetItem]]:
    """Counts the breakdown states (119人, 149户, 19个社区), without durations. Person
    classifiers (名, 位) read as 人."""
    found = []
    for item in table.budget_items:
        quantities = item.quantities or _read_quantities(item.text)
        for quantity in quantities:
            if quantity.unit not in PERIOD_UNITS:
                found.append((quantity.value, canonical_unit(quantity.unit), item))
    return found


@lru_cache(maxsize=4096)
def _read_quantities(text: str) -> tuple[Quantity, ...]:
    """Items built by a table reader (department tables) may come without their counts."""
    from assistant.parse.budget import parse_budget_items

    return tuple(q for item in parse_budget_items(text) for q in item.quantities)


def canonical_unit(unit: str) -> str:
    return "人" if unit in PERSON_UNITS else unit


def explaining_figures(table: TargetTable) -> list[Figure]:
    """Every amount a cost row may legitimately equal: the totals, each item's amount, each unit
    price, and an amount divided by a count the breakdown states (45万元 ÷ 9村 = 5万元/村)."""
    figures: list[Figure] = []
    for label, value in (("预算数", table.budget_total_yuan), ("财政资金", table.budget_fiscal_yuan),
                         ("其他资金", table.budget_other_yuan)):
        if value:
            figures.append(Figure(value, label))
    amounts = [(item.label or item.text[:20], item.amount_yuan) for item in table.budget_items
               if item.amount_yuan]
    figures.extend(Figure(value, f"明细“{label}”") for label, value in amounts)
    for item in table.budget_items:
        figures.extend(Figure(price.amount_yuan, f"单价“{price.text}”") for price in item.unit_prices)
        for calc in item.arithmetic:
            if calc.computed_yuan:
                figures.append(Figure(calc.computed_yuan, f"算式“{calc.text}”"))
    divisors = {(q, unit) for q, unit, _ in counts(table) if q > 0}
    bases = [("预算数", table.budget_total_yuan), *amounts]
    for label, value in bases:
        if not value:
            continue
        for q, unit in divisors:
            figures.append(Figure(value / q, f"{label}{fmt(wan(value))}万元÷{fmt(q)}{unit}"))
    return figures


def close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return abs(a - b) <= tolerance


def value_tolerance(number: Decimal, factor: Decimal) -> Decimal:
    """Half a unit of the last written digit of a target's number, in 元 (≤52.16万元 → 50元)."""
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Decimal(5) * factor / (Decimal(10) ** (places + 1))


def money_factor(unit: str | None) -> Decimal:
    return {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(10) ** 8, "千元": Decimal(1000)}.get(
        unit or "", Decimal(1)
    )


def fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = value.normalize()
    return f"{value:f}" if value != value.to_integral() else f"{value.quantize(Decimal(1)):f}"


def count_value(indicator: Indicator) -> tuple[Decimal, str] | None:
    """A 数量 row's count (number, unit); a bare number in a 数量 row counts too (=40)."""
    target = indicator.target
    if target.number is None or target.upper is not None:
        return None
    if target.kind == ValueKind.COUNT and target.unit:
        return target.number, canonical_unit(target.unit)
    if target.kind == ValueKind.NUMBER and indicator.level2 == "数量指标":
        return target.number, ""
    return None


def same_count_unit(indicator_unit: str, breakdown_unit: str, name: str) -> bool:
    """Do two counts count the same kind of thing? 人/人; 个 (in 服务社区数量) / 社区."""
    if indicator_unit == breakdown_unit:
        return True
    if indicator_unit in ("", *GENERIC_COUNT_UNITS):
        if breakdown_unit == "人":
            return any(word in name for word in ("人数", "人员", "干部", "人次"))
        return breakdown_unit in name
    return False


def names_per_person(name: str) -> bool:
    return any(word in name for word in ("人均", "每人", "每名"))


def head_count(table: TargetTable) -> tuple[Decimal, str] | None:
    """The number of people the table covers: a 数量 row counting people, else a single person
    count in the breakdown. None when it is not stated or not unambiguous."""
    rows = [ind for ind in table.indicators if ind.level2 == "数量指标"]
    for indicator in rows:
        value = count_value(indicator)
        if value is not None and value[1] == "人" and value[0] > 0:
            return value[0], f"数量指标“{indicator.name}”的{fmt(value[0])}人"
    people = {q for q, unit, _ in counts(table) if unit == "人" and q > 0}
    if len(people) == 1:
        number = next(iter(people))
        return number, f"测算明细中的{fmt(number)}人"
    return None


def costs_whole_investment(table: TargetTable, items_sum: Decimal, tolerance: Decimal) -> bool:
    """Do the items add up to the whole investment of a multi-year project (总投资…，2025年安排…)?"""
    from assistant.parse.funding import multi_year

    whole, _ = multi_year(table.purpose)
    return whole is not None and abs(items_sum - whole) <= tolerance
