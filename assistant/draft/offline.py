"""The offline drafter (default, no network): a project description → a checked Draft.

Steps: facts from the breakdown → project type → candidate rows per category (breakdown
figures first, then retrieved good rows when a retriever is given, then the type's typical
indicators, then suggested defaults) → goals → the rule engine → deterministic repair: a row
with a finding is replaced by the next candidate of its category, or dropped when the category
keeps another row. What still fails stays in Draft.findings, shown, not hidden.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from assistant.draft.classify import Classification, classify, project_types
from assistant.draft.effects import period_deadline, stated_rate_effects, suggested_effects
from assistant.draft.facts import PAY_WORDS, ProjectFacts, extract_facts
from assistant.draft.fill import filled_counts
from assistant.draft.goals import write_goals
from assistant.draft.input import ProjectInput
from assistant.draft.naming import scoped
from assistant.draft.retrieval import retrieve_rows
from assistant.draft.rows import (
    BENEFIT_LEVEL2,
    Candidate,
    cost_candidates,
    count_candidates,
    date_candidate,
    deadline_text,
    fallback_benefits,
    rate_value,
    retrieved_candidates,
    stated_benefits,
    suggested_count_candidates,
    typical_candidates,
)
from assistant.model import Document, Draft, Finding, Indicator, Severity, TargetTable
from assistant.parse.values import parse_target
from assistant.rules import check
from assistant.rules.common import bigrams
from assistant.rules.value_checks import is_full_payment_row
from assistant.rules.values_lexicon import TIMELY

PAY_TYPES = ("personnel-pay", "subsidy")
# category group → how many rows a draft carries
WANTED = {"数量": 3, "质量": 2, "时效": 2, "成本": 3, "效益": 2, "满意度": 1}
MAX_ROUNDS = 3
NEAR_SHARE = 0.7  # names sharing this share of the shorter one's bigrams are one measure
MAX_ITEM_ROWS = 5  # 数量 and 成本 rows when the breakdown funds many items
_QUARTER_END = {"一": "3月底", "二": "6月底", "三": "9月底", "1": "3月底", "2": "6月底", "3": "9月底"}


def _group(level2: str) -> str:
    if level2 in BENEFIT_LEVEL2:
        return "效益"
    return level2.removesuffix("指标").removeprefix("服务对象")


def _plan_end(project: ProjectInput) -> str | None:
    """The point where the spending plan reaches 100%, when earlier than year end."""
    plan = project.spending_plan
    if plan is None or plan.unit != "%":
        return None
    for label, value in zip(plan.labels, plan.values, strict=False):
        if value is not None and value >= 100:
            quarter = re.search(r"第?([一二三四1-4])季度", label)
            if quarter:
                return _QUARTER_END.get(quarter.group(1))
            month = re.search(r"(\d{1,2})月(?:底|末)", label)
            if month and int(month.group(1)) < 12:
                return f"{int(month.group(1))}月底"
            return None
    return None


def _deadline(project: ProjectInput) -> tuple[int | None, str | None]:
    """(year, point) the work must be done by: a stated implementation period's end
    ("项目期2022年3月至2023年11月" → 2023, "11月底") wins over the spending plan and the budget year."""
    period = period_deadline(project.purpose)
    if period is not None:
        return period
    return project.year, _plan_end(project)


def _interleave(first: list[Candidate], *others: list[Candidate]) -> list[Candidate]:
    """first[0], others[0][0], first[1], others[0][1]…, minus the others' total-cost rows."""
    if not others:
        return first
    rest = [[c for c in o if "总成本" not in c.name] for o in others]
    out: list[Candidate] = []
    for position in range(max(len(first), *(len(r) for r in rest))):
        for pool in (first, *rest):
            if position < len(pool):
                out.append(pool[position])
    return out


def _same_figure(a: Candidate, b: Candidate) -> bool:
    """=8公里 and ≥8公里 state one figure: a typical row filled from it would repeat the count."""
    first, second = parse_target(a.value), parse_target(b.value)
    return first.number is not None and (first.number, first.unit) == (second.number, second.unit)


def _near(a: str, b: str) -> bool:
    """工资保险发放完成率 ≈ 工资、保险和考核奖发放完成率: one measure written two ways."""
    left, right = bigrams(a), bigrams(b)
    return bool(left and right) and len(left & right) / min(len(left), len(right)) >= NEAR_SHARE


_SUGGESTED_ORIGINS = ("type:", "kb:", "draft:")


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """Distinct names; a typical or retrieved row that restates a kept one goes too (rows from the
    breakdown stay: 刑事… and 行政…援助案件标准 are two figures)."""
    out: list[Candidate] = []
    for c in candidates:
        suggested = c.provenance.startswith(_SUGGESTED_ORIGINS)
        if all(c.name != o.name and not (suggested and _near(c.name, o.name)) for o in out):
            out.append(c)
    return out


