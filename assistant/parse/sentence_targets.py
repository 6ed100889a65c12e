"""Targets stated in sentences: '全年资助学生1606人次，资助金额160.77万元' → two rows.

Outline documents and self-evaluation reports write indicators as prose. A sentence is split
into clauses (，；。 outside brackets) and each clause read by what it says:

- name and figure: '参训人员结业率≥100%' — the figure (with its comparator and a short tail such
  as 达标) is the value, the words before it the name; 为/是/： also separate them;
- a figure or a grade alone ('2025年10月底前', '提高') is the value of the clause before it;
- a labelled figure: '绩效目标值是2个' is the target, '实际完成值为0个' what was achieved;
- a status ('已完成') is what was achieved, never a target;
- a statement without a figure is both name and value; in a self-evaluation report a statement
  right after a target is a comment on it (the actual), not a new target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.parse.normalize import to_simplified
from assistant.parse.values import looks_like_value

PINYIN = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]{1,7}[)）]")
_CLAUSE_END = set("，,；;。")
_COMPARATOR = r"(?:[≥≤≧≦><＞＜=＝]|>=|<=|大于等于|小于等于|大于|小于|不少于|不低于|不高于|不超过|不多于|不大于|不小于|达到|超过|低于|控制在|至少)"
_FIGURE_START = re.compile(_COMPARATOR + r"?\s*\d")
_NUMBER_RUN = re.compile(r"\d[\d.,]*")
_LABELLED_ACTUAL = re.compile(
    r"^(?:全年|年度)?(?:实际完成值|实际完成|实际值|完成值)(?:是|为|：|:|达到)?\s*([\d≥≤<>=＞＜].*|.{1,6})$"
)
# the word that labels a stated target (绩效目标值, 年度指标值, 计划值, 预期目标值); report prose
# (report_targets) reads the same label
TARGET_LABEL = r"(?:的)?(?:年度|全年)?(?:绩效)?(?:目标值|指标值|计划值|预期目标值?|预期值)"
_LABELLED_TARGET = re.compile(r"^(.*?)" + TARGET_LABEL + r"(是|为|：|:)?\s*(\S.*)$")
_STATUS = re.compile(r"^(?:已|未|尚未|基本|全部|均已|已经|超额|按期|如期)?(?:完成|达成|实现|达标|落实)(?:目标)?$|^(?:已|未|尚未|基本|均已|已经|超额)(?:完成|达成|实现|达到|落实)")
_SPLIT_WORD = re.compile(r"(为|是|：|:)")
_ITEM_PREFIX = re.compile(r"^\s*(?:指标\s*[\d一二三四五六七八九十]+\s*[：:.．、]?|[（(]?\d{1,2}\s*[)）.．、](?!\d)|[①-⑳])\s*")
# what a figure-led clause may end in to be a statement of its own (2025年8月底前完工)
_DONE_VERB = re.compile(r"(?:完成|完工|竣工|建成|交付|投入使用|投入运营|投用|运营|到位|发放|拨付|验收|开工|上线|运行)")
# a clause that only leads into the statement after it (通过项目实施，…)
_LEAD_IN = re.compile(r"^(?:通过|经过|随着|借助|依托|依靠|结合)[^，,；;。]{1,12}$")
MAX_TAIL = 8  # words after the last number still read as part of the value (达标, 以上 …)


@dataclass
class Target:
    name: str
    value: str
    actual: str = ""
    stated: bool = False  # the value is the statement itself (no figure yet)


def clauses(text: str) -> list[str]:
    """Split at ，；。 outside brackets, keeping thousands commas (1,606) inside numbers."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, ch in enumerate(text):
        if ch in "（(【[":
            depth += 1
        elif ch in "）)】]":
            depth = max(0, depth - 1)
        elif ch in _CLAUSE_END and depth == 0:
            if ch == "," and 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit():
                continue
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p.strip(" \u3000") for p in parts if p.strip(" \u3000")]


def _value_tail_ok(tail: str) -> bool:
    """From a figure's start to the clause's end reads as one value: numbers with at most short
    joins (元、, 年, 个) between them and a short tail."""
    numbers = list(_NUMBER_RUN.finditer(tail))
    if not numbers:
        return False
    for before, after in zip(numbers, numbers[1:], strict=False):
        gap = tail[before.end() : after.start()]
        if len(gap) > 3 and not re.fullmatch(r"年度?|年\d*月|[-—~至到]", gap):
            return False
    return len(tail) - numbers[-1].end() <= MAX_TAIL


