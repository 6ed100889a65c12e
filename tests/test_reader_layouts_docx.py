"""Word layouts (python-docx, and a .doc saved by LibreOffice) read back row by row: headers over
two rows, merged cells, several tables, tables continued, layout tables, Word markup."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
import pytest

from assistant.parse.blocks import Row
from tests.reader_layouts_common import (
    HEAD,
    ROWS,
    form_labels,
    html_page,
    html_table,
    read_tables,
    two_forms,
)


def _save_docx(document) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(table, rows: list[list[str]], top: int = 0) -> None:  # noqa: ANN001
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(top + r, c).text = text


def _docx_labels(document, project: str = "森林防火巡护") -> None:  # noqa: ANN001
    _fill(document.add_table(rows=2, cols=4), form_labels(project))


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
    assert read_tables(_save_docx(document), "two_tier.docx")[0] == [("森林防火巡护", ROWS)]


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
    assert read_tables(_save_docx(document), "split.docx")[0] == [("森林防火巡护", ROWS)]


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
    assert read_tables(_save_docx(document), "two.docx")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]


def test_docx_table_continued_after_a_page_break_without_its_header() -> None:
    document = docx.Document()
    _docx_labels(document)
    _docx_grid(document, ROWS[:3])
    document.add_page_break()
    _docx_grid(document, ROWS[3:], header=False)
    assert read_tables(_save_docx(document), "continued.docx")[0] == [("森林防火巡护", ROWS)]


def test_docx_table_inside_a_layout_table_cell() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "森林防火巡护项目绩效目标表"
    _fill(cell.add_table(rows=2, cols=4), form_labels())
    grid = cell.add_table(rows=1 + len(ROWS), cols=4)
    _fill(grid, [HEAD] + [list(r) for r in ROWS])
    assert read_tables(_save_docx(document), "nested.docx")[0] == [("森林防火巡护", ROWS)]


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
    tables, document_read = read_tables(_save_docx(document), "trad.docx")
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
    tables, document_read = read_tables(_save_docx(document), "form.docx")
    assert tables == [("森林防火巡护", ROWS)]
    assert document_read.tables[0].budget_total_yuan == Decimal("125000")
    assert document_read.tables[0].goals == ["完成全年巡护任务"]


def test_docx_table_continued_in_a_second_table_repeating_its_header() -> None:
    document = docx.Document()
    _docx_labels(document)
    _docx_grid(document, ROWS[:3])
    document.add_page_break()
    _docx_grid(document, ROWS[3:])
    assert read_tables(_save_docx(document), "repeated.docx")[0] == [("森林防火巡护", ROWS)]


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
    assert read_tables(_save_docx(document), "symbols.docx")[0] == [("森林防火巡护", ROWS)]


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
    assert read_tables(_save_docx(document), "shifted.docx")[0] == [("森林防火巡护", ROWS)]


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
    assert read_tables(data, "fine.docx")[0] == [("森林防火巡护", ROWS)]


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
        page.write_bytes(html_page("<h2>森林防火巡护项目绩效目标表</h2>" + html_table(cell="td", two_tier=True)))
        subprocess.run(
            [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
             "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(page)],
            capture_output=True, timeout=180, check=True,
        )
        data = (Path(tmp) / "page.doc").read_bytes()
    assert read_tables(data, "表.doc")[0] == [("森林防火巡护", ROWS)]


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
    tables, document_read = read_tables(_save_docx(document), "custom.docx")
    assert tables == [("森林防火巡护", ROWS)]
    assert document_read.tables[0].budget_total_yuan == Decimal("125000")


def test_docx_two_projects_in_one_word_table() -> None:
    document = docx.Document()
    rows = two_forms()
    _fill(document.add_table(rows=len(rows), cols=4), rows)
    assert read_tables(_save_docx(document), "one_table.docx")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]
