"""Table layouts published target tables use, written as real files (python-docx, openpyxl,
xlwt, HTML, reportlab PDF) and read back row by row: headers over two rows, merged cells,
several tables in one file, tables continued over pages, layout tables, number formats."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import docx
import openpyxl
import pytest

from assistant.parse import read_bytes
from assistant.parse.blocks import Para, Row
from assistant.parse.header_rows import join_header, join_header_rows

ROWS = [
    ("产出指标", "数量指标", "巡护次数", "≥100次"),
    ("产出指标", "数量指标", "培训人数", "≥50人"),
    ("产出指标", "质量指标", "巡护覆盖率", "≥95%"),
    ("效益指标", "社会效益指标", "森林火灾发生率", "≤1%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]
HEAD = ["一级指标", "二级指标", "三级指标", "指标值"]
LABELS = [["项目名称", "森林防火巡护", "主管部门", "某某局"], ["预算数（万元）", "12.5", "其中：财政资金", "12.5"]]


def _rows(table) -> list[tuple[str, str, str, str]]:  # noqa: ANN001
    return [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators]


def _read(data: bytes, name: str):  # noqa: ANN202
    document = read_bytes(data, name)
    return [(t.project, _rows(t)) for t in document.tables], document


def _labels(project: str = "森林防火巡护") -> list[list[str]]:
    return [[project if c == "森林防火巡护" else c for c in row] for row in LABELS]


# -- the joining rule itself ---------------------------------------------------------------


def test_join_header_reads_two_tiers_as_one() -> None:
    upper = ["一级指标", "二级指标", "三级指标", "指标值", ""]
    assert join_header(upper, ["", "", "", "年度指标值", "中期指标值"]) == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "中期指标值"]
    # short period words under 指标值 name the value columns
    assert join_header(upper, ["", "", "", "年度", "实施期"]) == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实施期指标值"]
    assert join_header(upper, ["", "", "", "2024年", "2025-2026年"])[3:] == ["2024年指标值", "2025-2026年指标值"]
    assert join_header(upper, ["", "", "", "年度目标", "预期值"])[3:] == ["年度指标值", "预期值"]
    # 绩效指标 spanning the three levels, 指标值 merged down
    assert join_header(["绩效指标", "", "", "指标值"], ["一级指标", "二级指标", "三级指标", ""]) == [
        "一级指标", "二级指标", "三级指标", "指标值"]


@pytest.mark.parametrize("lower", [
    ["产出指标", "数量指标", "巡护次数", "≥100次"],  # the first indicator
    ["", "", "巡护次数", "≥100次"],  # one under merged levels
    ["", "", "", "≥100", "次"],  # a value split under the spanning heading
    ["三级指标", "", "", ""],  # a heading under another heading
    ["", "", "", "指标值确定依据"],  # under the value heading, no value heading
    ["", "", "", "2024年12月", "同左"],  # a date is a value, not a year heading
])
def test_join_header_leaves_content_rows(lower: list[str]) -> None:
    assert join_header(["一级指标", "二级指标", "三级指标", "指标值", ""], lower) is None


def test_join_header_needs_headings_above() -> None:
    assert join_header(["项目名称", "森林防火巡护", "", ""], ["", "", "", "年度指标值"]) is None
    blocks = [Row(cells=["一级指标", "二级指标", "三级指标", "指标值"], table=0),
              Row(cells=["", "", "", "年度指标值", "中期指标值"], table=1)]
    assert len(join_header_rows(blocks)) == 2  # rows of two tables are never joined
    joined = join_header_rows([blocks[0], Row(cells=blocks[1].cells, table=0), Para(text="说明")])
    assert [type(b) for b in joined] == [Row, Para] and joined[0].cells[3:] == ["年度指标值", "中期指标值"]


# -- Word ----------------------------------------------------------------------------------


def _save_docx(document) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(table, rows: list[list[str]], top: int = 0) -> None:  # noqa: ANN001
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(top + r, c).text = text


def _docx_labels(document, project: str = "森林防火巡护") -> None:  # noqa: ANN001
    _fill(document.add_table(rows=2, cols=4), _labels(project))


def _merge_runs(table, column: int, values: list[str], top: int) -> None:  # noqa: ANN001
    """Vertical merges (w:vMerge) over runs of equal values in `column`."""
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            if index - 1 > start:
                table.cell(top + start, column).merge(table.cell(top + index - 1, column)).text = values[start]
            start = index


@pytest.mark.parametrize("tiers", [
    ("年度指标值", "中期指标值"), ("年度", "实施期"), ("年度目标", "整体目标"), ("2024年", "2025-2027年"),
    ("预期值", "实际值"),
])
def test_docx_header_over_two_rows(tiers: tuple[str, str]) -> None:
    """指标值 spanning 年度指标值 | 中期指标值 (or periods, years, 预期值 | 实际值), the levels merged
    down over both header rows: the first (annual) column's values are the targets."""
    document = docx.Document()
    document.add_paragraph("森林防火巡护项目绩效目标表")
    _docx_labels(document)
    grid = document.add_table(rows=2 + len(ROWS), cols=5)
    _fill(grid, [HEAD + [""], ["", "", "", *tiers]])
    _fill(grid, [list(r) + ["≥1个"] for r in ROWS], top=2)
    grid.cell(0, 3).merge(grid.cell(0, 4)).text = "指标值"
    for column in range(3):
        grid.cell(0, column).merge(grid.cell(1, column)).text = HEAD[column]
    assert _read(_save_docx(document), "two_tier.docx")[0] == [("森林防火巡护", ROWS)]


