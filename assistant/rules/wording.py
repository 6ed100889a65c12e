"""Rules of the wording family (Q001–Q004): descriptions, vague targets, the basis of a value
and goals that no indicator measures."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.model import Indicator, TargetTable, ValueKind
from assistant.parse.textnum import normalize
from assistant.rules.common import (
    bigrams,
    cell_evidence,
    fmt_number,
    fmt_wan,
    is_placeholder,
    quote,
    row_name,
    row_text,
    squash,
)
from assistant.rules.registry import Hit, RuleContext, rule
from assistant.rules.value_checks import directional, unusable

_DEADLINE_NAME = re.compile(r"时限|时间|日期|期限|截止")
# Counts whose unit of work is undefined: 工作开展次数, 年度服务部门数量, 完成安排工作的数量.
_VAGUE_COUNT = re.compile(r"工作(?:开展)?次数|开展工作次数|服务部门数量|工作的数量|资讯总数|活动次数")
_SWAP_TAIL = re.compile(r"(?:率|情况|比例|比率|程度)$")


def _skip_description_check(indicator: Indicator) -> bool:
    name = normalize(indicator.name)
    # A deadline row's name already says what is measured (项目完成时限 → 12月底前).
    if _DEADLINE_NAME.search(name):
        return True
    # A satisfaction row's formula is the survey's share of satisfied answers.
    if "满意" in name or indicator.level2 == "服务对象满意度指标":
        return True
    # Only where the computation is unclear: a percent, a rate, or a count of undefined units.
    # Concrete counts (服务社区数量 =19个) and money rows explain themselves.
    rate = bool(re.search(r"率", name)) and "效率" not in name
    return not (indicator.target.kind == ValueKind.PERCENT or rate or _VAGUE_COUNT.search(name))


def _repeats(name: str, description: str) -> bool:
    if description == name or description in name:
        return True
    if _SWAP_TAIL.sub("", description) == _SWAP_TAIL.sub("", name):
        return True  # 各项支付工作完成率 / 各项支付工作完成情况
    # the untruncated name of a row cut by the export (S005): still only the name
    return len(name) >= 12 and description.startswith(name) and len(description) - len(name) <= 12


@rule(
    code="Q001",
    slug="description-repeats-name",
    category="wording",
    severity="info",
    title="指标描述只是重复指标名称",
    why=(
        "绩效指标描述应说明这个数怎么算：统计口径、分子分母或判断标准（如“已发放人数/应发放人数”）。"
        "描述与名称一字不差（或只是名称的一部分），读者仍不知道如何计算。完成时限类时效指标"
        "（名称含时间、时限、日期）、满意度指标，以及具体的计数（“服务社区数量 =19个”）和金额行"
        "本身已足够清楚，不提示；只在比率、百分比和“工作开展次数”这类口径不明的计数上提示。"
    ),
    bad="三级指标“覆盖率”，描述“覆盖率”",
    good="三级指标“工资保险发放覆盖率”，描述“村级劳动保障协管员工资发放人数/应发人数”",
    fix_hint="在描述中写明计算方法或统计口径，例如“实际完成数/计划数×100%”。",
    refs=("description",),
)
def q001_description_repeats_name(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        name, description = squash(indicator.name), squash(indicator.description)
        if not name or not description or _skip_description_check(indicator):
            continue
        if _repeats(name, description):
            yield Hit(
                message=f"“{indicator.name}”的指标描述{quote(indicator.description)}只重复了名称，未说明计算方法",
                indicator=index,
                evidence=cell_evidence(indicator, "description"),
            )


def _counted_rows(table: TargetTable, skip: int) -> list[str]:
    """Figures the table offers: other rows that count something (“行政村数量”21个), then the
    breakdown's counts of beneficiaries or units (测算明细“21个村”)."""
    rows = [
        f"“{other.name}”{fmt_number(other.target.number)}{other.target.unit or ''}"
        for index, other in enumerate(table.indicators)
        if index != skip and other.target.kind == ValueKind.COUNT and other.target.number
    ]
    seen: set[str] = set()
    for item in table.budget_items:
        for quantity in item.quantities:
            unit = quantity.unit.removeprefix("个")
            if unit in _COUNTED_UNITS and quantity.value > 0:
                shown = f"测算明细“{fmt_number(quantity.value)}{quantity.unit}”"
                if shown not in seen:
                    seen.add(shown)
                    rows.append(shown)
    return rows


