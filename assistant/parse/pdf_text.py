"""Reader for text copied or extracted from a PDF of 绩效目标表 (e.g. pdftotext output).

Such dumps have no tabs: cells that share a baseline are joined by spaces, a cell that wraps
in its column comes out one piece per line, and the labels of the form part (项目编码,
其中：财政资金, 累计支出资金 …) are broken like any other cell. This module finds the project
tables, reads the form part by its labels and hands the indicator grid to `pdf_grid`.
"""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.categories import normalize_level1, normalize_level2
from assistant.parse.pdf_form import form_blocks, form_key, is_page_line
from assistant.parse.pdf_grid import (
    HEADER_ROLES,
    Grid,
    Item,
    infer_widths,
    items_of,
    split_cells,
)
from assistant.parse.values import looks_like_value

_TITLE = re.compile(r"^(?:\d+\s*[.．、]\s*)?\S.{0,80}?绩效目标(?:申报|批复)?表$")
# an ASCII comparator the PDF spaced apart from its number (>= 300 公里)
_ASCII_COMPARATOR = re.compile(r"^(?:>=|<=|=>|=<|＞=|＜=|>|<|=)$")
_LEADING_NUMBER = re.compile(r"^(?:>=|<=|=>|=<|＞=|＜=)\d+(?:\.\d+)?$")
_UNIT_PIECE = re.compile(r"^[^\d\s]{1,4}$")
# a piece that can only be a value: a comparator or a bare figure first (≥95%, 300公里)
_VALUE_PIECE = re.compile(
    r"^(?:[≥≤<>=＝＞＜≧≦]=?\s*)?\d+(?:\.\d+)?\s*(?:%|‰|[^\d\s%‰≥≤<>=＞＜]{1,4})?$"
)

# a value heading with a qualifier (年度指标值, 年初目标值, 指标值（年度）): the value column
_VALUE_HEADING = re.compile(
    r"^(?:年度|年初|全年|本年|预期|计划|绩效)*(?:指标值|目标值)(?:[（(](?:年度|全年)[)）])?$"
)
_HEADER_WORDS = (*HEADER_ROLES, "年度指标值", "年初指标值", "全年指标值", "年度目标值", "目标值")


def header_role_word(word: str) -> str:
    """The `pdf_grid` heading a header cell stands for (年度指标值 → 指标值), else the cell."""
    if word not in HEADER_ROLES and _VALUE_HEADING.match(word):
        return "指标值"
    return word


def _header_prefix(text: str) -> bool:
    return any(word.startswith(text) for word in _HEADER_WORDS)


def _is_header_line(cells: list[str]) -> bool:
    known = sum(cell in HEADER_ROLES or header_role_word(cell) != cell for cell in cells)
    return known >= 3 and "一级指标" in cells


