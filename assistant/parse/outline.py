"""Outline and prose documents → blocks: indicators written as numbered headings and sentences.

    一、产出指标                      1.产出指标完成情况分析。
    (一)数量指标                      数量指标：完成道路建设491米，已完成；
    1.助餐人次：不少于3000人次        【产出指标-数量指标】指标1：助餐人次（≥3000人次）

Levels come from what a heading says (产出指标 is a first level, 数量指标 a second); the numbering
only settles words that can be either (成本指标, 满意度指标: deeper numbering than the first
level above makes them a second level) and where the outline ends (a numbered line that is no
category, at the first level's depth or above). Targets under a heading are read sentence by
sentence (`sentence_targets`). The result is a synthetic indicator header and one row per target,
preceded by label rows for the upper part (项目名称, 预算数, 实施单位, 绩效目标) where the text
states them, so `assemble` builds the table as for any other layout.
"""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.categories import normalize_level1, normalize_level2
from assistant.parse.normalize import to_simplified
from assistant.parse.outline_fields import upper_rows
from assistant.parse.sentence_targets import PINYIN, read_sentence, value_only

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值"]

# numbering styles, shallow to deep: 一、 (一) 1. (1) ①
_NUMBERING = re.compile(
    r"^\s*(?:(?P<s0>[一二三四五六七八九十]+)\s*[、.．]|[（(]\s*(?P<s1>[一二三四五六七八九十]+)\s*[)）]\s*[、.．]?"
    r"|(?P<s2>\d{1,2})\s*[、.．](?!\d)|[（(]\s*(?P<s3>\d{1,2})\s*[)）]|(?P<s4>[①-⑳]))\s*"
)
_HEADING_TAIL = re.compile(r"^(?:完成情况分析|完成情况|情况分析|情况)?\s*[。.]?\s*(?:[:：]\s*(?P<content>.*))?$")
_PAIRED_BRACKETS = re.compile(r"^(\s*)【([^【】]{2,12})】\s*【([^【】]{2,14})】")
_BRACKET = re.compile(r"^\s*【([^】\-—－·/、]{2,12})[-—－·/、]([^】]{2,14})】\s*(?P<content>.*)$")
# 产出指标——数量指标：… / 产出指标-数量指标 (a heading over items): both levels, dash-joined
_DASHED = re.compile(
    r"^\s*([^\s:：【】—\-－/·]{2,12}?)\s*(?:——|—|－－|--|－|-|/|·)\s*([^\s:：—\-－/·]{2,14}?)"
    r"\s*(?:[:：]\s*(?P<content>.*))?$"
)
_INDICATOR_HEADER = re.compile(r"一级指标.*(二级指标|三级指标)|指标名称.*指标值")
_FURNITURE = re.compile(r"^(?:附件|附表|注[:：]|备注|联系人|联系电话|扫一扫|打印|关闭)")
_SIGN_OFF = re.compile(r"^[\u4e00-\u9fff（）()]{2,20}(?:局|委|办|厅|处|中心|政府|学校|中学|小学|医院|委员会|办公室)$")
_DATE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})?$")
_SCORE = re.compile(r"^\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
_ITEM_SCORE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）](?P<end>\s*[。；;，,]?\s*)$")
_NO_STYLE = 9  # unnumbered headings sit below every numbered one


def _fold(line: str) -> str:
    return to_simplified(PINYIN.sub("", line)).strip(" \u3000\t")


def numbering(line: str) -> tuple[int | None, str]:
    """(style depth or None, the text after the number)."""
    match = _NUMBERING.match(line)
    if not match:
        return None, line.strip()
    style = next(int(k[1]) for k, v in match.groupdict().items() if v)
    return style, line[match.end() :].strip()


def _category_prefix(text: str) -> tuple[str, str] | None:
    """('产出指标', rest) when the text starts with a category heading word."""
    flat = re.sub(r"\s+", "", text)
    for size in range(min(len(flat), 18), 1, -1):
        word = flat[:size]
        if not (word.endswith("指标") or (size < len(flat) and flat[size] in ":：")):
            continue
        if normalize_level1(word) or normalize_level2(word):
            return word, flat[size:]
    return None


def heading(line: str) -> tuple[int | None, str, str] | None:
    """(numbering style, category word, content after a colon) for a category heading line."""
    body = line.strip(" \u3000\t")
    if "|" in body or "\t" in body:  # a cell of a tab or pipe row; leading tabs only indent
        return None
    style, rest = numbering(_fold(line))
    found = _category_prefix(rest)
    if found is None:
        return None
    word, after = found
    after = _SCORE.sub("", after, count=1)  # 产出指标（50分）: the score is no content
    tail = _HEADING_TAIL.match(after)
    if tail is None:
        # '1.数量指标 助餐人次不少于3000人次': a numbered heading, its targets after a space
        spaced = re.match(r"^(\S+)[ \u3000]+(\S.*)$", rest)
        if style is None or spaced is None or re.sub(r"\s+", "", spaced.group(1)) != word:
            return None
        if _category_prefix(spaced.group(2)) is not None:
            return None  # '1.产出指标 数量指标 …': a row of a grid, not a heading
        return style, word, spaced.group(2).strip()
    tail_content = tail.group("content")
    content = tail_content or ""
    if content:  # keep the content as written (traditional script), cut after its colon
        raw = PINYIN.sub("", line)
        colon = min((i for i in (raw.find("："), raw.find(":")) if i >= 0), default=-1)
        content = raw[colon + 1 :].strip() if colon >= 0 else content
    return style, word, content


