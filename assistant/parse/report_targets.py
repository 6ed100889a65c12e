"""Targets restated in the prose of a self-evaluation report (自评报告).

Reports list each target as a sentence after a category heading:

    1.产出目标完成情况(1)时效目标:资金到位时间绩效目标值是2023年12月前,实际完成值为2023年12月前,
    目标完成率为100%,(2)成本目标:项目资金投入绩效目标值是10万元,实际完成值为0万元

A heading is a category word with 目标 or 指标 (数量/质量/时效/成本 → 产出指标, 经济/社会/生态效益
and 可持续影响 → 效益指标, 满意度) followed by a colon, a numbering or the clause end, so the
score list of the same report ('时效目标10分') sets no level. A target is `<name>(绩效)目标值是|为
<value>`; the clause after it that says 实际完成值为 is what was achieved (the row's actual, never
its value). Only these labelled statements are read: the rest of a report (scores, reasons,
complete rates) states no target. `attach_report_targets` adds the rows a document's table did not
already hold (compared folded), or forms a table from them when the document has none; such rows
are marked uncertain and a note says they came from the prose.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.model import Document, ParseNote, SourceSpan, TargetTable
from assistant.parse.blocks import Block, Para
from assistant.parse.categories import level1_for, normalize_level1, normalize_level2
from assistant.parse.header_columns import HeaderColumns
from assistant.parse.header_scan import fill_header_fields
from assistant.parse.normalize import full_simplified, to_simplified
from assistant.parse.rows import IndicatorState, read_indicator_row
from assistant.parse.sentence_targets import PINYIN, TARGET_LABEL, clauses

_HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]
_LEVEL_WORD = (
    r"(?:服务对象|社会公众)?满意度|产出|效益|效果|数量|质量|时效|成本|经济效益|社会效益|生态效益|环境效益|可持续影响"
)
_NUMBERED = r"[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[)）]|\d{1,2}\s*[、.．](?!\d)|[①-⑳]"
_HEADING = re.compile(
    r"(?P<word>" + _LEVEL_WORD + r")(?:类)?(?:目标|指标)(?:完成情况(?:分析)?|情况)?\s*"
    r"(?:[:：]|(?=" + _NUMBERED + r")|$)"
)
_ITEM = re.compile(r"^\s*(?:" + _NUMBERED + r"|指标\s*\d{1,2}\s*[:：.．、]?)\s*")
_TARGET = re.compile(r"^(?P<name>.{2,40}?)" + TARGET_LABEL + r"(?:是|为|[:：])\s*(?P<value>\S.*)$")
_READING = r"(?:[（(][a-zü\u00e0-\u01dc]{1,7}[)）])?"  # an injected reading: 標(biāo)
_LABEL_WORD = re.compile("[目指]" + _READING + "[标標]" + _READING + "值")
_ACTUAL = re.compile(r"^(?:全年|年度)?(?:实际完成值|实际完成|实际值)(?:是|为|达到|：|:)\s*(?P<actual>\S.*)$")
_ACTUAL_INSIDE = re.compile(r"[，,\s]*(?:全年|年度)?(?:实际完成值|实际完成|实际值)(?:是|为|达到)")
# a name that is a score line or a reason, not an indicator
_NOT_A_NAME = re.compile(r"原因|得分|扣分|满分|评分|分值|[:：。；;]")
MAX_NAME = 40  # as in _TARGET
MAX_VALUE = 30
_NOISE = re.compile(r"[\s\u3000,，。;；:：、“”\"'()（）]+")


@dataclass
class ReportTarget:
    level1: str
    level2: str
    name: str
    value: str
    actual: str = ""


def _heading_levels(word: str) -> tuple[str, str]:
    """(level1, level2) a heading word sets; '' for a level it leaves as it was."""
    stem = to_simplified(word)
    level1 = normalize_level1(stem + "指标") or ""
    level2 = normalize_level2(stem + "指标") or ""
    if level1 and level1 != "成本指标":
        return level1, ("服务对象满意度指标" if level1 == "满意度指标" else "")
    return level1_for(level2), level2


class _Levels:
    def __init__(self) -> None:
        self.level1 = ""
        self.level2 = ""

    def heading(self, word: str) -> None:
        level1, level2 = _heading_levels(word)
        if level2:
            self.level1, self.level2 = level1 or self.level1, level2
        elif level1:
            self.level1, self.level2 = level1, ""


def _target(raw: str, simple: str) -> tuple[str, str] | None:
    """(name, value) of '<name>绩效目标值是<value>', cut in the text as written."""
    raw = raw if len(raw) == len(simple) else simple  # cut positions must agree
    item = _ITEM.match(simple)
    if item:
        raw, simple = raw[item.end() :], simple[item.end() :]
    match = _TARGET.match(simple)
    if not match:
        return None
    name = raw[: match.end("name")].strip(" \u3000，,的")
    value = raw[match.start("value") :]
    inside = _ACTUAL_INSIDE.search(simple, match.start("value"))
    if inside:
        value = raw[match.start("value") : inside.start()]
    value = value.strip(" \u3000，,。；;")
    if not (2 <= len(name) <= MAX_NAME) or _NOT_A_NAME.search(match.group("name")):
        return None
    if not value or len(value) > MAX_VALUE:
        return None
    return name, value


def read_report_targets(text: str) -> list[ReportTarget]:
    """The targets a report's prose restates (see the module docstring)."""
    levels = _Levels()
    targets: list[ReportTarget] = []
    previous: ReportTarget | None = None
    for part in clauses(PINYIN.sub("", text)):
        simple = full_simplified(part)
        raw = part if len(part) == len(simple) else simple
        last_heading = None
        for heading in _HEADING.finditer(simple):
            levels.heading(heading.group("word"))
            last_heading = heading
        if last_heading is not None:
            raw, simple = raw[last_heading.end() :], simple[last_heading.end() :]
        actual = _ACTUAL.match(simple.strip())
        if actual and previous is not None and last_heading is None:
            previous.actual = raw.strip()[actual.start("actual") :].strip(" 。；;")
            previous = None
            continue
        found = _target(raw.strip(), simple.strip())
        if found is None:
            previous = None
            continue
        previous = ReportTarget(levels.level1, levels.level2, *found)
        if inside := _ACTUAL_INSIDE.search(simple):
            previous.actual = raw[inside.end() :].strip(" ，,。；;")
        targets.append(previous)
    return targets


