"""Rules of the relevance family (see rule-catalog): rows that do not belong to their project
(R001), rows copied across unrelated projects (R002), rows in the wrong category (R003).

R001 is decided by pluggable scorers: today a lexicon scorer (domain words in the row name that
the project's own text never anchors); a retrieval-based scorer can be added with
`register_scorer` and is asked first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.model import Indicator, Severity, TargetTable, ValueKind
from assistant.rules.common import cell_evidence, is_placeholder, quote
from assistant.rules.copies import (  # noqa: F401 - R002, re-exported
    copied_rows,
    is_common_row,
    project_kinds,
    projects_related,
    row_key,
)
from assistant.rules.registry import Hit, RuleContext, rule
from assistant.rules.relevance_lexicon import DOMAINS, Domain

# ---------------------------------------------------------------- R001: unrelated indicator


@dataclass(frozen=True)
class Signal:
    """A domain word found in a row name, and whether the project's text anchors that domain."""

    domain: Domain
    term: str
    anchored_by: str | None  # the anchor word found in the project text, None when absent


@dataclass(frozen=True)
class Verdict:
    """A scorer's answer for one row: unrelated or not, with the reason shown to the user."""

    unrelated: bool
    reason: str
    evidence: dict


_SUBSTANCE = re.compile(r"[\u4e00-\u9fff]")
_GENERIC_TEXT = re.compile(r"项目|经费|资金|专项|表|附件|单位|部门|整体")

Scorer = Callable[[TargetTable, Indicator], "Verdict | None"]  # None = no opinion
_SCORERS: list[Scorer] = []
# The app re-checks a table on every edit: a row's verdict depends only on its texts and the
# registered scorers, so it is kept until one of those changes.
_VERDICTS: dict[tuple, Verdict | None] = {}


def register_scorer(scorer: Scorer, first: bool = True) -> None:
    """Add a relevance scorer (e.g. retrieval against the knowledge base); earlier ones win."""
    if scorer not in _SCORERS:
        _SCORERS.insert(0 if first else len(_SCORERS), scorer)
        _VERDICTS.clear()


def unregister_scorer(scorer: Scorer) -> None:
    if scorer in _SCORERS:
        _SCORERS.remove(scorer)
        _VERDICTS.clear()


def project_text(table: TargetTable) -> str:
    """Name, 用途 and goals, without template placeholders such as 目标内容1."""
    goals = [goal for goal in table.goals if not is_placeholder(goal)]
    return " ".join([table.project, table.purpose, *goals]).strip()


def relevance_signals(table: TargetTable, indicator: Indicator) -> list[Signal]:
    """Domain words in the row's name, each with the project-text anchor that explains it."""
    text = project_text(table)
    name = indicator.name
    found: list[Signal] = []
    for domain in DOMAINS:
        term = next((t for t in domain.signals if t in name), None)
        if term is None:
            continue
        anchor = next((a for a in (term, *domain.anchors) if a in text), None)
        found.append(Signal(domain, term, anchor))
    return found


def lexicon_scorer(table: TargetTable, indicator: Indicator) -> Verdict | None:
    # the project's own text must say something, else nothing can be foreign to it ("表11")
    if not indicator.name or len(_SUBSTANCE.findall(_GENERIC_TEXT.sub("", project_text(table)))) < 2:
        return None
    signals = relevance_signals(table, indicator)
    if not signals:
        return None
    stray = [s for s in signals if s.anchored_by is None]
    if len(stray) < len(signals) or not stray:
        return Verdict(False, "", {})
    first = stray[0]
    return Verdict(
        True,
        f"“{first.term}”属于{first.domain.label}领域，而项目名称、资金用途和绩效目标中都没有相关内容",
        {"term": first.term, "domain": first.domain.key, "project_text": project_text(table)[:200]},
    )


register_scorer(lexicon_scorer, first=False)


def _plug_kb_scorer() -> None:
    """The knowledge-base scorer goes first; without a KB it returns None and the vocabulary
    above decides alone."""
    try:
        from assistant.knowledge.relevance import kb_scorer
    except ImportError:  # an install without the knowledge package
        return
    register_scorer(kb_scorer, first=True)


