"""Candidate indicator rows, per second-level category, from facts, the taxonomy and retrieval.

Every candidate carries a description (how the figure is computed), a basis (指标值确定依据) and
a provenance (where it came from). The drafter takes the first candidates of each category and
falls back to the next ones when the validators reject a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.draft.defaults import suggested_counts
from assistant.draft.fact_kinds import (  # noqa: F401 - re-exported for goals.py
    BENEFIT_WORDS,
    OUTCOME_WORDS,
    is_benefit_fact,
    output_counts,
)
from assistant.draft.facts import (
    PAY_WORDS,
    PLACE_UNITS,
    Fact,
    ProjectFacts,
    money_text,
    outcome_name,
    with_group,
)
from assistant.draft.naming import SCOPE_PREFIX, counted_for, scoped
from assistant.draft.retrieval import RetrievedRow
from assistant.draft.topics import fits_project, specific_bigrams
from assistant.model import ValueKind
from assistant.parse.values import is_vague_grade, parse_target
from assistant.rules.common import fmt_number

LEVEL1_OF = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标",
}
BENEFIT_LEVEL2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SUGGESTED = "建议值，请按年度计划核定"
TYPICAL_MARK = "建议值：同类项目常用水平，请按本项目实际核定"
KB_MARK = "建议值：参照知识库同类项目，请按本项目实际核定"


@dataclass
class Candidate:
    level2: str
    name: str
    value: str
    description: str
    basis: str
    provenance: str
    suggested: bool = False  # the value is our suggestion, not a figure the user gave

    @property
    def level1(self) -> str:
        return LEVEL1_OF.get(self.level2, "效益指标")


def value_ok(value: str, level2: str) -> bool:
    """A value we can put in a draft: concrete, no N placeholder, not a direction word."""
    if "N" in value or "*" in value:
        return False
    target = parse_target(value)
    if target.kind in (ValueKind.TEXT, ValueKind.EMPTY, ValueKind.NUMBER):
        return False
    if target.kind == ValueKind.GRADE and is_vague_grade(target):
        return False
    if level2 == "数量指标":
        return target.kind in (ValueKind.COUNT, ValueKind.MEASURE)
    if level2 == "时效指标":
        return target.kind in (ValueKind.DATE, ValueKind.PERIOD, ValueKind.PERCENT)
    if level2 == "成本指标":
        return target.kind in (ValueKind.MONEY, ValueKind.UNIT_COST)
    return True


def describe(name: str, level2: str, project: str, pay: bool = False) -> str:
    """How a typical row's figure is computed, from the shape of its name."""
    stem = name.rstrip("率")
    if "满意" in name:
        who = re.sub(r"安全感$|满意[度率]$", "", name.replace("满意度", "").replace("满意率", "")) or "服务对象"
        return f"通过问卷调查，{who}中对本项目实施情况表示满意的人数占调查总人数的比例"
    if "足额" in name or (pay or "发放" in name or "缴纳" in name) and name.endswith(
        ("发放率", "到位率", "缴纳率", "兑付率", "支付率")
    ):
        return f"{stem}：实际足额发放（缴纳）金额÷应发放（缴纳）金额×100%"
    if name.endswith("及时率") or name.endswith("按时率") or "按时" in name or "按期" in name:
        return f"{stem}：在规定时限内完成的次数（笔数）÷应完成总次数（笔数）×100%"
    if name.endswith("合格率") or name.endswith("达标率"):
        return f"{stem}：验收（考核）合格的数量÷验收（考核）总数×100%"
    if name.endswith(("准确率", "合规率")):
        return f"{stem}：经核对无误的对象（笔数）÷全部对象（笔数）×100%"
    if name.endswith(("整改率", "处置率", "办结率", "清理率", "消除率", "转移率", "修复率")):
        return f"{stem}：已完成处置（整改）的数量÷发现（应处置）总数×100%"
    if name.endswith("率") or name.endswith("覆盖率"):
        return f"{stem}：达到要求的数量÷应达到要求的总数×100%，按年度统计"
    if level2 == "时效指标":
        return f"{name}：自任务下达（问题受理）之日起至办结的时间，按工作台账核定"
    if re.search(r"次数|人次|人数|起数", name) and re.search(r"事故|事件|死亡|信访|上访|火灾", name):
        return f"年度内{stem}的累计数，以主管部门统计和报告为准"
    if level2 == "数量指标":
        return f"年度内{stem}的累计完成数，按工作台账统计"
    return f"年度内{stem}的实际情况，按年度工作台账和统计资料核定"


