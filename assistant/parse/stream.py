"""Cell streams → blocks: web pages and doc-sharing sites often flatten a table into one cell
per line (blank lines, lone `|` lines or trailing ` |` between cells) with no row boundaries,
or glue a row's cells into one line. Rows are rebuilt from what cells mean: labels start the
upper part's rows, category words start indicator rows, value shapes end them."""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.categories import (
    framework_level,
    is_framework_container,
    normalize_level1,
    normalize_level2,
)
from assistant.parse.labels import label_of, normalize_label
from assistant.parse.rows import is_value_heading
from assistant.parse.text_reader import clean_cell
from assistant.parse.values import looks_like_value

HEADER = [
    "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "分值", "实际完成值",
]

_HEADER_WORDS = (
    "一级指标", "二级指标", "三级指标", "四级指标", "指标内容", "指标值", "绩效指标描述", "指标描述",
    "指标解释", "指标值确定依据", "计量单位", "指标性质", "指标方向", "备注", "绩效标准", "分值",
    "权重", "评分标准", "评扣分标准", "年度指标值", "目标值", "度量单位", "指标值类型", "指标类型",
    "年初指标值", "全年指标值", "实际完成值", "全年实际值", "全年完成值", "指标权重", "得分",
    "偏差原因分析及改进措施", "未完成原因分析及改进措施", "指标名称",
)
_HEADER_SPLIT = re.compile("(" + "|".join(sorted(_HEADER_WORDS, key=len, reverse=True)) + ")")
_CATEGORY_WORDS = sorted(
    {
        "产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "数量指标", "质量指标",
        "时效指标", "经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标",
        "可持续影响指标", "服务对象满意度指标", "社会公众或服务对象满意度指标",
        "经济成本指标", "社会成本指标", "生态环境成本指标", "经济效益", "社会效益", "生态效益",
        "可持续影响", "服务对象满意度", "满意度",
    },
    key=len,
    reverse=True,
)
_UNITS = (
    "%|％|‰|万元|亿元|元/[\u4e00-\u9fff/·*]{1,5}|元|人次|人|个|户|次|家|所|株|公里|平方米|㎡|米|亩|吨|辆|台|"
    "套|件|份|期|天|日|个月|月|年|小时|项|场|篇|册|种|只|头|处|座|间|批|村|社区|分"
)
_VALUE_TAIL = re.compile(
    r"((?:[=＝≥≤≧≦><＞＜]|大于等于|小于等于|不低于|不高于|不超过|不少于)?\s*\d[\d.,]*\s*"
    r"(?:" + _UNITS + r")?(?:以上|以下|以内)?)([\u4e00-\u9fff、，]{0,8})$"
)


def _cell_lines(text: str) -> list[tuple[int, str]]:
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
    return merged


def space_tokens(lines: list[str]) -> str:
    """Lines split at whitespace, one token per line: single-space rows as a cell stream."""
    return "\n".join(
        token for line in lines for token in re.split(r"[ \t\u3000]+", line.strip()) if token
    )


_SPACED_HEADER = re.compile(r"[一二三]级\s*指标[ \t\u3000]+(?:[二三]级\s*指标|指标值)")


def has_spaced_header(text: str) -> bool:
    """Header words on one line separated by spaces: the rows are space-separated too."""
    return bool(_SPACED_HEADER.search(text))


def is_cell_stream(text: str) -> bool:
    """An indicator header spread one cell per line, or glued into one line."""
    cells = [c for _, c in _cell_lines(text)]
    flat = [normalize_label(c) for c in cells]
    if "一级指标" in flat and any(f in ("二级指标", "三级指标", "指标值") for f in flat):
        return True
    return any("一级指标" in f and "二级指标" in f for f in flat)


def _is_category(cell: str) -> bool:
    return bool(normalize_level1(cell) or normalize_level2(cell) or framework_level(cell))


_NATURE = {"正向", "反向", "定性", "定量", "中性", "正向指标", "反向指标"}
_COMPARATOR_WORDS = {
    "大于等于": "≥", "小于等于": "≤", "不低于": "≥", "不高于": "≤", "不少于": "≥", "不超过": "≤",
    "等于": "=", "大于": ">", "小于": "<", "=": "=", "≥": "≥", "≤": "≤", ">": ">", "<": "<",
    "＝": "=", "﹦": "=", "≧": "≥", "≦": "≤",
}
_NUMBER = re.compile(r"^[\d.,]+$")
_SCORE = re.compile(r"[（(]\d+(?:\.\d+)?分[)）]$")


