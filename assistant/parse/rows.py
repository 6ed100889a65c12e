"""One indicator row → Indicator, by column position where the row lines up with the header
and by meaning (category words, value shapes) where it does not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.model import LEVEL2_BY_LEVEL1, Indicator, ValueKind
from assistant.parse.categories import (
    framework_level,
    level1_for,
    normalize_level1,
    normalize_level2,
)
from assistant.parse.header_columns import HeaderColumns, parse_weight
from assistant.parse.labels import is_value_heading, normalize_label
from assistant.parse.values import is_comparator, looks_like_value, parse_target

__all__ = [
    "HeaderColumns", "IndicatorState", "drop_row_number", "is_value_heading", "read_indicator_row",
]


_DIRECTION = {
    "正向": "≥", "反向": "≤", "正向指标": "≥", "反向指标": "≤", "大于等于": "≥", "小于等于": "≤",
    "等于": "=", "大于": ">", "小于": "<", "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<",
    ">=": "≥", "<=": "≤", "＝": "=", "﹦": "=", "≧": "≥", "≦": "≤", "＞": ">", "＜": "<",
}
_NATURE_WORDS = set(_DIRECTION) | {"定量", "定性", "定量指标", "定性指标", "中性"}


def _with_unit_and_direction(value: str, unit: str, direction: str) -> str:
    """Forms with separate 计量单位 / 指标性质(方向) columns: '356' + '公里' + '正向' → '≥356公里'."""
    if not value or not any(ch.isdigit() for ch in value):
        return value
    unit, direction = unit.strip(), direction.strip()
    if unit and value.rstrip()[-1:].isdigit() and len(unit) <= 6:
        value += unit
    symbol = _DIRECTION.get(direction)
    if symbol and (value[:1].isdigit() or value[:1] == "."):
        value = symbol + value
    return value


def is_unit_word(cell: str) -> bool:
    """%, 万亩, 人次, 元/人 … : a cell that reads as a unit once a number is put before it."""
    cell = cell.strip()
    if not cell or len(cell) > 6 or any(ch.isdigit() for ch in cell):
        return False
    target = parse_target("1" + cell)
    return target.unit is not None and target.kind not in (ValueKind.TEXT, ValueKind.NUMBER)


def _fits(role: str, cell: str) -> bool:
    """Whether a cell can sit in a column of this role (used to line rows up by meaning)."""
    if role in ("section", "level1", "level2"):
        return _category(cell) is not None or _is_section_word(cell)
    if role == "unit":
        return is_unit_word(cell)
    if role == "nature":
        return cell.strip() in _NATURE_WORDS
    if role in ("weight", "score"):
        return parse_weight(cell) is not None
    if role in ("name", "description", "basis"):
        return parse_weight(cell) is None and not is_unit_word(cell)
    return bool(role)


def _typed_cells_fit(cells: list[str], header: HeaderColumns) -> bool:
    """Every typed column (unit, nature, weight, score) holds what its heading says, or nothing."""
    roles = header.roles()
    return all(
        not cell or _fits(roles[i], cell)
        for i, cell in enumerate(cells[: len(roles)])
        if roles[i] in ("unit", "nature", "weight", "score")
    )


def _fit_by_meaning(cells: list[str], header: HeaderColumns) -> dict[str, str]:
    """Content cells → roles, walking the header's columns right of the categories in order and
    skipping a column whose role the cell cannot fill (a blank cell the splitter dropped)."""
    roles = [r for r in header.roles()[header.name or 0 :] if r]
    fields: dict[str, str] = {}
    position = 0
    for cell in cells:
        while position < len(roles) and not _fits(roles[position], cell):
            position += 1
        if position == len(roles):
            break
        role = roles[position]
        if role != "nature" or cell.strip() in _DIRECTION:
            fields[role] = cell
        position += 1
    return fields


_NUMBER_CELL = re.compile(r"^\d+(?:\.\d+)?$")
# columns whose cells are a comparator or a unit by design: never joined into a value
_TYPED = ("unit", "nature")


def join_split_value(cells: list[str], header: HeaderColumns) -> list[str]:
    """A value whose comparator, number and unit sit in cells of their own under one 指标值
    heading ('≥' | '3500' | '盏', merged cells dropped) → one cell '≥3500盏'. The spent cells are
    left empty so positions hold, or closed up when they made the row wider than its header.
    Cells under a 计量单位/指标性质 heading stay as they are."""
    roles = header.roles()
    wider = len(cells) > header.width  # positions no longer line up with the headings

    def free(index: int) -> bool:
        role = roles[index] if index < len(roles) else ""
        if role in _TYPED:
            return False
        if role in ("basis", "description"):  # words by design, unless the row has shifted
            return wider
        if role in ("weight", "score", "actual"):
            return wider or not _fits(role, out[index])
        return True

    out = list(cells)
    for index in range(len(out) - 1):
        head, number = out[index].strip(), out[index + 1].strip()
        comparator = is_comparator(head) and bool(_NUMBER_CELL.match(number))
        if not (free(index) and free(index + 1)) or not (comparator or _NUMBER_CELL.match(head)):
            continue
        parts = [head, number] if comparator else [head]
        unit_at = index + len(parts)
        if unit_at < len(out) and free(unit_at) and is_unit_word(out[unit_at]):
            parts.append(out[unit_at].strip())
        if len(parts) == 1:
            continue  # a bare number alone: nothing to join
        # the joined value goes where the 指标值 heading is, if that is over the number
        keep = index + 1 if comparator and index + 1 < len(roles) and roles[index + 1] == "value" else index
        for spent in range(index, index + len(parts)):
            out[spent] = ""
        out[keep] = "".join(parts)
    if len(cells) > header.width:  # the row was wider only because the value was split: close up
        out = [cell for cell, was in zip(out, cells, strict=True) if cell or not was]
    return out


@dataclass
class IndicatorState:
    """Merged 一级/二级 cells carry down to the rows below them."""

    level1: str = ""
    level2: str = ""
    raw_level1: str = ""
    raw_level2: str = ""
    row_number: int = 0  # the last 序号 read: row numbers count up 1, 2, 3 …


_ROW_NUMBER = re.compile(r"^(\d{1,3})[.、．]?$")


def _row_number(cell: str) -> int | None:
    match = _ROW_NUMBER.match(cell.strip())
    return int(match.group(1)) if match else None


def drop_row_number(cells: list[str], header: HeaderColumns, state: IndicatorState) -> list[str]:
    """The row with its 序号 cell blanked: the bare integer under the 序号 heading, or, when the
    header has none where the row has one, a leading integer that continues the count (1, 2, 3 …)
    before the row's text. A value column may hold a bare number too (开展活动 | 1): only the
    cell in the 序号 column or at the row's start is a row number."""
    number = header.number
    if number is not None and number < len(cells):
        found = _row_number(cells[number])
        if found is not None:
            state.row_number = found
            return [*cells[:number], "", *cells[number + 1 :]]
        if not cells[number].strip():
            return cells
    first = next((i for i, c in enumerate(cells) if c.strip()), None)
    if first is None:
        return cells
    found = _row_number(cells[first])
    rest = [c for c in cells[first + 1 :] if c.strip()]
    counts_on = found is not None and found in (state.row_number + 1, 1) and (
        header.number is not None or found == state.row_number + 1 or first == 0
    )
    if counts_on and rest and not looks_like_value(rest[0]):
        state.row_number = found
        return [*cells[:first], "", *cells[first + 1 :]]
    return cells