def is_outline(text: str) -> bool:
    """Indicators carried by outline numbering: two or more numbered (or 【A-B】) category
    headings, and no indicator grid header anywhere in the text."""
    count = 0
    for line in text.split("\n"):
        if _bracket_levels(_fold(line)) or _dashed_levels(_fold(line)):
            count += 1
        else:
            found = heading(line)
            if found is not None and found[0] is not None:
                count += 1
        if count >= 2:
            break
    if count < 2 and not _indented_outline(text.split("\n")):
        return False
    return not _has_indicator_header(text.split("\n"))


def _has_indicator_header(lines: list[str]) -> bool:
    """An indicator grid header: on one line, or one heading cell per line (a web table copied
    as text), where the goals above it may be numbered by category and must not become rows."""
    flat = [re.sub(r"[\s|]+", "", line) for line in lines]
    flat = [line for line in flat if line]
    for at, line in enumerate(flat):
        if _INDICATOR_HEADER.search(line):
            return True
        if len(line) <= 12 and line.startswith(("一级指标", "指标名称")):
            cells = line
            for nxt in flat[at + 1 : at + 4]:
                if len(nxt) > 12:
                    break
                cells += nxt
                if _INDICATOR_HEADER.search(cells):
                    return True
    return False


def _one_bracket(line: str) -> str:
    """【产出指标】【数量指标】… written as 【产出指标-数量指标】…"""
    return _PAIRED_BRACKETS.sub(r"\1【\2-\3】", line, count=1)


def _bracket_levels(folded: str) -> tuple[str, str] | None:
    match = _BRACKET.match(_one_bracket(folded))
    if not match:
        return None
    first, second = match.group(1), match.group(2)
    if normalize_level1(first) is None and normalize_level2(first) is None:
        return None
    if normalize_level2(second) is None and normalize_level1(second) is None:
        return None
    return first, second


def _dashed_levels(folded: str) -> tuple[str, str, str] | None:
    """(first level, second level, content) for '产出指标——数量指标：…'."""
    match = _DASHED.match(_NUMBERING.sub("", folded, count=1))
    if not match:
        return None
    first, second = match.group(1), match.group(2)
    if not (first.endswith("指标") and second.endswith("指标")):
        return None
    if normalize_level1(first) is None or normalize_level2(second) is None:
        return None
    return first, second, match.group("content") or ""


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\u3000":
            width += 2
        elif ch == "\t":
            width += 4
        else:
            break
    return width


def _indented_outline(lines: list[str]) -> bool:
    """Levels by indentation alone: category headings on lines of their own, each second level
    indented under a first level and the lines under it deeper still, twice or more."""
    nested = 0
    level1_at: int | None = None
    level2_at: int | None = None
    for line in lines:
        if not line.strip():
            continue
        at = _indent(line)
        found = heading(line)
        if found is not None and found[0] is None and not found[2]:
            word = found[1]
            if normalize_level1(word) and (level1_at is None or at <= level1_at):
                level1_at, level2_at = at, None
            elif normalize_level2(word) and level1_at is not None and at > level1_at:
                level2_at = at
            else:
                level1_at = level2_at = None
            continue
        if level2_at is not None and at > level2_at:
            nested += 1
            level2_at = None  # count each second level once
        elif level1_at is not None and at <= level1_at:
            level1_at = level2_at = None  # text back at the first level's depth: no outline here
    return nested >= 2


