"""Rules of the relevance family (see rule-catalog): rows that do not belong to their project
(R001), rows copied across unrelated projects (R002), rows in the wrong category (R003).

R001 is decided by pluggable scorers: a lexicon scorer (domain words in the row name that
the project's own text never anchors), and the knowledge-base scorer injected through
`assistant.plugins` (asked first). This module never imports `assistant.knowledge`, which runs
the rules itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.model import Indicator, Severity, TargetTable
from assistant.parse.textnum import normalize
from assistant.rules.category_fit import category_mismatch  # noqa: F401 - R003, re-exported
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
from assistant.rules.structure import EVALUATION_HEADING

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


def install_injected_scorers() -> None:
    """Register the scorers other parts inject (assistant.plugins; the package root adds the
    knowledge-base scorer, asked first): the rules never import the knowledge service."""
    from assistant import plugins

    for factory in plugins.relevance_scorer_factories:
        scorer = factory()
        if scorer is not None:
            register_scorer(scorer, first=True)


install_injected_scorers()


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
    if not table.purpose.strip() and not [g for g in table.goals if g.strip() and not is_placeholder(g)]:
        return  # only a project name to go by: too little to call a row foreign
    for index, indicator in enumerate(table.indicators):
        if EVALUATION_HEADING.fullmatch(normalize(indicator.raw_level1).strip()):
            continue  # 决策/过程 rows of an evaluation form judge the process, not the project's domain
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
# lives in category_fit.py (imported above: loading this family registers it)
