"""Row names from the breakdown's own words: a count whose label only names a scope (全县, 辖区,
现有) is named after the thing it counts, read from its clause."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.draft.facts import Fact, ProjectFacts
from assistant.rules.common import fmt_number

# labels that name a scope, not the thing counted (全县14所学校在校生3200人)
_SCOPE = re.compile(r"^[对为在]?(?:全县|全镇|全乡|全区|全市|全街道|辖区|本级|全年|全部|现有|共|合计|约)+$")
_PLACE_END = re.compile(r"^.*(?:学校|社区|中心|村|镇|乡|县|区|站)")
SCOPE_PREFIX = re.compile(r"^[对为在]?(?:全县|全镇|全乡|全区|全市|全街道|辖区|本级|全年|现有)+")
_MEASURE_WORDS = ("所", "个", "座", "处", "家", "台", "套", "辆", "条")


def _counted_thing(fact: Fact) -> str:
    """What a count with a scope-only label counts, from its clause: the noun after a measure
    word (14所农村学校 → 农村学校), or the words just before the figure (学校在校生3200人 → 在校生)."""
    number = fmt_number(fact.value)
    quote = fact.quote or fact.text
    at = quote.find(f"{number}{fact.unit}")
    if at < 0:
        return ""
    after = re.match(r"[\u4e00-\u9fff]{2,10}", quote[at + len(number) + len(fact.unit):])
    if fact.unit in _MEASURE_WORDS and after:
        words = re.split(r"开展|进行|实施|完成|购置|安装|维修|养护|建设|改造|的|及|和", after.group(0))[0]
        noun = re.match(r".*?(?:学校|社区|中心)", words) or re.match(r".*?[村站所]", words)
        return noun.group(0) if noun and len(noun.group(0)) >= 2 else words
    before = re.search(r"[\u4e00-\u9fff]{2,16}$", quote[:at])
    if not before:
        return ""
    thing = _PLACE_END.sub("", before.group(0)) or before.group(0)
    return thing if len(thing) >= 2 else ""


def scoped(fact: Fact) -> Fact:
    """The fact with a usable label: a scope-only one (全县) replaced by the counted thing."""
    for attr in ("label", "core"):
        value = getattr(fact, attr)
        if value and _SCOPE.match(value):
            thing = _counted_thing(fact)
            if thing:
                fact = replace(fact, label=thing, core=thing if attr == "core" else fact.core)
    return fact


def counted_for(facts: ProjectFacts, per: str) -> str:
    """A unit price with no words of its own (每座6万元) is for the thing counted in that unit
    (6座小型水库): that thing's name, when exactly one count has the unit."""
    names = {scoped(f).label or f.core for f in facts.counts if f.unit == per}
    names.discard("")
    return names.pop() if len(names) == 1 else ""


__all__ = ["SCOPE_PREFIX", "counted_for", "scoped"]
