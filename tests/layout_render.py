"""Render a TargetTable into the layouts users paste or upload (for tests/test_layouts.py).

Each renderer returns text (or .docx bytes); the test reads it back and compares.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import docx

from assistant.model import TargetTable, wan

LABEL_WIDTH = 4


def _fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{wan(value)}"


def label_rows(table: TargetTable) -> list[list[str]]:
    """The upper part as 4-column rows: label | value | label | value."""
    budget = _fmt(table.budget_total_yuan)
    fiscal = _fmt(table.budget_fiscal_yuan) or budget
    rows = [
        ["项目名称", table.project, "主管部门", table.unit_name or "某某局"],
        ["预算数（万元）", budget, "其中：财政资金", fiscal],
    ]
    if table.goals:
        rows.append(["绩效目标", "；".join(table.goals), "", ""])
    return rows


def columns(table: TargetTable) -> list[str]:
    """Grid columns: description/basis only when the table has them (web copies drop empties)."""
    cols = ["一级指标", "二级指标", "三级指标"]
    if any(i.description for i in table.indicators):
        cols.append("指标解释")
    cols.append("指标值")
    if any(i.basis for i in table.indicators):
        cols.append("指标值确定依据")
    return cols


def grid_rows(table: TargetTable, merged: bool, cols: list[str] | None = None) -> list[list[str]]:
    """Indicator rows under `cols`; with `merged`, 一级/二级 only on the first row of a group."""
    cols = cols or columns(table)
    rows = []
    last1 = last2 = None
    for ind in table.indicators:
        l1, l2 = ind.level1, ind.level2
        if merged:
            show1 = l1 if l1 != last1 else ""
            show2 = l2 if (l2, l1) != (last2, last1) else ""
        else:
            show1, show2 = l1, l2
        last1, last2 = l1, l2
        cell = {
            "一级指标": show1,
            "二级指标": show2,
            "三级指标": ind.name,
            "指标解释": ind.description,
            "指标值": ind.target.raw,
            "指标值确定依据": ind.basis,
            "备注": ind.basis,
        }
        rows.append([cell[c] for c in cols])
    return rows


def title(table: TargetTable) -> str:
    return f"{table.project}项目绩效目标表"


def tab_text(table: TargetTable, merged: bool) -> str:
    lines = [title(table), "单位：万元"]
    lines += ["\t".join(r) for r in label_rows(table)]
    lines.append("\t".join(columns(table)))
    lines += ["\t".join(r) for r in grid_rows(table, merged)]
    return "\n".join(lines) + "\n"


def markdown_text(table: TargetTable, outer_pipes: bool, merged: bool) -> str:
    def line(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if outer_pipes else body

    lines = [title(table), ""]
    lines += [line(r) for r in label_rows(table)]
    lines.append("")
    cols = columns(table)
    lines.append(line(cols))
    lines.append(line(["---"] * len(cols)))
    lines += [line(r) for r in grid_rows(table, merged)]
    return "\n".join(lines) + "\n"


def cell_per_line_text(table: TargetTable) -> str:
    """Web copy: every non-empty cell on its own line, blank lines between."""
    cells = [title(table)]
    for row in label_rows(table):
        cells += [c for c in row if c]
    cells += columns(table)
    for row in grid_rows(table, merged=True):
        cells += [c for c in row if c]
    return "\n\n".join(cells) + "\n"


_SPLIT_VALUE = re.compile(r"^([≥≤]?)(\d+(?:\.\d+)?)(%|万元|元|人|个|次|户|年|平方米)$")
_DIRECTION = {"≥": "正向", "≤": "反向", "": "正向"}


EXTRA_HEADER = ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标方向",
                "分值", "评(扣)分标准"]


def extra_rows(table: TargetTable) -> tuple[list[list[str]], list[str]]:
    """Grid rows under EXTRA_HEADER, the value split into number + unit + direction where it is
    a plain quantity, and the value each row should read back as."""
    rows, expected = [], []
    for row, ind in zip(grid_rows(table, merged=True, cols=["一级指标", "二级指标", "三级指标"]),
                        table.indicators, strict=True):
        raw = ind.target.raw
        match = _SPLIT_VALUE.match(raw)
        if match:
            sign, number, unit = match.groups()
            direction = _DIRECTION[sign]
            rows.append(row + ["定量", number, unit, direction, "10", "完成得满分，未完成按比例扣分"])
            expected.append(("≥" if direction == "正向" else "≤") + number + unit)
        else:
            rows.append(row + ["定性", raw, "", "", "10", "达成得满分，否则不得分"])
            expected.append(raw)
    return rows, expected


def extra_columns_text(table: TargetTable, layout: str = "tab") -> tuple[str, list[str]]:
    """Tab or Markdown rows with 指标值类型/计量单位/指标方向/分值/评(扣)分标准 columns."""
    rows, expected = extra_rows(table)
    sep = "\t" if layout == "tab" else " | "
    lines = [title(table), "单位：万元"]
    lines += [sep.join(r) for r in label_rows(table)]
    lines.append(sep.join(EXTRA_HEADER))
    if layout != "tab":
        lines.append(sep.join(["---"] * len(EXTRA_HEADER)))
    lines += [sep.join(r) for r in rows]
    return "\n".join(lines) + "\n", expected


def _merge_runs(grid, column: int, values: list[str]) -> None:  # noqa: ANN001
    """Vertically merge equal consecutive first-level cells, as Word users do."""
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            if index - start > 1:
                grid.cell(start + 1, column).merge(grid.cell(index, column))
            start = index


def _add_project(document, table: TargetTable, grid_cols: list[str], merge_level2: bool) -> None:  # noqa: ANN001
    document.add_paragraph(title(table))
    labels = label_rows(table)
    upper = document.add_table(rows=len(labels), cols=LABEL_WIDTH)
    for r, row in enumerate(labels):
        for c, text in enumerate(row):
            upper.cell(r, c).text = text
    rows = extra_rows(table)[0] if grid_cols == EXTRA_HEADER else grid_rows(table, True, grid_cols)
    grid = document.add_table(rows=len(rows) + 1, cols=len(grid_cols))
    for c, text in enumerate(grid_cols):
        grid.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    _merge_runs(grid, 0, [i.level1 for i in table.indicators])
    if merge_level2:
        _merge_runs(grid, 1, [f"{i.level1}/{i.level2}" for i in table.indicators])


def docx_bytes(tables: list[TargetTable], merge_level2: bool = False, extra: bool = False) -> bytes:
    """Label part in a 4-column Word table, the grid (一级|二级|三级|指标值|备注, or the extra
    columns) in a second one."""
    document = docx.Document()
    cols = EXTRA_HEADER if extra else ["一级指标", "二级指标", "三级指标", "指标值", "备注"]
    for table in tables:
        _add_project(document, table, cols, merge_level2)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- PDF: the renderer lives in tests/pdf_render.py ------------------------------------------
def pdf_bytes(tables: list[TargetTable], merge_level2: bool = False, page_break: bool = False) -> bytes:
    """Tables as a PDF with a text layer and ruling lines (see tests/pdf_render.py)."""
    from tests.pdf_render import pdf_bytes as render_pdf

    return render_pdf(tables, merge_level2, page_break)


# -- workbooks (openpyxl .xlsx, xlwt .xls) and web pages -----------------------------------
SHEET_COLS = ["一级指标", "二级指标", "三级指标", "指标值", "备注"]
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_PLAIN_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")


def sheet_cell(text: str) -> tuple[object, str | None]:
    """A value as Excel users type it: plain numbers as numbers, '95%' as 0.95 in a percent format."""
    if _PLAIN_NUMBER.match(text):
        return float(text), None
    percent = _PLAIN_PERCENT.match(text)
    if percent:
        decimals = len(percent.group(1).partition(".")[2])
        return float(Decimal(percent.group(1)) / 100), "0" + ("." + "0" * decimals if decimals else "") + "%"
    return text, None


def sheet_rows(table: TargetTable) -> list[tuple[list[object], list[tuple[int, int]]]]:
    """Rows of one project on a 5-column sheet, with each row's horizontal merges (first, last)."""
    rows: list[tuple[list[object], list[tuple[int, int]]]] = [
        ([title(table), "", "", "", ""], [(0, 4)]),
        (["", "", "", "", "单位：万元"], []),
    ]
    for label in label_rows(table):
        values: list[object] = list(label)  # the budget becomes a number in `sheet_cell`
        if label[0] == "绩效目标":
            rows.append(([values[0], values[1], "", "", ""], [(1, 4)]))
        else:
            rows.append((values + [""], [(3, 4)]))
    rows.append((list(SHEET_COLS), []))
    rows += [(list(r), []) for r in grid_rows(table, merged=True, cols=SHEET_COLS)]
    return rows