def test_docx_merged_levels_and_value_split_under_one_heading() -> None:
    """一级/二级 merged down (vMerge); comparator | number | unit in cells of their own under one
    指标值 heading spanning them (gridSpan)."""
    document = docx.Document()
    _docx_labels(document)
    grid = document.add_table(rows=1 + len(ROWS), cols=6)
    _fill(grid, [HEAD + ["", ""]])
    grid.cell(0, 3).merge(grid.cell(0, 5)).text = "指标值"
    for r, row in enumerate(ROWS):
        parts = re.fullmatch(r"([≥≤]?)([\d.]+)(.*)", row[3]).groups()  # type: ignore[union-attr]
        _fill(grid, [list(row[:3]) + list(parts)], top=1 + r)
    _merge_runs(grid, 0, [r[0] for r in ROWS], 1)
    _merge_runs(grid, 1, [r[1] for r in ROWS], 1)
    assert _read(_save_docx(document), "split.docx")[0] == [("森林防火巡护", ROWS)]


def _docx_grid(document, rows: list[tuple[str, ...]], header: bool = True) -> None:  # noqa: ANN001
    grid = document.add_table(rows=len(rows) + header, cols=4)
    _fill(grid, ([HEAD] if header else []) + [list(r) for r in rows])


def test_docx_two_tables_each_with_its_project() -> None:
    document = docx.Document()
    for project in ("森林防火巡护", "河道保洁"):
        document.add_paragraph(f"{project}项目绩效目标表")
        _docx_labels(document, project)
        _docx_grid(document, ROWS)
        document.add_page_break()
    assert _read(_save_docx(document), "two.docx")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]


def test_docx_table_continued_after_a_page_break_without_its_header() -> None:
    document = docx.Document()
    _docx_labels(document)
    _docx_grid(document, ROWS[:3])
    document.add_page_break()
    _docx_grid(document, ROWS[3:], header=False)
    assert _read(_save_docx(document), "continued.docx")[0] == [("森林防火巡护", ROWS)]


def test_docx_table_inside_a_layout_table_cell() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "森林防火巡护项目绩效目标表"
    _fill(cell.add_table(rows=2, cols=4), _labels())
    grid = cell.add_table(rows=1 + len(ROWS), cols=4)
    _fill(grid, [HEAD] + [list(r) for r in ROWS])
    assert _read(_save_docx(document), "nested.docx")[0] == [("森林防火巡护", ROWS)]