def fold_name(text: str) -> str:
    """A name as compared across the table and the prose: width, script and punctuation folded."""
    return _NOISE.sub("", full_simplified(unicodedata.normalize("NFKC", PINYIN.sub("", text))))


def _prose(blocks: list[Block]) -> list[Para]:
    return [block for block in blocks if isinstance(block, Para) and block.text.strip()]


def attach_report_targets(document: Document, blocks: list[Block]) -> None:
    """Add the targets the prose restates to the document's one table (those it lacks), or form a
    table of them when the document has none. With several tables the prose cannot be placed."""
    if len(document.tables) > 1:
        return
    found: list[tuple[ReportTarget, int]] = []
    for para in _prose(blocks):
        if _LABEL_WORD.search(para.text) is None:
            continue  # most prose states no target: skip it without splitting
        found.extend((target, para.line) for target in read_report_targets(para.text))
    if not found:
        return
    if document.tables:
        table = document.tables[0]
    else:  # no table: the prose is all there is, its labels may still name the project
        table = TargetTable(source=SourceSpan(file=document.source or None, line=found[0][1]))
        fill_header_fields(table, "\n".join(para.text for para in _prose(blocks)))
    known = {fold_name(indicator.name) for indicator in table.indicators}
    header = HeaderColumns.from_cells(_HEADER)
    added: list[str] = []
    for target, line in found:
        if fold_name(target.name) in known:
            continue
        known.add(fold_name(target.name))
        cells = [target.level1, target.level2, target.name, target.value, target.actual]
        indicator, _ = read_indicator_row(cells, header, IndicatorState())
        if indicator is None:
            continue
        indicator.uncertain = True  # read from a sentence, not a table cell
        indicator.source = SourceSpan(
            file=document.source or None, table=0, row=len(table.indicators), line=line or None
        )
        table.indicators.append(indicator)
        added.append(indicator.name)
    if not added:
        return
    table.notes.append(
        ParseNote(message="以下指标取自自评报告正文（表格中没有）：" + "、".join(added), where=table.project)
    )
    if not document.tables:
        document.tables.append(table)
