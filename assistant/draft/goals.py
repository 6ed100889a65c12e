"""绩效目标 sentences, written from the breakdown and the drafted rows.

A goal says what the money buys, for whom and by when ("2024年按1000元/人/月标准向119名社区网格员
足额发放绩效工资"), then what follows from it, in the rows' own figures. Because the sentences
reuse the rows' words and numbers, every goal is measured by at least one indicator.
"""

from __future__ import annotations

import re

from assistant.draft.facts import (
    PAY_WORDS,
    PERSON_PREFIX,
    PLACE_UNITS,
    Fact,
    ProjectFacts,
    strip_grade,
    tidy_name,
    with_group,
)
from assistant.draft.rows import (
    BENEFIT_LEVEL2,
    Candidate,
    deadline_text,
    fmt_value_words,
    output_counts,
)
from assistant.parse.binding import group_key
from assistant.rules.common import fmt_number

MAX_GOALS = 3


def _same_group(a: str, b: str) -> bool:
    return bool(a) and bool(b) and group_key(a) == group_key(b)


def _standard(count: Fact, facts: ProjectFacts) -> str:
    """'按5元/生/天标准', or per grade ('按甲档5元/生/天、乙档3元/生/天标准') for a group total."""
    if count.parts:
        shown = []
        for part in count.parts:
            price = next((p for p in facts.unit_prices if _same_group(p.group, part.group)
                          and p.where == part.where), None)
            if price is not None:
                shown.append(f"{part.group}{price.display()}")
        if shown:
            return f"按{'、'.join(shown)}标准"
    same = [p for p in facts.unit_prices if p.item_label == count.item_label]
    price = next((p for p in same if _same_group(p.group, count.group)),
                 same[0] if same and not count.group else None)
    return f"按{price.display()}标准" if price else "按规定标准"


def _paid(project_name: str) -> str:
    """What a pay project pays, from its name: '2026年耕地地力保护补贴' → '耕地地力保护补贴'."""
    name = re.sub(r"^(?:20\d{2}年度?|[（(]?\d{4}[）)]?)", "", project_name or "").strip()
    return name if PAY_WORDS.search(name) and len(name) <= 16 else ""


def _pay_goal(count: Fact, facts: ProjectFacts, year: int | None, project_name: str = "") -> str:
    what = tidy_name(count.core) or "补贴"
    if _paid(project_name) and (len(what) <= 2 or not re.search(rf"(?:{PAY_WORDS.pattern})$", what)):
        what = _paid(project_name)  # '核定补贴面积发放' names no payment; the project's name does
    person = PERSON_PREFIX.match(what)
    if count.subject and what.startswith(count.subject) and len(count.subject) < len(what):
        who, what = count.subject, what[len(count.subject):]
    elif count.subject:
        who = count.subject
    elif person and len(person.group(1)) < len(what):
        who, what = person.group(1), what[len(person.group(1)):]
    else:
        who = "符合条件的对象" if count.unit == "人" else "符合条件的农户"
    pay = PAY_WORDS.search(count.text)
    if what == who or PERSON_PREFIX.fullmatch(what):  # '向800名救助对象足额发放补助', not '…发放救助对象'
        what = pay.group(0) if pay else "补贴"
    elif not PAY_WORDS.search(what):  # '公益性岗位' → '公益性岗位补贴': what is paid, not the post
        what = re.sub(r"^(?:开发|设立|聘用|招聘|安置)", "", what) + (pay.group(0) if pay else "补贴")
    if count.group and not count.parts:
        who = with_group(count.group, who)
    elif count.parts:  # the whole population: '护理员', not the first grade's '一级护理员'
        who = strip_grade(who) or who
    measure = "名" if count.unit == "人" else "户"
    when = f"{year}年" if year else "年度内"
    what = tidy_name(what) or "补贴"
    return f"{when}{_standard(count, facts)}向{fmt_number(count.value)}{measure}{who}足额发放{what}，确保按时发放到位"


def _place_goal(count: Fact, cores: list[str]) -> str:
    prefix = "个" if count.unit in PLACE_UNITS else ""
    spent = "、".join(cores[:3]) if cores else "经费"
    return f"保障{fmt_number(count.value)}{prefix}{count.unit}的{spent}足额拨付，{count.unit}级组织正常运转"


# words that only set the scene (全县, 全年) and verbs with no object name nothing by themselves
_SCOPE = re.compile(r"^(?:全县|全镇|全市|全区|全乡|辖区|全年|年度|本级|全)+")


def _counted(fact: Fact) -> str:
    """'外墙面翻新3200平方米', or '' when the figure has no words of its own."""
    label = tidy_name(_SCOPE.sub("", (fact.label or fact.core).removesuffix("费")))
    if len(label) < 2:
        return ""
    return f"{fact.group}{label}{fact.display()}" if not label.startswith(fact.group) else f"{label}{fact.display()}"


def _counted_total(fact: Fact, project_name: str) -> str:
    label = tidy_name(_SCOPE.sub("", fact.label or fact.core)) or (project_name if len(project_name) <= 10 else "")
    if len(label) < 2:
        return ""
    parts = "、".join(f"{p.group}{p.display()}" for p in fact.parts)
    return f"{label}{fact.display()}（{parts}）"


def _work_goal(
    project_name: str, cores: list[str], facts: ProjectFacts, rows: list[Candidate], deadline: str
) -> str:
    what = "、".join(c.removesuffix("费") for c in cores[:3]) if cores else project_name
    # the words next to each figure name it better than the item it sits in; grades go together
    # under their whole ('道路养护100公里（A级20公里、B级30公里、C级50公里）')
    counts = output_counts(facts)
    in_total = {id(p) for c in counts for p in c.parts}
    counted = []
    for fact in counts:
        if id(fact) in in_total:
            continue
        text = _counted(fact) if not fact.parts else _counted_total(fact, project_name)
        if text:
            counted.append(text)
    counted = counted[:3]
    if counted:
        return f"{deadline}完成{'、'.join(counted)}"
    first = next((r for r in rows if r.level2 == "数量指标"), None)
    detail = f"，{first.name}{fmt_value_words(first.value)}" if first else ""
    return f"{deadline}完成{what}各项任务{detail}"


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
                  if c.unit in ("人", "户") and (PAY_WORDS.search(c.core + c.item_label + c.text)
                                               or _paid(project_name))]
    totals = [c for c in pay_counts if c.parts]
    if totals:  # the whole population, not one of its grades, says who is paid
        parts = {id(p) for t in totals for p in t.parts}
        pay_counts = [c for c in pay_counts if id(c) not in parts]
    # places are what the money keeps running only when the project is named after them
    places = [c for c in facts.counts if c.unit in PLACE_UNITS and c.unit in project_name]
    for count in pay_counts[:2] if pay or _paid(project_name) else []:
        goals.append(_pay_goal(count, facts, year, project_name))
    if not goals and places:
        goals.append(_place_goal(places[0], cores))
    if not goals:
        goals.append(_work_goal(project_name, cores, facts, rows, deadline or deadline_text(year, plan_end)))
    outcome = _outcome_goal(rows)
    if outcome:
        goals.append(f"通过项目实施，{outcome}")
    return [finish_sentence(g) for g in goals[:MAX_GOALS]]


def finish_sentence(text: str) -> str:
    """One clean sentence: no doubled or dangling punctuation, no stray spaces, a full stop."""
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"([，、；])(?:[，、；])+", r"\1", text)
    text = re.sub(r"(?:按|及|和|与|的|为|对|向)([，。；])", r"\1", text)
    return text.rstrip("，、；;,") + ("" if text.endswith("。") else "。")