class _Outline:
    """Walks the lines, tracking the current first and second level and where the outline is."""

    def __init__(self, self_evaluation: bool) -> None:
        self.self_evaluation = self_evaluation
        self.level1 = ""
        self.level2 = ""
        self.style1: int | None = None
        self.style2: int | None = None
        self.inside = False
        self.rows: list[list[str]] = []
        self.open_row: list[str] | None = None  # the last row, while its value may follow
        self.item_style: int | None = None  # numbering of the items under an unnumbered heading
        self.open_numbered = False  # the open row came from a numbered item

    def category(self, style: int | None, word: str) -> None:
        depth = _NO_STYLE if style is None else style
        l1, l2 = normalize_level1(word), normalize_level2(word)
        as_second = l2 is not None and (
            l1 is None or (self.level1 != "" and depth > (_NO_STYLE if self.style1 is None else self.style1))
        )
        if as_second:
            self.level2, self.style2 = word, style
            if not self.level1:
                self.style1 = None
        else:
            self.level1, self.style1, self.level2, self.style2 = word, style, "", None
        self.inside = True
        self.open_row = None
        self.item_style = None

    def ends_outline(self, style: int | None) -> bool:
        """A numbered line that is no category, at a heading's depth or above, ends the outline."""
        if style is None or not self.inside:
            return False
        limits = [s for s in (self.style1, self.style2) if s is not None]
        if not limits:  # unnumbered headings: numbering shallower than their items ends it
            if self.item_style is None:
                self.item_style = style
            return style < self.item_style
        return style <= max(limits)

    def sentence(self, text: str, numbered: bool = False) -> None:
        # a score after the target (助餐人次：不少于3000人次（10分）) is its weight
        score = _ITEM_SCORE.search(text)
        weight = ""
        if score is not None and score.start() > 0:
            weight, text = score.group(1), text[: score.start()] + score.group("end")
        targets = read_sentence(text, self.self_evaluation)
        if len(targets) == 0:
            return
        for target in targets:
            row = [self.level1, self.level2, target.name, target.value, target.actual, ""]
            self.rows.append(row)
        if len(targets) == 1:
            self.rows[-1][5] = weight
        # a name alone may take the value on the next line; a finished sentence does not
        finished = text.rstrip().endswith(("。", "；", ";", "！"))
        self.open_row = self.rows[-1] if targets[-1].stated and not finished else None
        self.open_numbered = numbered

    def grade_line(self, text: str) -> bool:
        """A short unnumbered line under a numbered item that named no value ('1.老人就餐难问题' /
        '得到有效缓解'): the item's value, as the items around it are numbered."""
        if self.open_row is None or not self.open_numbered:
            return False
        value = text.strip(" \u3000。；;，,")
        if not value or len(value) > 12 or re.search(r"[，,；;。:：]", value) or _SIGN_OFF.match(value):
            return False
        self.open_row[3] = value
        self.open_row = None
        return True

    def value_line(self, text: str) -> bool:
        """A line holding only the value of the row above ('1.助餐人次' / '不少于3000人次')."""
        if self.open_row is None:
            return False
        value = value_only(text)
        if value is None:
            return False
        self.open_row[3] = value
        self.open_row = None
        return True


def _next_lines(lines: list[str]) -> list[str]:
    """For each line, the next non-empty line after it ('' at the end)."""
    following = [""] * len(lines)
    upcoming = ""
    for index in range(len(lines) - 1, -1, -1):
        following[index] = upcoming
        if lines[index].strip():
            upcoming = lines[index].strip()
    return following


def outline_blocks(text: str) -> list[Block]:
    """See the module docstring."""
    lines = text.split("\n")
    self_evaluation = any("自评" in line or "完成情况" in line for line in lines)
    walker = _Outline(self_evaluation)
    before: list[Block] = []
    after: list[Block] = []
    following = _next_lines(lines)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip(" \u3000\t")
        if not stripped:
            continue
        folded = _fold(stripped)
        bracket = _bracket_levels(folded)
        if bracket is not None:
            walker.category(None, bracket[0])
            walker.category(_NO_STYLE + 1, bracket[1])
            content = _BRACKET.match(_one_bracket(PINYIN.sub("", stripped)))
            walker.sentence(content.group("content") if content else "")
            continue
        dashed = _dashed_levels(folded)
        if dashed is not None:
            walker.category(None, dashed[0])
            walker.category(_NO_STYLE + 1, dashed[1])
            if dashed[2]:  # the targets on the heading's line, kept as written after its colon
                raw = PINYIN.sub("", stripped)
                colon = min(i for i in (raw.find("："), raw.find(":")) if i >= 0)
                walker.sentence(raw[colon + 1 :].strip())
            else:  # a heading over numbered items: only shallower numbering ends the outline
                walker.style2 = None
            continue
        found = heading(stripped)
        if found is not None:
            style, word, content = found
            walker.category(style, word)
            if content:
                walker.sentence(content)
            continue
        style, _ = numbering(folded)
        if style is None and walker.value_line(stripped):
            continue
        # a sign-off (issuing office) is told from a short target by the date under it
        signed = _SIGN_OFF.match(folded) and _DATE.match(_fold(following[number - 1]))
        if walker.inside and (walker.ends_outline(style) or _FURNITURE.match(folded) or signed):
            walker.inside = False
            walker.open_row = None
        if not walker.inside:
            (after if walker.rows else before).append(Para(text=stripped, line=number))
            continue
        if style is None and walker.grade_line(stripped):
            continue
        walker.sentence(stripped, numbered=style is not None)
    blocks: list[Block] = list(before)
    blocks.extend(upper_rows([b.text for b in before if isinstance(b, Para)]))
    blocks.append(Row(cells=list(HEADER)))
    blocks.extend(Row(cells=row) for row in walker.rows)
    blocks.extend(after)
    return blocks