def _basis_for(level2: str, name: str, pay: bool) -> str:
    if level2 == "服务对象满意度指标":
        return "问卷调查；参照同类项目以往年度满意度水平"
    if pay and re.search(r"足额|发放|到位|缴纳|准确|及时|按时", name):
        return "资金管理规定：工资、补贴、保险须按标准足额、按时发放"
    if level2 == "时效指标":
        return "年度工作计划及资金支出计划"
    if level2 == "质量指标":
        return "行业标准及年度工作计划"
    return "年度工作计划；参照同类项目历史水平"


def typical_candidates(
    type_: dict[str, Any], group: str, project: str, pay: bool, text: str = ""
) -> list[Candidate]:
    """The taxonomy's typical rows of one group (数量指标…效益指标, 满意度指标) with usable values."""
    rows = []
    for item in type_.get("typical_indicators", {}).get(group, []):
        if text and not fits_project(item["name"], text):
            continue
        level2 = item.get("level2") or group
        value = item["value"]
        if level2 == "服务对象满意度指标":
            value = "≥90%"  # satisfaction floor used throughout the drafts
        if not value_ok(value, level2):
            continue
        rows.append(Candidate(level2, item["name"], value, describe(item["name"], level2, project, pay),
                              f"{_basis_for(level2, item['name'], pay)}（{TYPICAL_MARK}）",
                              f"type: {type_['id']} typical indicator"))
    return rows


_YEAR = re.compile(r"^20\d{2}年度?")
_GLUED = re.compile(r"率[\u4e00-\u9fff]{3,}")

# Row names that are slogans (加强城乡环境卫生改变), not measures.
_SLOGAN = re.compile(r"^(?:加强|提升|提高|促进|推动|保障|确保|增强|改善|维护)")


def canonical_value(value: str) -> str:
    """'90%以上' → '≥90%', '100%' → '=100%', '≦50万元' → '≤50万元': one way of writing values."""
    target = parse_target(value)
    if target.number is None or target.upper is not None or not target.unit:
        return value
    if target.kind not in (ValueKind.PERCENT, ValueKind.COUNT, ValueKind.MONEY, ValueKind.MEASURE,
                           ValueKind.UNIT_COST):
        return value
    comparator = target.comparator.value if target.comparator else (
        "≥" if target.kind == ValueKind.PERCENT and target.number < 100 else "=")
    return f"{comparator}{fmt_number(target.number)}{target.unit}"


def retrieved_candidates(
    rows: list[RetrievedRow], project: str, pay: bool, text: str = ""
) -> list[Candidate]:
    """Retrieved rows that fit: a concrete value (no bare grade), and a name sharing words with
    this project's own text, so a row from another sector's table is not carried over."""
    found = []
    own = specific_bigrams(text or project)
    for row in rows:
        level2 = row.level2 if row.level2 in LEVEL1_OF else ""
        if not level2 or not value_ok(row.value, level2):
            continue
        if parse_target(row.value).kind == ValueKind.GRADE and level2 != "时效指标":
            continue
        if not 4 <= len(row.name) <= 15 or not specific_bigrams(row.name) & own or _SLOGAN.match(row.name):
            continue
        if _GLUED.search(row.name):  # 补贴准确率补贴发放准确率: a name glued to its description
            continue
        value = canonical_value(row.value)
        description = row.description if row.description and row.description != row.name else describe(
            row.name, level2, project, pay)
        found.append(Candidate(level2, row.name, value, description,
                               f"{row.basis or _basis_for(level2, row.name, pay)}（{KB_MARK}）",
                               f"kb: {row.source or row.project_type or 'knowledge base'}"
                               + (f" ({row.project_type})" if row.source and row.project_type else "")))
    return found


