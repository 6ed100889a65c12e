"""The indicator grid of a PDF text dump: cells broken across lines, put back together.

In these dumps a cell that wraps inside its column comes out as one line per wrapped piece,
while cells that fit on one line and sit side by side come out as one line joined by spaces.
A wrapped piece fills its column (so it has the column's width); the last piece of a cell is
as wide or narrower. Category words (产出指标, 社会效益指标 …) open groups; value shapes anchor
the 指标值 column on joined lines; everything else is placed by position.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from assistant.model import LEVEL2_BY_LEVEL1
from assistant.parse.blocks import Row
from assistant.parse.categories import normalize_level1, normalize_level2
from assistant.parse.values import looks_like_value

# Header words of the grid → column role.
HEADER_ROLES = {
    "一级指标": "l1",
    "二级指标": "l2",
    "三级指标": "name",
    "绩效指标描述": "desc",
    "指标描述": "desc",
    "指标内容": "desc",
    "指标值": "value",
    "指标值确定依据": "basis",
    "确定依据": "basis",
    "依据": "basis",
    "指标值说明": "basis",
    "备注": "basis",
}

_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_NUMBER = re.compile(r"^[≥≤<>=＝＞＜]?\d+(?:\.\d+)?$")
_COMPARATOR = re.compile(r"^(?:[≥≤<>=＝＞＜≧≦]|大于|小于|不低于|不高于|不超过|不少于)$")
# A short token right after a bare number that is its unit (23 个, 766 元/人, 3 月底, 2020 年).
_UNIT_START = "个人次元万年月日天件台辆套份项户家所座处米公里亩吨册本场期批条张块小周号倍分秒%"
# Characters that may not start a line, so the character before them wraps along (kinsoku).
_NO_LINE_START = "，。、；：！？）》」』”’,.;:!?)%"
_PAGE_MARK = re.compile(r"^(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$")


def text_width(text: str) -> float:
    """Display width in full-width characters: CJK counts 1, ASCII and ambiguous 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def split_cells(line: str) -> list[tuple[str, float]]:
    """Space-separated cells of one line as (text, raw width), keeping number+unit together."""
    raw = [t for t in _SPACE.split(line.strip()) if t]
    cells: list[tuple[str, float]] = []
    i = 0
    while i < len(raw):
        token, width = raw[i], text_width(raw[i])
        # "≥ 95%" and "23 个": one cell whose pieces the PDF spaced apart
        while i + 1 < len(raw) and (
            _COMPARATOR.match(token)
            or (
                _NUMBER.match(token)
                and len(raw[i + 1]) <= 4
                and raw[i + 1][0] in _UNIT_START
                and not any(ch.isdigit() for ch in raw[i + 1])
            )
        ):
            i += 1
            token += raw[i]
            width += 0.5 + text_width(raw[i])
        cells.append((token, width))
        i += 1
    return cells


def is_page_mark(line: str) -> bool:
    return bool(_PAGE_MARK.match(line.strip()))


@dataclass
class Item:
    text: str
    width: float
    sole: bool  # the only cell on its line, so possibly one piece of a wrapped cell
    line: int


def items_of(lines: list[tuple[int, str]]) -> list[Item]:
    items: list[Item] = []
    for number, line in lines:
        if is_page_mark(line):
            continue
        cells = split_cells(line)
        for text, width in cells:
            items.append(Item(text, width, len(cells) == 1, number))
    return items


def infer_widths(items: list[Item]) -> tuple[float, float]:
    """Widths of the narrow and the wide wrapping column, read from the pieces themselves.

    A piece followed by another lone piece is often a full line of a wrapped cell, so the most
    common such width is the narrow column; the most common clearly larger one the wide column.
    """
    widths = Counter(
        a.width
        for a, b in zip(items, items[1:], strict=False)
        if a.sole and b.sole and a.width >= 3
    )
    if not widths:
        return 5.0, 11.0
    narrow = widths.most_common(1)[0][0]
    wider = Counter({w: c for w, c in widths.items() if w > narrow + 1})
    wide = wider.most_common(1)[0][0] if wider else narrow * 2
    return narrow, wide


def _value_like(text: str) -> bool:
    return looks_like_value(text) and text_width(text) <= 8


