"""Readings of a 指标值 that several rules and the drafter share: which way a row should point,
whether a value is usable, whether it contradicts its own row, whether pay must be in full."""

from __future__ import annotations

import re

from assistant.model import Comparator, Indicator, TargetTable, ValueKind
from assistant.parse.textnum import normalize
from assistant.parse.values import is_vague_grade
from assistant.rules.common import fmt_number, is_unfilled_value, quote, squash
from assistant.rules.values_lexicon import (
    BAD_THINGS,
    CAP_COUNT,
    CAP_COUNT_EXCEPT,
    CAP_PERIOD,
    CAP_RATE,
    CLAUSE_BREAK,
    DIRECTION_PHRASE,
    FACT_WORDS,
    FLOOR_RATE,
    INPUT_WORDS,
    METRIC_ONLY,
    MONEY_WORD,
    NEGATION_WORD,
    NONE_WANTED,
    PAST_TENSE,
    PAY_DELIVERY,
    PAY_EXCEPT,
    PAY_SUBJECT,
    STATED_CAP,
    STATED_FIGURE,
    TIMELY,
    VAGUE_COST,
    WANTED,
)

GE_LIKE = (Comparator.GE, Comparator.GT)
LE_LIKE = (Comparator.LE, Comparator.LT)
COST_LEVEL2 = ("成本指标", "经济成本指标")
# Categories whose target must be a figure (a count, an amount, a date or a timeliness rate).
NUMBER_LEVEL2 = ("数量指标", "时效指标", *COST_LEVEL2)



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


def _text_value(indicator: Indicator) -> str | None:
    """The value's text when it is prose that a rule may judge ('' placeholders excluded)."""
    target = indicator.target
    if target.kind != ValueKind.TEXT or not target.raw.strip():
        return None
    if any("占位符" in p for p in target.problems) or is_unfilled_value(target.raw):
        return None  # S004
    text = normalize(target.raw).strip()
    if _ON_TIME_ANSWER.fullmatch(text) and TIMELY.search(normalize(indicator.name)):
        return None  # "经费支出时效性 及时支出": answers the timeliness question, like "及时"
    if STATED_CAP.search(text):
        return None  # "总成本控制在2969.09万元，其中…" is wordy but states a readable cap
    return text


def non_target(indicator: Indicator) -> str | None:
    """Why the value is no target at all (V001): an input, a description, a slogan, a past-tense
    account or a bare metric name. Short qualitative statements (按计划实施, 合规) are not."""
    text = _text_value(indicator)
    if text is None:
        return None
    core = text.rstrip("。.;；")
    if PAST_TENSE.search(core):
        return "是对已取得结果的陈述，不是目标"
    if STATED_FIGURE.search(core):
        return None  # "全年开展不少于4次，每次不少于50人": wordy, but it states figures to meet
    if INPUT_WORDS.search(core) and (indicator.level2 in COST_LEVEL2 or MONEY_WORD.search(core)):
        return "写的是资金来源或投入，不是要达到的目标"
    if re.search(r"\d", core) and FACT_WORDS.search(core):
        return "是情况说明，不是目标"
    if len(core) >= 15 and CLAUSE_BREAK.search(core) and not re.search(r"\d", core):
        # (clauses that carry figures, "建筑面积2.6万平方米,展示面积1万平方米", are targets)
        return "是一段工作描述或口号，不是可评价的目标"
    if METRIC_ONLY.search(core) and not re.search(r"\d", core) and squash(core) not in squash(indicator.name):
        # (a value that repeats the row's own name is a reader's fallback for prose rows)
        return "只写了指标名称，没有目标数值"
    return None


def directional(indicator: Indicator) -> bool:
    """True for a direction with no degree or grade: 得到保障, 有所提升, 提高服务水平."""
    target = indicator.target
    if target.kind == ValueKind.GRADE:
        return is_vague_grade(target)
    text = _text_value(indicator)
    if not text or squash(text) == squash(indicator.name):
        return False  # a statement read as both name and value (prose layouts) is not a value
    return len(text) <= 16 and not re.search(r"\d", text) and bool(DIRECTION_PHRASE.match(text.rstrip("。.")))


def vague_for_number(indicator: Indicator) -> bool:
    """True when a category that needs a figure (数量/成本/时效) holds a direction or a judgement."""
    if indicator.level2 not in NUMBER_LEVEL2 or non_target(indicator):
        return False
    if directional(indicator):
        return True
    text = _text_value(indicator)
    return indicator.level2 in COST_LEVEL2 and bool(text) and bool(VAGUE_COST.match(text))


def unusable(indicator: Indicator) -> bool:
    """True when the value gives nothing to score against: no target (V001), a direction
    without a degree (Q005), or a judgement where the category needs a figure (V002)."""
    return bool(non_target(indicator)) or directional(indicator) or vague_for_number(indicator)


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
        # coverage of a pay/subsidy project's recipients must be complete; a computed share
        # (20 of 22 = 90.91%) states planned coverage rather than a template floor
        number = indicator.target.number
        return number is None or number == number.to_integral()
    if not PAY_DELIVERY.search(name):
        return False
    if "足额" in name:
        return True
    context = normalize(f"{indicator.name} {indicator.description} {table.project}")
    return bool(PAY_SUBJECT.search(context))
