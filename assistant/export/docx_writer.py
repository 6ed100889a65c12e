"""Write target tables as a Word document in the standard 绩效目标表 layout.

One Word table per project on a 7-column grid (A4 landscape):

    项目编码 | code(2)            | 项目名称 | name(3)
    预算规模及资金用途 | 预算数 | 总额 | 其中：财政资金 | 财政 | 其他资金 | 其他
      (continued)      | 资金用途 text (6)
    资金支出计划（%）   | labels spread over 6 columns
      (continued)      | values
    绩效目标           | numbered goals (6)
    一级指标 | 二级指标 | 三级指标 | 绩效指标描述(2) | 指标值 | 指标值确定依据
    indicator rows, 一级 and 二级 merged vertically over their runs

Money is shown in 万元 (the model holds 元). Print layout: the title and the table start on
page 1; the indicator part is a second Word table right under the upper part (a 1 pt gap, so
it looks like one table) because Word and LibreOffice repeat only a table's leading rows: its
header row (一级指标 … 指标值确定依据) repeats on every page. No row splits across pages; an empty
资金支出计划 is left out; a 依据 shortened with “…” is written in full from the breakdown.
Findings, when given, follow the table they are about.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from assistant.model import Finding, Indicator, Severity, SpendingPlan, TargetTable, wan

FONT = "宋体"
BODY_PT = 10.5  # 五号
TITLE_PT = 16  # 三号
# Column widths in cm; they add up to the A4 landscape text width (29.7 - 2 x 2.0).
WIDTHS_CM = (2.8, 2.8, 3.6, 3.4, 4.9, 3.4, 4.8)
NCOLS = len(WIDTHS_CM)
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
# Indicator cells -> (first, last) grid columns; the description takes two columns.
INDICATOR_SPANS = ((0, 0), (1, 1), (2, 2), (3, 4), (5, 5), (6, 6))
FINDINGS_HEADING = "审核意见 / 待改进项"
_SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_NUMBERED = re.compile(
    r"^\s*(?:目标\s*[0-9０-９一二三四五六七八九十]+|[（(]?[0-9０-９一二三四五六七八九十]+\s*[.、．:：)）])"
)


def write_docx(
    tables: list[TargetTable], title: str = "", findings: list[Finding] | None = None
) -> bytes:
    """The tables (and, when given, the review findings) as .docx bytes."""
    document = new_docx()
    _setup_page_and_fonts(document)
    if title:
        _add_paragraph(document, title, size=TITLE_PT, bold=True, center=True)
    for index, table in enumerate(tables):
        if index:
            _page_break(document)
        _add_paragraph(
            document, f"{table.project or '项目'}绩效目标表", size=TITLE_PT, bold=True, center=True
        )
        unit_line = "    ".join(x for x in (table.unit_name, "单位：万元") if x)
        _add_paragraph(document, unit_line, right=True)
        _write_table(document, table)
        own = [f for f in findings or [] if f.table == index]
        if own:  # right after the table they are about, not at the end of the document
            _write_findings(document, table, index, own)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _setup_page_and_fonts(document) -> None:
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    set_chinese_fonts(document)


def set_chinese_fonts(document, font: str = FONT, size: float = BODY_PT) -> None:  # noqa: ANN001
    """Body and table styles in a Chinese font (also used by the review report)."""
    for style_name in ("Normal", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = font
        style.font.size = Pt(size)
        # font.name only sets the Latin slots; Chinese text needs w:eastAsia.
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _add_paragraph(
    document,
    text: str,
    size: float | None = None,
    bold: bool = False,
    center: bool = False,
    right: bool = False,
) -> Paragraph:
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _add_run(paragraph, text, size=size, bold=bold)
    return paragraph


def _add_run(paragraph: Paragraph, text: str, size: float | None = None, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    return run


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _set_text(cell: _Cell, text: str, bold: bool = False, center: bool = False) -> None:
    """Replace the cell's content with `text`, one paragraph per line.

    Needed after merging too: python-docx's merge concatenates the merged cells' paragraphs.
    """
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    first = paragraphs[0]
    for run in list(first._element):
        if run.tag != qn("w:pPr"):
            first._element.remove(run)
    lines = (text or "").split("\n")
    for number, line in enumerate(lines):
        paragraph = first if number == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            _add_run(paragraph, line, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _new_row(
    table: Table,
    spans: list[tuple[int, int]],
    texts: list[str],
    bold: bool = False,
    center: bool = False,
) -> list[_Cell]:
    """Add a row, merge each (first, last) column span, then write the texts."""
    row = table.add_row()
    row_cells = row.cells  # computing cells walks the whole grid: once per row, not per span
    cells = []
    for (first, last), text in zip(spans, texts, strict=True):
        cell = row_cells[first] if first == last else row_cells[first].merge(row_cells[last])
        _set_text(cell, text, bold=bold, center=center)
        cells.append(cell)
    return cells


def _new_grid(document) -> Table:
    grid = document.add_table(rows=0, cols=NCOLS)
    grid.style = document.styles["Table Grid"]
    grid.autofit = False
    for column, width in zip(grid.columns, WIDTHS_CM, strict=True):
        column.width = Cm(width)
    return grid


def _write_table(document, table: TargetTable) -> None:
    grid = _new_grid(document)

    _new_row(
        grid, [(0, 0), (1, 2), (3, 3), (4, 6)], ["项目编码", table.code, "项目名称", table.project]
    )
    _write_budget(grid, table)
    _write_plan(grid, table.spending_plan)
    _new_row(grid, [(0, 0), (1, 6)], ["绩效目标", _goals_text(table.goals)])
    _apply_widths(grid)
    _keep_rows_whole(grid, header_rows=0)
    _gap(document)
    indicators = _new_grid(document)
    _new_row(indicators, list(INDICATOR_SPANS), list(INDICATOR_HEADER), bold=True, center=True)
    _write_indicators(indicators, table.indicators, _items_text(table))
    _apply_widths(indicators)
    _keep_rows_whole(indicators, header_rows=1)


def _gap(document) -> None:
    """A 1 pt paragraph: two tables in a row would otherwise be joined into one by Word."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    run = paragraph.add_run("")
    run.font.size = Pt(1)
    # the paragraph mark's own size sets the line height
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    paragraph._p.get_or_add_pPr().append(_mark_run_properties(size))
    paragraph.paragraph_format.keep_with_next = True