def test_docx_traditional_script() -> None:
    """Traditional-script labels and categories read as the simplified ones; names as written."""
    rows = [("產出指標", "數量指標", "巡護次數", "≥100次"), ("效益指標", "社會效益指標", "森林火災發生率", "≤1%"),
            ("滿意度指標", "服務對象滿意度指標", "群眾滿意度", "≥90%")]
    document = docx.Document()
    document.add_paragraph("森林防火巡護項目績效目標表")
    _fill(document.add_table(rows=2, cols=4),
          [["項目名稱", "森林防火巡護", "主管部門", "某某局"], ["預算數（萬元）", "12.5", "其中：財政資金", "12.5"]])
    grid = document.add_table(rows=1 + len(rows), cols=4)
    _fill(grid, [["一級指標", "二級指標", "三級指標", "指標值"]] + [list(r) for r in rows])
    tables, document_read = _read(_save_docx(document), "trad.docx")
    assert tables == [("森林防火巡護", [
        ("产出指标", "数量指标", "巡護次數", "≥100次"), ("效益指标", "社会效益指标", "森林火災發生率", "≤1%"),
        ("满意度指标", "服务对象满意度指标", "群眾滿意度", "≥90%")])]
    assert document_read.tables[0].budget_total_yuan == Decimal("125000")


def test_docx_whole_form_in_one_table_with_a_two_tier_header() -> None:
    """Labels (merged across), 年度绩效目标, then 绩效指标 merged down the left of the grid,
    whose header takes two rows (指标值 over 年度指标值 | 中期指标值), all one Word table."""
    document = docx.Document()
    document.add_paragraph("2024年森林防火巡护项目支出绩效目标表")
    grid = document.add_table(rows=7 + len(ROWS), cols=6)
    grid.cell(0, 0).text = "项目名称"
    grid.cell(0, 1).merge(grid.cell(0, 5)).text = "森林防火巡护"
    grid.cell(1, 0).merge(grid.cell(2, 0)).text = "项目资金（万元）"
    grid.cell(1, 1).merge(grid.cell(1, 2)).text = "年度资金总额"
    grid.cell(1, 3).merge(grid.cell(1, 5)).text = "12.5"
    grid.cell(2, 1).merge(grid.cell(2, 2)).text = "其中：财政拨款"
    grid.cell(2, 3).merge(grid.cell(2, 5)).text = "12.5"
    grid.cell(3, 0).text = "年度绩效目标"
    grid.cell(3, 1).merge(grid.cell(3, 5)).text = "完成全年巡护任务"
    _fill(grid, [["", *HEAD, ""], ["", "", "", "", "年度指标值", "中期指标值"]], top=4)
    _fill(grid, [["", *row, row[3]] for row in ROWS], top=6)
    grid.cell(4, 4).merge(grid.cell(4, 5)).text = "指标值"
    for column in range(1, 4):
        grid.cell(4, column).merge(grid.cell(5, column)).text = HEAD[column - 1]
    grid.cell(4, 0).merge(grid.cell(6 + len(ROWS), 0)).text = "绩效指标"
    tables, document_read = _read(_save_docx(document), "form.docx")
    assert tables == [("森林防火巡护", ROWS)]
    assert document_read.tables[0].budget_total_yuan == Decimal("125000")
    assert document_read.tables[0].goals == ["完成全年巡护任务"]


def test_docx_table_continued_in_a_second_table_repeating_its_header() -> None:
    document = docx.Document()
    _docx_labels(document)
    _docx_grid(document, ROWS[:3])
    document.add_page_break()
    _docx_grid(document, ROWS[3:])
    assert _read(_save_docx(document), "repeated.docx")[0] == [("森林防火巡护", ROWS)]


def _run(paragraph, xml: str) -> None:  # noqa: ANN001
    """Append a run (or other inline element) written as WordprocessingML to `paragraph`."""
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph._p.append(parse_xml(xml.replace("W_NS", w)))


