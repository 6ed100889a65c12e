"""Facts the breakdown (资金用途/测算依据) states: counts, unit standards, amounts, months.

Each fact keeps the breakdown text it came from, so a drafted indicator can say where its
number comes from ("资金用途测算：社区网格员119人，绩效工资1000元/人/月"). The budget parser does
the reading (parse_budget_items); this module names what each figure counts or prices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.draft.facts_bind import Locator, bind, group_totals, outcome_facts, resolve_conflicts
from assistant.model import WAN, BudgetItem, UnitPrice
from assistant.parse.binding import blank_instructions
from assistant.parse.budget import extract_totals, parse_budget_items, parse_money
from assistant.parse.textnum import NUMBER, normalize, to_decimal
from assistant.rules.common import fmt_number

TIME_UNITS = frozenset({"月", "年", "天", "日", "工作日", "周", "季度", "小时", "%"})
# Places counted with 个: shown as "19个社区", "9个村".
PLACE_UNITS = frozenset({"社区", "村", "小区", "乡镇", "街道"})
PAY_WORDS = re.compile(
    r"绩效工资|工资|薪酬|报酬|补贴|补助|津贴|年终奖|考核奖|奖励性绩效|奖金|保险|公积金|过渡费|补偿款|补偿费"
    r"|补偿|生活费|抚恤金|救助金|慰问金|助学金|租金"
)
_LEAD_WORDS = re.compile(r"^(?:主要)?(?:统筹)?(?:用于|包括|为|按照|安排|支付|发放|其中|完成|开展|实施|对|向|给予)+")
_VERB_SPLIT = re.compile(r"(?:发放|用于|支付|安排|统筹用于)")
_PERSON_NOUN = re.compile(r"(?:员|者|人员|干部|书记|主任|村民|居民|职工|学生|对象|群众|老人|家庭|委员|长|两委)$")
PERSON_PREFIX = re.compile(r"^(.+(?:人员|员|者|干部|书记|主任|成员|村民|居民|职工|两委|学生|老人))")
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


def item_core(item: BudgetItem) -> str:
    """An item's short name; items that open with a cited document use the words after it.
    A grade alone (甲类每人每月…) names no item."""
    from assistant.parse.binding import is_grade

    if "《" not in item.label:
        core = core_label(item.label)
        return "" if is_grade(core) else core
    text = normalize(item.text)
    text = re.sub(r"《.*》", "", text)  # greedy: nested or unbalanced titles go in one cut
    cut = re.search(r"\d", text)
    return core_label(text[: cut.start()] if cut else text)


def core_label(label: str) -> str:
    """What an item is for, short: '为辖区内…发放丧葬补贴' → '丧葬补贴'."""
    text = normalize(label or "").strip()
    text = re.sub(r"\([^()]*\)", "", text)
    text = _LEAD_WORDS.sub("", text)
    parts = _VERB_SPLIT.split(text)
    if len(parts) > 1 and parts[-1].strip():
        text = parts[-1]
    text = re.sub(r"^(?:辖区内|街道|本级)", "", text).strip("：:，,。 ")
    if len(text) > 12 and "、" in text:
        first = text.split("、")[0]
        pay = PAY_WORDS.findall(text)
        if pay and not PAY_WORDS.search(first):
            first += pay[-1]
        text = first
    # a long label is a sentence, not a name: callers fall back to the project name
    text = tidy_name(text)
    if _BARE_VERB.fullmatch(text):
        return ""
    return text if 2 <= len(text) <= 16 else ""


_LOOSE_END = re.compile(r"(?:按照|按|及|和|与|的|为|对|向|给|由|在|等|共|计|约|其中|用于|以及|并)+$")


def tidy_name(text: str) -> str:
    """A name without a dangling word at its end: '营养餐补助按' → '营养餐补助'."""
    return _LOOSE_END.sub("", text.strip("：:，,。；; "))


def strip_grade(text: str) -> str:
    """'一级护理员' → '护理员', '80-89周岁老人' → '老人': the words without their grade."""
    from assistant.parse.binding import AGE_BAND, GRADE_LIST

    rest = AGE_BAND.sub("", GRADE_LIST.sub("", text or "", count=1), count=1)
    return rest if len(rest) >= 2 else ""


def with_group(group: str, text: str) -> str:
    """'二级' + '一级护理员' → '二级护理员': a grade replaces the one the words carry."""
    from assistant.parse.binding import is_grade

    if not group or text.startswith(group):
        return text
    rest = strip_grade(text)
    if rest:
        return f"{group}{rest}"
    return group if is_grade(text) else f"{group}{text}"


def outcome_name(fact: Fact) -> str:
    """The row name of a stated outcome: 年节水 → 年节水量, 服务群众 (人) → 服务群众人数."""
    label = tidy_name(fact.label) or "项目受益"
    if fact.unit.endswith(("人", "户", "人次")):
        if re.match(r"(?:保障|惠及|覆盖|服务)", label) and not re.search(r"(?:人口|人数|群众|对象)$", label):
            return "受益人口" if fact.unit.endswith("人") else "受益户数"
        if re.search(r"(?:人口|人数|户数|人次|群众|对象)$", label):
            return label if re.search(r"(?:人口|人数|户数|人次)$", label) else f"{label}{'户数' if fact.unit.endswith('户') else '人数'}"
        return f"{label}{'户数' if fact.unit.endswith('户') else '人数'}"
    if re.search(r"(?:节水|节电|节能|减排|削减|减少|产能|产量|能力|增收|面积|效益)$", label):
        return f"{label}量" if label.endswith(("节水", "节电", "节能", "减排", "削减")) else label
    return label


def _subject_before(text: str, start: int) -> str:
    """The noun run written right before a figure: '社区网格员119人' → '社区网格员'."""
    run = re.search(r"([\u4e00-\u9fff]{2,10})$", text[:start])
    if not run:
        return ""
    word = re.sub(r"^(?:其中|共|需|计|约|合计|待发放|发放|年|用于)+", "", run.group(1))
    return word if _PERSON_NOUN.search(word) else ""


# filler that opens a clause but names nothing: 其中, 共, 计, 每座, 按…
_LABEL_LEAD = re.compile(
    r"^(?:其中|共计|共|合计|计|约|需|含|包括|包含|分别|另|用于|主要用于|每[\u4e00-\u9fff]?|按|负责|辖区内|辖区"
    r"|全县|全镇|全市|全区|全乡|年|全年|每年)+"
)
_LABEL_TAIL = re.compile(r"(?:占地|面积|长度|数量|共|计|约|为|达|合计|总计|规模|各)+$")
_CLAUSE_CUT = re.compile(r"[，,；;。：:、（）()\s\d.×*xX+＋=÷/]")
_NOUN_AFTER = re.compile(r"^(?:个|座|处|所|家|条|项)?([\u4e00-\u9fff]{1,6}?)(?=[，,；;。、和及与（(]|$)")


def local_label(text: str, start: int, end: int) -> str:
    """What a figure counts, from the words around it, not from the whole item.

    '新造林3万亩' → '新造林'; '人行道铺装1455㎡' → '人行道铺装'; '在7个林场和…' → '林场'.
    An item often lists several outputs in one sentence, so its name fits none of them.
    """
    before = re.sub(r"[（(][^（）()]{0,20}[）)]\s*$", "", text[:start])  # 材料（三角阀等）30批
    raw = head = _CLAUSE_CUT.split(before)[-1]
    wide = re.split(r"[，,；;。：:（）()\s]", before)[-1]
    if "、" in wide and not re.search(r"\d", wide):
        # '民事、行政法律援助案件180件': the list names the figure; '电工、焊工等职业技能培训' → 职业技能培训
        head = raw = wide.rsplit("等", 1)[-1] if len(wide.rsplit("等", 1)[-1]) >= 2 else wide
    qualified = re.search(r"\d+(?:\.\d+)?(?:\s*[-—~～至到]\s*\d+)?\s*(?:周岁|岁|年以上|级|类|号)[\u4e00-\u9fff]*$", wide)
    if qualified and re.match(r"(?:周岁|岁|以上|以下|级|类|号)", head or "以"):
        head = raw = qualified.group(0)  # '65岁以上老年人健康体检5600人
    head = re.sub(r"^.*?(?:建成后|完成后|实施后)", "", head)
    # a verb phrase can run into the clause: '实施营造林' keeps the output, drops the 在…实施
    head = re.sub(r"^.*(?:实施|开展|完成|下达|安排)(?=[\u4e00-\u9fff]{2})", "", head)
    if head == raw and re.search(r"\d\s*[个座处所家条项]$", before[: len(before) - len(head) + 1]):
        head = ""  # '7个林场和11个': the words belong to the figure before
    if re.fullmatch(r"(?:占地|面积|占地面积)", head):
        # '晾晒房1座，占地300平方米': the area belongs to the thing named in the clause before
        prev = re.search(r"([\u4e00-\u9fff]{2,16})\s*\d+(?:\.\d+)?\s*[个座处所间栋]?[，,]\s*\S*$", before)
        head = prev.group(1) if prev else ""
    head = tidy_name(_LABEL_TAIL.sub("", _LABEL_LEAD.sub("", head)))
    if _BARE_VERB.fullmatch(head):
        head = ""  # '下达7个乡镇': a verb names nothing; the noun after does
    if 2 <= len(head) <= 16:
        return head
    after = _NOUN_AFTER.match(text[end:end + 8])
    if after and len(after.group(1)) >= 2:
        return after.group(1)
    phrase = _PHRASE_AFTER.match(text[end:end + 16])  # '为58个村（社区）聘请法律顾问'
    return tidy_name(phrase.group(1)) if phrase else ""


def _in_arithmetic(text: str, pos: int) -> bool:
    return pos > 0 and bool(re.search(r"[×*xX+＋÷/]\s*$", text[max(0, pos - 3):pos]))


_BARE_VERB = re.compile(r"(?:下达|开展|实施|完成|安排|建设|新建|改造|用于|涉及|覆盖|支持|扶持|惠及|资助|补助|发放"
                        r"|全员|全体|全部|合计|总计)+")
_PHRASE_AFTER = re.compile(r"^\s*(?:[（(][^（）()]{0,8}[）)])?([\u4e00-\u9fff]{2,10}?)(?=[，,；;。、（(]|$)")


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


_UNIT_SPELLINGS = {"平方米": "(?:平方米|㎡|m2|平米)", "立方米": "(?:立方米|m3)"}


def _own_words(text: str, pos: int) -> str:
    """'集中供水工程每处3万元' → '集中供水工程': the words of the price's own clause."""
    from assistant.parse.binding import GRADE_LIST, is_grade, label_before

    words = tidy_name(_LABEL_LEAD.sub("", label_before(text, pos)))
    words = GRADE_LIST.sub("", words)
    if len(words) < 2 or is_grade(words) or _BARE_VERB.fullmatch(words) or PAY_WORDS.fullmatch(words):
        return ""
    return words if len(words) <= 16 else ""


def _priced_label(before: str, noun: str) -> str:
    """The count a price is for, written just before it: '公厕34座，每座6.2万元/座' → '公厕'."""
    unit = _UNIT_SPELLINGS.get(noun, re.escape(noun))
    found = list(re.finditer(rf"({NUMBER})\s*(?:万)?{unit}", before))
    last = found[-1] if found else None
    if last is None or len(before) - last.end() > 20:
        return ""
    return local_label(before, last.start(), last.end())


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