def display_name(name: str) -> str:
    """The project name for sentences: without document numbers such as 怀财字【2024】7号."""
    cleaned = re.sub(r"[\u4e00-\u9fff]{0,4}字?[【\[〔]\d{4}[】\]〕]\d+号", "", name).strip()
    return cleaned or name


def is_pay_project(kind: Classification, facts: ProjectFacts) -> bool:
    """Money paid to people: a pay/subsidy type, or pay items taking most of the budget."""
    if kind.type_id in PAY_TYPES:
        return True
    paid = sum((c.weight for c in facts.counts
                if c.unit in ("人", "户") and PAY_WORDS.search(c.core + c.item_label)), Decimal(0))
    return bool(facts.total_yuan) and paid * 2 >= (facts.total_yuan or 0)


def build_pools(
    project: ProjectInput, facts: ProjectFacts, kind: Classification, retriever: Any = None
) -> dict[str, list[Candidate]]:
    """Ordered candidates per category group; the first WANTED[group] are used."""
    type_ = project_types()[kind.type_id]
    pay = is_pay_project(kind, facts)
    name = display_name(project.name)
    text = f"{project.name} {project.purpose} {' '.join(project.goals)}"
    retrieved = retrieved_candidates(
        retrieve_rows(retriever, f"{project.name} {project.purpose}", kind.type_id), name, pay, text
    )

    mixed = [project_types()[t] for t in kind.secondary[:2] if t in project_types()]

    def typical(group: str) -> list[Candidate]:
        """The type's typical rows, interleaved with those of the types the items add."""
        own = typical_candidates(type_, group, name, pay, text)
        others = [typical_candidates(t, group, name, pay, text) for t in mixed]
        return _interleave(own, *others)

    def from_kb(group: str) -> list[Candidate]:
        return [c for c in retrieved if _group(c.level2) == group]

    counts = count_candidates(facts, name)
    suggested = suggested_count_candidates(kind.type_id, f"{project.name} {project.purpose}")
    date_row = date_candidate(name, *_deadline(project), pay)
    if period_deadline(project.purpose) is not None:  # say where a deadline past year end comes from
        date_row.basis = "资金用途中写明的项目实施期"
        date_row.provenance = "purpose: 项目实施期"
    timely = [c for c in from_kb("时效") + typical("时效指标")
              if rate_value(c.value) is not None and TIMELY.search(c.name)]
    other_time = [c for c in typical("时效指标") if c not in timely]
    stated_time = filled_counts(type_, name, project.purpose, text, "时效指标")
    time_rows = [*stated_time, *timely[:1], date_row] if pay else [date_row, *stated_time, *timely, *other_time]
    effects = (stated_benefits(facts) + stated_rate_effects(project.purpose) + from_kb("效益")
               + typical("效益指标") + suggested_effects(type_, name, pay, text))
    # the no-complaints row measures no effect: only a project with nothing better carries it
    fallback = [c for c in fallback_benefits(name, pay) if not effects or "投诉" not in c.name]
    return {
        "数量": _unique(counts + [c for c in filled_counts(type_, name, project.purpose, text)
                                 if not any(_same_figure(c, k) for k in counts)] + suggested),
        "质量": _unique(from_kb("质量") + typical("质量指标")),
        "时效": _unique(time_rows + timely[1:]),
        "成本": _unique(cost_candidates(facts, type_, name)),
        "效益": _unique(effects + fallback),
        "满意度": _unique(from_kb("满意度") + typical("满意度指标")),
    }


def _to_indicator(candidate: Candidate, table: TargetTable) -> Indicator:
    indicator = Indicator(
        level1=candidate.level1, level2=candidate.level2, raw_level1=candidate.level1,
        raw_level2=candidate.level2, name=candidate.name, description=candidate.description,
        target=parse_target(candidate.value), basis=candidate.basis, provenance=candidate.provenance,
    )
    rate = indicator.target.number if indicator.target.kind.value == "percent" else None
    if rate is not None and rate < 100 and is_full_payment_row(indicator, table):
        indicator.target = parse_target("=100%")  # pay, subsidies and insurance: in full
    if indicator.level2 == "服务对象满意度指标" and rate is not None and rate < 90:
        indicator.target = parse_target("≥90%")
    return indicator