def _is_pay_fact(fact: Fact) -> bool:
    return bool(PAY_WORDS.search(fact.core + fact.item_label))


_AREA_UNITS = ("平方米", "亩", "公顷", "万平方米", "万亩", "立方米", "万立方米")
_FLOW_UNITS = ("千瓦时", "万千瓦时", "度", "吨", "万吨", "立方米", "万立方米")


def _count_row(fact: Fact, project: str) -> tuple[str, str]:
    """(name, description) of a 数量 row for a non-pay count."""
    # a long project name is a title, not a measure's object
    label = "" if fact.group and fact.label == fact.group else fact.label  # 'A级' alone names no thing
    what = (label or fact.core or (project if len(project) <= 10 else "完成任务")).removesuffix("费")
    what = with_group(fact.group, what)
    unit = fact.unit
    if unit in _FLOW_UNITS and what.endswith(("电", "水", "气", "运", "理")):  # 供水 → 供水量
        return f"{what}量", f"年度内{what}量，按计量和工作台账统计"
    if unit in _AREA_UNITS:
        noun = "体积" if unit.endswith("立方米") else "面积"
        name = what if what.endswith(noun) else f"{what}{noun}"
        return name, f"年度内完成的{what}{noun}，按验收资料统计"
    if unit in ("公里", "米", "千米"):
        name = what if what.endswith("长度") else f"{what}长度"
        return name, f"年度内完成的{what}长度，按验收资料统计"
    if unit in ("人次", "次", "期", "场", "批"):
        word = {"人次": "人次", "次": "次数", "期": "期数", "场": "场次", "批": "批次"}[unit]
        return f"{what}{word}", f"年度内完成的{what}{word}，按工作台账统计"
    if what.endswith(("量", "容量", "面积", "长度", "数")):  # 装机容量, 用电量: already a measure
        return what, f"年度内完成的{what}，按工作台账统计"
    return f"{what}数量", f"年度内完成的{what}数量，按工作台账统计"


def count_candidates(facts: ProjectFacts, project: str, limit: int = 6) -> list[Candidate]:
    """数量 rows from the counts the breakdown states (119人, 19个社区, 149户, 3万亩)."""
    rows: list[Candidate] = []
    for fact in map(scoped, output_counts(facts)[:limit]):
        core = fact.core or project
        several = len(fact.sources) > 1
        unit = fact.unit
        if fact.group:  # one grade of several (甲类300人): the grade names the row
            core = with_group(fact.group, core)
        if unit in PLACE_UNITS:
            what = fact.label if fact.label and fact.label != unit else (fact.core or "")
            name = f"保障{unit}数量" if several else f"{what}覆盖{unit}数"
            description = f"本项目经费覆盖的{unit}个数，按经费拨付台账统计"
        elif unit in ("人", "户") and _is_pay_fact(fact):
            name = f"{core}发放{unit}数"
            who = f"{fact.subject or '人员'}人数" if unit == "人" else "户数"
            description = f"年度内实际领取{core}的{who}，按发放花名册统计"
        elif unit in ("人", "户"):
            if fact.label and fact.label != fact.group:
                core = with_group(fact.group, fact.label)
            name = f"{core}{unit}数"
            description = f"年度内{core}涉及的{unit}数，按工作台账统计"
        else:
            name, description = _count_row(fact, project)
        sources = fact.quote or "；".join(fact.sources[:2])
        if fact.parts:
            description += f"（{'+'.join(p.group + p.display() for p in fact.parts)}）"
        rows.append(Candidate("数量指标", name, f"={fact.display()}", description,
                              f"资金用途测算：{sources}", f"breakdown: {fact.cite()}"))
    return rows