_plug_kb_scorer()


@rule(
    code="R001",
    slug="unrelated-indicator",
    category="relevance",
    severity=Severity.ERROR,
    title="指标与本项目的用途和资金无关（其他领域的模板残留）",
    why=(
        "每一行指标都应能回到本项目的资金用途和绩效目标上：钱花在哪里，就考核哪里的产出和效果。"
        "从其他部门、其他领域的模板里带过来的指标（防火经费里的“新增粮食产能”），既无法由本项目完成，"
        "也无法评价，只会让整张表失去可信度。"
    ),
    bad="防火经费的三级指标写“新增粮食产能”“发票损耗率”“社保费征缴率”",
    good="信访维稳经费写“涉及村居数量 =28个”“突发事件发生率 ≤10%”，每一行都落在信访维稳工作上",
    fix_hint="删除这一行，按本项目的资金用途和绩效目标重新设置指标。",
    refs=("relevance", "indicator-count"),
)
def unrelated_indicator(context: RuleContext) -> Iterator[Hit]:
    table = context.table
    for index, indicator in enumerate(table.indicators):
        verdict = _verdict(table, indicator)
        if verdict is not None and verdict.unrelated:
            yield Hit(
                f"指标{quote(indicator.name)}与项目{quote(table.project)}无关：{verdict.reason}",
                index,
                cell_evidence(indicator, field="name", **verdict.evidence),
            )


def clear_verdicts() -> None:
    """Forget cached verdicts (a scorer's behaviour changed, e.g. the KB was switched off)."""
    _VERDICTS.clear()


def _verdict(table: TargetTable, indicator: Indicator) -> Verdict | None:
    key = (
        tuple(id(s) for s in _SCORERS), table.project, table.purpose, tuple(table.goals),
        table.kind, indicator.level1, indicator.level2, indicator.name, indicator.description,
        indicator.target.raw,
    )
    if key not in _VERDICTS:
        if len(_VERDICTS) > 20000:
            _VERDICTS.clear()
        _VERDICTS[key] = next(
            (v for v in (scorer(table, indicator) for scorer in _SCORERS) if v is not None), None
        )
    return _VERDICTS[key]


# ---------------------------------------------------------------- R002: copied across projects
# lives in copies.py (imported above: loading this family registers it)

# ---------------------------------------------------------------- R003: wrong category

_SATISFACTION = re.compile(r"满意|认可|好评|评价|获得感|幸福感")
_TIME_WORDS = re.compile(
    r"及时|时限|时间|期限|日期|时效|进度|按时|按期|周期|工作日|时长|天数|截止|准时|完成期|当年|当期|年内|月内|"
    r"按计划|限期|逾期|延期|超期"
)
_COUNT_NAME = re.compile(r"总数|数量|个数|人数|户数|次数|场次|件数|家数|(?<![率度])数$")
_TIMELY_RATE = re.compile(r"及时率|及时性|按时完成率|按期完成率|准时率|时限")
_PREVENTION = re.compile(r"不出现|不发生|未发生|零发生")
# 质量 rows measure how well: a pass/accuracy/standard word, or a rate. A bare count of work
# done there ("实验室仪器维修维护 ≥4次") is a quantity filed under the wrong heading.
_QUALITY_NAME = re.compile(
    r"合格|达标|质量|准确|标准|规范|完好|成活|优良|合规|验收|精度|误差|等级|评[价估定分]|率|比例|程度|水平|效果"
)
# "环境" that is not the natural one: 创新创业环境, 营商环境 belong to other effects.
_NON_ECO_ENV = re.compile(r"(?:营商|创业|创新|投资|政务|法治|市场|经营|人文|学习|办公|发展)环境")
_ECO_WORD = re.compile(r"生态|绿化|森林|植被|水土|污染|排放|空气|水质|土壤|节能|低碳|碳|能耗|垃圾|环保|自然")
_MONEY_NAME = re.compile(r"成本|费|金|预算|价|投入|支出|资金|元|额|开支|经费|补助|补贴|工资|标准")
# What an 经济效益 row can be about; a row with none of these has no economic content.
_ECONOMIC = re.compile(
    r"经济|收入|增收|产值|消费|节约|节省|成本|资金|产业|就业|贸易|成交|出口|增长|价格|营业|税|投资|产能|"
    r"粮食|农产品|企业|开发利用|资源|收益|利润|创收|带动|效益|市场|商"
)


