"""绩效目标 sentences, written from the breakdown and the drafted rows.

A goal says what the money buys, for whom and by when ("2024年按1000元/人/月标准向119名社区网格员
足额发放绩效工资"), then what follows from it, in the rows' own figures. Because the sentences
reuse the rows' words and numbers, every goal is measured by at least one indicator.
"""

from __future__ import annotations

from assistant.draft.facts import PAY_WORDS, PERSON_PREFIX, PLACE_UNITS, Fact, ProjectFacts
from assistant.draft.rows import (
    BENEFIT_LEVEL2,
    Candidate,
    deadline_text,
    fmt_value_words,
    output_counts,
)

MAX_GOALS = 3


def _pay_goal(count: Fact, facts: ProjectFacts, year: int | None) -> str:
    price = next((p for p in facts.unit_prices if p.item_label == count.item_label), None)
    what = count.core or "补贴"
    person = PERSON_PREFIX.match(what)
    if count.subject and what.startswith(count.subject) and len(count.subject) < len(what):
        who, what = count.subject, what[len(count.subject):]
    elif count.subject:
        who = count.subject
    elif person and len(person.group(1)) < len(what):
        who, what = person.group(1), what[len(person.group(1)):]
    else:
        who = "符合条件的对象" if count.unit == "人" else "符合条件的农户"
    measure = "名" if count.unit == "人" else "户"
    standard = f"按{price.display()}标准" if price else "按规定标准"
    when = f"{year}年" if year else "年度内"
    return f"{when}{standard}向{count.value.normalize():f}{measure}{who}足额发放{what}，按时发放到位"


def _place_goal(count: Fact, cores: list[str]) -> str:
    prefix = "个" if count.unit in PLACE_UNITS else ""
    spent = "、".join(cores[:3]) if cores else "经费"
    return f"保障{count.value.normalize():f}{prefix}{count.unit}的{spent}足额拨付，{count.unit}组织正常运转"


def _work_goal(
    project_name: str, cores: list[str], facts: ProjectFacts, rows: list[Candidate], deadline: str
) -> str:
    what = "、".join(c.removesuffix("费") for c in cores[:3]) if cores else project_name
    # the words next to each figure name it better than the item it sits in
    counted = [c for c in output_counts(facts) if c.label or c.core][:3]
    if counted:
        shown = "、".join(f"{(c.label or c.core).removesuffix('费')}{c.display()}" for c in counted)
        return f"{deadline}完成{shown}"
    first = next((r for r in rows if r.level2 == "数量指标"), None)
    detail = f"，{first.name}{fmt_value_words(first.value)}" if first else ""
    return f"{deadline}完成{what}各项工作{detail}"


def _outcome_goal(rows: list[Candidate]) -> str:
    parts = []
    quality = next((r for r in rows if r.level2 == "质量指标"), None)
    benefit = next((r for r in rows if r.level2 in BENEFIT_LEVEL2), None)
    satisfaction = next((r for r in rows if r.level2 == "服务对象满意度指标"), None)
    for row in (quality, benefit, satisfaction):
        if row is not None:
            parts.append(f"{row.name}{fmt_value_words(row.value)}")
    return "，".join(parts)


def write_goals(
    project_name: str,
    facts: ProjectFacts,
    rows: list[Candidate],
    year: int | None,
    plan_end: str | None = None,
    pay: bool = True,
    deadline: str | None = None,
) -> list[str]:
    """1–3 goal sentences for a draft; `deadline` is when the work is done ("2023年11月底前"),
    by default the spending plan's end or the budget year's end."""
    # item names say what the money buys; one item is the project itself
    cores = list(dict.fromkeys(a.core for a in facts.amounts if a.core))
    cores = cores if len(facts.amounts) >= 2 else []
    goals: list[str] = []
    pay_counts = [c for c in facts.counts
                  if c.unit in ("人", "户") and PAY_WORDS.search(c.core + c.item_label)]
    places = [c for c in facts.counts if c.unit in PLACE_UNITS]
    for count in pay_counts[:2] if pay else []:
        goals.append(_pay_goal(count, facts, year))
    if not goals and places:
        goals.append(_place_goal(places[0], cores))
    if not goals:
        goals.append(_work_goal(project_name, cores, facts, rows, deadline or deadline_text(year, plan_end)))
    outcome = _outcome_goal(rows)
    if outcome:
        goals.append(f"通过项目实施，{outcome}")
    return goals[:MAX_GOALS]