def _split_spaced(tokens: list[str]) -> list[str] | None:
    """A row whose cells are separated by single spaces, as PDF-to-text tools write them:
    '产出指标(50分) 成本指标 车辆购置成本 反向 小于等于 12 万元 5' → categories, name, '≤12万元'.
    Trailing bare numbers are weights (分值) and are dropped."""
    parts: list[str] = []
    index = 0
    while index < len(tokens) and _is_category(_SCORE.sub("", tokens[index])):
        parts.append(_SCORE.sub("", tokens[index]))
        index += 1
    rest = tokens[index:]
    start = next(
        (i for i, t in enumerate(rest) if t in _NATURE or t in _COMPARATOR_WORDS or _NUMBER.match(t)),
        None,
    )
    if not start:  # None, or no name before the value
        return None
    name, after = "".join(rest[:start]), rest[start:]
    comparator = ""
    value_tokens: list[str] = []
    trailing: list[str] = []
    for token in after:
        if token in _NATURE and not value_tokens:
            continue
        if token in _COMPARATOR_WORDS and not value_tokens:
            comparator = _COMPARATOR_WORDS[token]
        elif not value_tokens or (len(value_tokens) == 1 and not _NUMBER.match(token)
                                  and _NUMBER.match(value_tokens[0])):
            value_tokens.append(token)
        else:
            trailing.append(token)
    if not value_tokens:
        return None
    basis = [t for t in trailing if not _NUMBER.match(t)]
    return parts + [name, comparator + "".join(value_tokens)] + (["".join(basis)] if basis else [])


def _split_glued(cell: str, peel_value: bool = False) -> list[str]:
    """'产出指标数量指标补助人数250人计划标准' → categories, the middle, the value, the rest."""
    tokens = cell.split()
    if len(tokens) >= 3:
        spaced = _split_spaced(tokens)
        if spaced:
            return spaced
    parts: list[str] = []
    rest = re.sub(r"\s+", "", cell)
    peeled = True
    while peeled and rest and rest not in _CATEGORY_WORDS:
        peeled = False
        for word in _CATEGORY_WORDS:
            if rest.startswith(word) and len(rest) > len(word):
                parts.append(word)
                rest = rest[len(word) :]
                peeled = True
                break
        match = re.match(r"^[（(]\d+分[)）]", rest)
        if match:
            rest = rest[match.end() :]
            peeled = True
    if not parts and not peel_value:
        return [cell]
    tail = _VALUE_TAIL.search(rest)
    if tail and tail.start() > 0:
        parts += [rest[: tail.start()], tail.group(1)]
        if tail.group(2):
            parts.append(tail.group(2))
    elif rest:
        parts.append(rest)
    return parts


def _header_cells(cell: str) -> list[str]:
    return [p for p in _HEADER_SPLIT.split(re.sub(r"\s+", "", cell)) if p and p in _HEADER_WORDS]


# header cells forms word differently (全年完成值, 未完成原因和改进措施, 权重得分, 实施进度): read by
# their endings, only while a header is being collected
_HEADER_LIKE = re.compile(r"^.{0,10}(?:指标|指标值|完成值|实际值|目标值|得分|分值|权重|原因|措施|依据|说明|备注|进度|情况)$")


def _is_header_like(cell: str) -> bool:
    flat = normalize_label(cell)
    return bool(_HEADER_LIKE.match(flat)) and not _is_category(cell) and not looks_like_value(cell)


_ACTUAL_HEADINGS = ("实际完成值", "全年实际值", "全年完成值", "实际值", "完成值", "实际完成情况", "实施进度", "完成情况")


def _content_columns(header: list[str]) -> list[str]:
    """The header's columns right of the categories, by role."""
    roles = []
    has_level3 = any(normalize_label(h) in ("三级指标", "四级指标") for h in header)
    for cell in header:
        flat = normalize_label(cell)
        if flat in ("一级指标", "二级指标"):
            continue
        if flat in ("三级指标", "四级指标", "指标名称") or (flat == "指标内容" and not has_level3):
            roles.append("name")
        elif flat in _ACTUAL_HEADINGS:
            roles.append("actual")
        elif is_value_heading(flat):
            roles.append("value")
        elif "依据" in flat or flat in ("绩效标准", "备注", "评分标准"):
            roles.append("basis")
        elif flat in ("计量单位", "度量单位"):
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
_WEIGHT = re.compile(r"^(?:100|\d{1,2})(?:\.\d+)?$")
_SCORE_ONLY = re.compile(r"^[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")
_TEXT_ROLES = ("description", "basis", "reason", "kind", "actual")


def _starts_next_row(cell: str, following: str) -> bool:
    """A text cell followed by a value reads as the next row's name (empty cells vanish)."""
    return not looks_like_value(cell) and bool(following) and looks_like_value(following) and not _BARE_NUMBER.match(following)


def _take(role: str, cell: str, following: str, numeric_left: bool) -> bool:
    """Whether `cell` fills `role` in the row being read, judged by its shape and the next cell."""
    if role == "value":
        return True  # the cell after a name is its value: rows never lose their value first
    if role in ("weight", "score"):  # points out of 100: small bare numbers only
        return bool(_WEIGHT.match(cell))
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


