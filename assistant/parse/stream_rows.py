"""Rows from an indicator cell stream: each header column has a role (name, value, actual,
weight …) and cells are consumed role by role after each name, taken only when their shape
fits, because web copies drop empty cells and wrap category words."""

from __future__ import annotations

import re

from assistant.parse.categories import (
    framework_level,
    is_framework_container,
    normalize_level1,
    normalize_level2,
)
from assistant.parse.header_columns import NUMBER_HEADINGS
from assistant.parse.labels import normalize_label
from assistant.parse.rows import is_unit_word, is_value_heading
from assistant.parse.values import looks_like_value

_NATURE = {"正向", "反向", "定性", "定量", "中性", "正向指标", "反向指标"}


def is_category(cell: str) -> bool:
    return bool(normalize_level1(cell) or normalize_level2(cell) or framework_level(cell))


_is_category = is_category

_ACTUAL_HEADINGS = ("实际完成值", "全年实际值", "全年完成值", "实际值", "完成值", "实际完成情况", "实施进度", "完成情况")


def content_columns(header: list[str]) -> list[str]:
    """The header's columns right of the categories, by role."""
    roles = []
    has_level3 = any(normalize_label(h) in ("三级指标", "四级指标") for h in header)
    for cell in header:
        flat = normalize_label(cell)
        if flat in ("一级指标", "二级指标") or (flat == "绩效指标" and has_level3):
            continue  # 绩效指标 beside 三级指标 is the section's label, not a column
        if flat in NUMBER_HEADINGS:
            roles.append("number")
        elif flat in ("三级指标", "四级指标", "指标名称") or (flat == "指标内容" and not has_level3):
            roles.append("name")
        elif flat in _ACTUAL_HEADINGS:
            roles.append("actual")
        elif is_value_heading(flat):
            roles.append("value")
        elif "依据" in flat or flat in ("绩效标准", "备注", "评分标准"):
            roles.append("basis")
        elif flat in ("计量单位", "度量单位", "单位"):
            roles.append("unit")
        elif flat in ("指标性质", "指标方向"):
            roles.append("nature")
        elif flat in ("分值", "权重", "指标权重"):
            roles.append("weight")
        elif flat in ("得分", "自评得分", "指标得分"):
            roles.append("score")
        elif "原因" in flat or "措施" in flat or flat == "说明":
            roles.append("reason")
        elif "类型" in flat:  # 指标值类型: 定量/定性
            roles.append("kind")
        else:
            roles.append("description")
    return roles


def _join_broken_categories(cells: list[str]) -> list[str]:
    """'社会公众或服务' + '对象满意度指标' → one category cell (narrow columns wrap)."""
    joined: list[str] = []
    index = 0
    while index < len(cells):
        cell = cells[index]
        following = cells[index + 1] if index + 1 < len(cells) else ""
        if following == "指标" and _is_category(cell + following):  # '社会效益' + '指标'
            joined.append(cell + following)
            index += 2
            continue
        if index + 1 < len(cells) and not _is_category(cell):
            both = cell + cells[index + 1]
            if _is_category(both) and len(cell) <= 12:
                joined.append(both)
                index += 2
                continue
        joined.append(cell)
        index += 1
    return joined


def _repeats_pending(cell: str, level1: str, level2: str) -> bool:
    """A category word right under a first and second level that have no row yet is the
    indicator's name (满意度 under 满意度指标/服务对象满意度指标): a group is never empty. A full
    heading ending in 指标 is a repeat from a second (annual) column set, not a name."""
    if not (level1 and level2) or cell.rstrip().endswith("指标"):
        return False
    l1, l2 = normalize_level1(cell), normalize_level2(cell)
    return (l1 is not None and l1 == normalize_level1(level1)) or (
        l2 is not None and l2 == normalize_level2(level2)
    )


_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_ROW_NUMBER = re.compile(r"^(\d{1,3})[.、．]?$")
_WEIGHT = re.compile(r"^(?:100|\d{1,2})(?:\.\d+)?$")
_SCORE_ONLY = re.compile(r"^[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")
_TEXT_ROLES = ("description", "basis", "reason", "kind", "actual")


