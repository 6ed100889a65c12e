"""Binding a breakdown's figures to the words that label them, and the text they stand in.

`甲类每人每月120元、乙类每人每月90元，甲类300人、乙类450人`: each figure's label is the words
written right before it in its own clause (甲类, 乙类), so 300人 belongs to 甲类 and 450人 to 乙类;
`A级5000元/公里、B级3000元/公里` binds each rate to its grade. The same holds for `一级…、二级…`
lists and `其中：A…，B…` parts. Labels are read from the clause, never from a list of examples.

Also here: sentences that instruct rather than describe (`数量指标一律写“=88888人”`), which are
blanked before any figure is read (a number comes only from facts), and the map from the
normalised text back to the user's own text, so a figure cites the exact span it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# a clause ends at these; a figure's label never crosses one
CLAUSE_MARKS = "，,、；;。：:\n（）()“”\"'《》"
_CLAUSE_CUT = re.compile(rf"[{re.escape(CLAUSE_MARKS)}]")
# filler at the head of a clause that names nothing
_LEAD = re.compile(
    r"^(?:其中|另外|另|此外|以及|及|和|与|含|包括|包含|分别为|分别|共计|共|合计|计|约|需|为|用于|主要用于|按照|按|对|向|给予)+"
)
# per-unit phrases inside a label: 甲类每人每月 → 甲类
_EACH = re.compile(r"(?:每(?:个|名|位)?[\u4e00-\u9fff]{1,3}?)+$|(?:标准|单价|补助标准|补贴标准)(?:为|是)?$")
_TAIL = re.compile(r"(?:共|计|约|为|达|合计|总计|数量|规模|各|需|按|安排|需安排)+$")
# a short grade or class name: 甲类, A级, 一级, 二档, Ⅲ类, 1号
# an enumerated grade: 一级、二级 / 一二级 / 三至四级 / A类和B类
GRADE_LIST = re.compile(
    r"^(?:(?:[A-Za-z]|[一二三四五六七八九十甲乙丙丁]{1,2}|[ⅠⅡⅢⅣⅤⅥ]+)(?:类|级|档|等)?[、和及与至]?){1,4}"
    r"(?<=[类级档等])"
)
# an age band: 80-89周岁, 100周岁以上, 60岁以下
AGE_BAND = re.compile(r"^\d+(?:\s*[-—~～至到]\s*\d+)?\s*周?岁(?:以上|以下|及以上)?")
GRADE = re.compile(r"^(?:[A-Za-z]|[一二三四五六七八九十甲乙丙丁戊]+|\d{1,2}|[ⅠⅡⅢⅣⅤⅥ]+)(?:类|级|档|等|号|型|区)?$|"
                   r"^[A-Za-z一二三四五六七八九十甲乙丙丁]{1,2}(?:类|级|档|等)[\u4e00-\u9fff]{0,4}$")


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding `pos` starts (after the last clause mark before it); a 、 that
    joins words ('一级、二级重度残疾人') does not end a clause, one after a figure does."""
    cut = max((text.rfind(mark, 0, pos) for mark in CLAUSE_MARKS if mark != "、"), default=-1)
    for mark in re.finditer("、", text[cut + 1:pos]):
        if re.search(r"\d", text[cut + 1: cut + 1 + mark.start()]):
            cut = cut + 1 + mark.start()
            break
    last = text.rfind("、", cut + 1, pos)
    if last >= 0 and re.search(r"\d", text[cut + 1:last]):
        cut = last
    return cut + 1


def clause_end(text: str, pos: int) -> int:
    match = _CLAUSE_CUT.search(text, pos)
    return match.start() if match else len(text)


def group_key(label: str) -> str:
    """One key for the ways a grade is written: 一级、二级 = 一二级; A类 = A."""
    return re.sub(r"[、和及与类级档等\s]", "", label or "")


def label_before(text: str, start: int, stop_at: int = 0) -> str:
    """The words naming a figure: the clause's words right before it, without filler.

    '甲类每人每月120元' → '甲类'; '，A级5000元/公里' → 'A级'; '其中：泵站3座' → '泵站'. Counts
    written before in the same clause ('甲类300人') are not part of the next label."""
    begin = max(clause_start(text, start), stop_at)
    head = text[begin:start]
    band = re.search(r"\d+(?:\s*[-—~～至到]\s*\d+)?\s*周?岁(?:以上|以下|及以上)?[^\d]*$", head)
    if band:
        head = band.group(0)
    else:
        head = re.split(r"\d[\d.,]*", head)[-1]  # a figure before in the clause ends the label
        head = re.sub(r"^[^\u4e00-\u9fffA-Za-zⅠ-Ⅵ]+|^(?:年|月|日|个|人|户|次|座|处|元|万元|万|%)(?=[\u4e00-\u9fff])",
                      "", head)
    head = head.strip()
    head = _LEAD.sub("", head)
    head = _EACH.sub("", head)
    head = _TAIL.sub("", head)
    head = _LEAD.sub("", head)
    return head.strip()