def looks_like_pdf_dump(text: str) -> bool:
    """True for a PDF text dump of a target table: space-joined cells, words broken over lines."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) < 10:
        return False
    raw_lines = [line for line in (text or "").splitlines() if line.strip()]
    if sum("\t" in line for line in raw_lines) > 0.05 * len(raw_lines):
        return False
    if sum(line.count("|") >= 2 for line in lines) > 0.2 * len(lines):
        return False
    header = any(_is_header_line([c for c, _ in split_cells(line)]) for line in lines)
    joined_values = broken = row_lines = 0
    for line, nxt in zip(lines, lines[1:], strict=False):
        cells = [c for c, _ in split_cells(line)]
        if (
            len(cells) >= 2
            and any(looks_like_value(c) for c in cells[1:])
            and any(len(c) >= 3 and not looks_like_value(c) for c in cells)
        ):
            joined_values += 1
        if len(cells) >= 4 and (normalize_level1(cells[0]) or normalize_level2(cells[0])):
            row_lines += 1  # a whole indicator row on one line: a flattened web table instead
        if " " not in line and " " not in nxt and not line.endswith("指标"):
            whole = line + nxt
            if whole.endswith("指标") and (normalize_level1(whole) or normalize_level2(whole)):
                broken += 1
    if row_lines >= 3 and row_lines >= broken:
        return False
    if header:
        return broken >= 1 and joined_values >= 2
    return broken >= 2 and joined_values >= 3


def pdf_dump_blocks(text: str) -> list[Block]:
    """Para/Row blocks of a PDF text dump, one group per project table; never raises.

    A table whose reading fails comes back as plain paragraphs, so its text is still shown.
    """
    try:
        return read_dump(text, guarded=True)
    except Exception:  # noqa: BLE001 - last resort: a reader must not fail on odd input
        return [
            Para(line.strip(), n)
            for n, line in enumerate((text or "").splitlines(), 1)
            if line.strip()
        ]


def read_dump(text: str, guarded: bool = False) -> list[Block]:
    """The work of `pdf_dump_blocks`; unguarded by default so tests see real errors."""
    lines = [(n, line.strip()) for n, line in enumerate((text or "").splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line]
    starts = [k for k, (_, line) in enumerate(lines) if _TITLE.match(line)]
    if not starts:  # a single table without a title line: start where its form starts
        starts = (
            [next((k for k, (_, line) in enumerate(lines) if form_key(line).startswith("项目")), 0)]
            if lines
            else []
        )
    blocks: list[Block] = [Para(line, n) for n, line in lines[: starts[0] if starts else None]]
    sections = [
        lines[start : starts[at + 1] if at + 1 < len(starts) else len(lines)]
        for at, start in enumerate(starts)
    ]
    # column widths are read from the grids of all tables together: more pieces, surer widths
    grid_lines = [ln for section in sections for ln in _after_header(section)]
    narrow, wide = _widths(_grid_items(grid_lines))
    for section in sections:
        if not guarded:
            blocks.extend(_table_blocks(section, narrow, wide))
            continue
        try:
            blocks.extend(_table_blocks(section, narrow, wide))
        except Exception:  # noqa: BLE001 - keep the other tables; this one's text stays visible
            blocks.extend(Para(line, n) for n, line in section)
    return blocks


def _category_word(text: str) -> bool:
    return text.endswith("指标") and bool(normalize_level1(text) or normalize_level2(text))


def _grid_items(lines: list[tuple[int, str]]) -> list[Item]:
    """The cell pieces of grid lines, without page furniture, comparators kept with numbers.

    Page marks (— 2 —, 第 2 页 共 3 页) go, and so does a lone line right before or after one
    that is wider than any column could hold (a running page header or footer). A comparator
    written in ASCII and spaced from its number (>= 300 公里) is one value with it.
    """
    marks = {k for k, (_, line) in enumerate(lines) if is_page_line(line)}
    narrow, wide = infer_widths(items_of([ln for k, ln in enumerate(lines) if k not in marks]))
    kept = []
    for k, (number, line) in enumerate(lines):
        if k in marks:
            continue
        near_mark = (k - 1) in marks or (k + 1) in marks
        cells = split_cells(line)
        if near_mark and len(cells) == 1 and cells[0][1] > max(narrow, wide) + 1:
            continue
        kept.append((number, line))
    items = items_of(kept)
    joined: list[Item] = []
    for item in items:
        last = joined[-1] if joined else None
        if (
            last is not None
            and not last.sole
            and last.line == item.line
            and (
                (_ASCII_COMPARATOR.match(last.text) and item.text[:1].isdigit())
                or (_LEADING_NUMBER.match(last.text) and _UNIT_PIECE.match(item.text))
            )
        ):
            joined[-1] = Item(last.text + item.text, last.width + 0.5 + item.width, False, item.line)
            continue
        joined.append(item)
    # a value alone on its line (or joined above) is no piece of a wrapped name: it is read as
    # a row's cell, never run on into the name before it
    return [
        Item(item.text, item.width, False, item.line)
        if item.sole and _VALUE_PIECE.match(item.text) and looks_like_value(item.text)
        else item
        for item in joined
    ]


def _widths(items: list[Item]) -> tuple[float, float]:
    """Column widths, read from wrapped pieces; whole category words on lone lines say nothing."""
    return infer_widths([item for item in items if not (item.sole and _category_word(item.text))])


def _header_index(section: list[tuple[int, str]]) -> int | None:
    return next(
        (
            k
            for k, (_, line) in enumerate(section)
            if _is_header_line([c for c, _ in split_cells(line)])
        ),
        None,
    )


def _after_header(section: list[tuple[int, str]]) -> list[tuple[int, str]]:
    at = _header_index(section)
    return [] if at is None else section[at + 1 :]


def _table_blocks(section: list[tuple[int, str]], narrow: float, wide: float) -> list[Block]:
    blocks: list[Block] = []
    if section and _TITLE.match(section[0][1]):
        blocks.append(Para(section[0][1], section[0][0]))
        section = section[1:]
    header_at = _header_index(section)
    form = section if header_at is None else section[:header_at]
    blocks.extend(form_blocks(form))
    if header_at is None:
        return blocks
    header_line = section[header_at]
    header = [c for c, _ in split_cells(header_line[1])]
    rest = section[header_at + 1 :]
    # header words wrapped in their cell ("指标值确定" / "依据") come on lone lines after it
    while rest and " " not in rest[0][1]:
        piece = rest[0][1]
        if header_role_word(header[-1]) not in HEADER_ROLES and _header_prefix(header[-1] + piece):
            header[-1] += piece
        elif _header_prefix(piece) and piece not in header:
            header.append(piece)
        else:
            break
        rest = rest[1:]
    blocks.append(Row(header, line=header_line[0]))
    grid = Grid(_grid_items(rest), [header_role_word(word) for word in header], narrow, wide)
    blocks.extend(grid.rows())
    return blocks


def _is_category(text: str) -> bool:
    return text.endswith("指标") and bool(normalize_level1(text) or normalize_level2(text))


def _interleaved_join(line: str, nxt: str) -> str | None:
    """One row from a row line and the line the PDF wrapped its cells onto, or None.

        产出 数量 乡村道路建设 ≥300公里          产出指标 数量指标 乡村道路建设养护里程 ≥300公里
        指标 指标 养护里程                  →

    The wrapped line's first words complete the row's category stubs in order (产出+指标,
    服务对象+满意度指标); at most one word is left, the rest of the name after the stubs.
    """
    cells, more = line.split(), nxt.split()
    stubs = 0
    while (
        stubs < min(len(cells), len(more))
        and not _is_category(cells[stubs])
        and _is_category(cells[stubs] + more[stubs])
    ):
        stubs += 1
    if stubs == 0 or len(more) - stubs > 1 or len(cells) <= stubs:
        return None
    joined = [cells[k] + more[k] for k in range(stubs)] + cells[stubs:]
    if len(more) > stubs:
        if looks_like_value(cells[stubs]) or looks_like_value(more[stubs]):
            return None
        joined[stubs] += more[stubs]
    return " ".join(joined)


def join_interleaved(lines: list[str]) -> list[str]:
    """Single-space rows whose category cells the PDF wrapped onto the next line (产出 / 指标),
    put back on one line each; the lines unchanged unless two or more rows were wrapped so."""
    out: list[str] = []
    joins = k = 0
    while k < len(lines):
        line = lines[k]
        if k + 1 < len(lines) and "\t" not in line and "|" not in line:
            joined = _interleaved_join(line.strip(), lines[k + 1].strip())
            if joined is not None:
                out.extend([joined, ""])  # the wrapped line's place kept, empty
                joins += 1
                k += 2
                continue
        out.append(line)
        k += 1
    return out if joins >= 2 else lines