# Units of the people and places a "保障/运转" row is about (not months, not money).
_COUNTED_UNITS = frozenset(
    ("人", "名", "户", "村", "社区", "乡镇", "街道", "单位", "个", "所", "家", "队", "工作队", "网格")
)


_ABOUT_OPERATION = re.compile(r"保障|运转|运行|正常开展|顺利开展|开展工作|开展活动")
_COST_LEVEL2 = ("成本指标", "经济成本指标")


def _unusable_cost(indicator: Indicator) -> bool:
    return indicator.level2 in _COST_LEVEL2 and unusable(indicator)


@rule(
    code="Q002",
    slug="vague-target-with-figure",
    category="wording",
    severity="info",
    title="定性目标含糊，而表中已有可用的数字",
    why=(
        "“得到保障”“正常运转”之类只说明方向的指标值无法评价。如果本表已经给出了可用的数字，就应"
        "该用它把目标写实：说“保障运转”的行，本表数量指标已经数出了保障对象（如21个行政村），可写"
        "成“保障率 =100%”或“正常运转的行政村 =21个”；成本行写“实际支出”“可控”，而本表有预算数，"
        "可直接写成“≤预算数”。幸福感、生活水平这类本表没有数字可依的行不提示。本条与V001（不是目标）、"
        "V002（数量/成本/时效缺数字）、Q005（只说明方向）可同时出现，它指出的是可以换用的那个数字。"
    ),
    bad="效益指标“村级组织机构的正常运转”，指标值“得到保障”，而同表“行政村数量 21个”",
    good="效益指标“正常运转的行政村数量”，指标值“=21个”；成本指标“项目建设成本 ≤230万元”",
    fix_hint="用表中已有的数字改写目标：保障对象的数量或保障率，成本行用预算数作上限。",
    refs=("vague-wording", "qualitative-grades", "count-from-breakdown"),
)
def q002_vague_target_with_figure(ctx: RuleContext) -> Iterator[Hit]:
    table = ctx.table
    for index, indicator in enumerate(table.indicators):
        target = indicator.target
        if _unusable_cost(indicator) and table.budget_total_yuan is not None:
            budget = fmt_wan(table.budget_total_yuan)
            yield Hit(
                message=(
                    f"成本指标“{row_name(indicator)}”的指标值{quote(target.raw)}不是金额；"
                    f"本表预算数为{budget}，可写作“≤{budget}”"
                ),
                indicator=index,
                evidence=cell_evidence(indicator, "value", budget_wan=budget),
            )
            continue
        if not directional(indicator):
            continue
        if not _ABOUT_OPERATION.search(normalize(row_text(indicator))):
            continue
        counts = _counted_rows(table, index)
        if not counts:
            continue
        shown = "、".join(counts[:3])
        yield Hit(
            message=(
                f"“{row_name(indicator)}”的指标值{quote(target.raw)}只说明方向；"
                f"本表已数出保障对象：{shown}，可写成保障率或数量"
            ),
            indicator=index,
            evidence=cell_evidence(indicator, "value", figures=counts[:5]),
        )


# A basis that only names a metric (任务完成率, 完成情况, …占…比例) rather than a source.
_METRIC_ONLY = re.compile(r"(?:率|情况|比例|比率)$")
_SOURCE = re.compile(
    r"计划|政策|文件|通知|标准|经验|合同|规定|要求|预算|办法|方案|实际数量|统计|历史|上年|往年|以往"
    r"|批复|意见|精神|规划|测算|协议|实际"
)


# Cells a reader may leave in the basis field when a layout has no basis column: a category
# label (数量指标), a bare figure or score (1806套；5；5), a lone character cut from a heading.
_STRAY_BASIS = re.compile(r"^(?:.{0,10}指标|[≥≤=<>＜＞]?[\d.,，%]+[\u4e00-\u9fff%]{0,3}|.)$")


def _genuine_basis(indicator: Indicator) -> bool:
    """True when the basis cell holds something other than stray cells of another column."""
    own = {squash(indicator.name), squash(indicator.target.raw)}
    parts = [squash(p) for p in re.split(r"[；;]", indicator.basis)]
    return any(p and p not in own and not _STRAY_BASIS.match(p) for p in parts)


def _has_basis_column(rows: list[Indicator]) -> bool:
    # Real basis columns are filled on most rows; a few stray cells (a heading broken across
    # lines, the mid-term column of a two-column layout) do not make one.
    return sum(_genuine_basis(i) for i in rows) * 2 >= len(rows) > 0


