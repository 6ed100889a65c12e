"""Which of the breakdown's counts are outputs (数量 rows) and which are effects (效益 rows) or
neither: people reached or employed and figures naming an effect are effects; a dimension of what
is built and a daily figure sizing a yearly one are not outputs of their own."""

from __future__ import annotations

import re

from assistant.draft.facts import Fact, ProjectFacts

# people a project reaches or employs, not people it pays: these are effects, not outputs
BENEFIT_WORDS = re.compile(r"受益|带动|惠及|增收|就业|务工|脱贫|监测对象|覆盖人口")


# figures that name an effect whatever their unit (新增粮食产能150万公斤, 年节水80万立方米)
OUTCOME_WORDS = re.compile(r"产能|增产|节水|节电|节能|节约|削减|减排|减少排放|发电量|增收")


def is_benefit_fact(fact: Fact) -> bool:
    if OUTCOME_WORDS.search(fact.label or ""):
        return True
    return fact.unit in ("人", "户") and bool(BENEFIT_WORDS.search(fact.label))


# a dimension of what is built (路面宽4.5米, 墙厚0.24米) is a specification, not an output
_DIMENSION = re.compile(r"(?:宽|高|深|厚|径|宽度|高度|深度|厚度|直径)$")
_DAILY = re.compile(r"^(?:[\u4e00-\u9fff]{0,4}?)(?:日均|每日|每天|日产)")


def output_counts(facts: ProjectFacts) -> list[Fact]:
    """The counts that measure what the money produces (beneficiaries go to 效益 rows)."""
    counts = [f for f in facts.counts if not is_benefit_fact(f) and not _DIMENSION.search(f.label or "")]
    # a daily figure (日均清运16吨) sizes the yearly one (全年5840吨): not an output of its own
    return [f for f in counts if not (_DAILY.search(f.label or "")
                                      and any(o.unit == f.unit and o is not f for o in counts))]


__all__ = ["BENEFIT_WORDS", "OUTCOME_WORDS", "is_benefit_fact", "output_counts"]
