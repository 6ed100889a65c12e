"""Rules from the official review points (审核要点) of the A family: header fields left blank
(A001), a 时效 deadline outside the project's time (A002), the multi-year total entered as this
year's target (A003), duplicate rows (A004), weights (A005), satisfaction with no survey named
(A006), too few 三级 indicators for the money (A007)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from assistant.model import WAN, Indicator, TargetTable
from assistant.parse.textnum import normalize
from assistant.rules.common import cell_evidence, fmt_number, fmt_wan, quote, row_name, squash
from assistant.rules.periods import fmt_month, points, project_span
from assistant.rules.registry import Hit, RuleContext, rule

# -------------------------------------------------------------------- A001: header field blank


def _still_missing(table: TargetTable, field: str) -> bool:
    return {
        "项目名称": not table.project.strip(),
        "主管部门/实施单位": not table.unit_name.strip(),
        "起止时间": not table.period.strip(),
        "预算": table.budget_total_yuan is None,
    }.get(field, False)


@rule(
    code="A001",
    slug="header-field-blank",
    category="review",
    severity="warning",
    title="表头必填项未填写（项目名称、主管部门/实施单位、起止时间、预算）",
    why=(
        "审核要点的完整性首先看表头：项目叫什么、由谁主管和实施、什么时间做、花多少钱。表格留有"
        "这些栏目却空着，审核人无法判断目标与资金、期限是否匹配。只在表格确有该栏目而内容为空时"
        "提示；版式本身没有的栏目（如有的表把单位写在表外）不算缺项。"
    ),
    bad="“项目期”一栏空白；“主管部门”一栏空白",
    good="项目期：2024年1月—2024年12月；主管部门：某县农业农村局",
    fix_hint="补填空着的表头栏目：项目名称、主管部门/实施单位、起止时间和预算数。",
)
def a001_header_field_blank(ctx: RuleContext) -> Iterator[Hit]:
    for field in ctx.table.blank_fields:
        if _still_missing(ctx.table, field):
            yield Hit(
                message=f"表头“{field}”一栏未填写",
                evidence={"cell": "", "field": field},
            )


# ---------------------------------------------------------------- A002: deadline out of period

@rule(
    code="A002",
    slug="deadline-outside-period",
    category="review",
    severity="warning",
    title="时效指标的完成时间超出项目期或不在本年度内",
    why=(
        "时效指标说明钱在什么时候办成事。完成时间写在项目结束之后，或者落在预算年度之外（常见于"
        "照抄上年的表，年份没改），年底就无法据此考核，也说明目标与预算年度不对应。只比较写明了"
        "年份的完成时间；“12月底前”这类不带年份的写法不受影响。"
    ),
    bad="2024年度项目，时效指标“完成时间 2023年12月底前”；项目期2024年1月至6月，完成时间“2024年12月”",
    good="2024年度项目，时效指标“完成时间 2024年12月31日前”",
    fix_hint="把完成时间改在项目期（或本预算年度）之内，并与资金支出计划一致。",
    needs=("year",),
)
def a002_deadline_outside_period(ctx: RuleContext) -> Iterator[Hit]:
    span = project_span(ctx.table)
    if span is None:
        return
    start, end, source = span
    for index, indicator in enumerate(ctx.table.indicators):
        if indicator.level2 != "时效指标":
            continue
        found = points(indicator.target.raw)
        if not found:
            continue
        year, month = found[-1]
        deadline = (year, month or 12)
        early = (year, month or 1) < start
        if not (deadline > end or early):
            continue
        when = "早于项目开始" if early else "晚于项目结束"
        yield Hit(
            message=(
                f"“{row_name(indicator)}”的完成时间{quote(indicator.target.raw)}{when}"
                f"（{source}，{fmt_month(start)}至{fmt_month(end)}）"
            ),
            indicator=index,
            evidence=cell_evidence(indicator, "value", start=fmt_month(start), end=fmt_month(end)),
        )


# ------------------------------------------------------------- A003: multi-year total as annual

_MONEY_TOTAL = re.compile(
    r"(项目总投资|计划总投资|总投资|项目总预算|总预算|项目总额|总概算|中期资金总额|实施期资金总额)"
    r"[为：:约共计达]*\s*(\d+(?:\.\d+)?)\s*(亿元|万元|元)"
)
_FACTOR = {"元": Decimal(1), "万元": WAN, "亿元": WAN * WAN}


def _multi_year_totals(table: TargetTable) -> list[tuple[Decimal, str]]:
    """Amounts the table names as the whole project's total (总投资 …), in 元, with their text."""
    text = normalize(" ".join([table.project, table.purpose, *table.goals]))
    return [
        (Decimal(m.group(2)) * _FACTOR[m.group(3)], m.group(0)) for m in _MONEY_TOTAL.finditer(text)
    ]