def _figure_split(raw: str, simple: str) -> tuple[str, str] | None:
    """(name, value) where the clause ends in a figure; None when it holds none."""
    # an explicit separator: 助餐人次：不少于3000人次 / 资助标准为每生每年3000元
    for match in _SPLIT_WORD.finditer(simple):
        name, rest = raw[: match.start()].strip(), raw[match.end() :].strip()
        first_digit = next((i for i, ch in enumerate(rest) if ch.isdigit()), None)
        if len(name) >= 2 and first_digit is not None and first_digit <= 6 and _value_tail_ok(rest[first_digit:]):
            return name, rest
        if match.group(1) in "：:" and len(name) >= 2 and rest and looks_like_value(rest):
            return name, rest
    # a value in trailing brackets: 助餐人次（≥3000人次）
    bracket = re.search(r"[（(]([^（）()]*)[)）]$", raw)
    if bracket and bracket.start() >= 2:
        inner = bracket.group(1).strip()
        if re.search(r"\d", inner) or looks_like_value(inner):
            return raw[: bracket.start()].strip(), inner
    for match in _FIGURE_START.finditer(simple):
        start = match.start()
        if simple[start - 1 : start] and (simple[start - 1].isdigit() or simple[start - 1] in ".,"):
            continue  # inside a number (2000元 holds no name '20')
        if start >= 2 and _value_tail_ok(simple[start:]):
            return raw[:start].strip(" ，,"), raw[start:].strip()
    return None


def _is_value_only(text: str) -> bool:
    if _FIGURE_START.match(text) and _value_tail_ok(text):
        return True
    return len(text) <= 6 and looks_like_value(text) and not _STATUS.match(text)


def _enumeration(raw: str) -> list[str]:
    """'新建助餐点4个、配送车辆2辆' → two clauses, when every part is a name with its figure."""
    if "、" not in raw or re.search(r"[（(【\[]", raw):
        return [raw]
    pieces = [p.strip() for p in raw.split("、")]
    for piece in pieces:
        split = _figure_split(piece, to_simplified(piece)) if piece else None
        if split is None or len(split[0]) < 2 or not re.search(r"\d", split[1]):
            return [raw]
        if not re.search(r"[\u4e00-\u9fff]", split[0]):
            return [raw]
    return pieces


def _deadline_statement(simple: str) -> bool:
    """A figure-led clause that says what is done by then: '2025年8月31日前完工'."""
    numbers = list(_NUMBER_RUN.finditer(simple))
    return bool(numbers) and bool(_DONE_VERB.search(simple[numbers[-1].end() :]))


def value_only(text: str) -> str | None:
    """The value when a line holds nothing else ('不少于3000人次', '目标值：≥95%'), else None."""
    raw = _ITEM_PREFIX.sub("", PINYIN.sub("", text).strip(" \u3000。；;，,"), count=1)
    simple = to_simplified(raw)
    raw = raw if len(simple) == len(raw) else simple
    labelled = _LABELLED_TARGET.match(simple)
    if labelled and not labelled.group(1).strip() and re.search(r"\d", labelled.group(3)):
        return raw[labelled.start(3) :].strip()
    return raw if _is_value_only(simple) else None


def read_sentence(text: str, self_evaluation: bool = False) -> list[Target]:
    """The targets a sentence states (see the module docstring)."""
    text = PINYIN.sub("", text).strip(" \u3000")
    text = _ITEM_PREFIX.sub("", text, count=1)
    targets: list[Target] = []
    pieces = [piece for clause in clauses(text) for piece in _enumeration(clause)]
    lead = ""  # a lead-in clause (通过项目实施) waiting for the statement it leads into
    for at, raw in enumerate(pieces):
        simple = to_simplified(raw)
        if len(simple) != len(raw):
            raw = simple  # cut positions must agree with the folded copy
        if _LEAD_IN.match(simple) and not re.search(r"\d", simple) and at + 1 < len(pieces):
            lead = raw + "，"
            continue
        if lead and not re.search(r"\d", simple):  # a statement keeps its lead-in
            raw, simple = lead + raw, to_simplified(lead) + simple
        lead = ""
        last = targets[-1] if targets else None
        actual = _LABELLED_ACTUAL.match(simple)
        if actual:
            if last is not None:
                last.actual = raw[actual.start(1) :].strip()
            continue
        if _STATUS.match(simple):
            if last is not None:
                last.actual = raw
            continue
        labelled = _LABELLED_TARGET.match(simple)
        if labelled and (
            re.search(r"\d", labelled.group(3))
            # a grade after an explicit 是/为/：(…目标值是明显提高) when a name comes before it
            or (
                labelled.group(2)
                and len(labelled.group(1).strip(" ，,的")) >= 2
                and looks_like_value(labelled.group(3))
            )
        ):
            name, value = raw[: len(labelled.group(1))].strip(" ，,的"), raw[labelled.start(3) :].strip()
            if name:
                targets.append(Target(name, value))
            elif last is not None:
                last.value, last.stated = value, False
            continue
        if last is not None and last.stated and _is_value_only(simple):
            last.value, last.stated = raw, False
            continue
        if _is_value_only(simple):
            if _deadline_statement(simple) and (last is None or not self_evaluation):
                targets.append(Target(raw, raw))  # 2025年8月底前完工: a time target as a whole
            continue  # otherwise a figure with nothing it could belong to
        split = _figure_split(raw, simple)
        if split is not None and re.search(r"(?:于|在)$", split[0]) and _deadline_statement(simple):
            targets.append(Target(raw, raw))  # 助餐点于2024年6月底前投入运营: one statement
        elif split is not None and split[0]:
            targets.append(Target(*split))
        elif self_evaluation and last is not None:
            last.actual = (last.actual + "，" + raw).strip("，")  # a remark on the target above
        else:
            targets.append(Target(raw, raw, stated=True))
    return targets