def category_mismatch(indicator: Indicator) -> str | None:
    """Why the row does not measure what its category says, or None (conservative).

    社会效益 and 可持续影响 are broad: any effect fits there, so they are never questioned."""
    name = indicator.name
    if not name or is_placeholder(name):
        return None
    if indicator.level1 == "满意度指标":
        if not _SATISFACTION.search(name):
            return "满意度指标应衡量服务对象的满意程度，而这一行衡量的不是满意度"
        description = indicator.description
        if description and description.endswith("率") and not _SATISFACTION.search(description):
            return f"名称虽写满意度，描述却是{quote(description)}，衡量的不是满意度"
    if indicator.level2 == "时效指标" and not _TIME_WORDS.search(name):
        if _COUNT_NAME.search(name):
            return "时效指标应衡量完成时间或及时程度，而这一行是数量"
        if name.endswith("率"):
            return "时效指标应衡量完成时间或及时程度，而这一行的比率与时间无关"
    if indicator.level2 == "数量指标":
        if _TIMELY_RATE.search(name):
            return "数量指标应衡量交付了多少，而这一行衡量的是及时性，应放在时效指标下"
        if _PREVENTION.search(name):
            return "数量指标应衡量交付了多少，而这一行是要避免发生的结果，属于效益类内容"
    if (
        indicator.level2 == "质量指标"
        and indicator.target.kind == ValueKind.COUNT
        and not _QUALITY_NAME.search(name)
    ):
        return "质量指标应衡量完成得好不好（合格、达标、准确），而这一行是工作次数或数量"
    if indicator.level2 == "生态效益指标" and _NON_ECO_ENV.search(name) and not _ECO_WORD.search(name):
        return "生态效益指标应衡量自然环境方面的效果，而这一行说的是营商、创业等社会环境"
    if indicator.level2 == "经济效益指标" and not _ECONOMIC.search(name):
        return "经济效益指标应衡量经济方面的效果（收入、节约、产值等），而这一行没有经济内容"
    # only money costs: 社会成本/生态环境成本 (2021 layout) are rightly not about money
    if indicator.level2 in ("成本指标", "经济成本指标") and not _MONEY_NAME.search(name):
        return "成本指标应衡量花了多少钱（总成本或单位成本），而这一行写的不是成本"
    return None


@rule(
    code="R003",
    slug="wrong-category",
    category="relevance",
    severity=Severity.WARNING,
    title="指标衡量的内容与所在类别不符",
    why=(
        "二级类别决定了一行指标该衡量什么：数量指标看交付了多少，时效指标看是否按时，成本指标看花了"
        "多少钱，满意度指标看服务对象是否满意，效益指标看产出带来的效果。放错类别的指标无法按类别"
        "评分，也会掩盖真正缺少的那一类。"
    ),
    bad="满意度指标写“矛盾纠纷排查率”；时效指标写“各类经贸信息资讯总数”",
    good="满意度指标“被征地农民满意度 90%以上”；时效指标“项目完成时限 12月底前”",
    fix_hint="把这一行移到与其内容相符的类别下，或在本类别下改写成真正衡量该类内容的指标。",
    refs=("category-fit", "satisfaction", "timeliness", "output-vs-benefit"),
)
def wrong_category(context: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(context.table.indicators):
        reason = category_mismatch(indicator)
        if reason:
            yield Hit(
                f"{indicator.level2 or indicator.level1}{quote(indicator.name)}：{reason}",
                index,
                cell_evidence(indicator, field="name", level1=indicator.level1, level2=indicator.level2),
            )