# Merged label cells that sit left of the categories in some forms (年度绩效指标 | 产出指标 | …)
_SECTION_WORDS = {"年度绩效指标", "年度绩效目标", "绩效指标", "年度", "指标", "年度指标"}
_COST_SUBLEVELS = {"经济成本指标", "社会成本指标", "生态环境成本指标"}


def _category(cell: str, position: int = 0, header: HeaderColumns | None = None) -> tuple[str | None, str | None] | None:
    """(first-level reading, second-level reading) of a category word, or None for content."""
    level1 = normalize_level1(cell)
    level2 = normalize_level2(cell)
    if level1 is None and level2 is None:
        # framework headings (决策, 项目立项, 实施效果指标) are levels with no standard meaning
        framework = framework_level(cell)
        return None if framework is None else ("", None) if framework == 1 else (None, "")
    return level1, level2


def _is_section_word(cell: str) -> bool:
    return normalize_label(cell) in _SECTION_WORDS


def _aligned(cells: list[str], header: HeaderColumns) -> bool:
    """True when the row's cells sit under the header's columns."""
    if header.name is None or len(cells) < header.name + 1:
        return False
    name = cells[header.name]
    if not name:
        return False
    if _category(name, header.name, header) is not None:
        # a name that reads as a category (满意度) still sits in the name column when it is not
        # a full heading and the value column holds a value
        value = cells[header.value] if header.value is not None and header.value < len(cells) else ""
        if name.rstrip().endswith("指标") or header.value is None or not looks_like_value(value):
            return False
    # only the level columns left of the name must hold categories: in a multi-year + annual
    # form (二级|三级|实施期值|二级|三级|年度值) the first group's cells sit there too
    roles = header.roles()
    return all(
        not cells[i] or _category(cells[i]) or _is_section_word(cells[i])
        for i in range(header.name)
        if roles[i] in ("level1", "level2", "section") or i == header.name - 1
    )