def test_docx_symbols_hidden_text_and_tracked_moves() -> None:
    """≥/≤ inserted from the Symbol font (w:sym) read as the signs; text formatted hidden
    (w:vanish) and the source of a tracked move (w:moveFrom) are not read."""
    ns = 'xmlns:w="W_NS"'
    document = docx.Document()
    _docx_labels(document)
    grid = document.add_table(rows=1 + len(ROWS), cols=4)
    _fill(grid, [HEAD] + [list(r[:3]) + [""] for r in ROWS])
    for r, row in enumerate(ROWS, start=1):
        value = grid.cell(r, 3).paragraphs[0]
        sign, rest = row[3][0], row[3][1:]
        code = {"≥": "F0B3", "≤": "F0A3"}[sign]
        _run(value, f'<w:r {ns}><w:sym w:font="Symbol" w:char="{code}"/></w:r>')
        _run(value, f'<w:r {ns}><w:t>{rest}</w:t></w:r>')
        _run(value, f'<w:r {ns}><w:rPr><w:vanish/></w:rPr><w:t>（上年{rest}）</w:t></w:r>')
    name = grid.cell(1, 2).paragraphs[0]
    _run(name, f'<w:moveFrom {ns} w:id="1" w:author="a"><w:r><w:t>次数</w:t></w:r></w:moveFrom>')
    assert _read(_save_docx(document), "symbols.docx")[0] == [("森林防火巡护", ROWS)]


# -- Excel ---------------------------------------------------------------------------------

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
    for r, row in enumerate(_labels(project)):
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


def test_xlsx_tables_on_one_sheet_apart_by_blank_rows() -> None:
    """The second table's title, below a blank row, is a title, not a row of the first table."""
    book = openpyxl.Workbook()
    end = _sheet_table(book.active, 1, "森林防火巡护")
    _sheet_table(book.active, end + 2, "河道保洁")
    tables, document = _read(_save_book(book), "two.xlsx")
    assert tables == [("森林防火巡护", SHEET_READ), ("河道保洁", SHEET_READ)]
    assert [t.budget_total_yuan for t in document.tables] == [Decimal("125000")] * 2


def test_xlsx_one_table_per_sheet() -> None:
    book = openpyxl.Workbook()
    _sheet_table(book.active, 1, "森林防火巡护")
    _sheet_table(book.create_sheet("河道"), 1, "河道保洁")
    assert _read(_save_book(book), "sheets.xlsx")[0] == [("森林防火巡护", SHEET_READ), ("河道保洁", SHEET_READ)]


def test_xlsx_numbered_rows() -> None:
    book = openpyxl.Workbook()
    _sheet_table(book.active, 1, "森林防火巡护", numbered=True)
    assert _read(_save_book(book), "numbered.xlsx")[0] == [("森林防火巡护", SHEET_READ)]


def test_xlsx_header_over_two_merged_rows() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(_labels()):
        for c, text in enumerate(row):
            sheet.cell(1 + r, 1 + c, text)
    for c, text in enumerate(HEAD):
        sheet.cell(3, 1 + c, text)
    sheet.cell(4, 4, "年度指标值")
    sheet.cell(4, 5, "中期指标值")
    sheet.merge_cells("D3:E3")
    for column in "ABC":
        sheet.merge_cells(f"{column}3:{column}4")
    for r, row in enumerate(ROWS):
        for c, text in enumerate(list(row) + ["同左"]):
            sheet.cell(5 + r, 1 + c, text)
    sheet.merge_cells("A5:A7")  # 产出指标 over its three rows: the covered cells lose their text
    assert _read(_save_book(book), "two_tier.xlsx")[0] == [("森林防火巡护", ROWS)]


def test_xls_percent_and_date_cells() -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("绩效目标")
    for r, row in enumerate(_labels()):
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
    assert _read(buffer.getvalue(), "old.xls")[0] == [("森林防火巡护", SHEET_READ)]


# -- HTML ----------------------------------------------------------------------------------


