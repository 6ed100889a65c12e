"""The cells of a cell stream: one per line (web tables flattened to text, blank lines and
' |' endings dropped), narrow cells wrapped back together (一级 / 指标, 产 / 出 / 指 / 标), short
headings spelt out; and single-space rows split into such cells (`space_tokens`)."""

from __future__ import annotations

import re

from assistant.parse.labels import heading_word, is_value_heading, normalize_label
from assistant.parse.stream_rows import is_category as _is_category
from assistant.parse.text_reader import clean_cell

__all__ = ["cell_lines", "space_tokens"]


def cell_lines(text: str) -> list[tuple[int, str]]:
    cells = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = re.sub(r"^[\s|]+|[\s|]+$", "", line)
        if not stripped or set(stripped) <= {"|", " ", "-", ":"}:
            continue
        cells.append((number, clean_cell(stripped)))
    cells = [(n, c) for n, c in cells if c]
    merged: list[tuple[int, str]] = []
    for number, cell in cells:
        # narrow header cells wrap: '一级' + '指标'
        if merged and cell == "指标" and merged[-1][1] in ("一级", "二级", "三级"):
            merged[-1] = (merged[-1][0], merged[-1][1] + cell)
            continue
        merged.append((number, cell))
    return _spell_short_headings(_join_single_characters(merged))


def _join_single_characters(cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A narrow category cell one character per line (产 / 出 / 指 / 标) is one word: the
    longest run of single characters that reads as a category is joined."""
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(cells):
        end = index
        while end < len(cells) and end - index < 10 and len(cells[end][1]) == 1:
            end += 1
        joined_at = next(
            (stop for stop in range(end, index + 1, -1) if _is_category("".join(c for _, c in cells[index:stop]))),
            0,
        )
        if joined_at:
            out.append((cells[index][0], "".join(c for _, c in cells[index:joined_at])))
            index = joined_at
        else:
            out.append(cells[index])
            index += 1
    return out


def _spell_short_headings(cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """一级 | 二级 | 三级 written short are the header's level headings when a value heading
    (指标值(包含数字及文字描述), 年度目标值 …) follows within a few cells; otherwise they are
    words like any other (a wrapped PDF header's fragments)."""
    out = list(cells)
    for index, (number, cell) in enumerate(cells):
        word = heading_word(cell)
        if word == normalize_label(cell) or word not in ("一级指标", "二级指标", "三级指标"):
            continue
        if any(is_value_heading(normalize_label(c)) for _, c in cells[index + 1 : index + 8]):
            out[index] = (number, word)
    return out


_PAGE_MARK = re.compile(
    r"^[—–\-]+\s*\d{1,3}\s*[—–\-]+$|^(?=.*页)(?:第\s*\d+\s*页\s*)?(?:共\s*\d+\s*页)?(?:\s*第\s*\d+\s*页)?$"
)
_NUMBER_TOKEN = re.compile(r"^[≥≤><=＞＜＝≧≦]*\d+(?:\.\d+)?$")


def space_tokens(lines: list[str]) -> str:
    """Lines split at whitespace, one token per line: single-space rows as a cell stream. Page
    marks (— 2 —, 第2页 共3页) are dropped, and a value spaced inside ('≥ 300 公里', '95 %') is
    put back together; a comparator stays a cell of its own where the form has a 指标方向 column."""
    from assistant.parse.rows import is_unit_word
    from assistant.parse.values import is_comparator

    # a form with a 指标方向/计算符号 column keeps its comparator cells apart: the row reader uses them
    join_comparators = not any(re.search(r"指标方向|指标性质|计算符号|比较符号", line) for line in lines)
    tokens: list[str] = []
    for line in lines:
        if _PAGE_MARK.match(line.strip()):
            continue
        for token in re.split(r"[ \t\u3000]+", line.strip()):
            if not token:
                continue
            previous = tokens[-1] if tokens else ""
            compared = join_comparators and is_comparator(previous) and re.match(r"\d", token)
            measured = _NUMBER_TOKEN.match(previous) and (token in ("%", "％", "‰") or is_unit_word(token))
            if compared or measured:
                tokens[-1] = previous + token
            else:
                tokens.append(token)
    return "\n".join(tokens)


