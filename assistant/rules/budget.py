"""Rules of the budget family (see rule-catalog): indicators and plan against the breakdown.

Every finding carries the numbers it compared, in 元 and in 万元, and the exact text it read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from assistant.model import Comparator, Severity, TargetTable, wan
from assistant.rules import budget_support as bs
from assistant.rules.common import cell_evidence, quote
from assistant.rules.registry import Hit, RuleContext, rule

# Rounding allowed when item amounts (each usually rounded to 0.01万元 = ±50元) are added up.
_ITEM_ROUNDING = Decimal(50)


def _money(yuan: Decimal | None) -> dict[str, str]:
    return {"yuan": bs.fmt(yuan), "wan": bs.fmt(wan(yuan))}


@rule(
    code="B001",
    slug="cost-disagrees-with-budget",
    category="budget",
    severity=Severity.ERROR,
    title="成本指标的金额与项目预算不符",
    why=(
        "成本指标是用来和预算核对的：总成本不能超过项目预算数；写了与预算不同的金额，就必须是测算明细里"
        "能找到来源的分项金额或单价。金额超出预算，或者凭空出现一个明细里没有的数，说明成本目标没有依据，"
        "执行后也无法评价。"
    ),
    bad="网格化管理建设费用预算263.75万元，成本指标写“≤300万元”",
    good="网格化管理建设费用预算263.75万元，成本指标“控制在预算内 =263.75万元”；丧葬补贴明细每人6000元，成本指标“人均投入金额 =6000元”",
    fix_hint="把成本指标改为预算数（如“≤预算数万元”），或改为测算明细中写明的单价/分项金额，并在依据中注明来源。",
    refs=("cost-vs-budget", "unit-cost"),
    needs=("budget",),
)
def cost_vs_budget(context: RuleContext) -> Iterator[Hit]:
    table = context.table
    total = table.budget_total_yuan
    if not total:
        return
    figures = bs.explaining_figures(table)
    has_breakdown = any(item.amount_yuan or item.unit_prices for item in table.budget_items)
    components = _cost_components(table, total)
    for index, indicator in enumerate(table.indicators):
        target = indicator.target
        amount = target.money_yuan
        if not bs.is_cost_row(indicator) or amount is None or target.upper is not None:
            continue
        # rounding to the value's last written digit; a tiny relative slack for totals in 元
        rounding = bs.value_tolerance(target.number or Decimal(0), bs.money_factor(target.unit))
        tolerance = max(rounding, total / 10000)
        compared = {"budget": _money(total), "value": _money(amount)}
        if amount > total + tolerance:
            yield Hit(
                f"成本指标{quote(indicator.name)}的指标值{quote(target.raw)}（{bs.fmt(wan(amount))}万元）"
                f"超过项目预算数{bs.fmt(wan(total))}万元",
                index,
                cell_evidence(indicator, compared=compared, reason="above_budget"),
            )
            continue
        if bs.close(amount, total, tolerance):
            continue
        per_capita = _per_capita_hit(table, index, amount, compared)
        if per_capita is not None:
            yield per_capita
            continue
        match = next((f for f in figures if bs.close(amount, f.yuan, max(rounding, f.yuan / 1000))), None)
        if match is not None:
            continue
        # A unit cost (人均, 每村) that no breakdown line states cannot be checked beyond the head
        # count test above. Without a breakdown a part cost cannot be checked either; but a row
        # that names the whole project cost (控制在预算内, 资金成本) must still equal the budget.
        if bs.names_per_unit(indicator.name):
            continue
        if not has_breakdown and not bs.names_total(indicator.name):
            continue
        if index in components:
            continue  # one of several cost rows that split the budget (出差/劳务/办公 …)
        yield Hit(
            f"成本指标{quote(indicator.name)}的指标值{quote(target.raw)}（{bs.fmt(wan(amount))}万元）"
            f"与项目预算数{bs.fmt(wan(total))}万元不同，测算明细中也找不到这一金额或单价",
            index,
            cell_evidence(indicator, compared=compared, reason="unexplained_amount"),
        )


def _cost_components(table: TargetTable, total: Decimal) -> set[int]:
    """Cost rows below the budget that, two or more together, stay within it: a decomposition
    of the budget into parts, each explained by the others and the total."""
    parts = {
        index: indicator.target.money_yuan
        for index, indicator in enumerate(table.indicators)
        if bs.is_cost_row(indicator) and indicator.target.money_yuan is not None
        and indicator.target.money_yuan < total * Decimal("0.999")
    }
    if len(parts) < 2 or sum(parts.values()) > total * Decimal("1.001"):
        return set()
    return set(parts)


def _per_capita_hit(table: TargetTable, index: int, amount: Decimal, compared: dict) -> Hit | None:
    """A per-person cost times the table's own head count should land near the budget: above it,
    or an order of magnitude below it, the figure is wrong (often a slipped unit or decimal)."""
    indicator = table.indicators[index]
    total = table.budget_total_yuan
    if total is None or not bs.names_per_person(indicator.name):
        return None
    heads = bs.head_count(table)
    if heads is None:
        return None
    count, source = heads
    product = amount * count
    if total / 10 <= product <= total * Decimal("1.001"):
        return None
    relation = "超过" if product > total else "不到其十分之一，"
    return Hit(
        f"人均成本{quote(indicator.target.raw)}乘以{source}得{bs.fmt(wan(product))}万元，"
        f"{relation}项目预算数{bs.fmt(wan(total))}万元，人均金额与预算不符",
        index,
        cell_evidence(indicator, compared={**compared, "per_capita_times_count": _money(product)},
                      head_count=count, head_count_source=source, reason="per_capita"),
    )


@rule(
    code="B002",
    slug="breakdown-arithmetic",
    category="budget",
    severity=Severity.ERROR,
    title="测算明细中的算式算不通",
    why=(
        "测算依据里的“单价×数量×时长=金额”是预算金额的来源，评审时会逐行复算。算式的结果与写出的金额"
        "不一致，说明单价、数量或金额至少有一个写错了，预算和以它为依据的指标都不可靠。"
    ),
    bad="社区工作者工资“52.7万元/月*12个月+12万元（等级晋升）”，写作636.84万元，复算为644.4万元",
    good="“4830元/人/月*9人*12个月=52.16万元”“600元*18*12=12.96万元”都能复算成立",
    fix_hint="逐项复算该算式，改正写错的单价、数量或金额，并同步修改预算数和成本指标。",
    refs=("budget-arithmetic",),
)
def breakdown_arithmetic(context: RuleContext) -> Iterator[Hit]:
    for item in context.table.budget_items:
        for calc in item.arithmetic:
            if not calc.mismatch:
                continue
            assert calc.computed_yuan is not None and calc.stated_yuan is not None
            yield Hit(
                f"测算算式{quote(calc.text)}复算得{bs.fmt(wan(calc.computed_yuan))}万元，"
                f"而明细写的是{bs.fmt(wan(calc.stated_yuan))}万元"
                f"（相差{bs.fmt(wan(abs(calc.computed_yuan - calc.stated_yuan)))}万元）",
                None,
                {
                    "text": calc.text,
                    "item": item.text,
                    "expression": calc.expression,
                    "computed": _money(calc.computed_yuan),
                    "stated": _money(calc.stated_yuan),
                    "tolerance_yuan": bs.fmt(calc.tolerance_yuan),
                },
            )


def _items_vs_total(table: TargetTable) -> Iterator[Hit]:
    total = table.budget_total_yuan
    groups = bs.top_items(table)
    for parent, subs in groups:
        sub_amounts = [sub.amount_yuan for sub in subs]
        if parent.amount_yuan is None or not subs or any(a is None for a in sub_amounts):
            continue
        sub_sum = sum((a for a in sub_amounts if a is not None), Decimal(0))
        if abs(sub_sum - parent.amount_yuan) > _ITEM_ROUNDING * (len(subs) + 1):
            yield Hit(
                f"分项{quote(parent.label or parent.text)}写{bs.fmt(wan(parent.amount_yuan))}万元，"
                f"其下各子项合计{bs.fmt(wan(sub_sum))}万元",
                None,
                {"item": parent.text, "sum": _money(sub_sum), "stated": _money(parent.amount_yuan),
                 "parts": [sub.text for sub in subs], "reason": "sub_items"},
            )
    if not total or not groups:
        return
    amounts = [bs.item_amount(parent, subs) for parent, subs in groups]
    known = [a for a in amounts if a is not None]
    if not known:
        return
    known_sum = sum(known, Decimal(0))
    tolerance = _ITEM_ROUNDING * (len(known) + 1)
    # An incomplete breakdown (some items without amounts), or a single unnumbered use of funds
    # that may quote only part of the money, shows an error only when it exceeds the total.
    complete = len(known) == len(amounts) and len(amounts) >= 2
    if (complete and abs(known_sum - total) > tolerance) or (not complete and known_sum > total + tolerance):
        parts = [f"{parent.label or parent.text[:20]} {bs.fmt(wan(a))}万元"
                 for (parent, _), a in zip(groups, amounts, strict=True) if a is not None]
        if any(a < 10000 and abs(known_sum + a * 9999 - total) <= tolerance for a in known):
            return  # an amount written in 元 that adds up in 万元: a unit slip (V005), not a sum error
        if bs.costs_whole_investment(table, known_sum, tolerance):
            return  # items cost out a multi-year investment; the budget is this year's share
        yield Hit(
            f"测算明细各分项合计{bs.fmt(wan(known_sum))}万元，与项目预算数{bs.fmt(wan(total))}万元不符",
            None,
            {"sum": _money(known_sum), "total": _money(total), "parts": parts, "complete": complete,
             "reason": "items_vs_total"},
        )


def _sources_vs_total(table: TargetTable) -> Iterator[Hit]:
    total, fiscal, other = table.budget_total_yuan, table.budget_fiscal_yuan, table.budget_other_yuan
    if not total or fiscal is None:
        return
    combined = fiscal + (other or Decimal(0))
    if abs(combined - total) > _ITEM_ROUNDING * 2:
        yield Hit(
            f"财政资金{bs.fmt(wan(fiscal))}万元加其他资金{bs.fmt(wan(other or Decimal(0)))}万元"
            f"为{bs.fmt(wan(combined))}万元，与预算数{bs.fmt(wan(total))}万元不符",
            None,
            {"fiscal": _money(fiscal), "other": _money(other), "sum": _money(combined),
             "total": _money(total), "text": table.purpose[:200], "reason": "sources_vs_total"},
        )


@rule(
    code="B003",
    slug="breakdown-totals",
    category="budget",
    severity=Severity.WARNING,
    title="测算明细分项合计或资金来源合计与预算数不符",
    why=(
        "预算数应当由测算明细逐项加总得来，资金来源（财政资金、其他资金，或本级与上级资金）之和也应"
        "等于预算数。合计对不上，往往是重复计算、漏算或抄错了数字，读者无法判断哪个数是真的。"
    ),
    bad="社区运行经费预算380万元，明细为办公经费190万元、服务群众专项经费380万元，合计570万元",
    good="村级组织运转经费73.9万元 = 村党组织活动经费24.4万元 + 村服务群众专项经费45万元 + 村工作经费4.5万元",
    fix_hint="核对各分项金额和资金来源，改正重复或漏算的部分，使分项合计、来源合计都等于预算数。",
    refs=("budget-totals",),
    needs=("budget",),
)
def breakdown_totals(context: RuleContext) -> Iterator[Hit]:
    yield from _items_vs_total(context.table)
    yield from _sources_vs_total(context.table)


@rule(
    code="B004",
    slug="count-disagrees-with-breakdown",
    category="budget",
    severity=Severity.WARNING,
    title="指标中的数量或单价与测算明细中的同一数字不符",
    why=(
        "测算明细里写明的人数、户数、村数和单价，是数量指标和单位成本最直接的依据。指标写的数与明细"
        "不一致，要么指标错了，要么预算算错了；评审时两者都要求改正。"
    ),
    bad="明细写“社区网格员119人”，数量指标写“发放人数 =120人”",
    good="明细写“社区网格员119人”，数量指标写“发放人数 =119人”；明细149户，指标“发放户数 =149户”",
    fix_hint="把指标值改为测算明细中的数字；确有增减的，同时改正明细并在描述中说明原因。",
    refs=("count-from-breakdown", "unit-cost"),
)
def count_vs_breakdown(context: RuleContext) -> Iterator[Hit]:
    table = context.table
    stated = bs.counts(table)
    prices = [price for item in table.budget_items for price in item.unit_prices]
    for index, indicator in enumerate(table.indicators):
        if indicator.level2 == "数量指标":
            hit = _count_hit(index, indicator, stated)
        elif bs.is_cost_row(indicator) and indicator.target.unit and "/" in indicator.target.unit:
            hit = _unit_price_hit(index, indicator, prices)
        else:
            hit = None
        if hit is not None:
            yield hit


def _count_hit(index, indicator, stated) -> Hit | None:  # noqa: ANN001 - internal
    value = bs.count_value(indicator)
    if value is None:
        return None
    number, unit = value
    same = [(q, u, item) for q, u, item in stated if bs.same_count_unit(unit, u, indicator.name)]
    values = {q for q, _, _ in same}
    if not values or number in values or sum(values) == number:
        return None
    comparator = indicator.target.comparator
    if re.search(r"合计|总数|共计|总计", indicator.name) and len(same) > 1:
        # a row that totals several kinds of unit (机关及社区合计数) is compared with their sum
        expected = sum((q for q, _, _ in same), Decimal(0))
        parts = "+".join(f"{bs.fmt(q)}{u}" for q, u, _ in same)
        return _count_mismatch(index, indicator, number, expected, parts, same[0][2].text, comparator)
    # Otherwise only when the breakdown states one figure for this kind of thing: then it
    # clearly counts the same thing the row counts.
    if len(values) != 1:
        return None
    q, u, item = same[0]
    return _count_mismatch(index, indicator, number, q, f"{bs.fmt(q)}{u}", item.text, comparator)


def _count_mismatch(index, indicator, number, expected, stated, text, comparator) -> Hit | None:  # noqa: ANN001
    if (comparator in (Comparator.GE, Comparator.GT) and number <= expected) or (
        comparator in (Comparator.LE, Comparator.LT) and number >= expected
    ):
        return None
    return Hit(
        f"数量指标{quote(indicator.name)}的指标值{quote(indicator.target.raw)}与测算明细中的"
        f"“{stated}”（{bs.fmt(expected)}）不一致",
        index,
        cell_evidence(indicator, indicator_count=number, breakdown_count=expected, breakdown=stated,
                      breakdown_text=text),
    )


def _unit_price_hit(index, indicator, prices) -> Hit | None:  # noqa: ANN001 - internal
    target = indicator.target
    unit = target.unit or ""
    money, _, per = unit.partition("/")
    if target.number is None or not per:
        return None
    amount = target.number * bs.money_factor(money or "元")
    pers = per.split("/")
    same = [p for p in prices if p.per[: len(pers)] == pers or p.per == pers[:1]]
    if not same or any(bs.close(amount, p.amount_yuan, Decimal("0.5")) for p in same):
        return None
    if len({p.amount_yuan for p in same}) != 1:
        return None
    price = same[0]
    return Hit(
        f"单位成本{quote(indicator.name)}的指标值{quote(target.raw)}与测算明细中的单价“{price.text}”不一致",
        index,
        cell_evidence(indicator, compared={"value": _money(amount), "breakdown": _money(price.amount_yuan)},
                      breakdown_text=price.text),
    )


def _plan_target(table: TargetTable) -> tuple[Decimal | None, str]:
    plan = table.spending_plan
    assert plan is not None
    if plan.unit == "%":
        return Decimal(100), "100%"
    total = wan(table.budget_total_yuan)
    return total, f"预算数{bs.fmt(total)}万元" if total is not None else ""


@rule(
    code="B005",
    slug="spending-plan",
    category="budget",
    severity=Severity.WARNING,
    title="资金支出计划不是逐期累计递增，或最后一期未达到100%（预算数）",
    why=(
        "资金支出计划填的是截至各时间点的累计支出进度，后一期只能持平或增加；年底最后一期应支出完毕，"
        "即100%，按金额填写时等于预算数。数字倒退或最后不到100%，说明计划填成了各期分摊数或填错了。"
    ),
    bad="3月底25%、6月底20%、10月底75%、12月底100%",
    good="第一至第四季度累计25%、50%、75%、100%；房租年底一次支付可写0%、0%、0%、100%",
    fix_hint="按截至每个时间点的累计数填写支出计划，最后一期填100%（按金额填写时填预算数）。",
    refs=("spending-plan",),
)
def spending_plan(context: RuleContext) -> Iterator[Hit]:
    table = context.table
    plan = table.spending_plan
    if plan is None or not any(v is not None for v in plan.values):
        return
    labels = list(plan.labels) + [""] * max(0, len(plan.values) - len(plan.labels))
    evidence = {"labels": plan.labels, "values": [bs.fmt(v) if v is not None else None for v in plan.values],
                "unit": plan.unit, "raw": plan.raw}
    previous: tuple[str, Decimal] | None = None
    for label, value in zip(labels, plan.values, strict=False):
        if value is None:
            continue  # an empty point (leading or in between) is not a fall
        if previous is not None and value < previous[1]:
            yield Hit(
                f"资金支出计划{label or '后一期'}为{bs.fmt(value)}{plan.unit}，低于{previous[0] or '前一期'}的"
                f"{bs.fmt(previous[1])}{plan.unit}：累计进度不能减少",
                None,
                {**evidence, "reason": "decreasing"},
            )
            return
        previous = (label, value)
    goal, goal_text = _plan_target(table)
    last = plan.values[-1]
    if last is None:
        yield Hit(f"资金支出计划最后一期（{labels[len(plan.values) - 1] or '年底'}）未填写，应为{goal_text or '100%'}",
                  None, {**evidence, "reason": "final_missing"})
        return
    if goal is None:
        return
    tolerance = Decimal("0.5") if plan.unit == "%" else Decimal("0.01")
    if abs(last - goal) > tolerance:
        total = sum((v for v in plan.values if v is not None), Decimal(0))
        shares = " 各期数值之和恰为目标值，疑似填成了各期分摊数而非累计数。" if abs(total - goal) <= tolerance else ""
        yield Hit(
            f"资金支出计划最后一期为{bs.fmt(last)}{plan.unit}，应为{goal_text}。{shares}".strip(),
            None,
            {**evidence, "reason": "final_not_complete", "expected": bs.fmt(goal)},
        )


from assistant.rules import grounding as _grounding  # noqa: E402,F401 - registers B006