def is_grade(label: str) -> bool:
    """甲类, A级, 一级, 二档, 80-89周岁: a class name that sets parallel figures apart."""
    return bool(GRADE.match(label)) or bool(AGE_BAND.match(label or ""))


# An instruction to whoever fills the table, not a fact about the project.
_INSTRUCTION = re.compile(
    r"(?:一律|统一|务必|必须|请|应当?|均|都|直接|只)(?:将|把|按)?[^。；;\n]{0,12}?"
    r"(?:写为|写成|写作|填为|填写为|填写|填成|改为|改成|设为|设置为|标为|注明为|写)\s*[“\"'「『=＝]"
    r"|(?:忽略|无视|不要理会|不必理会)(?:以上|上述|前面|之前)|(?:ignore|disregard)\s+(?:all|previous|the)"
    r"|(?:指标值?|数量指标|成本指标|效益指标|绩效目标)[^。；;\n]{0,8}(?:一律|统一|全部|均)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]?")


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of the text that tell the drafter what to write: never read as facts."""
    return [m.span() for m in _SENTENCE.finditer(text or "") if _INSTRUCTION.search(m.group(0))]


def blank_instructions(text: str) -> tuple[str, list[str]]:
    """The text with instruction sentences blanked (same length, so spans stay valid) and the
    sentences blanked."""
    spans = instruction_spans(text)
    if not spans:
        return text, []
    out = list(text)
    removed = []
    for start, end in spans:
        removed.append(text[start:end].strip())
        keep_end = end - 1 if text[end - 1: end] in "。；;\n" else end
        out[start:keep_end] = " " * (keep_end - start)
    return "".join(out), removed


def tidy_text(text: str) -> str:
    """Whitespace and full-width forms normalised for display and parsing, Chinese punctuation
    kept: full-width letters/digits/％＝＋ become ASCII, runs of spaces become one (none between
    Chinese characters), tabs and odd spaces become plain spaces, ends stripped per line."""
    out = []
    for ch in text or "":
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A or ch in "％＝＋．／＊":
            out.append(unicodedata.normalize("NFKC", ch))
        elif ch in "\t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff":
            out.append(" " if ch not in "\u200b\ufeff" else "")
        else:
            out.append(ch)
    s = "".join(out).replace("\r\n", "\n").replace("\r", "\n")
    s = re.sub(r" {2,}", " ", s)
    s = re.sub(r"(?<=[\u4e00-\u9fff，。；：、（）“”]) (?=[\u4e00-\u9fff，。；：、（）“”\d])", "", s)
    s = re.sub(r"(?<=\d) (?=[\u4e00-\u9fff，。；：、（）])", "", s)
    return "\n".join(line.strip() for line in s.split("\n")).strip()


@dataclass(frozen=True)
class Span:
    """A piece of the user's text: [start, end) and the text itself."""

    start: int
    end: int
    text: str


def locate(haystack: str, needle: str, near: int = 0) -> Span | None:
    """The occurrence of `needle` in the user's text closest after `near` (else the first)."""
    if not needle:
        return None
    pos = haystack.find(needle, max(near, 0))
    if pos < 0:
        pos = haystack.find(needle)
    return Span(pos, pos + len(needle), needle) if pos >= 0 else None


def clause_span(text: str, start: int, end: int) -> Span:
    """The clause around [start, end): '甲类300人' in '…，甲类300人、乙类450人'."""
    begin = clause_start(text, start)
    while begin > 1 and text[begin - 1] in ")）" and text[begin - 1: start].strip(")） ") == "":
        opening = max(text.rfind("(", 0, begin - 1), text.rfind("（", 0, begin - 1))
        if opening < 0:
            break
        begin = clause_start(text, opening)  # '次干道路灯（150W）680盏': the words before the note
    stop = clause_end(text, end)
    while begin < start and text[begin] in " ":
        begin += 1
    return Span(begin, stop, text[begin:stop])


__all__ = ["Span", "blank_instructions", "clause_span", "clause_start", "instruction_spans", "is_grade",
           "label_before", "locate", "tidy_text"]