@rule(
    code="Q003",
    slug="basis-missing-or-restated",
    category="wording",
    severity="info",
    title="指标值确定依据缺失，或只是重复指标本身",
    why=(
        "指标值确定依据说明这个目标值从哪里来：计划标准（年度计划、上级文件）、历史标准（以前年度"
        "实际值）、行业标准或预算支出标准。空着，或只是把指标名称、描述、指标值再抄一遍，就看不出"
        "目标值是否合理；只写“任务完成率”“完成情况”这类指标口径、没有来源的，也算。表格版式本身"
        "没有依据栏（全表都空）时不提示。"
    ),
    bad="三级指标“各项支付工作完成率”，描述“各项支付工作完成情况”，依据“各项支付工作完成情况”",
    good="依据“年度工作计划、2024县级预算编制通知”",
    fix_hint="写明目标值的来源：计划标准、历史标准、行业标准或预算支出标准，并注明文件或数据。",
    refs=("value-basis",),
)
def q003_basis_missing_or_restated(ctx: RuleContext) -> Iterator[Hit]:
    rows = ctx.table.indicators
    if not _has_basis_column(rows):
        return  # the layout has no basis column at all: nothing was asked, nothing to judge
    for index, indicator in enumerate(rows):
        basis = squash(indicator.basis)
        if not basis:
            yield Hit(
                message=f"“{row_name(indicator)}”未填写指标值确定依据",
                indicator=index,
                evidence=cell_evidence(indicator, "basis"),
            )
            continue
        same = [
            label
            for label, text in (("名称", indicator.name), ("描述", indicator.description),
                                ("指标值", indicator.target.raw))
            if squash(text) and basis == squash(text)
        ]
        if not same and _METRIC_ONLY.search(basis) and not _SOURCE.search(basis):
            same = ["口径"]
        if same:
            detail = "只写了指标口径，没有给出来源" if same[0].startswith("口径") else f"只是重复了指标{same[0]}"
            yield Hit(
                message=f"“{row_name(indicator)}”的确定依据{quote(indicator.basis)}{detail}",
                indicator=index,
                evidence=cell_evidence(indicator, "basis", restates=same[0]),
            )


# Words any goal may use: they say nothing about what this project delivers.
_GENERIC = re.compile(
    r"保证|确保|保障|加强|加大|提升|提高|促进|做好|完成|落实|推进|各项|工作|正常|开展|进行|顺利|有序"
    r"|日常|运转|运行|稳定|发展|水平|能力|及时|足额|有效|进一步|充分|力度|积极性|持续|全面|切实"
    r"|更好|更快|和谐|良好|不断|努力|实现|得到|通过|使用|资金|经费|项目|相关|以及|和|的|与|及|等"
)
_GENERIC_TEXT = (
    "保证 确保 保障 加强 加大 提升 提高 促进 做好 完成 落实 推进 各项 工作 正常 开展 进行 顺利 有序"
    " 日常 运转 运行 发展 水平 能力 及时 足额 有效 进一 一步 充分 力度 持续 全面 切实 和谐 良好"
    " 不断 实现 得到 通过 使用 资金 经费 项目 相关 以及 情况 程度 是否 能否 能够 人员"
)
_GENERIC_BIGRAMS = frozenset(_GENERIC_TEXT.split())


def _content_bigrams(text: str) -> set[str]:
    # Cut at stock phrases first, so "及时发放" leaves no stray bigram such as "时发".
    return bigrams(_GENERIC.sub(" ", normalize(text))) - _GENERIC_BIGRAMS


# "保障村级组织工作顺利进行", "确保社区工作正常运行": work goes on, and nothing else is promised.
_SLOGAN = re.compile(
    r"^(?:保证|确保|保障)?[\u4e00-\u9fff“”\"]{0,12}?(?:的)?(?:各项|日常)?(?:事务)?(?:工作)?的?"
    r"(?:正常|顺利|有序)(?:运行|开展|进行|运转|办公)$"
)
# A single-clause goal whose result is operation: "保证…服务中心正常运转".
_OPERATION_GOAL = re.compile(r"(?:正常|顺利|有序)(?:运行|开展|进行|运转|办公)$")
_OPERATION_ROW = re.compile(r"运转|运行|正常|开展|运营|办公")
_STABILITY_GOAL = re.compile(r"稳定|和谐|安定|平安")
_STABILITY_ROW = re.compile(r"信访|上访|群体性|矛盾纠纷|突发事件|稳定|安全事故|治安")
_PAY = re.compile(r"工资|薪酬|报酬|补贴|补助|津贴|社保|保险")


