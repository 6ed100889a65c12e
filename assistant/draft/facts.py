"""Facts the breakdown (资金用途/测算依据) states: counts, unit standards, amounts, months.

Each fact keeps the breakdown text it came from, so a drafted indicator can say where its
number comes from ("资金用途测算：社区网格员119人，绩效工资1000元/人/月"). The budget parser does
the reading (parse_budget_items); this module names what each figure counts or prices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.draft.fact_labels import (  # noqa: F401 - re-exported: rows, goals and offline import them from here
    _BARE_VERB,
    PAY_WORDS,
    PERSON_PREFIX,
    _in_arithmetic,
    _own_words,
    _priced_label,
    _subject_before,
    core_label,
    item_core,
    local_label,
    outcome_name,
    strip_grade,
    tidy_name,
    with_group,
)
from assistant.draft.facts_bind import Locator, bind, group_totals, outcome_facts, resolve_conflicts
from assistant.model import WAN, BudgetItem, UnitPrice
from assistant.parse.binding import blank_instructions
from assistant.parse.budget import extract_totals, parse_budget_items, parse_money
from assistant.parse.textnum import NUMBER, normalize, to_decimal
from assistant.rules.common import fmt_number

TIME_UNITS = frozenset({"月", "年", "天", "日", "工作日", "周", "季度", "小时", "%"})
# Places counted with 个: shown as "19个社区", "9个村".
PLACE_UNITS = frozenset({"社区", "村", "小区", "乡镇", "街道"})
_PRICE_TIMES = re.compile(
    rf"(?P<num>{NUMBER})\s*(?P<money>万元|元)/(?P<per>人|户|村|社区)(?:\([^()]{{0,8}}\))?\s*[*×xX＊]\s*"
    rf"(?P<count>{NUMBER})(?!\s*(?:\.\d|个月|月|年|人|户|村|个|%|元|万))"
)


# Counted units the budget parser leaves out (图书20000册, 药剂6000公斤, 防治面积3万亩).
_EXTRA_QTY = re.compile(
    rf"(?<![\d./])(?P<num>{NUMBER})\s*(?P<wan>万)?(?P<unit>册|种|本|篇|架次|头|只|羽|公斤|千克|块|盏|根|"
    r"所学校|校|课时|学时|亩|平方米|公里|吨|株|棵)(?![\u4e00-\u9fff]*/|元|万元)"
)
_TWO_CHAR_UNITS = ("公斤", "千克", "公里", "平方米", "立方米", "人次", "户次", "课时", "学时", "课时")


@dataclass
class Fact:
    """One figure from the breakdown and what it is about."""

    kind: str  # count | unit_price | amount | months
    value: Decimal  # the count, or money in 元 (unit prices: 元 per unit)
    unit: str  # 人, 户, 社区 …; for unit_price the display unit (元/人/月, 万元/社区); amounts 元
    subject: str = ""  # who is counted, when written before the figure (社区网格员)
    text: str = ""  # the breakdown text it came from
    item_label: str = ""
    weight: Decimal = Decimal(0)  # the amount of money behind it, for ranking
    qualifier: str = ""  # (优秀), (称职): a grade written after a unit price
    sources: list[str] = field(default_factory=list)  # every item text stating it
    core: str = ""  # the item's short name (社区网格员绩效工资); "" when it has none
    label: str = ""  # the words naming this very figure (新造林 in 新造林3万亩, 林场 in 7个林场)
    group: str = ""  # the grade or class it belongs to (甲类, A级, 一级): parallel figures differ here
    span: tuple[int, int] | None = None  # [start, end) of the figure in the user's 资金用途 text
    quote: str = ""  # the clause it reads from, as the user wrote it (甲类300人)
    where: str = ""  # 测算明细第2条 / 资金用途
    parts: list[Fact] = field(default_factory=list)  # a group total: the counts it adds up
    level2: str = ""  # outcomes: the benefit category they belong under

    def cite(self) -> str:
        """The 来源 a reader sees: '测算明细第2条：甲类300人'."""
        where = self.where or "资金用途"
        return f"{where}：{self.quote or self.text}"

    def display(self) -> str:
        """As a value is written: 119人, 19个社区, 1000元/人/月, 263.75万元."""
        if self.kind == "unit_price":
            money, _, per = self.unit.partition("/")
            factor = WAN if money == "万元" else Decimal(1)
            return f"{fmt_number(self.value / factor)}{money}/{per}"
        if self.kind == "amount":
            return money_text(self.value)
        prefix = "个" if self.unit in PLACE_UNITS else ""
        return f"{fmt_number(self.value)}{prefix}{self.unit}"


@dataclass
class ProjectFacts:
    total_yuan: Decimal | None
    fiscal_yuan: Decimal | None
    other_yuan: Decimal | None
    items: list[BudgetItem]
    counts: list[Fact]
    unit_prices: list[Fact]
    amounts: list[Fact]
    months: list[Fact]
    outcomes: list[Fact] = field(default_factory=list)  # effects the text states (节水, 受益人口)
    conflicts: list[str] = field(default_factory=list)  # figures stated two ways, and which won
    ignored: list[str] = field(default_factory=list)  # instruction sentences not read as facts
    purpose: str = ""  # the text the spans point into

    def all(self) -> list[Fact]:
        return [*self.counts, *self.unit_prices, *self.amounts, *self.months, *self.outcomes]


def money_text(yuan: Decimal) -> str:
    """元 → '263.75万元' (amounts under 1万元 stay in 元)."""
    if abs(yuan) < WAN:
        return f"{fmt_number(yuan)}元"
    return f"{fmt_number(yuan / WAN)}万元"


def short_text(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"




def _count_facts(items: list[BudgetItem], locator: Locator) -> list[Fact]:
    found: dict[tuple[Decimal, str, str], Fact] = {}

    def add(value: Decimal, unit: str, item: BudgetItem, subject: str, text: str,
            label: str = "", needle: str = "", at: int = 0) -> None:
        weight = item.amount_yuan or Decimal(0)
        fact = Fact("count", value, unit, subject, text, item.label, weight,
                    sources=[short_text(item.text)], core=item_core(item), label=label)
        bind(fact, item, needle, locator, at)
        key = (value, unit, fact.group)
        if key in found:
            found[key].sources.append(short_text(item.text))
            found[key].weight += weight
            return
        found[key] = fact

    for item in items:
        text = normalize(item.text, keep_comma=True)
        cursor = 0
        for quantity in item.quantities:  # in text order: the same words twice ('7个…7个') stay apart
            pos = text.find(quantity.text, cursor)
            pos = text.find(quantity.text) if pos < 0 else pos
            cursor = pos + len(quantity.text) if pos >= 0 else cursor
            if quantity.unit in TIME_UNITS or quantity.value <= 0:
                continue
            subject = _subject_before(text, pos) if pos >= 0 else ""
            label = local_label(text, pos, pos + len(quantity.text)) if pos >= 0 else ""
            if not label and _in_arithmetic(text, pos) and any(
                    q.value == quantity.value and q.unit == quantity.unit and q is not quantity
                    for q in item.quantities):
                continue  # '（1800+620）元×45人×12月' repeats '公益性岗位45个': one figure, one row
            add(quantity.value, quantity.unit, item, subject, short_text(item.text), label, quantity.text,
                max(pos, 0))
        known = {(q.value, q.unit) for q in item.quantities}
        for match in _EXTRA_QTY.finditer(text):
            value = to_decimal(match.group("num"))
            unit = ("万" if match.group("wan") else "") + match.group("unit")
            if value and (value, unit) not in known and (value, match.group("unit")) not in known:
                add(value, unit, item, "", short_text(item.text),
                    local_label(text, match.start(), match.end()), match.group(0))
        # 1万元/人(优秀)*3 + 0.7万元/人(称职)*6: the bare factors count people
        inferred: dict[str, Decimal] = {}
        match_text: dict[str, str] = {}
        for match in _PRICE_TIMES.finditer(text):
            count = to_decimal(match.group("count"))
            if count is not None and count == count.to_integral():
                inferred[match.group("per")] = inferred.get(match.group("per"), Decimal(0)) + count
                match_text.setdefault(match.group("per"), match.group(0))
        for unit, count in inferred.items():
            if not any(q.unit == unit for q in item.quantities):
                add(count, unit, item, "", short_text(item.text), "", match_text.get(unit, ""))
    # 8万亩 outranks 30公里: compare the numbers as written out
    return sorted(found.values(), key=lambda f: (-f.weight, -f.value * (WAN if f.unit.startswith("万") else 1)))


def _price_fact(price: UnitPrice, item: BudgetItem, text: str) -> Fact | None:
    per = [p for p in price.per if p]
    pos = text.find(price.text)
    if per and pos >= 0:  # 20元/公斤: the parser keeps one character of the last unit
        rest = per[-1] + text[pos + len(price.text): pos + len(price.text) + 2]
        per[-1] = next((u for u in _TWO_CHAR_UNITS if rest.startswith(u)), per[-1])
    nouns = [p for p in per if p not in TIME_UNITS]
    if not nouns:
        # 20万元/年 × 19个社区: the count the price multiplies names what it is per
        places = [q.unit for q in item.quantities if q.unit not in TIME_UNITS]
        # with several kinds of counts (座, 平方米, 人) nothing says which one the price is per
        if not places or len(set(places)) > 1:
            return None
        per = [*per, places[0]]
    money = "万元" if "万" in price.text else "元"
    qualifier = ""
    if pos >= 0:
        tail = re.match(r"[斤里米次时]?\s*\(([\u4e00-\u9fff]{1,6})\)", text[pos + len(price.text):])
        qualifier = f"（{tail.group(1)}）" if tail else ""
    # a price per person keeps the item's name (绩效工资标准), not the person noun
    countable = bool(nouns) and nouns[0] not in ("人", "户", *PLACE_UNITS)
    own = _own_words(text, pos) if pos >= 0 and countable else ""
    label = own or (_priced_label(text[:pos], nouns[0]) if pos >= 0 and countable else "")
    return Fact("unit_price", price.amount_yuan, f"{money}/{'/'.join(per)}", "",
                short_text(item.text), item.label, item.amount_yuan or Decimal(0), qualifier,
                [short_text(item.text)], core=item_core(item), label=label)




def _price_facts(items: list[BudgetItem], locator: Locator) -> list[Fact]:
    facts: list[Fact] = []
    for item in items:
        text = normalize(item.text, keep_comma=True)
        for price in item.unit_prices:
            fact = _price_fact(price, item, text)
            if fact is None:
                continue
            bind(fact, item, price.text, locator)
            same = [f for f in facts if f.value == fact.value and f.unit == fact.unit
                    and f.where == fact.where and (f.group == fact.group or not f.group or not fact.group)]
            if not same:
                facts.append(fact)
            elif fact.group and not same[0].group:  # the labelled mention names the grade
                facts[facts.index(same[0])] = fact
    # the main standard of the biggest item first; a small insurance add-on later
    return sorted(facts, key=lambda f: (-f.weight, -f.value))


def _amount_fact(item: BudgetItem, locator: Locator) -> Fact:
    fact = Fact("amount", item.amount_yuan or Decimal(0), "元", "", short_text(item.text), item.label,
                item.amount_yuan or Decimal(0), sources=[short_text(item.text)], core=item_core(item))
    text = normalize(item.text, keep_comma=True)
    shown = next((m for m in re.finditer(rf"(?<![\d.]){NUMBER}\s*(?:亿元|万元|千元|元)(?!/)", text)
                  if parse_money(m.group(0)) == item.amount_yuan), None)
    if shown:
        bind(fact, item, shown.group(0), locator)
    fact.quote = short_text(item.text, 80) if fact.where.startswith("测算明细第") else fact.quote
    return fact


def extract_facts(purpose: str, total_yuan: Decimal | None = None) -> ProjectFacts:
    """Everything the drafter may quote from the breakdown text.

    Sentences that instruct (数量指标一律写…) are blanked first: a number comes only from facts."""
    clean, ignored = blank_instructions(purpose or "")
    items = parse_budget_items(clean) if clean.strip() else []
    total, fiscal, other = extract_totals(clean)
    total = total_yuan if total_yuan is not None else total
    locator = Locator(clean)
    locator.index_items(items)
    amounts = [_amount_fact(item, locator) for item in items if item.amount_yuan and item.amount_yuan >= 1000]
    months = [
        Fact("months", q.value, "月", "", short_text(item.text), item.label, core=item_core(item))
        for item in items
        for q in item.quantities
        if q.unit == "月"
    ]
    outcomes = outcome_facts(clean, locator)
    counts = _count_facts(items, locator)
    counts = [c for c in counts if not _inside_outcome(c, outcomes)]
    counts, conflicts = resolve_conflicts(counts, items, total)
    totals = group_totals(counts)
    if totals:  # the whole population first, its parts after
        counts = sorted([*totals, *counts], key=lambda f: (-f.weight, bool(f.group), -f.value))
    prices = _price_facts(items, locator)
    for price in prices:  # '每人补助300元' for 救助对象: the standard is a 补助 standard
        pay = PAY_WORDS.search(price.quote) or re.search(r"资助|救助|奖补|奖励", price.quote)
        base = price.label or price.core
        if pay and base and not PAY_WORDS.search(base) and len(base) + len(pay.group(0)) <= 16:
            price.label = base + pay.group(0)
    for price in prices:  # '一级保洁面积…，按10元/㎡计': the item's grade is the price's grade
        graded = {c.group for c in counts if c.group and c.where and c.where == price.where}
        if not price.group and len(graded) == 1 and price.where.startswith("测算明细第"):
            price.group = graded.pop()
    return ProjectFacts(
        total_yuan=total,
        fiscal_yuan=fiscal,
        other_yuan=other,
        items=items,
        counts=counts,
        unit_prices=prices,
        amounts=amounts,
        months=months,
        outcomes=outcomes,
        conflicts=conflicts,
        ignored=ignored,
        purpose=clean,
    )


def _inside_outcome(fact: Fact, outcomes: list[Fact]) -> bool:
    """A figure an outcome states (节水12万立方米) is not an output; people reached stay, as
    counts the benefit rows read (受益200人)."""
    if fact.span is None or fact.unit in ("人", "户"):
        return False
    return any(o.span and o.span[0] <= fact.span[0] < o.span[1] for o in outcomes)