def _is_remark(cell: str) -> bool:
    """A paragraph of several sentences is a remark (原因, 说明), never an indicator's name."""
    return (len(cell) > 60 or "。" in cell.rstrip("。")) and not looks_like_value(cell)


def _is_label(cell: str) -> bool:
    return len(cell) <= 8 and cell.endswith((":", "："))


def _starts_next_row(cell: str, following: str) -> bool:
    """A text cell followed by a value reads as the next row's name (empty cells vanish)."""
    if _is_remark(cell):
        return False
    return not looks_like_value(cell) and bool(following) and looks_like_value(following) and not _BARE_NUMBER.match(following)


def _take(role: str, cell: str, following: str, numeric_left: bool) -> bool:
    """Whether `cell` fills `role` in the row being read, judged by its shape and the next cell."""
    if role == "value":
        return True  # the cell after a name is its value: rows never lose their value first
    if role in ("weight", "score"):  # points out of 100: small bare numbers only
        return bool(_WEIGHT.match(cell))
    if role == "unit" and is_unit_word(cell):
        return True  # %, 万亩: a unit reads as a value shape too, so ask first
    if role in ("unit", "nature"):
        return len(cell) <= 6 and not looks_like_value(cell) or cell in _NATURE
    if role == "description":  # a description is text, and a value follows it
        return bool(following) and not looks_like_value(cell)
    # text after the value (actual, basis, reason): unless it is the next row's name
    if looks_like_value(cell):
        return True
    if numeric_left and _BARE_NUMBER.match(following or "-"):
        return True
    return not _starts_next_row(cell, following)


def segment(cells: list[str], roles: list[str]) -> list[list[str]]:
    """Indicator cells → rows [level1, level2, name, description, value, basis, weight, actual].

    Cells are consumed role by role after each name; a role whose cell is missing (empty
    cells vanish in web copies) is skipped when the cell's shape says it belongs elsewhere."""
    cells = [c for c in _join_broken_categories(cells) if not _SCORE_ONLY.match(c)]
    numbered = "number" in roles  # a 序号 column: its integers start rows and are dropped
    roles = [r for r in roles if r != "number"]
    row_number = 0  # the last row number read: they count up 1, 2, 3 …
    rows: list[list[str]] = []
    level1 = level2 = ""
    after_name = roles[roles.index("name") + 1 :] if "name" in roles else ["value"]
    if "value" not in after_name:
        after_name = ["value", *after_name]
    # forms without optional trailing columns line up cell for cell when no cell is missing
    fixed_width = not any(r in roles for r in ("actual", "weight", "score", "reason"))
    container = ""  # 实施效果指标: the standard categories below it are its second level
    index = 0
    while index < len(cells):
        cell = cells[index]
        following = cells[index + 1] if index + 1 < len(cells) else ""
        names_a_row = (
            not cell.rstrip().endswith("指标")  # a full heading is never a row's name
            and bool(following)
            and looks_like_value(following)
            and not _is_category(following)
        )
        if _is_category(cell) and not _repeats_pending(cell, level1, level2) and not names_a_row:
            # a category word right before a value is that row's name (成本指标 | 成本 | 10万元)
            framework = framework_level(cell)
            if is_framework_container(cell):
                container, level1, level2 = cell, cell, ""
            elif framework == 1:
                container, level1, level2 = "", cell, ""
            elif framework == 2:
                level2 = cell
            elif container and normalize_level1(cell) and not normalize_level2(cell):
                level1, level2 = container, cell
            elif normalize_level1(cell) and not (normalize_level2(cell) and level1 and not level2):
                level1, level2 = cell, ""
            else:
                level2 = cell
            index += 1
            continue
        number = _ROW_NUMBER.match(cell)
        if number and (numbered or not rows or int(number.group(1)) == row_number + 1):
            row_number = int(number.group(1))  # a row number (序号) where a row starts
            index += 1
            continue
        if rows and _BARE_NUMBER.match(cell.replace(",", "")):
            index += 1  # a bare number never names an indicator: a column of the row before
            continue
        if rows and (_is_remark(cell) or _is_label(cell) and not looks_like_value(following)):
            # a paragraph after a row (未完成原因和改进措施, 说明) and a bare '改进措施:' after it
            rows[-1][5] = "；".join(part for part in (rows[-1][5], cell) if part)
            index += 1
            continue
        chunk = cells[index : index + len(roles)]
        if fixed_width and _fills_row(chunk, roles):
            fields = dict(zip(roles, chunk, strict=False))
            index += len(roles)
        else:
            fields = {"name": cell}
            index += 1
            next_number = row_number + 1 if numbered or row_number else None
            index += _fill_after_name(fields, cells, index, after_name, next_number)
        value = fields.get("value", "")
        if "nature" in fields or "unit" in fields:  # the value is rebuilt from its parts
            # 定性/定量 say what kind of value it is, not its direction: never part of the value
            nature = fields.get("nature", "")
            nature = "" if nature.startswith(("定性", "定量")) else nature
            unit = fields.get("unit", "")
            unit = "" if not value or value.endswith(unit) else unit  # ≥95% under a '%' column
            value = _nature(nature + value + unit)
        rows.append([level1, level2, fields.get("name", ""), fields.get("description", ""), value,
                     fields.get("basis", ""), fields.get("weight", ""), fields.get("actual", "")])
        level1 = level2 = ""
    return rows