def _assign_semantic(texts: list[str], header: HeaderColumns) -> tuple[str, str, str, str]:
    """(name, description, value, basis) from the row's content cells in order."""
    has_description = header.description is not None
    if not texts:
        return "", "", "", ""
    if len(texts) == 1:
        return texts[0], "", "", ""
    if len(texts) == 2:
        return texts[0], "", texts[1], ""
    if len(texts) == 3:
        if looks_like_value(texts[1]) and not looks_like_value(texts[2]):
            return texts[0], "", texts[1], texts[2]
        if has_description or looks_like_value(texts[2]):
            return texts[0], texts[1], texts[2], ""
        return texts[0], "", texts[1], texts[2]
    # 4 or more: name, description, value, basis (anything beyond joins the basis)
    value_index = next((i for i in range(1, len(texts)) if looks_like_value(texts[i])), 2)
    value_index = max(value_index, 1)
    description = "；".join(texts[1:value_index])
    basis = "；".join(texts[value_index + 1 :])
    return texts[0], description, texts[value_index], basis


def read_indicator_row(
    cells: list[str], header: HeaderColumns, state: IndicatorState
) -> tuple[Indicator | None, str]:
    """Read one row under the header. Returns (indicator or None, a note about anything odd)."""
    cells = join_split_value(drop_row_number(cells, header, state), header)
    level1 = level2 = None
    raw1 = raw2 = ""
    content_start = 0
    aligned = _aligned(cells, header)
    limit = header.name if aligned and header.name is not None else len(cells)
    found: list[tuple[str, str | None, str | None]] = []
    for index in range(min(limit, len(cells))):
        cell = cells[index]
        if not cell or (not found and _is_section_word(cell)):
            content_start = index + 1
            continue
        category = _category(cell)
        if category is None:
            break
        found.append((cell, *category))
        content_start = index + 1
        if len(found) == 2:
            break
    if len(found) == 2:
        (cell1, l1a, l2a), (cell2, l1b, l2b) = found
        level1, raw1 = l1a or level1_for(l2a or ""), cell1
        level2, raw2 = l2b if l2b is not None else l1b, cell2
        if level1 == "成本指标" and level2 not in _COST_SUBLEVELS and level2 != "成本指标":
            level1 = "产出指标"
        if not level1 and level2 in LEVEL2_BY_LEVEL1:  # 实施效果指标 | 产出指标: 产出 is the category
            level1, level2 = level2, ""
    elif len(found) == 1:
        cell, l1, l2 = found[0]
        if l2 == "" and l1 is None:  # a framework sub-heading
            level2, raw2 = "", cell
        elif l2 and (l1 is None or l1 == "成本指标"):
            level2, raw2 = l2, cell
        else:
            level1, raw1 = l1, cell
    if level1 is not None:
        state.level1, state.raw_level1 = level1, raw1
        state.level2, state.raw_level2 = "", ""
        if level1 == "满意度指标" and level2 is None:
            state.level2 = "服务对象满意度指标"
    if level2 is not None:
        state.level2, state.raw_level2 = level2, raw2
        stated = level1 or state.level1
        if stated == "效益指标" and level2 == "服务对象满意度指标":
            state.level1 = "满意度指标"  # old forms nest 满意度 under 效益
        else:
            # a wrongly placed second level keeps its stated first level, so S003 can see it
            state.level1 = stated or level1_for(level2)
    weight = actual = long_term = ""
    if aligned and header.extended and not _typed_cells_fit(cells, header):
        aligned = False  # blank cells dropped by the splitter: positions no longer hold
    if aligned:
        def at(position: int | None) -> str:
            return cells[position] if position is not None and position < len(cells) else ""

        name, description, value, basis = (
            at(header.name),
            at(header.description),
            at(header.value),
            at(header.basis),
        )
        direction = next((at(i) for i in header.natures if at(i).strip() in _DIRECTION), "")
        value = _with_unit_and_direction(value, at(header.unit), direction)
        weight, actual = at(header.weight), at(header.actual)
        long_term = _with_unit_and_direction(at(header.long_term), at(header.unit), direction)
    elif header.extended:
        fields = _fit_by_meaning([c for c in cells[content_start:] if c], header)
        name, description, basis = (fields.get(k, "") for k in ("name", "description", "basis"))
        value = _with_unit_and_direction(
            fields.get("value", ""), fields.get("unit", ""), fields.get("nature", "")
        )
        weight, actual = fields.get("weight", ""), fields.get("actual", "")
        long_term = fields.get("long_term", "")
    else:
        texts = [c for c in cells[content_start:] if c]
        name, description, value, basis = _assign_semantic(texts, header)
    if not (name or description or value):
        return None, ""
    indicator = Indicator(
        level1=state.level1,
        level2=state.level2,
        name=name.replace("\n", ""),
        description=description.replace("\n", ""),
        target=parse_target(value.replace("\n", "")),
        basis=basis.replace("\n", "；"),
        raw_level1=state.raw_level1.replace("\n", ""),
        raw_level2=state.raw_level2.replace("\n", ""),
        weight=parse_weight(weight),
        actual=actual.replace("\n", ""),
        long_term=long_term.replace("\n", ""),
    )
    note = ""
    if not state.level2 and not (header.flat and not state.level1):
        note = f"指标“{indicator.name}”没有二级指标归属"
    return indicator, note
