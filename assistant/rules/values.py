"""Rules of the values family (V001–V006): is the 指标值 a usable target, of the right kind for
its category, pointing the right way, consistent, well formed and ambitious enough?"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from assistant.model import Indicator, TargetTable, ValueKind
from assistant.parse.textnum import normalize
from assistant.rules.common import (
    cell_evidence,
    fmt_number,
    fmt_wan,
    quote,
    row_name,
)
from assistant.rules.registry import Hit, RuleContext, rule
from assistant.rules.value_checks import (
    COST_LEVEL2,
    GE_LIKE,
    LE_LIKE,
    contradicts,
    directional,
    is_cost_row,
    is_full_payment_row,
    non_target,
    vague_for_number,
    value_direction,
)
from assistant.rules.values_lexicon import (
    COST_FLOOR_RATE,
    COST_RATE,
    FLOOR_RATE,
    PER_BASIS,
    PER_HEAD,
    PERIOD_PARTS,
    PERIODIC_PAY,
    PERSON_COUNT,
    STANDARD_NAME,
    TIME_NAME,
    TIMELY,
    UNIT_IN_NAME,
)

# Rows whose value may be a date: only there is a bare 5-digit number an Excel date serial.
_DATE_ROW = re.compile(r"时效|时间|日期|时限|期限")
_FREQUENCY_UNIT = re.compile(r"/(?:月|季度|季|年|半年|周|天|日|学期)$")


@rule(
    code="V001",
    slug="no-usable-target",
    category="values",
    severity="error",
    title="指标值不是目标",
    why=(
        "指标值要写年底据以判断是否达成的目标：比较符+数字+单位（≥95%、=119人）、日期或期限"
        "（12月底前、2024.1-2024.12）、频次（1次/月），或定性等级（是/否、好/较好、合格、达成）。"
        "本规则只针对根本不是目标的文字：投入或资金来源（“实际支出”“人社局批复金额”），情况说明"
        "（“辖区共有人大代表6人。”），工作描述或口号式长句，已发生结果的陈述（“显著提升了…”），"
        "以及只写了指标名称而没有数值（“工作任务完成率”）。只说明方向的“得到保障”“有所提升”"
        "归入Q005；“按计划实施”“合规”这类可按达成/未达成评价的定性表述不在此列；空白归入S004；"
        "写明上限的长句（“总成本控制在2969.09万元，其中…”）可读作上限，也不算。"
    ),
    bad="成本指标“项目建设成本”，指标值“实际支出”；社会效益“扶持力度”，指标值“显著提升了扶持力度，大力支持了发展。”",
    good="成本指标“控制在预算内”，指标值“≤263.75万元”；社会效益“群众出行条件”，指标值“明显改善”另附评价档次",
    fix_hint="把指标值改写为要达到的目标：比较符+数字+单位（如“≥95%”“=21个”）、日期，或定性等级（如“是”“达成年度指标”）。",
    refs=("value-shape", "qualitative-grades", "vague-wording"),
)
def v001_no_usable_target(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        reason = non_target(indicator)
        if not reason:
            continue
        target = indicator.target
        yield Hit(
            message=f"“{row_name(indicator)}”的指标值{quote(target.raw)}{reason}",
            indicator=index,
            evidence=cell_evidence(indicator, "value", kind=target.kind.value, reason=reason),
        )


def _kind_problem(indicator: Indicator) -> str | None:
    target, level2 = indicator.target, indicator.level2
    kind = target.kind
    if non_target(indicator):
        return None  # V001 replaces V002: a value that is no target has no kind to mismatch
    if vague_for_number(indicator):
        return f"{level2}需要可核对的数字、金额或日期，而指标值只说明方向或作出判断"
    if kind in (ValueKind.EMPTY, ValueKind.TEXT, ValueKind.NUMBER):
        return None  # S004 / V005 report these
    text = normalize(f"{indicator.name} {indicator.description}")
    if level2 == "数量指标":
        if kind in (ValueKind.COUNT, ValueKind.MEASURE):
            return None
        what = {
            ValueKind.PERCENT: "比率",
            ValueKind.MONEY: "金额（投入不是产出数量）",
            ValueKind.UNIT_COST: "单价",
            ValueKind.DATE: "日期",
            ValueKind.PERIOD: "时间段",
            ValueKind.GRADE: "定性等级",
        }.get(kind, kind.value)
        return f"数量指标应是带计数单位的数量（人、个、次、户、平方米等），而指标值是{what}"
    if level2 in COST_LEVEL2:
        if kind in (ValueKind.MONEY, ValueKind.UNIT_COST):
            return None
        if kind == ValueKind.PERCENT and COST_RATE.search(text):
            return None
        if kind == ValueKind.PERCENT:
            return "成本指标应是金额（元/万元）、单位成本或明确的成本控制率，而指标值是与成本无关的比率"
        return "成本指标应是金额（元/万元）、单位成本或成本控制率，而指标值不是金额"
    if level2 == "时效指标":
        if kind in (ValueKind.DATE, ValueKind.PERIOD, ValueKind.GRADE):
            return None
        if kind in (ValueKind.MEASURE, ValueKind.COUNT) and _FREQUENCY_UNIT.search(target.unit or ""):
            return None  # 1次/月, 每季度一次: how often, a time target
        if kind == ValueKind.PERCENT:
            if TIMELY.search(text) or not TIME_NAME.search(normalize(indicator.name)):
                return None  # a timeliness rate; or a rate of something else, which is R003's
            return "本行说的是时间或期限，应写日期或期限（如“12月底前”），比率只适用于及时率、按时完成率"
        return "时效指标应是日期、期限或及时率，而指标值是数量或金额"
    return None


def _bare_money(indicator: Indicator, table: TargetTable) -> str | None:
    """A bare number under 数量 that the table itself states as money (550 beside 550万元)."""
    target = indicator.target
    if indicator.level2 != "数量指标" or target.kind != ValueKind.NUMBER or target.number is None:
        return None
    if target.number < 10 or UNIT_IN_NAME.search(normalize(indicator.name)):
        return None  # small figures recur by chance; 数量(台) names its own unit
    figure = fmt_number(target.number)
    text = normalize(" ".join([table.purpose, *table.goals]))
    money = re.search(rf"(?<![\d.]){re.escape(figure)}(?:\.0+)?\s*(万元|元|亿元)", text)
    if not money:
        return None
    return f"数量指标应是带计数单位的数量，而本表写明“{figure}{money.group(1)}”是金额（投入不是产出数量）"


@rule(
    code="V002",
    slug="value-kind-mismatch",
    category="values",
    severity="error",
    title="指标值的类型与二级类别不符",
    why=(
        "二级类别决定了指标值该是什么：数量指标是带计数单位的数量；成本指标是金额、单位成本，或"
        "明确的成本控制率（如成本节约率）；时效指标是日期、日期区间、期限、频次（1次/月、每季度）"
        "或及时率（是/否形式的“是否按时”也可接受）。这三类必须有可核对的数字或日期，写成“有所提高”"
        "“可控”之类的方向或判断也算类型不符。成本指标下的“预算完成率”“资金使用率”衡量的是预算"
        "执行，不是成本，同样算类型不符。类型不对，说明指标没有衡量它所在类别要求的内容。"
    ),
    bad="数量指标“发放工资人数 ≥98%”；成本指标“控制在预算内 ≥95百分比”；成本指标“经费支出 可控”",
    good="数量指标“发放人数 =119人”；成本指标“控制在预算内 ≤263.75万元”；时效指标“实施期限 2024.1-2024.12”",
    fix_hint="按二级类别改写：数量写“=N人/个/次”，成本写“≤N万元”或“N元/人”，时效写“12月底前”或及时率。",
    refs=("value-kind", "timeliness", "cost-vs-budget", "inputs-not-outputs"),
)
def v002_value_kind_mismatch(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        problem = _kind_problem(indicator) or _bare_money(indicator, ctx.table)
        if problem:
            yield Hit(
                message=f"“{row_name(indicator)}”的指标值{quote(indicator.target.raw)}：{problem}",
                indicator=index,
                evidence=cell_evidence(
                    indicator, "value", level2=indicator.level2, kind=indicator.target.kind.value
                ),
            )


@rule(
    code="V003",
    slug="wrong-comparator",
    category="values",
    severity="error",
    title="比较符方向错误",
    why=(
        "成本是上限，应写“≤”；满意度、完成率、覆盖率等越高越好，是下限，应写“≥”；事故率、投诉率、"
        "差错率、损耗率、突发事件发生率和信访次数等越低越好，应写“≤”。方向写反，指标就会鼓励错误"
        "的结果，比如“发生率 ≥10%”意味着事件越多越达标。完成所需的时间（“项目完成时间 ≤1年”）也是"
        "上限。成本节约率、成本降低率属于下限，可用“≥”；成本指标下误填的“预算资金使用率”本身越高越好，"
        "其问题是类型不符（V002），不再判方向错误。"
    ),
    bad="成本指标“≥95%”；“突发事件发生率 ≥10%”；“发票损耗率 ≥95百分比”",
    good="成本指标“≤67.54万元”；“突发事件发生率 ≤10%”；“涉及人员满意度 ≥85%”",
    fix_hint="成本与不良事件用“≤”，满意度、完成率、覆盖率等用“≥”。",
    refs=("value-comparator", "satisfaction", "cost-vs-budget"),
)
def v003_wrong_comparator(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        comparator = indicator.target.comparator
        if comparator is None:
            continue
        name = normalize(indicator.name)
        problem = None
        if is_cost_row(indicator) and not COST_FLOOR_RATE.search(name) and not FLOOR_RATE.search(name):
            if comparator in GE_LIKE:
                problem = "成本是上限，应使用“≤”"
        else:
            direction = value_direction(indicator)
            if direction == "cap" and comparator in GE_LIKE:
                problem = (
                    "完成所需的时间是上限，应使用“≤”"
                    if indicator.target.kind == ValueKind.PERIOD
                    else "该指标衡量的是不良事件，越低越好，应使用“≤”"
                )
            elif direction == "floor" and comparator in LE_LIKE:
                problem = "该指标越高越好，是下限，应使用“≥”"
        if problem:
            yield Hit(
                message=f"“{row_name(indicator)}”的指标值{quote(indicator.target.raw)}：{problem}",
                indicator=index,
                evidence=cell_evidence(indicator, "value", comparator=comparator.value),
            )


@rule(
    code="V004",
    slug="contradictory-target",
    category="values",
    severity="error",
    title="目标值与目标或自身矛盾",
    why=(
        "指标值要表达本行想达到的结果。把想要的结果写成否定（指标“提升服务水平”、指标值“不提高"
        "服务水平”），或者“是否增强…”填“否”，或比较符、区间自相矛盾，都会让指标无法成立。否定"
        "不良事件（“不发生安全事故”）是正常写法，不算矛盾。"
    ),
    bad="指标“提升服务水平”，指标值“不提高服务水平”",
    good="指标“群体性事件次数”，指标值“低于1次”；“是否增强老年人幸福感”，指标值“是”",
    fix_hint="把指标值改为本行希望达到的结果，并写成可衡量的形式。",
    refs=("value-contradiction", "goals"),
)
def v004_contradictory_target(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        reason = contradicts(indicator)
        if reason:
            yield Hit(
                message=f"“{row_name(indicator)}”的指标值{quote(indicator.target.raw)}：{reason}",
                indicator=index,
                evidence=cell_evidence(indicator, "value"),
            )


def _yuan_slips(table: TargetTable) -> Iterator[tuple[str, Decimal]]:
    """Breakdown lines written in 元 that only add up to the total when read as 万元."""
    total = table.budget_total_yuan
    top = [b for b in table.budget_items if b.level == 1 and b.amount_yuan is not None]
    if total is None or len(top) < 2:
        return
    stated = sum((b.amount_yuan for b in top), Decimal(0))
    if abs(stated - total) < Decimal(1):
        return
    for item in top:
        amount = item.amount_yuan
        if amount is None or amount >= 10000 or "万元" in item.text or not re.search(r"\d元", item.text):
            continue
        fixed = stated - amount + amount * 10000
        if abs(fixed - total) <= Decimal(100):
            yield item.text, amount


@rule(
    code="V005",
    slug="malformed-unit-or-number",
    category="values",
    severity="warning",
    title="单位或数字书写不规范",
    why=(
        "“百分比”应写作“%”；比率最高是100%，“≥100%”或超过100%的比率无法实现，应写“=100%”；"
        "金额要写全“万元”，不能只写“万”；数字后缺少单位时读者不知道数的是什么；测算明细里把"
        "“万元”误写成“元”（如“11.48元”，与合计对不上）会让金额差一万倍。比率写成光秃秃的“0”要写"
        "“0%”；“补助标准”“单价”只写总额（“≤120万元”）而没有计量基准（元/公里、元/人）也无法核对；"
        "按人发放的工资、补助单价要写明期间（元/人/月）。"
    ),
    bad="“≥95百分比”；“≥100%”；成本“=20万”；明细“离任村干部生活补贴11.48元”而合计按万元计",
    good="“≥95%”；“=100%”；“=20万元”；“离任村干部生活补贴11.48万元”",
    fix_hint="使用规范单位（%、万元、人、个），比率不超过100%，数字后写明单位。",
    refs=("rate-limits", "value-shape"),
)
def v005_malformed_unit_or_number(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        target = indicator.target
        name = normalize(indicator.name)
        problems = [p for p in target.problems if "占位符" not in p and "前后矛盾" not in p]
        if not _DATE_ROW.search(f"{indicator.level2} {name}"):
            # 80000 亩 or 50000 人 fall in the Excel-serial range too; only a date row can be one
            problems = [p for p in problems if "序列号" not in p]
        if (
            target.kind == ValueKind.NUMBER
            and target.number is not None
            and (target.number != 0 or re.search(r"(?:率|比例|比重)$", name))
            and not UNIT_IN_NAME.search(name)
        ):
            problems.append("数字后缺少计量单位")  # a bare 0 only where a rate needs its %
        if target.kind == ValueKind.MONEY and STANDARD_NAME.search(name) and not PER_BASIS.search(name):
            # "公路补助标准 ≤120万元": a standard is per something (元/公里, 元/人)
            problems.append("“标准”“单价”应写明计量基准（如“万元/公里”“元/人”），只写总额无法核对")
        if target.kind == ValueKind.COUNT and target.unit == "个" and PERSON_COUNT.search(name):
            problems.append("人数用“个”计量，单位应为“人”")
        if target.kind == ValueKind.UNIT_COST and PERIODIC_PAY.search(name):
            parts = set((target.unit or "").split("/")[1:])
            if parts & PER_HEAD and not parts & PERIOD_PARTS:
                problems.append(f"单价“{target.unit}”缺少期间（每月或每年），无法与预算核对")
        if target.kind == ValueKind.UNIT_COST and target.number == Decimal(0):
            # "出差单位成本 =0万元/人": a unit cost rounded away in too large a unit
            problems.append("单位成本为0，多半是按“万元”取整丢了数值，应换用“元”")
        if name.endswith("率") and target.kind in (ValueKind.PERIOD, ValueKind.COUNT, ValueKind.MEASURE):
            # "检测及时率 ≤7工作日": the name promises a rate, the cell gives days or a count
            problems.append(f"名称是比率，指标值却以“{target.unit}”计，单位与指标名称不符")
        if problems:
            yield Hit(
                message=f"“{row_name(indicator)}”的指标值{quote(target.raw)}：{'；'.join(problems)}",
                indicator=index,
                evidence=cell_evidence(indicator, "value", problems=problems),
            )
    for text, amount in _yuan_slips(ctx.table):
        yield Hit(
            message=(
                f"测算明细{quote(text)}按“元”计为{fmt_number(amount)}元，"
                f"按“万元”计才与预算合计{fmt_wan(ctx.table.budget_total_yuan)}相符，疑为单位误写"
            ),
            evidence={"cell": text, "field": "purpose", "amount_yuan": fmt_number(amount),
                      "total_wan": fmt_wan(ctx.table.budget_total_yuan)},
        )


@rule(
    code="V006",
    slug="unambitious-full-payment",
    category="values",
    severity="warning",
    title="应当足额发放的资金，目标却低于100%",
    why=(
        "工资、补贴、补助、社会保险等按政策必须足额、按时发放或缴纳，目标只能是100%。写成“≥95%”"
        "“≥98%”等于事先允许少发、迟发，目标失去约束力。"
    ),
    bad="“足额发放率 ≥95%”；“保险缴纳到位率 ≥95%”；“发放工资人数 ≥98%”",
    good="“工资保险发放完成率 =100%”；“补贴发放率 =100%”",
    fix_hint="把工资、补贴、保险的发放率、到位率、及时率定为“=100%”。",
    refs=("full-payment", "ambition"),
)
def v006_unambitious_full_payment(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        target = indicator.target
        if target.kind != ValueKind.PERCENT or target.number is None or target.number >= 100:
            continue
        if target.comparator in LE_LIKE or not is_full_payment_row(indicator, ctx.table):
            continue
        yield Hit(
            message=(
                f"“{row_name(indicator)}”的指标值{quote(target.raw)}低于100%："
                "工资、补贴、保险应足额按时发放"
            ),
            indicator=index,
            evidence=cell_evidence(indicator, "value", number=target.number, required="100"),
        )


@rule(
    code="Q005",
    slug="direction-without-degree",
    category="wording",
    severity="info",
    title="定性目标只说明方向，没有程度或档次",
    why=(
        "“得到保障”“有所提升”“进一步改善”“提高服务水平”说明了方向，按财预〔2020〕10号可按"
        "达成、部分达成、未达成评价，所以不是错误；但没有写到什么程度，年底很难判定属于哪一档。"
        "能量化的写成数字（如“≥90%”“=21个”），不能量化的写明评价档次或标准（好/较好/一般、"
        "达到某项标准）。数量、成本、时效指标必须有数字，那里的同类写法归入V002。"
    ),
    bad="社会效益“居民生活质量”，指标值“有效改善”；可持续影响“基层治理能力”，指标值“进一步提高”",
    good="社会效益“居民生活质量”，指标值“较好”并说明评价标准；可持续影响“网格工作是否正常运转”，指标值“是”",
    fix_hint="写明程度：能量化的写比较符+数字+单位，不能量化的写评价档次（好/较好/一般）或达到的标准。",
    refs=("qualitative-grades", "vague-wording"),
)
def q005_direction_without_degree(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        if not directional(indicator) or vague_for_number(indicator) or contradicts(indicator):
            continue
        yield Hit(
            message=f"“{row_name(indicator)}”的指标值{quote(indicator.target.raw)}只说明方向，没有写到什么程度",
            indicator=index,
            evidence=cell_evidence(indicator, "value", kind=indicator.target.kind.value),
        )