def _html_table(project: str = "森林防火巡护", cell: str = "th", two_tier: bool = False) -> str:
    """Labels in one table, the grid in another: <th> headings, 一级/二级 with rowspan."""
    html = (f"<table border=1><tr><td>项目名称</td><td colspan=3>{project}</td></tr>"
            "<tr><td>预算数（万元）</td><td colspan=3>12.5</td></tr></table><table border=1>")
    if two_tier:
        html += "<tr>" + "".join(f"<{cell} rowspan=2>{h}</{cell}>" for h in HEAD[:3])
        html += f"<{cell} colspan=2>指标值</{cell}></tr><tr><{cell}>年度指标值</{cell}><{cell}>中期指标值</{cell}></tr>"
    else:
        html += "<tr>" + "".join(f"<{cell}>{h}</{cell}>" for h in HEAD) + "</tr>"
    level1_spans = {0: 3, 3: 1, 4: 1}
    level2_spans = {0: 2, 2: 1, 3: 1, 4: 1}
    for n, row in enumerate(ROWS):
        html += "<tr>"
        if n in level1_spans:
            html += f"<td rowspan={level1_spans[n]}>{row[0]}</td>"
        if n in level2_spans:
            html += f"<td rowspan={level2_spans[n]}>{row[1]}</td>"
        html += f"<td>{row[2]}</td><td>{row[3]}</td>" + (f"<td>{row[3]}</td>" if two_tier else "") + "</tr>"
    return html + "</table>"


def _page(body: str, charset: str = "utf-8") -> bytes:
    return f"<html><head><meta charset={charset}></head><body>{body}</body></html>".encode(charset)


@pytest.mark.parametrize("cell", ["th", "td"])
def test_html_heading_cells_and_rowspans(cell: str) -> None:
    data = _page("<h2>森林防火巡护项目绩效目标表</h2>" + _html_table(cell=cell))
    assert _read(data, "page.html")[0] == [("森林防火巡护", ROWS)]


@pytest.mark.parametrize("cell", ["th", "td"])
def test_html_header_over_two_rows(cell: str) -> None:
    assert _read(_page(_html_table(cell=cell, two_tier=True)), "page.html")[0] == [("森林防火巡护", ROWS)]


def test_html_two_tables_on_one_page() -> None:
    body = "".join(f"<h2>{p}项目绩效目标表</h2>" + _html_table(p) for p in ("森林防火巡护", "河道保洁"))
    assert _read(_page(body), "page.html")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]


def test_html_table_inside_a_layout_table() -> None:
    body = f"<table><tr><td><a href='/'>首页</a></td><td>{_html_table()}</td></tr></table>"
    assert _read(_page(body), "page.html")[0] == [("森林防火巡护", ROWS)]


def test_gbk_page_with_the_table_in_div_clutter() -> None:
    body = ("<div class=nav>首页 &gt; 信息公开 &gt; 预算公开</div><div><p>发布时间：2024-01-05 浏览次数：321</p>"
            f"<div class=content>{_html_table()}</div><p>附件下载</p><p>【关闭窗口】【打印本页】</p></div>")
    assert _read(_page(body, "gbk"), "page.html")[0] == [("森林防火巡护", ROWS)]


# -- PDF -----------------------------------------------------------------------------------

LONG_ROWS = [("产出指标", "数量指标", f"第{n}批巡护点位数量", f"≥{n}个") for n in range(1, 61)]
LONG_ROWS += [("效益指标", "社会效益指标", f"第{n}片区火灾发生率", "≤1%") for n in range(1, 11)]


def _pdf(grid: list[list[str]], spans: list[tuple], header_rows: int) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from tests import pdf_render

    title_style, cell_style = pdf_render.pdf_styles()
    story = [
        Paragraph("森林防火巡护项目绩效目标表", title_style),
        pdf_render._pdf_table(_labels(), [80, 170, 80, 190], [], cell_style),
        pdf_render._pdf_table(grid, [62, 80, 140, 110, 128][: len(grid[0])], spans, cell_style, header_rows=header_rows),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36).build(story)
    return buffer.getvalue()


def _pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_pdf_table_over_two_pages_without_a_repeated_header() -> None:
    data = _pdf([HEAD] + [list(r) for r in LONG_ROWS], [], header_rows=0)
    assert _pages(data) >= 2
    assert _read(data, "long.pdf")[0] == [("森林防火巡护", LONG_ROWS)]


