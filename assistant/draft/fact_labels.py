"""The words around a breakdown figure: what it counts, what an item pays for, how a row is named.

Split from facts.py: facts.py finds the figures, this module names them. A label is read from
the figure's own clause ('新造林3万亩' → 新造林), never from the whole item; a grade alone (甲类),
a bare verb (下达) or a scope word (全员) names nothing; names never end on a dangling word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.model import BudgetItem
from assistant.parse.textnum import NUMBER, normalize

if TYPE_CHECKING:
    from assistant.draft.facts import Fact

PAY_WORDS = re.compile(
    r"绩效工资|工资|薪酬|报酬|补贴|补助|津贴|年终奖|考核奖|奖励性绩效|奖金|保险|公积金|过渡费|补偿款|补偿费"
    r"|补偿|生活费|抚恤金|救助金|慰问金|助学金|租金"
)
_LEAD_WORDS = re.compile(r"^(?:主要)?(?:统筹)?(?:用于|包括|为|按照|安排|支付|发放|其中|完成|开展|实施|对|向|给予)+")
_VERB_SPLIT = re.compile(r"(?:发放|用于|支付|安排|统筹用于)")
_PERSON_NOUN = re.compile(r"(?:员|者|人员|干部|书记|主任|村民|居民|职工|学生|对象|群众|老人|家庭|委员|长|两委)$")
PERSON_PREFIX = re.compile(r"^(.+(?:人员|员|者|干部|书记|主任|成员|村民|居民|职工|两委|学生|老人))")


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
        if (re.match(r"(?:保障|惠及|覆盖|服务)", label) and not re.search(r"(?:人口|人数|群众|对象)$", label)) or (
                "受益" in label and not re.search(r"(?:人口|人数|户数)$", label)):
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