def _segment(cells: list[str], roles: list[str]) -> list[list[str]]:
    """Indicator cells → rows [level1, level2, name, description, value, basis, weight, actual].

    Cells are consumed role by role after each name; a role whose cell is missing (empty
    cells vanish in web copies) is skipped when the cell's shape says it belongs elsewhere."""
    cells = [c for c in _join_broken_categories(cells) if not _SCORE_ONLY.match(c)]
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
        if _is_category(cell) and not _repeats_pending(cell, level1, level2):
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
        if rows and _BARE_NUMBER.match(cell.replace(",", "")):
            index += 1  # a bare number never names an indicator: a column of the row before
            continue
        chunk = cells[index : index + len(roles)]
        if fixed_width and _fills_row(chunk, roles):
            fields = dict(zip(roles, chunk, strict=False))
            index += len(roles)
        else:
            fields = {"name": cell}
            index += 1
            index += _fill_after_name(fields, cells, index, after_name)
        value = fields.get("value", "")
        if "nature" in fields or "unit" in fields:  # the value is rebuilt from its parts
            # 定性/定量 say what kind of value it is, not its direction: never part of the value
            nature = fields.get("nature", "")
            nature = "" if nature.startswith(("定性", "定量")) else nature
            value = _nature(nature + value + fields.get("unit", ""))
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


def _fill_after_name(fields: dict[str, str], cells: list[str], index: int, after_name: list[str]) -> int:
    """Cells after a name, role by role; each role taken only when the cell's shape fits.
    Returns how many cells were taken. A repeated value column (half-year, then full-year)
    leaves the last one as the value."""
    taken = 0
    for position, role in enumerate(after_name):
        if index >= len(cells) or _is_category(cells[index]):
            break
        following = cells[index + 1] if index + 1 < len(cells) else ""
        if _is_category(following):
            following = ""
        numeric_left = any(r in ("weight", "score") for r in after_name[position + 1 :])
        if _take(role, cells[index], following, numeric_left):
            fields[role] = cells[index]
            index += 1
            taken += 1
        elif role == "value":
            break
    return taken


def _nature(value: str) -> str:
    for word, symbol in (("大于等于", "≥"), ("小于等于", "≤"), ("正向", "≥"), ("反向", "≤"), ("等于", "=")):
        if value.startswith(word):
            return symbol + value[len(word) :]
    return value


def stream_blocks(text: str) -> list[Block]:
    """See the module docstring."""
    from assistant.parse.assemble import is_title

    blocks: list[Block] = []
    row: list[str] = []
    row_line = 0
    indicator_cells: list[str] = []
    roles: list[str] = []
    pending_header: list[str] = []

    def flush_row() -> None:
        nonlocal row
        if row:
            blocks.append(Row(cells=row, line=row_line))
        row = []

    def flush_indicators() -> None:
        nonlocal indicator_cells, roles
        if roles:
            blocks.append(Row(cells=list(HEADER)))
            blocks.extend(Row(cells=cells) for cells in _segment(indicator_cells, roles))
        indicator_cells, roles = [], []

    header_open = False  # collecting header cells that arrive one per line
    glued = False  # the header came glued into one line: rows will be glued too
    for number, cell in _cell_lines(text):
        flat = normalize_label(cell)
        header = _header_cells(cell) if "一级指标" in flat else []
        if header and (flat == "一级指标" or len(header) >= 2):
            flush_row()
            flush_indicators()
            pending_header = header
            roles = _content_columns(header) or ["name", "value"]
            header_open = flat == "一级指标"
            glued = len(header) >= 2
            continue
        if header_open and (flat in _HEADER_WORDS or _header_cells(cell) or _is_header_like(cell)):
            pending_header.extend(_header_cells(cell) or [cell])
            roles = _content_columns(pending_header) or ["name", "value"]
            continue
        header_open = False
        if is_title(cell):
            flush_row()
            flush_indicators()
            blocks.append(Para(text=cell, line=number))
            continue
        separator = "：" if "：" in cell else (":" if ":" in cell else " ")
        label_text, _, after = cell.partition(separator)
        label = label_of(cell) or (label_of(label_text) if after.strip() else None)
        if roles and (label is None or framework_level(cell) == 2):
            # 绩效目标 inside the indicator grid is the framework's heading, not the label
            indicator_cells.extend(_split_glued(cell, peel_value=glued))
            continue
        if label is not None:
            flush_indicators()
            flush_row()
            row_line = number
            row = [cell] if label_of(cell) else [label_text, after.strip()]
            continue
        if row:
            row.append(cell)
        else:
            blocks.append(Para(text=cell, line=number))
    flush_row()
    flush_indicators()
    return blocks