@pytest.mark.parametrize("rows", [ROWS, LONG_ROWS], ids=["one_page", "two_pages"])
def test_pdf_header_over_two_rows(rows: list[tuple[str, ...]]) -> None:
    """指标值 spanning 年度 | 中期 columns, both header rows repeated on the next page."""
    grid = [HEAD + [""], ["", "", "", "年度指标值", "中期指标值"]] + [list(r) + [r[3]] for r in rows]
    spans = [((c, 0), (c, 1)) for c in range(3)] + [((3, 0), (4, 0))]
    data = _pdf(grid, spans, header_rows=2)
    assert _pages(data) == (1 if rows is ROWS else 2)
    assert _read(data, "two_tier.pdf")[0] == [("森林防火巡护", rows)]


def test_xlsx_dates_read_as_the_sheet_shows_them() -> None:
    """A month stored as a date (2024-12-01 shown as 2024年12月) reads as the month, not the 1st."""
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(_labels()):
        for c, text in enumerate(row):
            sheet.cell(1 + r, 1 + c, text)
    for c, text in enumerate(HEAD):
        sheet.cell(3, 1 + c, text)
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
    tables, _ = _read(_save_book(book), "dates.xlsx")
    assert tables == [("森林防火巡护", [("产出指标", "时效指标", n, shown) for n, _, _, shown in dates])]


def _grid_sheet(rows: list[tuple[str, ...]], head: list[str] = HEAD):  # noqa: ANN202
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(_labels()):
        for c, text in enumerate(row):
            sheet.cell(1 + r, 1 + c, text)
    for c, text in enumerate(head):
        sheet.cell(3, 1 + c, text)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            sheet.cell(4 + r, 1 + c, text)
    return book, sheet


def test_xlsx_hidden_rows_are_not_read() -> None:
    """A row hidden in the sheet (an indicator struck out) is not part of the table shown."""
    struck = ("产出指标", "数量指标", "旧指标（已删除）", "≥1个")
    book, sheet = _grid_sheet([ROWS[0], struck, *ROWS[1:]])
    sheet.row_dimensions[5].hidden = True
    assert _read(_save_book(book), "hidden.xlsx")[0] == [("森林防火巡护", ROWS)]


def test_xlsx_merged_cell_starting_in_a_hidden_row_shows_below() -> None:
    struck = ("产出指标", "数量指标", "旧指标（已删除）", "≥1个")
    book, sheet = _grid_sheet([struck, *ROWS])
    sheet.merge_cells("A4:A7")  # 产出指标 from the hidden row down over the three visible ones
    sheet.merge_cells("B4:B6")  # 数量指标 likewise
    sheet.row_dimensions[4].hidden = True
    assert _read(_save_book(book), "hidden_anchor.xlsx")[0] == [("森林防火巡护", ROWS)]


def test_xlsx_hidden_columns_read_empty() -> None:
    """A hidden column of last year's values does not stand beside the value column shown."""
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实施期指标值"]
    old = [(*row[:3], "≥1", row[3]) for row in ROWS]  # 年度指标值 hidden: the other one is shown
    book, sheet = _grid_sheet(old, head)
    sheet.column_dimensions["D"].hidden = True
    assert _read(_save_book(book), "hidden_col.xlsx")[0] == [("森林防火巡护", ROWS)]


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
    tables, _ = _read(_save_book(book), "formats.xlsx")
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


def test_docx_value_over_two_paragraphs_and_rows_shifted_by_grid_before() -> None:
    """A value whose sign sits on a line of its own (≥ / 95%); grid rows that skip the first
    grid column (w:gridBefore) under a header that has it (备注 | 一级指标 | …)."""
    from docx.oxml import parse_xml

    document = docx.Document()
    _docx_labels(document)
    grid = document.add_table(rows=1 + len(ROWS), cols=5)
    _fill(grid, [["备注", *HEAD]] + [["", *row[:3], ""] for row in ROWS])
    for r, row in enumerate(ROWS, start=1):
        value = grid.cell(r, 4)
        value.paragraphs[0].text = row[3][0]
        value.add_paragraph(row[3][1:])
    for tr in grid._tbl.tr_lst[1:]:
        tr.remove(tr.tc_lst[0])
        tr.get_or_add_trPr().append(parse_xml(
            '<w:gridBefore xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:val="1"/>'))
    assert _read(_save_docx(document), "shifted.docx")[0] == [("森林防火巡护", ROWS)]


