"""Cell streams → blocks: web pages and doc-sharing sites often flatten a table into one cell
per line (blank lines, lone `|` lines or trailing ` |` between cells) with no row boundaries,
or glue a row's cells into one line. Rows are rebuilt from what cells mean: labels start the
upper part's rows, category words start indicator rows, value shapes end them."""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.categories import (
    framework_level,
)
from assistant.parse.header_columns import NUMBER_HEADINGS
from assistant.parse.labels import (
    is_column_heading,
    is_value_heading,
    label_of,
    normalize_label,
)
from assistant.parse.stream_cells import cell_lines as _cell_lines
from assistant.parse.stream_rows import (
    _NATURE,
    content_columns,
    is_category,
    segment,
)
from assistant.parse.values import looks_like_value

_is_category = is_category

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


_SPACED_HEADER = re.compile(r"[一二三]级\s*指标[ \t\u3000]+(?:[二三]级\s*指标|指标值)")


def has_spaced_header(text: str) -> bool:
    """Header words on one line separated by spaces: the rows are space-separated too."""
    return bool(_SPACED_HEADER.search(text))


def _headerless_starts(cells: list[str]) -> set[int]:
    """Where a grid with no header row begins: a first-level category cell, then within a few
    cells a second-level one and values ('产出指标 | 数量指标 | 助餐人次 | ≥3000人次 | 质量指标 …').
    Values are only looked for near category cells, so the cost stays linear and small."""
    from assistant.parse.categories import normalize_level1, normalize_level2

    starts = set()
    for index, cell in enumerate(cells):
        if len(cell) > 12 or normalize_level1(cell) is None or normalize_level2(cell) is not None:
            continue
        ahead = cells[index + 1 : index + 12]
        if not any(normalize_level2(c) is not None for c in ahead):
            continue
        if sum(1 for c in ahead if not _is_category(c) and looks_like_value(c)) >= 2:
            starts.add(index)
    return starts


def is_cell_stream(text: str) -> bool:
    """An indicator header spread one cell per line, or glued into one line; or category and
    value cells one per line with no header at all."""
    cells = [c for _, c in _cell_lines(text)]
    if _headerless_starts(cells):
        return True
    flat = [normalize_label(c) for c in cells]
    if "一级指标" in flat and any(f in ("二级指标", "三级指标", "指标值") for f in flat):
        return True
    if any(numbered_header(cells, index) for index, f in enumerate(flat) if f in NUMBER_HEADINGS):
        return True
    return any("一级指标" in f and "二级指标" in f for f in flat)


def _is_header_word(cell: str) -> bool:
    return normalize_label(cell) in _HEADER_WORDS or is_column_heading(cell)


def numbered_header(cells: list[str], index: int) -> int:
    """How many cells from `index` form a header led by a row-number heading (序号 | 三级指标 |
    年度指标值, with or without 一级/二级): the run of header words after it must hold a name
    heading (or 一级指标) and a value heading. 0 when the cells are no such header."""
    if normalize_label(cells[index]) not in NUMBER_HEADINGS:
        return 0
    end = index + 1
    while end < len(cells) and _is_header_word(cells[end]):
        end += 1
    run = [normalize_label(c) for c in cells[index + 1 : end]]
    has_name = any(f in ("一级指标", "三级指标", "指标名称", "三级指标名称") for f in run)
    return end - index if has_name and any(is_value_heading(f) for f in run) else 0



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




_SECTION_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．](?!\d))\s*\S"
)


_SECTION_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．])")


def _ends_grid(cell: str) -> bool:
    """A numbered section heading of the surrounding report (二、…, (三)…, 3.分析…), which
    no indicator cell is: category words and values never start that way."""
    return (
        bool(_SECTION_HEADING.match(cell))
        and len(cell) >= 6
        and not _is_category(_SECTION_NUMBER.sub("", cell))
        and not looks_like_value(cell)
        and "指标" not in cell
    )


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
            # a header without 一级指标 (序号 | 三级指标 | 年度指标值) is flat: no level columns
            leveled = any("一级指标" in normalize_label(h) for h in pending_header)
            blocks.append(Row(cells=list(HEADER) if leveled else ["", "", *HEADER[2:]]))
            blocks.extend(Row(cells=cells) for cells in segment(indicator_cells, roles))
        indicator_cells, roles = [], []

    header_open = False  # collecting header cells that arrive one per line
    glued = False  # the header came glued into one line: rows will be glued too
    lines = _cell_lines(text)
    all_cells = [cell for _, cell in lines]
    headerless = _headerless_starts(all_cells)
    for position, (number, cell) in enumerate(lines):
        flat = normalize_label(cell)
        if not header_open and flat in NUMBER_HEADINGS and numbered_header(all_cells, position):
            # 序号 | 三级指标 | 年度指标值: a header led by the row-number column
            flush_row()
            flush_indicators()
            pending_header = [cell]
            roles = ["number", "name", "value"]
            header_open, glued = True, False
            continue
        header = _header_cells(cell) if "一级指标" in flat else []
        if header and (flat == "一级指标" or len(header) >= 2):
            # a 序号 heading just before 一级指标 is the same header's first column
            numbered = header_open and all(normalize_label(h) in NUMBER_HEADINGS for h in pending_header)
            if not numbered:
                flush_row()
                flush_indicators()
            pending_header = (pending_header if numbered else []) + header
            roles = content_columns(pending_header) or ["name", "value"]
            header_open = flat == "一级指标"
            glued = len(header) >= 2
            continue
        if header_open and (flat in _HEADER_WORDS or _header_cells(cell) or is_column_heading(cell)):
            pending_header.extend(_header_cells(cell) or [cell])
            roles = content_columns(pending_header) or ["name", "value"]
            continue
        header_open = False
        if not roles and position in headerless:
            # no header row: the categories and values say where the grid is
            flush_row()
            pending_header = ["一级指标", "二级指标", "三级指标", "指标值"]
            roles = ["name", "value"]
        if is_title(cell):
            flush_row()
            flush_indicators()
            blocks.append(Para(text=cell, line=number))
            continue
        separator = "：" if "：" in cell else (":" if ":" in cell else " ")
        label_text, _, after = cell.partition(separator)
        label = label_of(cell) or (label_of(label_text) if after.strip() else None)
        if roles and indicator_cells and _ends_grid(cell):
            flush_indicators()  # a report's next numbered section: the grid is over
            blocks.append(Para(text=cell, line=number))
            continue
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