# Column headings a reader may pick up as a goal: 中期目标, 年度总体目标完成情况综述, 绩效指标.
_HEADING = re.compile(r"^.{0,8}(?:目标|指标|指标表|综述|完成情况)$")


# "中期目标(2023年—2023年)": a heading with its period in brackets.
_PERIOD_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
# A one-clause aim naming only a field to advance: 推进科技事业发展, 促进教育事业发展.
_DIRECTION = re.compile(r"^(?:推进|促进|推动|加快|支持)[\u4e00-\u9fff]{1,6}?(?:事业)?(?:的)?(?:发展|建设)[。.]?$")


def _clauses(goal: str) -> list[str]:
    return [c for c in re.split(r"[，,；;。.!！]", normalize(goal).strip()) if c.strip()]


@rule(
    code="Q004",
    slug="goal-not-measured",
    category="wording",
    severity="warning",
    title="绩效目标没有指标衡量，或只是空泛口号",
    why=(
        "绩效目标应能分解为指标：每一条目标都应有至少一条指标衡量它是否实现。判断方法保守：目标"
        "与所有指标（名称和描述）都没有共同的内容词（去掉“保证、提升、各项工作”等套话后），或者"
        "目标只承诺某项工作“正常运转/正常开展”而没有一条指标衡量运转情况，才提示；发放工资、补贴"
        "的目标可由发放人数等计人的行衡量，“社会稳定”类目标可由信访、群体性事件等行衡量。只说“某某工作顺利进行/正常运行”、没有产出、对象或效果"
        "的目标，是空泛口号。占位目标（“目标内容1”）归S004。"
    ),
    bad="绩效目标“保障村级组织工作顺利进行”；“保证老年人日间照料中心正常运转”而没有任何运转方面的指标",
    good="绩效目标“社区网格员绩效工资及保险及时足额发放”，由“发放人数 =119人”衡量",
    fix_hint="把目标写成具体的结果，并为每条目标设置至少一条对应的指标。",
    refs=("goals",),
    needs=("goals",),
)
def q004_goal_not_measured(ctx: RuleContext) -> Iterator[Hit]:
    table = ctx.table
    if not table.indicators:
        return
    texts = [normalize(row_text(i)) for i in table.indicators]
    measured = set().union(*(bigrams(t) for t in texts))
    counts_people = any(
        "人数" in t or i.target.unit in ("人", "人次") for t, i in zip(texts, table.indicators, strict=True)
    )
    operation_rows = any(_OPERATION_ROW.search(t) for t in texts)
    for goal in table.goals:
        heading = squash(_PERIOD_NOTE.sub("", normalize(goal).strip()))
        if not goal.strip() or is_placeholder(goal) or _HEADING.search(heading):
            continue
        if _DIRECTION.match(heading):
            continue  # "推进科技事业发展": a direction, not a deliverable an indicator could measure
        clauses = _clauses(goal)
        if len(clauses) == 1 and _SLOGAN.match(clauses[0]):
            yield Hit(
                message=f"绩效目标{quote(goal)}是空泛口号：只说工作正常进行，没有产出、对象或效果",
                evidence={"cell": goal, "field": "goals"},
            )
            continue
        if len(clauses) == 1 and _OPERATION_GOAL.search(clauses[0]) and not operation_rows:
            yield Hit(
                message=f"绩效目标{quote(goal)}要求正常运转，但没有任何指标衡量运转情况",
                evidence={"cell": goal, "field": "goals"},
            )
            continue
        own = _content_bigrams(goal)
        if not own or own & measured:
            continue
        if _PAY.search(goal) and counts_people:
            continue  # pay goals are measured by the rows that count who is paid
        if _STABILITY_GOAL.search(goal) and any(_STABILITY_ROW.search(t) for t in texts):
            continue  # stability is measured by petitions and incidents (信访人次, 群体性事件)
        if len(bigrams(goal) & measured) >= 3:
            continue  # shares a whole phrase with a row, even if only stock words
        # A goal that only names the project itself plus stock phrases is measured by the
        # generic rows; conservative: no finding.
        if not own - bigrams(f"{table.project} {table.purpose}"):
            continue
        yield Hit(
            message=f"绩效目标{quote(goal)}没有任何指标衡量",
            evidence={"cell": goal, "field": "goals"},
        )