class Grid:
    """Reads indicator rows from the items after the grid header."""

    def __init__(self, items: list[Item], header: list[str], narrow: float, wide: float) -> None:
        self.items = items
        self.header = header
        # unknown columns (分值, 指标性质 …) keep their own slot so nothing is duplicated
        self.roles = [HEADER_ROLES.get(word, f"other{k}") for k, word in enumerate(header)]
        seen: set[str] = set()
        for k, role in enumerate(self.roles):
            if role in seen:
                self.roles[k] = f"other{k}"
            seen.add(self.roles[k])
        self.narrow, self.wide = narrow, wide
        self.level1 = ""

    def _width(self, role: str) -> float:
        return self.wide if role == "desc" else self.narrow

    def _classify(self, text: str) -> str | None:
        if not text.endswith("指标") or text in HEADER_ROLES:
            return None
        level1, level2 = normalize_level1(text), normalize_level2(text)
        if level2 and level2 in LEVEL2_BY_LEVEL1.get(self.level1, ()):
            return "l2"
        if level1:
            return "l1"
        return "l2" if level2 else None

    def category_at(self, i: int) -> tuple[str | None, str, int]:
        """(kind, text, pieces used) when a category word, possibly wrapped, starts at item i."""
        text = ""
        for k in range(1, 4):
            j = i + k - 1
            if j >= len(self.items) or (k > 1 and not (self.items[i].sole and self.items[j].sole)):
                break
            text += self.items[j].text
            kind = self._classify(text)
            if kind:
                return kind, text, k
            if text_width(text) > 12:
                break
        return None, "", 0

    def _continues(self, last: Item, nxt: Item, width: float) -> bool:
        if not nxt.sole or nxt.width > width + 0.5:
            return False
        if last.width >= width - 0.5:
            return True
        # the wrapped character was pulled down with a punctuation mark that cannot start a line
        return last.width >= width - 1.5 and len(nxt.text) >= 2 and nxt.text[1] in _NO_LINE_START

    def _cell(self, i: int, role: str) -> tuple[str, int]:
        width = self._width(role)
        parts, last = [self.items[i].text], self.items[i]
        i += 1
        while (
            i < len(self.items)
            and self._continues(last, self.items[i], width)
            and self.category_at(i)[0] is None
        ):
            parts.append(self.items[i].text)
            last = self.items[i]
            i += 1
        return "".join(parts), i

    def _line_cells(self, i: int) -> tuple[list[str], int]:
        line = self.items[i].line
        j = i
        while j < len(self.items) and self.items[j].line == line:
            j += 1
        return [item.text for item in self.items[i:j]], j

    @staticmethod
    def _align(tokens: list[str], roles: list[str]) -> dict[str, str]:
        """Place the cells of one joined line on the remaining columns, the value by its shape."""
        placed: dict[str, str] = {}
        if not roles:
            return placed
        value_at = next((k for k, t in enumerate(tokens) if _value_like(t)), None)
        slot = roles.index("value") if "value" in roles else -1
        if value_at is not None and slot >= 0 and not (slot == 0 and value_at > 0):
            before, after = tokens[:value_at], tokens[value_at + 1 :]
            if len(before) > slot:  # more text cells than columns: the last one holds the rest
                before = before[: slot - 1] + [" ".join(before[slot - 1 :])]
            placed.update(zip(roles[:slot], before, strict=False))
            placed["value"] = tokens[value_at]
            rest_roles = roles[slot + 1 :]
        else:
            after, rest_roles = tokens, roles
        if after and rest_roles:
            if len(after) > len(rest_roles):
                after = after[: len(rest_roles) - 1] + [" ".join(after[len(rest_roles) - 1 :])]
            placed.update(zip(rest_roles, after, strict=False))
        elif after and not rest_roles:  # nowhere left: keep the text on the value cell
            placed["value"] = " ".join([placed.get("value", "")] + after).strip()
        return placed

    def _skip_header(self, i: int) -> int:
        """A header repeated after a page break: its line and wrapped remainders."""
        tokens, j = self._line_cells(i)
        if sum(t in HEADER_ROLES for t in tokens) < 2:
            return i
        while (
            j < len(self.items)
            and self.items[j].sole
            and any(
                word.startswith(self.items[j].text) or word.endswith(self.items[j].text)
                for word in HEADER_ROLES
            )
        ):
            j += 1
        return j

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        cell_roles = [r for r in self.roles if r not in ("l1", "l2")]
        i, n = 0, len(self.items)
        l1_out = l2_out = ""
        while i < n:
            skipped = self._skip_header(i)
            if skipped != i:
                i = skipped
                continue
            kind, text, used = self.category_at(i)
            if kind:
                if kind == "l1":
                    if l1_out or l2_out:  # a group without any indicator row: keep it visible
                        rows.append(self._row({"l1": l1_out, "l2": l2_out}, self.items[i].line))
                    self.level1, l1_out, l2_out = text, text, ""
                else:
                    if l2_out:
                        rows.append(self._row({"l1": l1_out, "l2": l2_out}, self.items[i].line))
                        l1_out = ""
                    l2_out = text
                i += used
                continue
            cells: dict[str, str] = {"l1": l1_out, "l2": l2_out}
            start_line = self.items[i].line
            at = 0
            while at < len(cell_roles) and i < n and self.category_at(i)[0] is None:
                if self._skip_header(i) != i:
                    break
                item = self.items[i]
                if not item.sole:
                    tokens, i = self._line_cells(i)
                    placed = self._align(tokens, cell_roles[at:])
                    for role, value in placed.items():
                        cells[role] = (cells.get(role, "") + " " + value).strip()
                    at = max(cell_roles.index(r) for r in placed) + 1 if placed else at + 1
                    continue
                role = cell_roles[at]
                if (
                    role in ("name", "desc")
                    and "value" in cell_roles[at:]
                    and _value_like(item.text)
                    and at > 0
                ):  # a lone value where a description was expected: that column is empty
                    at = cell_roles.index("value")
                    role = "value"
                cells[role], i = self._cell(i, role)
                at += 1
            rows.append(self._row(cells, start_line))
            l1_out = l2_out = ""
        if l1_out or l2_out:
            rows.append(self._row({"l1": l1_out, "l2": l2_out}, self.items[-1].line))
        return rows

    def _row(self, cells: dict[str, str], line: int) -> Row:
        return Row([cells.get(role, "") for role in self.roles], line=line)
