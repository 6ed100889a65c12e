"""Where each fact stands in the user's text, which label it belongs to, and what to trust.

- spans: every figure cites the exact piece of the 资金用途 it came from (offsets into the text
  the user gave, through the normalisation the parser applies);
- groups: parallel figures labelled by a grade or class (甲类…、乙类…; A级…、B级…) are kept
  apart, and their sum stands for the whole population when the text states no total;
- conflicts: two values for the same labelled count; the one an arithmetic line that works uses
  wins, and the conflict is reported;
- outcomes: effects the text states (新增产能, 节水, 节电, 受益人口, 服务人数) are effects, not outputs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from assistant.model import BudgetItem
from assistant.parse.binding import AGE_BAND, GRADE_LIST, Span, clause_span, is_grade, label_before
from assistant.parse.budget_units import ENERGY_UNITS, MEASURE_UNITS, alternation
from assistant.parse.textnum import NUMBER, normalize, to_decimal

if TYPE_CHECKING:
    from assistant.draft.facts import Fact


class Locator:
    """Maps offsets in the parser's normalised text back to the user's text."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(purpose):
            if ch == "\r":
                continue
            folded = normalize(ch, keep_comma=True)
            chars.append(folded)
            index.extend([i] * len(folded))
        self.norm = "".join(chars)
        self.index = index + [len(purpose)]
        self.item_start: dict[int, int] = {}
        self.item_no: dict[int, str] = {}

    def index_items(self, items: list[BudgetItem]) -> None:
        """Each item's start in the normalised text and its number as a reader says it."""
        cursor, top, sub = 0, 0, 0
        for item in items:
            pos = self.norm.find(item.text, cursor)
            if pos < 0:
                pos = self.norm.find(item.text)
            self.item_start[id(item)] = max(pos, 0)
            cursor = max(pos, cursor)
            if item.level <= 1:
                top, sub = top + 1, 0
                self.item_no[id(item)] = f"第{top}条"
            else:
                sub += 1
                self.item_no[id(item)] = f"第{top}条第{sub}项"
        if len(items) == 1:
            self.item_no[id(items[0])] = ""

    def span(self, item: BudgetItem, needle: str, after: int = 0) -> Span | None:
        """The user's text of `needle` inside `item` (normalised spelling)."""
        base = self.item_start.get(id(item), 0)
        pos = normalize(item.text, keep_comma=True).find(needle, after)
        if pos < 0:
            return None
        start = self.index[base + pos]
        end = self.index[min(base + pos + len(needle), len(self.index) - 1) - 1] + 1
        return Span(start, end, self.purpose[start:end])

    def where(self, item: BudgetItem) -> str:
        number = self.item_no.get(id(item), "")
        return f"测算明细{number}" if number else "资金用途"


def bind(fact: Fact, item: BudgetItem, needle: str, locator: Locator, at: int = 0) -> None:
    """Give `fact` its span, the clause it reads from, its group label and its citation."""
    span = locator.span(item, needle, at) or locator.span(item, needle)
    if span is None:
        return
    fact.span = (span.start, span.end)
    clause = clause_span(locator.purpose, span.start, span.end)
    fact.quote = clause.text.strip() or span.text
    fact.where = locator.where(item)
    fact.group = grade_of(locator.purpose, span.start)


_GRADE_HEAD = GRADE_LIST
_BRACKET_BEFORE = re.compile(r"[（(]\s*([^（）()]{1,6}?)\s*[）)]\s*$")


def grade_of(text: str, start: int) -> str:
    """The grade or class a figure belongs to: 甲类 in '甲类300人', A级 in 'A级5000元/公里',
    一级 in '一级保洁面积1344993㎡' and in '环卫清扫保洁（一级）1344993㎡'."""
    bracket = _BRACKET_BEFORE.search(text[max(0, start - 10):start])
    if bracket and is_grade(bracket.group(1)):
        return bracket.group(1)
    label = label_before(text, start)
    head = _GRADE_HEAD.match(label) or AGE_BAND.match(label)
    if head:
        return head.group(0)
    return label if is_grade(label) else ""


def _suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _same_thing(a: Fact, b: Fact) -> bool:
    """Two counts of the same thing: same unit and grade, labels ending in the same words
    (资助家庭经济困难学生 / 据统计困难学生)."""
    if a.unit != b.unit or a.group != b.group or a.parts or b.parts:
        return False
    la, lb = a.label or a.core, b.label or b.core
    return bool(la and lb) and (la == lb or _suffix(la, lb) >= 3)


def resolve_conflicts(counts: list[Fact], items: list[BudgetItem], total: Decimal | None) -> tuple[list[Fact], list[str]]:
    """Drop a count that disagrees with the same count used in arithmetic that works."""
    dropped: set[int] = set()
    notes: list[str] = []
    for i, fact in enumerate(counts):
        rivals = [f for f in counts[i + 1:] if f.value != fact.value and _same_thing(fact, f)
                  and id(f) not in dropped]
        if not rivals or id(fact) in dropped:
            continue
        group = [fact, *rivals]
        backed = [f for f in group if _backed(f, items, total)]
        if len(backed) != 1:
            continue
        winner = backed[0]
        losers = [f for f in group if f is not winner]
        dropped.update(id(f) for f in losers)
        name = winner.label or winner.core
        shown = "、".join(f.display() for f in [winner, *losers])
        notes.append(f"资金用途中“{name}”的数量有{shown}几种写法，采用测算算式中能复算预算的{winner.display()}，"
                     "请核对后统一。")
    return [f for f in counts if id(f) not in dropped], notes