def _same_amount(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= max(Decimal(1), b * Decimal("0.0005"))


@rule(
    code="A003",
    slug="multi-year-total-as-annual",
    category="review",
    severity="warning",
    title="把多年合计（总投资）当作本年度指标值",
    why=(
        "年度绩效目标表考核的是本年度预算办成的事。表中写明项目总投资或多年总额、而本年度预算"
        "只是其中一部分时，若指标值恰好等于多年合计，就是把实施期目标填成了年度目标，年底必然"
        "完不成或无法考核。"
    ),
    bad="项目总投资1200万元、本年度预算400万元，成本指标“≤1200万元”",
    good="本年度预算400万元，成本指标“≤400万元”",
    fix_hint="按本年度预算和本年度任务量填写年度指标值；多年目标写在实施期目标中。",
    needs=("budget",),
)
def a003_multi_year_total_as_annual(ctx: RuleContext) -> Iterator[Hit]:
    table = ctx.table
    budget = table.budget_total_yuan
    assert budget is not None
    totals = [(amount, text) for amount, text in _multi_year_totals(table)
              if amount > budget and not _same_amount(amount, budget)]
    if not totals:
        return
    for index, indicator in enumerate(table.indicators):
        money = indicator.target.money_yuan
        if money is None:
            continue
        for amount, text in totals:
            if _same_amount(money, amount):
                yield Hit(
                    message=(
                        f"“{row_name(indicator)}”的指标值{quote(indicator.target.raw)}等于多年合计"
                        f"（{text}），而本年度预算为{fmt_wan(budget)}"
                    ),
                    indicator=index,
                    evidence=cell_evidence(indicator, "value", total=text, budget=fmt_wan(budget)),
                )
                break


# ------------------------------------------------------------------------ A004: duplicate rows


@rule(
    code="A004",
    slug="duplicate-row",
    category="review",
    severity="warning",
    title="同一张表中重复设置了相同的指标",
    why=(
        "同一指标名称和指标值在一张表里出现两次，既不增加考核内容，又让指标显得多而不精，"
        "还会在自评打分时重复计分。常见于复制粘贴时多粘了一行。"
    ),
    bad="同一表中两行都是“足额发放率 ≥95%”",
    good="每条三级指标只出现一次；需要分别考核的内容用不同的名称区分",
    fix_hint="删除重复的一行，或改写成衡量不同内容的指标。",
    needs=("indicators",),
)
def a004_duplicate_row(ctx: RuleContext) -> Iterator[Hit]:
    seen: dict[tuple[str, str], int] = {}
    for index, indicator in enumerate(ctx.table.indicators):
        name = squash(indicator.name)
        if not name:
            continue
        key = (name, squash(indicator.target.raw))
        if key in seen:
            yield Hit(
                message=(
                    f"“{indicator.name}”（{quote(indicator.target.raw)}）与第{seen[key] + 1}行重复"
                ),
                indicator=index,
                evidence=cell_evidence(indicator, "name", first_row=seen[key] + 1),
            )
        else:
            seen[key] = index


# ------------------------------------------------------------------------------ A005: weights


def read_completely(ctx: RuleContext) -> bool:
    """The table reads as a whole form: 产出, 效益 and 满意度 rows present, no row the reader was
    unsure of, and no indicator-like line of the table left unread. Counting rules (weights
    adding up, enough rows) judge only such tables: an excerpt or a misread loses rows."""
    table = ctx.table
    present = {i.level1 for i in table.indicators} | {
        "满意度指标" for i in table.indicators if i.level2 == "服务对象满意度指标"
    }
    if not {"产出指标", "效益指标", "满意度指标"} <= present:
        return False
    if any(i.uncertain for i in table.indicators):
        return False
    return not any(u.table == ctx.table_index for u in ctx.document.report.unread)

FULL_WEIGHT = Decimal(100)
# 自评表 keep 预算执行率 (10 points) outside the indicator grid: the rows then add up to 90
SELF_EVAL_WEIGHT = Decimal(90)


@rule(
    code="A005",
    slug="weights-incomplete",
    category="review",
    severity="warning",
    title="权重（分值）缺填，或合计不等于100",
    why=(
        "表格设有权重（分值）列时，每条指标都要有权重，合计为100分（自评表把预算执行率10分列在"
        "指标之外时，指标合计为90分）。缺填或合计不对，年底就无法按权重打分。没有权重列的表不适用"
        "本规则。为免把读取不全误当缺填：已填的权重已经分完总分、仍有指标没有权重时才提示缺填；"
        "每行都有权重、且整张表都读到（产出、效益、满意度齐全，没有读取不确定或未读懂的行）时才核对"
        "合计。"
    ),
    bad="权重列合计为95；权重已分完100分，仍有一行权重空着",
    good="产出50、效益30、满意度10、预算执行率10，合计100",
    fix_hint="为每条指标填写权重，并使合计等于100（或表格规定的总分）。",
)
def a005_weights_incomplete(ctx: RuleContext) -> Iterator[Hit]:
    # no `needs`: a form without a weight column has nothing to check, rather than "not checked"
    indexed = [
        (n, i) for n, i in enumerate(ctx.table.indicators) if i.name.strip() or i.target.raw.strip()
    ]
    if not any(i.weight is not None for _, i in indexed):
        return
    total = sum((i.weight for _, i in indexed if i.weight is not None), Decimal(0))
    allowed = {FULL_WEIGHT}
    if any(i.actual.strip() for _, i in indexed):
        allowed.add(SELF_EVAL_WEIGHT)
    missing = [n + 1 for n, i in indexed if i.weight is None and not i.uncertain]
    if missing and total >= min(allowed):
        where = "、".join(str(n) for n in missing[:10]) + ("等" if len(missing) > 10 else "")
        yield Hit(
            message=f"已填权重合计{fmt_number(total)}分，但第{where}行没有填写权重",
            evidence={"cell": "", "field": "weight", "rows": missing, "total": fmt_number(total)},
        )
    elif (all(i.weight is not None for _, i in indexed) and total not in allowed
          and read_completely(ctx)):
        yield Hit(
            message=f"各指标权重合计为{fmt_number(total)}，应为100",
            evidence={"cell": "", "field": "weight", "total": fmt_number(total)},
        )


# --------------------------------------------------------------- A006: satisfaction, no survey

_SURVEY = re.compile(
    r"调查|问卷|测评|抽查|抽样|走访|访谈|回访|评议|座谈|调研|电话|第三方|意见|投诉|打分|评价|统计"
)


def _is_satisfaction(indicator: Indicator) -> bool:
    return indicator.level2 == "服务对象满意度指标" or indicator.level1 == "满意度指标"


@rule(
    code="A006",
    slug="satisfaction-without-survey",
    category="review",
    severity="info",
    title="满意度指标没有写明调查方式或数据来源",
    why=(
        "满意度的实际值要靠问卷、走访、电话回访等调查取得。指标描述和确定依据都没有说明由谁、"
        "用什么方式调查，年底就拿不出证据，满意度目标容易流于形式。"
    ),
    bad="村干部满意度 ≥95%，依据“年度工作计划”",
    good="村干部满意度 ≥95%，描述“年底发放问卷调查，满意和基本满意人数占调查人数的比例”",
    fix_hint="在指标描述或确定依据中写明调查方式（问卷、走访、电话回访等）和调查对象。",
    needs=("indicators",),
)
def a006_satisfaction_without_survey(ctx: RuleContext) -> Iterator[Hit]:
    rows = ctx.table.indicators
    if not any(i.description.strip() or i.basis.strip() for i in rows):
        return  # a layout without description and basis columns has nowhere to name a survey
    for index, indicator in enumerate(rows):
        if not _is_satisfaction(indicator) or not indicator.target.raw.strip():
            continue
        text = " ".join([indicator.name, indicator.description, indicator.basis])
        if _SURVEY.search(normalize(text)):
            continue
        yield Hit(
            message=f"满意度指标“{row_name(indicator)}”没有写明调查方式或数据来源",
            indicator=index,
            evidence=cell_evidence(indicator, "basis"),
        )


# ------------------------------------------------------------- A007: too few for the money

# (budget from, fewest 三级 indicators): a large project is expected to say more than one row
# per required 二级 category about what its money buys
MIN_ROWS: tuple[tuple[Decimal, int], ...] = (
    (Decimal(10000) * WAN, 8),  # 1亿元 and more
    (Decimal(1000) * WAN, 6),  # 1000万元 and more
    (Decimal(0), 3),
)


def min_rows(budget: Decimal) -> tuple[int, Decimal]:
    for floor, rows in MIN_ROWS:
        if budget >= floor:
            return rows, floor
    return MIN_ROWS[-1][1], Decimal(0)


@rule(
    code="A007",
    slug="too-few-indicators",
    category="review",
    severity="warning",
    title="三级指标太少，与资金规模不相称",
    why=(
        "指标要能说清这笔钱办成了什么。任何项目至少要有3条三级指标；1000万元以上的项目至少6条，"
        "1亿元以上至少8条，否则大额资金只由一两条笼统指标衡量，审核时无法判断资金与产出是否匹配。"
        "只在整张表都读到时判断：产出、效益、满意度齐全，没有读取不确定或未读懂的行（缺一级类别"
        "由S001提示，摘录不全的表不计）。"
    ),
    bad="预算1.2亿元的项目只有5条三级指标",
    good="预算1.2亿元的项目按各项资金用途分别设置数量、质量、时效、成本和效益指标，共10条以上",
    fix_hint="按资金用途补充能衡量主要产出和效益的三级指标。",
    needs=("budget", "indicators"),
)
def a007_too_few_indicators(ctx: RuleContext) -> Iterator[Hit]:
    table = ctx.table
    assert table.budget_total_yuan is not None
    if not read_completely(ctx):
        return
    rows = [i for i in table.indicators if i.name.strip() or i.target.raw.strip()]
    needed, floor = min_rows(table.budget_total_yuan)
    if len(rows) >= needed:
        return
    scale = f"{fmt_wan(floor)}以上的" if floor else ""
    yield Hit(
        message=(
            f"预算{fmt_wan(table.budget_total_yuan)}，只有{len(rows)}条三级指标；"
            f"{scale}项目至少应有{needed}条"
        ),
        evidence={"cell": "", "field": "indicators", "rows": len(rows), "needed": needed},
    )