def _mark_run_properties(size) -> object:  # noqa: ANN001 - an oxml element
    properties = OxmlElement("w:rPr")
    properties.append(size)
    return properties


def _keep_rows_whole(grid: Table, header_rows: int) -> None:
    """No row splits across pages; the first `header_rows` repeat at the top of each page."""
    for n, tr in enumerate(grid._tbl.tr_lst):
        properties = tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if n < header_rows:
            properties.append(OxmlElement("w:tblHeader"))


def _write_budget(grid: Table, table: TargetTable) -> None:
    top = _new_row(
        grid,
        [(c, c) for c in range(NCOLS)],
        [
            "预算规模及资金用途",
            "预算数",
            _money(table.budget_total_yuan),
            "其中：财政资金",
            _money(table.budget_fiscal_yuan),
            "其他资金",
            _money(table.budget_other_yuan),
        ],
    )
    purpose = table.purpose or "\n".join(item.text for item in table.budget_items)
    below = _new_row(grid, [(0, 0), (1, 6)], ["", purpose])
    _merge_down(top[0], below[0], "预算规模及资金用途")


def _write_plan(grid: Table, plan: SpendingPlan | None) -> None:
    plan = plan or SpendingPlan()
    unit = plan.unit or "%"
    label = f"资金支出计划（{unit}）"
    count = max(len(plan.labels), len(plan.values), len(plan.raw))
    labels = list(plan.labels) + [""] * (count - len(plan.labels))
    values = [_plan_value(plan, i) for i in range(count)]
    if not any(v.strip() for v in values):
        return  # no plan in the input: no empty rows to fill by hand
    if len(labels) > NCOLS - 1:
        # More points than columns (e.g. monthly): list them in one merged cell instead.
        text = "；".join(f"{a}：{b}" for a, b in zip(labels, values, strict=True))
        _new_row(grid, [(0, 0), (1, 6)], [label, text])
        return
    spans = _spread(len(labels), start=1, width=NCOLS - 1)
    top = _new_row(grid, [(0, 0), *spans], [label, *labels], center=True)
    below = _new_row(grid, [(0, 0), *spans], ["", *values], center=True)
    _merge_down(top[0], below[0], label)


def _items_text(table: TargetTable) -> list[str]:
    return [item.text for item in table.budget_items if item.text]