def _backed(fact: Fact, items: list[BudgetItem], total: Decimal | None) -> bool:
    number = f"{fact.value.normalize():f}"
    for item in items:
        for calc in item.arithmetic:
            if not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", calc.text) or calc.mismatch:
                continue
            if calc.stated_yuan is not None or (total is not None and calc.computed_yuan == total):
                return True
    return False


def group_totals(counts: list[Fact]) -> list[Fact]:
    """Parallel counts of one item, each for a grade (甲类300人、乙类450人): their sum is the whole
    population, unless a count in the same item already equals it."""
    from assistant.draft.facts import Fact

    found: list[Fact] = []
    by_item: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in counts:
        if fact.group:
            by_item[(fact.item_label, fact.unit)].append(fact)
    for (item_label, unit), parts in by_item.items():
        groups = {f.group for f in parts}
        if len(parts) < 2 or len(groups) < len(parts):
            continue
        total = sum((f.value for f in parts), Decimal(0))
        stated = next((f for f in counts if f.value == total and f.unit == unit and not f.group), None)
        if stated is not None:  # '卫生室18个，其中甲类6个、乙类12个': the stated whole holds its parts
            stated.parts = sorted(parts, key=lambda f: f.span or (0, 0))
            continue
        parts.sort(key=lambda f: f.span or (0, 0))
        first, last = parts[0], parts[-1]
        from assistant.draft.facts import strip_grade

        common = strip_grade(first.label) if first.label and first.label != first.group else ""
        fact = Fact("count", total, unit, strip_grade(first.subject) if first.subject else "", first.text,
                    item_label, sum((f.weight for f in parts), Decimal(0)), sources=list(first.sources),
                    core=strip_grade(first.core), label=common or strip_grade(first.core))
        fact.parts = list(parts)
        fact.where = first.where
        fact.quote = "、".join(p.quote for p in parts)
        if first.span and last.span:
            fact.span = (first.span[0], last.span[1])
        found.append(fact)
    return found


_MEASURE_ALT = alternation(MEASURE_UNITS)
# what a project says it achieves: 新增产能, 节水, 节电, 受益人口, 服务…人, 新增供水能力 …
_OUTCOME = re.compile(
    r"(?P<label>(?:年|每年|可|预计|实现|建成后|实施后|项目完成后)?[\u4e00-\u9fff]{0,6}?"
    r"(?:新增|增加|提高|节约|节省|节水|节电|节能|减少|减排|削减|受益|惠及|覆盖人口|服务人口|服务群众|服务对象"
    r"|带动|产能|产量|能力|增收|灌溉面积|就业|保障(?=[\u4e00-\u9fff]{0,4}\d[\d.]*万?人))"
    r"[\u4e00-\u9fff]{0,8}?)(?:约|达到?|为|共|近|超过|逾)?\s*(?P<num>" + NUMBER + r")\s*"
    r"(?P<unit>" + _MEASURE_ALT + r"|万人|万户|人次|人|户|万元|元|%)(?P<per>/[年日天月])?"
)


def outcome_facts(purpose: str, locator: Locator) -> list[Fact]:
    """Stated outcomes with their figure: 年节水12万立方米, 受益人口3200人, 新增产能500吨/年."""
    from assistant.draft.facts import Fact

    found: list[Fact] = []
    text = locator.norm
    for match in _OUTCOME.finditer(text):
        value = to_decimal(match.group("num"))
        if value is None or value <= 0:
            continue
        label = re.sub(r"^(?:项目)?(?:建成后|实施后|完成后)|^(?:年|每年|可|预计|实现|其中|共)+", "", match.group("label"))
        unit = match.group("unit") + (match.group("per") or "")
        start = locator.index[match.start("num")]
        end = locator.index[match.end() - 1] + 1
        fact = Fact("outcome", value, unit, "", match.group(0), "", label=label)
        fact.span = (start, end)
        clause = clause_span(locator.purpose, start, end)
        fact.quote = clause.text.strip()
        fact.where = "资金用途"
        fact.level2 = outcome_level2(label, unit)
        found.append(fact)
    return found


def outcome_level2(label: str, unit: str) -> str:
    """The benefit category an outcome belongs under."""
    if re.search(r"节水|节电|节能|减排|削减|减少|水质|绿化|森林|植被|碳", label) or unit in ENERGY_UNITS:
        return "生态效益指标"
    if re.search(r"产能|产量|增收|收入|产值|效益|灌溉|亩产", label) or "元" in unit:
        return "经济效益指标"
    return "社会效益指标"


__all__ = ["Locator", "bind", "group_totals", "outcome_facts", "outcome_level2", "resolve_conflicts"]
