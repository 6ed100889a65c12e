"""Excel layouts (openpyxl, xlwt) read back row by row: several tables per sheet or book, headers
over two merged rows, number and date formats, hidden rows and columns."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from tests.reader_layouts_common import (
    HEAD,
    ROWS,
    form_labels,
    read_tables,
)

SHEET_ROWS = [
    ("产出指标", "数量指标", "巡护次数", "≥100次"),
    ("产出指标", "质量指标", "巡护覆盖率", 0.95),
    ("产出指标", "时效指标", "完成时间", dt.date(2024, 12, 31)),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]
SHEET_READ = [
    ("产出指标", "数量指标", "巡护次数", "≥100次"),
    ("产出指标", "质量指标", "巡护覆盖率", "95%"),
    ("产出指标", "时效指标", "完成时间", "2024-12-31"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]


def _save_book(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_table(sheet, top: int, project: str, numbered: bool = False) -> int:  # noqa: ANN001
    """A titled table from row `top`, numbers as numbers (0.95 shown as 95%), dates as dates;
    returns the next free row."""
    sheet.cell(top, 1, f"{project}项目绩效目标表")
    for r, row in enumerate(form_labels(project)):
        for c, text in enumerate(row):
            sheet.cell(top + 1 + r, 1 + c, float(text) if text == "12.5" else text)
    head = (["序号"] if numbered else []) + HEAD
    for c, text in enumerate(head):
        sheet.cell(top + 3, 1 + c, text)
    for r, row in enumerate(SHEET_ROWS):
        values = ([r + 1] if numbered else []) + list(row)
        for c, value in enumerate(values):
            cell = sheet.cell(top + 4 + r, 1 + c, value)
            if isinstance(value, float):
                cell.number_format = "0%"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    return top + 4 + len(SHEET_ROWS)



def _labels_and_head(sheet, head: list[str]) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """The form's label rows, then the indicator header on row 3."""
    for r, row in enumerate(form_labels()):
        for c, text in enumerate(row):
            sheet.cell(1 + r, 1 + c, text)
    for c, text in enumerate(head):
        sheet.cell(3, 1 + c, text)

def test_xlsx_tables_on_one_sheet_apart_by_blank_rows() -> None:
    """The second table's title, below a blank row, is a title, not a row of the first table."""
    book = openpyxl.Workbook()
    end = _sheet_table(book.active, 1, "森林防火巡护")
    _sheet_table(book.active, end + 2, "河道保洁")
    tables, document = read_tables(_save_book(book), "two.xlsx")
    assert tables == [("森林防火巡护", SHEET_READ), ("河道保洁", SHEET_READ)]
    assert [t.budget_total_yuan for t in document.tables] == [Decimal("125000")] * 2


def test_xlsx_one_table_per_sheet() -> None:
    book = openpyxl.Workbook()
    _sheet_table(book.active, 1, "森林防火巡护")
    _sheet_table(book.create_sheet("河道"), 1, "河道保洁")
    assert read_tables(_save_book(book), "sheets.xlsx")[0] == [("森林防火巡护", SHEET_READ), ("河道保洁", SHEET_READ)]


def test_xlsx_numbered_rows() -> None:
    book = openpyxl.Workbook()
    _sheet_table(book.active, 1, "森林防火巡护", numbered=True)
    assert read_tables(_save_book(book), "numbered.xlsx")[0] == [("森林防火巡护", SHEET_READ)]


def test_xlsx_header_over_two_merged_rows() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    _labels_and_head(sheet, HEAD)
    sheet.cell(4, 4, "年度指标值")
    sheet.cell(4, 5, "中期指标值")
    sheet.merge_cells("D3:E3")
    for column in "ABC":
        sheet.merge_cells(f"{column}3:{column}4")
    for r, row in enumerate(ROWS):
        for c, text in enumerate(list(row) + ["同左"]):
            sheet.cell(5 + r, 1 + c, text)
    sheet.merge_cells("A5:A7")  # 产出指标 over its three rows: the covered cells lose their text
    assert read_tables(_save_book(book), "two_tier.xlsx")[0] == [("森林防火巡护", ROWS)]