def _fills_row(chunk: list[str], roles: list[str]) -> bool:
    """A full-width run of cells that lines up with the header's roles."""
    width = len(roles)
    return (
        len(chunk) == width
        and not any(_is_category(c) for c in chunk[1:])
        and ("value" not in roles or looks_like_value(chunk[roles.index("value")]) or width <= 2)
        and not (width > 2 and looks_like_value(chunk[0]))
    )


def _fill_after_name(
    fields: dict[str, str], cells: list[str], index: int, after_name: list[str],
    next_number: int | None = None,
) -> int:
    """Cells after a name, role by role; each role taken only when the cell's shape fits.
    Returns how many cells were taken. A repeated value column (half-year, then full-year)
    leaves the last one as the value. `next_number` is the next row's 序号 when rows are
    numbered: that integer before a name starts the next row (this row's value is empty)."""
    taken = 0
    for position, role in enumerate(after_name):
        if index >= len(cells) or _is_category(cells[index]):
            break
        following = cells[index + 1] if index + 1 < len(cells) else ""
        if next_number is not None and cells[index] == str(next_number) and following and not (
            looks_like_value(following) or _is_category(following)
        ):
            break
        if _is_category(following):
            following = ""
        numeric_left = any(r in ("weight", "score") for r in after_name[position + 1 :])
        if (
            role in ("reason", "basis")
            and "value" in fields
            and _numeric_row_at(cells, index, after_name)
        ):
            break  # the cell starts a row whose numeric columns all fit: the next row's name
        if _take(role, cells[index], following, numeric_left):
            fields[role] = cells[index]
            index += 1
            taken += 1
        elif role == "value":
            break
    return taken


def _numeric_row_at(cells: list[str], index: int, after_name: list[str]) -> bool:
    """Whether a row read from `cells[index]` as its name fills every weight/score column:
    the test that tells an empty trailing text column from the next row's name."""
    numeric = [r for r in after_name if r in ("weight", "score")]
    if not numeric or _BARE_NUMBER.match(cells[index]) or looks_like_value(cells[index]):
        return False
    trial: dict[str, str] = {"name": cells[index]}
    window = cells[index + 1 : index + 1 + len(after_name)]
    _fill_after_name(trial, window, 0, [r for r in after_name if r not in ("reason", "basis")])
    return all(r in trial for r in numeric)


def _nature(value: str) -> str:
    for word, symbol in (("大于等于", "≥"), ("小于等于", "≤"), ("正向", "≥"), ("反向", "≤"), ("等于", "=")):
        if value.startswith(word):
            return symbol + value[len(word) :]
    return value