def stated_benefits(facts: ProjectFacts) -> list[Candidate]:
    """效益 rows from effects the description states (带动20人务工, 受益200人, 增收5000元/年)."""
    rows: list[Candidate] = []
    for fact in facts.counts:
        if not is_benefit_fact(fact):
            continue
        outcome = OUTCOME_WORDS.search(fact.label or "")
        economic = bool(re.search(r"带动|务工|就业|增收|产能|增产|发电", fact.label))
        level2 = ("经济效益指标" if economic else "生态效益指标") if outcome else (
            "经济效益指标" if economic else "社会效益指标")
        name = fact.label if outcome else "带动务工就业人数" if economic else (
            ("受益人口" if fact.unit == "人" else "受益户数") if "受益" in fact.label
            else f"{fact.label}{'人数' if fact.unit == '人' else '户数'}")
        rows.append(Candidate(level2, name, f"≥{fact.display()}",
                              f"项目实施后{fact.label}{fact.display()}，按项目验收和受益台账统计",
                              f"项目描述：{fact.quote or fact.text}", f"breakdown: {fact.cite()}"))
    for item in facts.items:
        raised = _INCOME_RISE.search(item.text)
        if raised:
            value = f"{raised.group(1)}{raised.group(2)}/年"
            rows.append(Candidate("经济效益指标", "受益群众人均增收", f"≥{value}",
                                  "项目带动的群众年人均增加的收入，按务工工资发放和收入台账统计",
                                  f"项目描述：{item.text[:60]}", "breakdown: 增收"))
            break
    for fact in facts.outcomes:  # 年节水12万立方米, 新增产能500吨/年: the text's own outcome
        value = f"≥{fact.value.normalize():f}{fact.unit}"
        if any(r.value in (value, f"≥{fact.display()}") for r in rows):
            continue  # already a row (受益200人, 增收5000元/年)
        rows.append(Candidate(fact.level2, outcome_name(fact), value,
                              f"项目实施后{fact.label}{fact.value.normalize():f}{fact.unit}，按项目验收和监测数据核定",
                              f"项目描述：{fact.quote}", f"breakdown: {fact.cite()}"))
    return rows


_INCOME_RISE = re.compile(r"增收[^\d，。；]{0,4}(\d+(?:\.\d+)?)\s*(万元|元)/(?:人/)?年")


def cost_candidates(
    facts: ProjectFacts, type_: dict[str, Any], project: str, limit: int = 6
) -> list[Candidate]:
    """成本 rows: the budget as a cap, then unit standards, then the largest items' amounts."""
    rows: list[Candidate] = []
    total = facts.total_yuan
    if total:
        names = [i["name"] for i in type_.get("typical_indicators", {}).get("成本指标", [])
                 if "总成本" in i["name"]]
        name = names[0] if names else "项目总成本"
        rows.append(Candidate("成本指标", name, f"≤{money_text(total)}",
                              "项目全年实际支出总额，不超过预算数", f"预算批复数{money_text(total)}",
                              f"budget: 预算数{money_text(total)}"))
    covered: set[str] = set()
    graded: set[tuple[str, str]] = set()
    # one standard per item first; the further grades of a graded item (A级…、B级…) after
    ordered, later, graded = [], [], set()
    for fact in facts.unit_prices:
        (later if fact.group and fact.unit in graded else ordered).append(fact)
        if fact.group:
            graded.add(fact.unit)
    ordered += later
    for fact in ordered:
        key = (fact.item_label, fact.group)
        if len(rows) >= limit or key in graded or (fact.item_label in covered and not fact.group):
            continue
        covered.add(fact.item_label)
        graded.add(key)
        per = fact.unit.partition("/")[2].split("/")
        noun = next((p for p in per if p not in ("月", "年", "天", "日")), per[0])
        own = SCOPE_PREFIX.sub("", fact.label or fact.core or "")
        core = with_group(fact.group, own or counted_for(facts, noun) or _YEAR.sub("", project))
        # a per-person amount with no period (每人6000元) is one payment per person: 人均…
        one_off = per in (["人"], ["户"]) and PAY_WORDS.search(core)
        name = f"{per[0]}均{core}{fact.qualifier}" if one_off else f"{core}标准{fact.qualifier}"
        rows.append(Candidate(
            "成本指标", name, f"={fact.display()}",
            f"每{'个' if noun in PLACE_UNITS else ''}{noun}{core}的支出标准，按测算明细执行",
            f"资金用途测算：{fact.quote or fact.text}", f"breakdown: {fact.cite()}"))
    top = [a for a in facts.amounts if a.item_label not in covered and a.value != total and a.core]
    if len([i for i in facts.items if i.amount_yuan]) >= 2:  # items, or the priced parts of one
        for fact in sorted(top, key=lambda f: -f.value):
            if len(rows) >= limit:
                break
            rows.append(Candidate(
                "成本指标", f"{fact.core}支出", f"≤{money_text(fact.value)}",
                f"{fact.core}全年实际支出金额，不超过测算数", f"资金用途测算：{fact.quote or fact.text}",
                f"breakdown: {fact.cite()}"))
    return rows


