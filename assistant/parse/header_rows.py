"""A grid header set over two rows, read as one header row (for the file readers).

Published forms often head the value columns in two tiers: 指标值 spans 年度指标值 | 中期指标值
in the row below, while 一级指标 | 二级指标 | 三级指标 are merged down over both rows. Read as
two rows, the lower one would be taken for an indicator (named 年度指标值, valued 中期指标值).
Two consecutive rows of headings only, where the lower one fills the positions the upper one
leaves to it (merged-down continuations empty, the spanning heading over its sub-headings), are
one header: each position takes the lower heading where there is one, the upper one elsewhere.

Readers that keep grid positions (merged cells "" in place: Excel, HTML, PDF) join their blocks
with `join_header_rows`; the Word reader expands its spans to grid positions first.
"""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Row
from assistant.parse.labels import heading_word, is_column_heading, is_header_row, is_value_heading

# headings is_column_heading does not know by their ending
_OTHER_HEADINGS = {
    "序号", "编号", "行次", "指标名称", "三级指标名称", "绩效指标名称", "指标解释", "指标内容", "指标说明",
    "计算符号", "比较符号", "符号", "评分标准", "评(扣)分标准", "权重", "分值",
}
# a period word under a value heading names that value column (指标值 over 年度 | 中期)
_PERIODS = (
    "年度", "全年", "当年", "本年", "年初", "中期", "长期", "实施期", "实施周期", "周期", "总体", "整体", "调整后",
)
# a year or a span of years heading a value column: 2024年, 2024年度, 2025-2026年
_YEARS = re.compile(r"^(?:19|20)\d\d年?度?(?:[-—–~至](?:19|20)\d\d年?度?)?$")
_VALUE_ENDING = re.compile(r"(?:指标值|目标值|目标|值)$")


def _heading(cell: str) -> bool:
    word = heading_word(cell)
    return is_column_heading(cell) or word in _OTHER_HEADINGS or is_value_heading(word)


def _period(cell: str) -> str | None:
    """The value heading a period names under 指标值 (年度 → 年度指标值, 2024年 → 2024年指标值,
    实施期目标 → 实施期指标值), or None when the cell names no period."""
    core = _VALUE_ENDING.sub("", heading_word(cell))
    return core + "指标值" if core in _PERIODS or _YEARS.match(core) else None


def join_header(upper: list[str], lower: list[str]) -> list[str] | None:
    """The one header row `upper` over `lower` make, or None when they are not one header."""
    width = max(len(upper), len(lower))
    top = [c.strip() for c in upper] + [""] * (width - len(upper))
    low = [c.strip() for c in lower] + [""] * (width - len(lower))
    if not any(low) or not any(top) or not all(_heading(c) for c in top if c):
        return None
    # the positions each upper heading heads: itself and the empty (covered) ones right of it
    group = []
    for index, above in enumerate(top):
        group.append(index if above or not index else group[-1])
    under = {start: sum(1 for i, g in enumerate(group) if g == start and low[i]) for start in set(group)}
    joined: list[str] = []
    fills = 0
    for index, (above, below) in enumerate(zip(top, low, strict=True)):
        parent = top[group[index]]
        if not below:
            joined.append(above)
            continue
        period = _period(below) if is_value_heading(heading_word(parent)) else None
        if period is not None and not is_value_heading(heading_word(below)):
            joined.append(period)  # 年度 or 2024年 under 指标值: 年度指标值, 2024年指标值
        elif _heading(below):
            joined.append(below)
        else:
            return None  # a word that is no heading: the lower row is content
        # the lower row fills what the upper leaves open, splits a heading spanning several
        # sub-headings (绩效指标 over 一级 | 二级 | 三级), or restates the heading above
        if (
            not above
            or under[group[index]] > 1
            or heading_word(above) == heading_word(below)
            or (is_value_heading(heading_word(parent)) and is_value_heading(heading_word(joined[-1])))
        ):
            fills += 1
        else:
            return None
    if not fills or not is_header_row(joined):
        return None
    return joined


def join_header_rows(blocks: list[Block]) -> list[Block]:
    """Blocks with each two-row header (consecutive rows of one table) made one row."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if isinstance(block, Row) and isinstance(previous, Row) and previous.table == block.table:
            joined = join_header(previous.cells, block.cells)
            if joined is not None:
                while joined and not joined[-1]:
                    joined.pop()
                out[-1] = Row(cells=joined, line=previous.line, table=previous.table, uncertain=previous.uncertain)
                continue
        out.append(block)
    return out