def test_xls_percent_and_date_cells() -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("绩效目标")
    for r, row in enumerate(form_labels()):
        for c, text in enumerate(row):
            sheet.write(r, c, text)
    for c, text in enumerate(HEAD):
        sheet.write(2, c, text)
    percent, date = xlwt.easyxf(num_format_str="0%"), xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(SHEET_ROWS):
        for c, value in enumerate(row):
            style = percent if isinstance(value, float) else date if isinstance(value, dt.date) else None
            sheet.write(3 + r, c, value, style) if style else sheet.write(3 + r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_tables(buffer.getvalue(), "old.xls")[0] == [("森林防火巡护", SHEET_READ)]


def test_xlsx_dates_read_as_the_sheet_shows_them() -> None:
    """A month stored as a date (2024-12-01 shown as 2024年12月) reads as the month, not the 1st."""
    book = openpyxl.Workbook()
    sheet = book.active
    _labels_and_head(sheet, HEAD)
    dates = [
        ("完成时间", dt.date(2024, 12, 1), 'yyyy"年"m"月"', "2024年12月"),
        ("验收时间", dt.date(2024, 11, 30), '[$-804]yyyy"年"m"月"d"日";@', "2024年11月30日"),
        ("开工时间", dt.date(2024, 3, 5), "m月d日", "3月5日"),
        ("招标时间", dt.date(2024, 3, 5), "yyyy-mm-dd", "2024-03-05"),
        ("交付时间", dt.datetime(2024, 6, 30, 0, 0), 'yyyy"年"m"月"d"日" h:mm', "2024-06-30"),  # with a time: ISO
    ]
    for r, (name, value, code, _) in enumerate(dates):
        for c, text in enumerate(["产出指标", "时效指标", name]):
            sheet.cell(4 + r, 1 + c, text)
        sheet.cell(4 + r, 4, value).number_format = code
    tables, _ = read_tables(_save_book(book), "dates.xlsx")
    assert tables == [("森林防火巡护", [("产出指标", "时效指标", n, shown) for n, _, _, shown in dates])]


def _grid_sheet(rows: list[tuple[str, ...]], head: list[str] = HEAD):  # noqa: ANN202
    book = openpyxl.Workbook()
    sheet = book.active
    _labels_and_head(sheet, head)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            sheet.cell(4 + r, 1 + c, text)
    return book, sheet


def test_xlsx_hidden_rows_are_not_read() -> None:
    """A row hidden in the sheet (an indicator struck out) is not part of the table shown."""
    struck = ("产出指标", "数量指标", "旧指标（已删除）", "≥1个")
    book, sheet = _grid_sheet([ROWS[0], struck, *ROWS[1:]])
    sheet.row_dimensions[5].hidden = True
    assert read_tables(_save_book(book), "hidden.xlsx")[0] == [("森林防火巡护", ROWS)]


def test_xlsx_merged_cell_starting_in_a_hidden_row_shows_below() -> None:
    struck = ("产出指标", "数量指标", "旧指标（已删除）", "≥1个")
    book, sheet = _grid_sheet([struck, *ROWS])
    sheet.merge_cells("A4:A7")  # 产出指标 from the hidden row down over the three visible ones
    sheet.merge_cells("B4:B6")  # 数量指标 likewise
    sheet.row_dimensions[4].hidden = True
    assert read_tables(_save_book(book), "hidden_anchor.xlsx")[0] == [("森林防火巡护", ROWS)]


def test_xlsx_hidden_columns_read_empty() -> None:
    """A hidden column of last year's values does not stand beside the value column shown."""
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实施期指标值"]
    old = [(*row[:3], "≥1", row[3]) for row in ROWS]  # 年度指标值 hidden: the other one is shown
    book, sheet = _grid_sheet(old, head)
    sheet.column_dimensions["D"].hidden = True
    assert read_tables(_save_book(book), "hidden_col.xlsx")[0] == [("森林防火巡护", ROWS)]


def test_xlsx_number_formats_with_words_read_as_shown() -> None:
    """Numbers stored bare whose format writes the sign and unit (0.95 under "≥"0% shows ≥95%,
    500 under 0"人次" shows 500人次) read with them."""
    cells = [
        ("巡护次数", 100, '"≥"0"次"', "≥100次"),
        ("培训人数", 50, '≥0人', "≥50人"),
        ("巡护覆盖率", 0.95, '"≥"0%', "≥95%"),
        ("森林火灾发生率", 1, '"≤"0"%"', "≤1%"),
        ("群众满意度", 0.9, '[$-804]"≥"0.0%', "≥90.0%"),
        ("巡护里程", 1234.5, "#,##0.00", "1234.5"),  # no words: the number as before
    ]
    book, sheet = _grid_sheet([("产出指标", "数量指标", name, "") for name, _, _, _ in cells])
    for r, (_, value, code, _) in enumerate(cells):
        sheet.cell(4 + r, 4, value).number_format = code
    tables, _ = read_tables(_save_book(book), "formats.xlsx")
    assert tables == [("森林防火巡护", [("产出指标", "数量指标", n, shown) for n, _, _, shown in cells])]


def test_number_templates() -> None:
    from assistant.parse.xlsx_formats import cell_text, shown_format

    assert cell_text(95.5, shown_format('0.##"万元"')) == "95.5万元"
    assert cell_text(95.5, shown_format('"不低于"0.0')) == "不低于95.5"
    assert cell_text(3, shown_format('General"个"')) == "3个"
    assert cell_text(float("nan"), shown_format('"≥"0%')) == cell_text(float("inf"), 0) == ""
    assert cell_text(1e300, shown_format('0.00"人"')).endswith("0")  # too long to round: bare
    for code in ("0.00", "#,##0_);(#,##0)", "@", "0.00E+00", 'h"时"mm"分"', "0_ "):
        assert not hasattr(shown_format(code), "prefix"), code
