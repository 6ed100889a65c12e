"""Transposed (horizontal) indicator tables → ordinary rows.

Some provincial special-fund forms lay the indicators out across the page: a row headed
三级指标 (or 指标名称) lists the names left to right, and the rows below it headed 年度目标值 /
实施周期目标值 list their values in the same order, with 一级/二级指标 rows above when present:

    三级指标      新建校区   工程质量达标率(%)   开工率(%)
    年度目标值    7          100%                100%

Read by what the rows mean: a name-heading label followed by several name-like cells, then a
value-heading label whose cells are value-shaped and as many as the names (one value row must
match exactly; the others give their first cells). In text, a row's cells are separated by
spaces and a long row wraps onto the next line, so a names row continues over the lines below
it until the value label, and a value label alone on its line takes its cells from the next.
The result is a header row (一级指标 | 二级指标 | 三级指标 | 年度目标值 | 实施周期目标值) and
one row per indicator; `header_columns` then picks the annual value as it does for upright
forms with several value columns. Anything else is left as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.categories import (
    is_category_word,
    level1_for,
    normalize_level1,
    normalize_level2,
)
from assistant.parse.header_columns import is_actual_heading
from assistant.parse.labels import is_column_heading, is_value_heading, label_of, normalize_label
from assistant.parse.values import looks_like_value

_NAME_HEADINGS = ("三级指标", "指标名称", "三级指标名称", "绩效指标名称")
_LEVEL_HEADINGS = ("一级指标", "二级指标")
# merged label cells that may sit left of a grid row's heading
_LEAD_WORDS = ("绩效指标", "年度绩效指标", "绩效目标", "年度绩效目标")
_MAX_WRAPS = 3  # continuation lines of a names row, or of a value row
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class _Line:
    """One block as a labelled row: the heading and the cells after it."""

    label: str  # the heading, normalized ('' when the block has none)
    cells: list[str]
    grid: bool  # a Row (cells from a grid) rather than a text line split at spaces


def _line(block: Block) -> _Line:
    if isinstance(block, Row):
        cells = [c.strip() for c in block.cells]
        while cells and cells[-1] == "":
            cells.pop()
        start = 0
        while start < len(cells) and (not cells[start] or normalize_label(cells[start]) in _LEAD_WORDS):
            start += 1
        if start < len(cells) and _is_heading(cells[start]):
            return _Line(normalize_label(cells[start]), cells[start + 1 :], True)
        return _Line("", cells[start:], True)
    tokens = block.text.split()
    if tokens and _is_heading(tokens[0]):
        return _Line(normalize_label(tokens[0]), tokens[1:], False)
    return _Line("", tokens, False)


def _is_heading(cell: str) -> bool:
    flat = normalize_label(cell)
    return flat in _NAME_HEADINGS or flat in _LEVEL_HEADINGS or _is_value_label(flat)


def _is_value_label(flat: str) -> bool:
    return is_value_heading(flat) and not is_actual_heading(flat)


def _name_like(cell: str) -> bool:
    return (
        bool(cell)
        and bool(_CJK.search(cell))
        and not looks_like_value(cell)
        and not is_column_heading(cell)
        and not is_category_word(cell)
        and label_of(cell) is None
    )


def has_transposed(blocks: list[Block]) -> bool:
    """Whether the blocks hold a transposed indicator table."""
    return any(_names_start(blocks, i) and _read_at(blocks, i) for i in range(len(blocks)))


def untranspose(blocks: list[Block]) -> list[Block]:
    """The blocks with every transposed indicator table turned upright (see module docstring)."""
    if not any(_names_start(blocks, i) for i in range(len(blocks))):
        return blocks
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        found = _read_at(blocks, index) if _names_start(blocks, index) else None
        if found is None:
            out.append(blocks[index])
            index += 1
            continue
        rows, levels_taken, end, leftover = found
        del out[len(out) - levels_taken :]  # the 一级/二级 rows above became columns
        out.extend(rows)
        if leftover is not None:
            out.append(leftover)
        index = end
    return out


def _names_start(blocks: list[Block], index: int) -> bool:
    line = _line(blocks[index])
    return line.label in _NAME_HEADINGS and len([c for c in line.cells if c]) >= 2


def _read_at(blocks: list[Block], index: int) -> tuple[list[Block], int, int, Block | None] | None:
    """(upright rows, level rows above consumed, index after the table, cells left over)."""
    first = _line(blocks[index])
    names = list(first.cells)
    position = index + 1
    if not first.grid:  # a names row wraps onto the next lines until a heading
        wraps = 0
        while position < len(blocks) and wraps < _MAX_WRAPS and isinstance(blocks[position], Para):
            following = _line(blocks[position])
            if following.label or not following.cells or not all(map(_name_like, following.cells)):
                break
            names.extend(following.cells)
            position += 1
            wraps += 1
    if len(names) < 2 or not all(map(_name_like, names)):
        return None
    count = len(names)
    value_rows: list[tuple[str, list[str]]] = []
    leftover: Block | None = None
    exact = False  # one value row holds exactly as many cells as there are names
    while position < len(blocks):
        line = _line(blocks[position])
        if not _is_value_label(line.label):
            break
        cells = list(line.cells)
        last = blocks[position]
        position += 1
        wraps = 0
        while (
            not line.grid and len(cells) < count and position < len(blocks) and wraps < _MAX_WRAPS
            and isinstance(blocks[position], Para) and not _line(blocks[position]).label
        ):
            last = blocks[position]
            cells.extend(_line(last).cells)
            position += 1
            wraps += 1
        taken = cells[:count]
        if len(taken) < count or not all(c and looks_like_value(c) for c in taken):
            position -= 1 + wraps  # not this table's values: leave the lines as they were
            break
        value_rows.append((line.label, taken))
        exact = exact or len(cells) == count
        if len(cells) > count:
            leftover = (
                Para(text=" ".join(cells[count:]), line=getattr(last, "line", 0))
                if isinstance(last, Para)
                else Row(cells=cells[count:], line=last.line, table=last.table)
            )
            break
    if not exact:
        return None
    levels, levels_taken = _levels_above(blocks, index, count)
    heading = ["一级指标", "二级指标", "三级指标"] + [label for label, _ in value_rows]
    source = blocks[index]
    line_number = getattr(source, "line", 0)
    table = source.table if isinstance(source, Row) else None
    rows: list[Block] = [Row(cells=heading, line=line_number, table=table)]
    for column, name in enumerate(names):
        level1, level2 = levels.get("一级指标", [""] * count)[column], levels.get("二级指标", [""] * count)[column]
        values = [cells[column] for _, cells in value_rows]
        rows.append(Row(cells=[level1, level2, name, *values], line=line_number, table=table))
    return rows, levels_taken, position, leftover


def _levels_above(blocks: list[Block], index: int, count: int) -> tuple[dict[str, list[str]], int]:
    """一级/二级指标 rows right above the names row, spread over its columns, and how many there
    were. A row holding one cell per name lines up; a grid row's empty (merged) cells carry the
    cell to their left; a single cell covers all. A 一级 row that does not line up (merged cells
    dropped) is read through the 二级 row: each second level belongs to one of its first levels."""
    found: dict[str, _Line] = {}
    position = index - 1
    while position >= 0 and len(found) < 2:
        line = _line(blocks[position])
        if line.label not in _LEVEL_HEADINGS or line.label in found:
            break
        found[line.label] = line
        position -= 1
    levels = {label: cells for label, line in found.items() if (cells := _spread(line, count))}
    first = found.get("一级指标")
    if first is not None and "一级指标" not in levels and "二级指标" in levels:
        stated = {normalize_level1(c): c for c in first.cells if c and normalize_level1(c)}
        derived = [stated.get(level1_for(normalize_level2(c) or "")) for c in levels["二级指标"]]
        if all(derived):
            levels["一级指标"] = [c for c in derived if c]
    return levels, len(found)


def _spread(line: _Line, count: int) -> list[str] | None:
    cells = [c for c in line.cells if c] if not line.grid else list(line.cells)
    if len(cells) == 1:
        return cells * count
    if line.grid and len(cells) == count:
        for i, cell in enumerate(cells):
            if not cell and i:
                cells[i] = cells[i - 1]
    return cells if len(cells) == count and all(cells) else None