def _vertical_runs(table: TargetTable, merge_level2: bool) -> list[tuple[int, int, int]]:
    """(column, first grid row, last grid row) of merged 一级 (and 二级) runs, 0-based in the grid."""
    runs = []
    columns = [(0, [i.level1 for i in table.indicators])]
    if merge_level2:
        columns.append((1, [f"{i.level1}/{i.level2}" for i in table.indicators]))
    for column, values in columns:
        start = 0
        for index in range(1, len(values) + 1):
            if index == len(values) or values[index] != values[start]:
                if index - start > 1:
                    runs.append((column, start, index - 1))
                start = index
    return runs


def xlsx_bytes(tables: list[TargetTable], merge_level2: bool = False, sheet_per_table: bool = False) -> bytes:
    """Projects on one sheet (a blank row between) or one sheet each; numbers stored as numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    row_number = 1
    for n, table in enumerate(tables):
        if sheet_per_table and n:
            sheet = book.create_sheet(f"项目{n + 1}")
            row_number = 1
        rows = sheet_rows(table)
        for values, merges in rows:
            for column, text in enumerate(values, start=1):
                value, fmt = sheet_cell(text) if isinstance(text, str) else (text, None)
                if value != "":
                    cell = sheet.cell(row_number, column, value)
                    if fmt:
                        cell.number_format = fmt
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # '=100%' typed as text, not a formula
            for first, last in merges:
                sheet.merge_cells(start_row=row_number, start_column=first + 1,
                                  end_row=row_number, end_column=last + 1)
            row_number += 1
        grid_top = row_number - len(table.indicators)
        for column, first, last in _vertical_runs(table, merge_level2):
            sheet.merge_cells(start_row=grid_top + first, start_column=column + 1,
                              end_row=grid_top + last, end_column=column + 1)
        row_number += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_bytes(tables: list[TargetTable], merge_level2: bool = False) -> bytes:
    """The same layout as `xlsx_bytes` on one sheet, written as a legacy .xls (BIFF8)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    styles: dict[str, object] = {}
    row_index = 0
    for table in tables:
        for values, merges in sheet_rows(table):
            merged_away = {c for first, last in merges for c in range(first + 1, last + 1)}
            for column, text in enumerate(values):
                value, fmt = sheet_cell(text) if isinstance(text, str) else (text, None)
                if column in merged_away or value == "":
                    continue
                style = styles.setdefault(fmt, xlwt.easyxf(num_format_str=fmt)) if fmt else None
                spans = [m for m in merges if m[0] == column]
                if spans:
                    args = (row_index, row_index, spans[0][0], spans[0][1], value)
                    sheet.write_merge(*args, style) if style else sheet.write_merge(*args)
                else:
                    sheet.write(row_index, column, value, style) if style else sheet.write(row_index, column, value)
            row_index += 1
        row_index += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def html_text(tables: list[TargetTable], merge_level2: bool = False, charset: str = "utf-8") -> str:
    """A saved web page: title and unit as paragraphs, one <table> per project with the label
    part's last value spanning two columns, 绩效目标 spanning four, 一级 (and 二级) as rowspans."""
    from html import escape

    def cell(text: str, **attrs: int) -> str:
        extra = "".join(f' {k}="{v}"' for k, v in attrs.items() if v > 1)
        return f"<td{extra}>{escape(text).replace(chr(10), '<br>')}</td>"

    parts = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
             "<title>绩效目标</title></head><body>"]
    for table in tables:
        parts += [f"<h3>{escape(title(table))}</h3>", '<p align="right">单位：万元</p>', '<table border="1">']
        for label in label_rows(table):
            if label[0] == "绩效目标":
                parts.append("<tr>" + cell(label[0]) + cell(label[1].replace("；", "\n"), colspan=4) + "</tr>")
            else:
                parts.append("<tr>" + "".join(cell(t) for t in label[:3]) + cell(label[3], colspan=2) + "</tr>")
        parts.append("<tr>" + "".join(f"<th>{c}</th>" for c in SHEET_COLS) + "</tr>")
        runs = {(column, first): last - first + 1 for column, first, last in _vertical_runs(table, merge_level2)}
        covered = {(column, r) for column, first, last in _vertical_runs(table, merge_level2)
                   for r in range(first + 1, last + 1)}
        for r, row in enumerate(grid_rows(table, merged=False, cols=SHEET_COLS)):
            cells = [cell(text, rowspan=runs.get((c, r), 1)) for c, text in enumerate(row) if (c, r) not in covered]
            parts.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