def test_html_row_headings_and_several_bodies() -> None:
    """<thead>, several <tbody>, level cells as <th scope=row>, a rowspan."""
    cells = "".join(f"<th>{h}</th>" for h in HEAD)
    html = f"<table><tr><td>项目名称</td><td>森林防火巡护</td></tr></table><table><thead><tr>{cells}</tr></thead>"
    html += ("<tbody><tr><th scope=row rowspan=2>产出指标</th><th scope=row rowspan=2>数量指标</th>"
             "<td>巡护次数</td><td>≥100次</td></tr><tr><td>培训人数</td><td>≥50人</td></tr></tbody><tbody>")
    html += "".join("<tr>" + "".join(f"<th scope=row>{c}</th>" for c in row[:2])
                    + f"<td>{row[2]}</td><td>{row[3]}</td></tr>" for row in ROWS[2:])
    html += "</tbody></table>"
    assert _read(_page(html), "page.html")[0] == [("森林防火巡护", ROWS)]


@pytest.mark.parametrize("rules", ["three_line", "rows_only", "box_only"])
def test_pdf_partly_ruled_tables(rules: str) -> None:
    """A three-line table (rules above and below the header and at the end), rules under every
    row, or only a box: not a full grid, still read row by row."""
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from tests import pdf_render

    title_style, cell_style = pdf_render.pdf_styles()
    style = {
        "three_line": [("LINEABOVE", (0, 0), (-1, 0), 1, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                       ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black)],
        "rows_only": [("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black), ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)],
        "box_only": [("BOX", (0, 0), (-1, -1), 0.5, colors.black)],
    }[rules]

    def table(rows: list[list[str]], widths: list[int]) -> Table:
        flow = Table([[Paragraph(c, cell_style) for c in row] for row in rows], colWidths=widths)
        flow.setStyle(TableStyle(style))
        return flow

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([
        Paragraph("森林防火巡护项目绩效目标表", title_style),
        table(_labels(), [80, 170, 80, 190]),
        table([HEAD] + [list(r) for r in ROWS], [80, 110, 150, 110]),
    ])
    tables, document = _read(buffer.getvalue(), "ruled.pdf")
    assert tables == [("森林防火巡护", ROWS)]
    assert document.tables[0].budget_total_yuan == Decimal("125000")


def test_docx_two_tier_header_on_a_finer_grid() -> None:
    """Cells spanning several grid columns (as Word and LibreOffice make when tables of other
    widths share the grid): the joined header has one cell per cell, as the rows below."""
    document = docx.Document()
    _docx_labels(document)
    grid = document.add_table(rows=2 + len(ROWS), cols=8)
    columns = [(0, 0), (1, 2), (3, 4)]  # 一级 | 二级 | 三级 over grid columns
    for row in range(2 + len(ROWS)):
        for first, last in columns:
            if row >= 2:
                grid.cell(row, first).merge(grid.cell(row, last))
        grid.cell(row, 5).merge(grid.cell(row, 6))
    for n, (first, last) in enumerate(columns):
        grid.cell(0, first).merge(grid.cell(1, last)).text = HEAD[n]
    grid.cell(0, 5).merge(grid.cell(0, 7)).text = "指标值"
    grid.cell(1, 5).text, grid.cell(1, 7).text = "年度指标值", "中期指标值"
    for r, row in enumerate(ROWS, start=2):
        for n, (first, _) in enumerate(columns):
            grid.cell(r, first).text = row[n]
        grid.cell(r, 5).text, grid.cell(r, 7).text = row[3], "同左"
    from assistant.parse.docx_reader import read_docx_blocks

    data = _save_docx(document)
    rows = [b.cells for b in read_docx_blocks(data, "fine.docx") if isinstance(b, Row) and b.table == 1]
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "中期指标值"]
    assert rows[1] == [*ROWS[0], "同左"]
    assert _read(data, "fine.docx")[0] == [("森林防火巡护", ROWS)]


def test_doc_with_a_two_tier_header() -> None:
    """A real .doc (LibreOffice saves the web page as Word 97) goes through the Word reader."""
    import subprocess

    from assistant.parse import doc_convert

    soffice = doc_convert.find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_bytes(_page("<h2>森林防火巡护项目绩效目标表</h2>" + _html_table(cell="td", two_tier=True)))
        subprocess.run(
            [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
             "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(page)],
            capture_output=True, timeout=180, check=True,
        )
        data = (Path(tmp) / "page.doc").read_bytes()
    assert _read(data, "表.doc")[0] == [("森林防火巡护", ROWS)]


def test_docx_tables_wrapped_in_custom_xml_and_content_controls() -> None:
    """Template systems wrap whole tables in w:customXml or a content control (w:sdt)."""
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    _docx_labels(document)
    _docx_grid(document, ROWS)
    labels, grid = document.tables[0]._tbl, document.tables[1]._tbl
    custom = parse_xml(f'<w:customXml xmlns:w="{w}" w:element="labels"/>')
    labels.addprevious(custom)
    custom.append(labels)
    control = parse_xml(f'<w:sdt xmlns:w="{w}"><w:sdtPr/><w:sdtContent/></w:sdt>')
    grid.addprevious(control)
    control[1].append(grid)
    tables, document_read = _read(_save_docx(document), "custom.docx")
    assert tables == [("森林防火巡护", ROWS)]
    assert document_read.tables[0].budget_total_yuan == Decimal("125000")


def _two_forms() -> list[list[str]]:
    return [row for p in ("森林防火巡护", "河道保洁") for row in [*_labels(p), HEAD, *map(list, ROWS)]]


def test_docx_two_projects_in_one_word_table() -> None:
    document = docx.Document()
    rows = _two_forms()
    _fill(document.add_table(rows=len(rows), cols=4), rows)
    assert _read(_save_docx(document), "one_table.docx")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]


@pytest.mark.parametrize("apart", [True, False])
def test_pdf_two_forms_on_one_page_without_titles(apart: bool) -> None:
    """Two whole forms (labels and grid in one ruled table each, or both in one) on one page."""
    pytest.importorskip("reportlab")
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from tests import pdf_render

    _, cell_style = pdf_render.pdf_styles()
    rows = _two_forms()
    half = len(rows) // 2
    parts = [rows[:half], rows[half:]] if apart else [rows]
    story = [flow for part in parts for flow in (pdf_render._pdf_table(part, [80, 110, 150, 110], [], cell_style),
                                                   Spacer(1, 12))]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    assert _pages(buffer.getvalue()) == 1
    assert _read(buffer.getvalue(), "two.pdf")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]


def test_html_saved_fill_in_form() -> None:
    """A fill-in page saved from the browser: what was typed is in <input value>, <textarea> and
    the chosen <option>; hidden fields and buttons are no text."""
    rows = "".join(
        f"<tr><td>{a}</td><td><select><option>请选择</option><option selected>{b}</option></select></td>"
        f"<td><textarea>{c}</textarea></td><td><input type=text value='{d}'><input type=hidden value='id{n}'>"
        "<input type=button value='删除'></td></tr>"
        for n, (a, b, c, d) in enumerate(ROWS)
    )
    html = ("<form><table><tr><td>项目名称</td><td><input name=p value='森林防火巡护'></td>"
            "<td>预算数（万元）</td><td><input type=number value='12.5'></td></tr></table>"
            f"<table><tr>{''.join(f'<th>{h}</th>' for h in HEAD)}</tr>{rows}</table></form>")
    tables, document = _read(_page(html), "form.html")
    assert tables == [("森林防火巡护", ROWS)]
    assert document.tables[0].budget_total_yuan == Decimal("125000")