def fallback_benefits(project: str, pay: bool) -> list[Candidate]:
    """效益 rows any project can carry when its type offers none that fit."""
    rows = []
    if pay:
        rows.append(Candidate("社会效益指标", "政策待遇兑现率", "=100%",
                              "按政策应享受待遇的对象中，实际按标准足额享受的比例",
                              "资金管理规定：工资、补贴、保险须按标准足额、按时发放（建议值，请核定）",
                              "draft: generic benefit row"))
    rows.append(Candidate("社会效益指标", "因项目实施引发的有效投诉次数", "=0次",
                          f"年度内因{project}实施引发、经核实有效的投诉次数",
                          "年度工作计划；参照同类项目历史水平（建议值，请核定）", "draft: generic benefit row"))
    return rows


def suggested_count_candidates(type_id: str, text: str) -> list[Candidate]:
    return [
        Candidate("数量指标", name, value, description, f"年度工作计划（{SUGGESTED}）",
                  f"type: {type_id} suggested default", suggested=True)
        for name, value, description in suggested_counts(type_id, text)
    ]


def deadline_text(year: int | None, plan_end: str | None = None) -> str:
    """'2024年12月31日前', or the spending plan's end point ('2024年10月底前')."""
    prefix = f"{year}年" if year else ""
    if plan_end:
        return f"{prefix}{plan_end}前"
    return f"{prefix}12月31日前"


def date_candidate(project: str, year: int | None, plan_end: str | None, pay: bool) -> Candidate:
    name = "资金发放完成时间" if pay else "项目完成时间"
    return Candidate("时效指标", name, deadline_text(year, plan_end),
                     f"{project}年度资金全部{'发放' if pay else '支付'}、工作任务全部完成的截止时间",
                     "年度工作计划及资金支出计划", "plan: 预算年度与资金支出计划")


def rate_value(value: str) -> Decimal | None:
    target = parse_target(value)
    return target.number if target.kind == ValueKind.PERCENT else None


def fmt_value_words(value: str) -> str:
    """'=100%' → '达到100%', '≥90%' → '不低于90%', '≤5%' → '不超过5%', '=0次' → '为0次'."""
    target = parse_target(value)
    if target.number is None:
        return value
    shown = f"{fmt_number(target.number)}{target.unit or ''}"
    comparator = target.comparator.value if target.comparator else "="
    if comparator in ("≥", ">"):
        return f"不低于{shown}"
    if comparator in ("≤", "<"):
        return f"不超过{shown}"
    return f"为{shown}" if target.number == 0 else f"达到{shown}"
