"""Readings of a 指标值 that several rules and the drafter share: which way a row should point,
whether a value is usable, whether it contradicts its own row, whether pay must be in full."""

from __future__ import annotations

import re

from assistant.model import Comparator, Indicator, TargetTable, ValueKind
from assistant.parse.textnum import normalize
from assistant.parse.values import is_vague_grade
from assistant.rules.common import fmt_number, is_unfilled_value, quote
from assistant.rules.values_lexicon import (
    BAD_THINGS,
    CAP_COUNT,
    CAP_COUNT_EXCEPT,
    CAP_PERIOD,
    CAP_RATE,
    FLOOR_RATE,
    NEGATION_WORD,
    NONE_WANTED,
    PAY_DELIVERY,
    PAY_EXCEPT,
    PAY_SUBJECT,
    STATED_CAP,
    TIMELY,
    WANTED,
)

GE_LIKE = (Comparator.GE, Comparator.GT)
LE_LIKE = (Comparator.LE, Comparator.LT)
COST_LEVEL2 = ("成本指标", "经济成本指标")



def is_cost_row(indicator: Indicator) -> bool:
    return indicator.level2 in COST_LEVEL2


def value_direction(indicator: Indicator) -> str | None:
    """'cap' when the row measures something bad (≤ is right), 'floor' when good, else None."""
    name = normalize(indicator.name)
    kind = indicator.target.kind
    # Rate words say which way a percentage should point; "检测及时率 ≤7工作日" is a period
    # under a rate's name, a kind problem rather than a direction one.
    if CAP_RATE.search(name) and kind in (ValueKind.PERCENT, ValueKind.NUMBER):
        return "cap"
    if FLOOR_RATE.search(name) and kind in (ValueKind.PERCENT, ValueKind.NUMBER):
        return "floor"
    if indicator.target.kind == ValueKind.PERIOD and CAP_PERIOD.search(name):
        return "cap"
    if (
        indicator.target.kind == ValueKind.COUNT
        and CAP_COUNT.search(name)
        and not CAP_COUNT_EXCEPT.search(name)
    ):
        return "cap"
    return None


# "及时支出", "按时发放": the yes answer to a row that asks whether money moved on time.
_ON_TIME_ANSWER = re.compile(r"(?:及时|按时|按期)(?:支出|发放|拨付|支付|到位|完成|兑现)[。.]?")


def unusable(indicator: Indicator) -> bool:
    """True when the value is no target at all (prose, or a direction word without a level)."""
    target = indicator.target
    if target.kind == ValueKind.TEXT and target.raw.strip():
        if any("占位符" in p for p in target.problems) or is_unfilled_value(target.raw):
            return False  # S004
        if _ON_TIME_ANSWER.fullmatch(normalize(target.raw).strip()) and TIMELY.search(normalize(indicator.name)):
            return False  # "经费支出时效性 及时支出": answers the timeliness question, like "及时"
        # "总成本控制在2969.09万元，其中…" is wordy but states a readable cap
        return not STATED_CAP.search(normalize(target.raw))
    return target.kind == ValueKind.GRADE and is_vague_grade(target)


def contradicts(indicator: Indicator) -> str | None:
    """Why the value contradicts its own row (or itself), or None."""
    target = indicator.target
    raw = normalize(target.raw).strip()
    if any("前后矛盾" in p for p in target.problems):
        return "比较符号前后矛盾"
    if target.number is not None and target.upper is not None and target.upper < target.number:
        return f"区间上限{fmt_number(target.upper)}小于下限{fmt_number(target.number)}"
    negation = NEGATION_WORD.match(raw)
    if negation:
        rest = raw[negation.end():]
        if WANTED.match(rest) and not BAD_THINGS.search(rest):
            return "指标值否定了本行要达到的结果"
    name = normalize(indicator.name)
    said = normalize(f"{indicator.name} {indicator.description}")
    if NONE_WANTED.search(said) and target.number is not None and _allows_positive(indicator):
        return f"本行写明{quote(NONE_WANTED.search(said).group(0))}，指标值却允许发生"
    if raw in ("否", "无", "没有") and name.startswith("是否"):
        wanted = name[2:]
        if WANTED.match(wanted) and not BAD_THINGS.search(wanted):
            return "指标值否定了本行要达到的结果"
    return None


def _allows_positive(indicator: Indicator) -> bool:
    """True when a count cap still allows some events: ≤1人次, <5人次 (but not <1次)."""
    target = indicator.target
    if target.kind not in (ValueKind.COUNT, ValueKind.PERCENT) or target.number is None:
        return False
    if target.comparator in (Comparator.LE, Comparator.EQ, None):
        return target.number > 0
    if target.comparator == Comparator.LT:
        return target.number > (0 if target.kind == ValueKind.PERCENT else 1)
    return False  # ≥ / > on a bad event is V003's business


def is_full_payment_row(indicator: Indicator, table: TargetTable) -> bool:
    name = normalize(indicator.name)
    if PAY_EXCEPT.search(name):
        return False
    if "覆盖" in name and PAY_SUBJECT.search(normalize(table.project)):
        return True  # coverage of a pay/subsidy project's recipients must be complete
    if not PAY_DELIVERY.search(name):
        return False
    if "足额" in name:
        return True
    context = normalize(f"{indicator.name} {indicator.description} {table.project}")
    return bool(PAY_SUBJECT.search(context))