class _Selection:
    """Which candidates of each pool are in the table; repair swaps in the next ones."""

    def __init__(self, pools: dict[str, list[Candidate]], kinds: int = 1) -> None:
        self.pools = pools
        wanted = dict(WANTED)
        for group in ("质量", "效益"):  # a mixed project: one sector row per kind of work
            wanted[group] = max(wanted[group], min(kinds, 4))
        counted = [c for c in pools["数量"] if not c.suggested]
        if counted:  # breakdown counts exist: suggested counts are only spares
            # a works list with many outputs (亩, 公里, ㎡…) shows one more of them
            # one row per funded item's count (亩, 公里, 座…), up to MAX_ITEM_ROWS
            wanted["数量"] = min(len(counted), max(WANTED["数量"], MAX_ITEM_ROWS))
        standards = [c for c in pools["成本"] if c.value.startswith("=")]
        if len(standards) > WANTED["成本"] - 1:  # the budget cap, then one standard per item
            wanted["成本"] = min(1 + len(standards), MAX_ITEM_ROWS)
        stated = [c for c in pools["效益"] if not c.provenance.startswith(("type:", "kb:", "draft:"))]
        if len(stated) >= WANTED["效益"]:  # every stated outcome a row, and one sector row
            wanted["效益"] = min(len(stated) + 1, MAX_ITEM_ROWS)
        self.chosen = {g: list(pool[: wanted[g]]) for g, pool in pools.items()}
        self.rejected: set[int] = set()

    def rows(self) -> list[Candidate]:
        return [c for group in WANTED for c in self.chosen[group]]

    def repair(self, row: Candidate, drop_ok: bool) -> bool:
        group = _group(row.level2)
        chosen = self.chosen[group]
        self.rejected.add(id(row))
        spare = next((c for c in self.pools[group] if c not in chosen and id(c) not in self.rejected), None)
        position = chosen.index(row)
        if spare is not None:
            chosen[position] = spare
            return True
        if drop_ok and len(chosen) > 1:
            chosen.pop(position)
            return True
        return False


def _assemble(
    project: ProjectInput, facts: ProjectFacts, rows: list[Candidate], pay: bool
) -> TargetTable:
    table = TargetTable(
        project=project.name, unit_name=project.unit_name, year=project.year,
        budget_total_yuan=facts.total_yuan, budget_fiscal_yuan=project.fiscal_yuan,
        budget_other_yuan=project.other_yuan, purpose=project.purpose, budget_items=facts.items,
        spending_plan=project.spending_plan, goals_row_found=True,
    )
    table.indicators = [_to_indicator(c, table) for c in rows]
    year, point = _deadline(project)
    table.goals = list(project.goals) or write_goals(
        display_name(project.name), facts, rows, project.year, _plan_end(project), pay,
        deadline=deadline_text(year, point),
    )
    return table


def _row_findings(findings: list[Finding]) -> dict[int, list[Finding]]:
    by_row: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.indicator is not None:
            by_row.setdefault(finding.indicator, []).append(finding)
    return by_row


def draft_offline(project: ProjectInput, retriever: Any = None) -> Draft:
    """Draft a target table for the project without any network access."""
    facts = extract_facts(project.purpose, project.budget_yuan)
    facts.counts = [scoped(c) for c in facts.counts]  # 对全镇6座小型水库: the goal names 小型水库
    kind = classify(project.name, project.purpose, retriever)
    pay = is_pay_project(kind, facts)
    selection = _Selection(build_pools(project, facts, kind, retriever), 1 + len(kind.secondary[:2]))
    table = _assemble(project, facts, selection.rows(), pay)
    findings = check(Document(source="draft", tables=[table]))
    for _ in range(MAX_ROUNDS):
        rows = selection.rows()
        changed = False
        for index, found in sorted(_row_findings(findings).items(), reverse=True):
            serious = any(f.severity in (Severity.ERROR, Severity.WARNING) for f in found)
            changed |= selection.repair(rows[index], drop_ok=serious)
        if not changed:
            break
        table = _assemble(project, facts, selection.rows(), pay)
        findings = check(Document(source="draft", tables=[table]))
    notices = [*_notices(kind, facts, selection.rows()), *project.notices, *facts.conflicts]
    return Draft(table=table, findings=findings, notices=notices,
                 drafter="offline", project_type=kind.type_id)


def _notices(kind: Classification, facts: ProjectFacts, rows: list[Candidate]) -> list[str]:
    words = "、".join(kind.matched[:5])
    notices = [f"项目类型判断为“{kind.name}”" + (f"（依据：{words}）" if words else "（未匹配到关键词，按运行经费处理）")]
    mixed = [project_types()[t]["name"] for t in kind.secondary[:2] if t in project_types()]
    if mixed:
        notices.append("项目兼有" + "、".join(f"“{m}”" for m in mixed) + "类内容，相应的质量和效益指标已一并列出")
    if not facts.counts and not facts.unit_prices:
        notices.append("资金用途中没有可引用的数量或单价，数量指标采用建议值；请补充测算明细（人数、村数、单价等）后重新生成。")
    suggested = [f"“{r.name} {r.value}”" for r in rows if r.suggested]
    if suggested:
        notices.append("以下指标值为建议值，请按年度工作计划核定：" + "、".join(suggested))
    return notices


def draft(project: ProjectInput, retriever: Any = None) -> Draft:
    """The default drafter (offline)."""
    return draft_offline(project, retriever)


__all__ = ["build_pools", "display_name", "draft", "draft_offline", "is_pay_project"]