def _untruncated(text: str, items: list[str]) -> str:
    """A 依据 the drafter shortened with “…”: the full breakdown item it quotes."""
    if not text.endswith("…"):
        return text
    stem = text.rstrip("…").strip()
    for lead in ("测算依据：", "测算依据:", "依据："):
        stem = stem.removeprefix(lead)
    for item in items:
        if stem and stem[:12] in item:
            return text[: len(text) - len(text.lstrip())] + text.rstrip("…")[: text.find(stem)] + item
    return text.rstrip("…")


def _write_indicators(grid: Table, indicators: list[Indicator], items: list[str] | None = None) -> None:
    run1: list[_Cell] = []  # cells of the current 一级 run
    run2: list[_Cell] = []  # cells of the current 二级 run
    key1 = key2 = None
    for indicator in indicators:
        level1 = indicator.level1 or indicator.raw_level1
        level2 = indicator.level2 or indicator.raw_level2
        cells = _new_row(
            grid,
            list(INDICATOR_SPANS),
            [
                level1,
                level2,
                indicator.name,
                indicator.description,
                indicator.value,
                _untruncated(indicator.basis, items or []),
            ],
        )
        if (level1, level2) != key2:
            _close_run(run2, key2[1] if key2 else None)
            run2, key2 = [], (level1, level2)
        if level1 != key1:
            _close_run(run1, key1)
            run1, key1 = [], level1
        run1.append(cells[0])
        run2.append(cells[1])
    _close_run(run1, key1)
    _close_run(run2, key2[1] if key2 else None)


def _close_run(cells: list[_Cell], text: str | None) -> None:
    if len(cells) > 1:
        _merge_down(cells[0], cells[-1], text or "")


def _merge_down(top: _Cell, bottom: _Cell, text: str) -> None:
    merged = top.merge(bottom)
    _set_text(merged, text, center=True)


def _apply_widths(grid: Table) -> None:
    """Word reads tcW per cell, LibreOffice the grid: set both, spans get the summed width."""
    for tr in grid._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(WIDTHS_CM[column : column + span]))
            column += span


def _spread(count: int, start: int, width: int) -> list[tuple[int, int]]:
    """Split `width` columns from `start` into `count` near-equal spans."""
    base, extra = divmod(width, count)
    spans, column = [], start
    for i in range(count):
        size = base + (1 if i < extra else 0)
        spans.append((column, column + size - 1))
        column += size
    return spans


def _plan_value(plan: SpendingPlan, i: int) -> str:
    if i < len(plan.raw) and plan.raw[i].strip():
        return plan.raw[i]
    value = plan.values[i] if i < len(plan.values) else None
    if value is None:
        return ""
    return f"{_decimal_text(value)}{plan.unit or '%'}"


def _money(yuan: Decimal | None) -> str:
    amount = wan(yuan)
    return "" if amount is None else _decimal_text(amount)


def _decimal_text(value: Decimal) -> str:
    # Avoid scientific notation such as 1E+2 from normalised Decimals.
    return format(value, "f")


def _goals_text(goals: list[str]) -> str:
    goals = [g.strip() for g in goals if g and g.strip()]
    if len(goals) == 1 or all(_NUMBERED.match(g) for g in goals):
        return "\n".join(goals)
    return "\n".join(f"{n}.{g}" for n, g in enumerate(goals, start=1))


def _write_findings(document, table: TargetTable, index: int, findings: list[Finding]) -> None:
    _add_paragraph(document, FINDINGS_HEADING, size=TITLE_PT, bold=True, center=True)
    name = table.project or f"第{index + 1}张表"
    _add_paragraph(document, f"{index + 1}. {name}", bold=True)
    for finding in findings:
        where = _finding_place(table, finding)
        severity = _SEVERITY_LABEL.get(finding.severity, str(finding.severity))
        text = f"[{finding.code}]（{severity}）{where}{finding.message}"
        if finding.hint:
            text += f" 建议：{finding.hint}"
        _add_paragraph(document, text)


def _finding_place(table: TargetTable | None, finding: Finding) -> str:
    if finding.indicator is None:
        return ""
    label = f"第{finding.indicator + 1}条指标"
    if table and 0 <= finding.indicator < len(table.indicators):
        name = table.indicators[finding.indicator].name
        if name:
            label += f"「{name}」"
    return label + "："
