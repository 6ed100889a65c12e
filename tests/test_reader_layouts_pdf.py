"""PDF layouts (reportlab) read back row by row: tables over pages, headers over two rows, partly
ruled tables, two forms on one page."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from tests.reader_layouts_common import (
    HEAD,
    ROWS,
    form_labels,
    read_tables,
    two_forms,
)

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
        pdf_render._pdf_table(form_labels(), [80, 170, 80, 190], [], cell_style),
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
    assert read_tables(data, "long.pdf")[0] == [("森林防火巡护", LONG_ROWS)]


@pytest.mark.parametrize("rows", [ROWS, LONG_ROWS], ids=["one_page", "two_pages"])
def test_pdf_header_over_two_rows(rows: list[tuple[str, ...]]) -> None:
    """指标值 spanning 年度 | 中期 columns, both header rows repeated on the next page."""
    grid = [HEAD + [""], ["", "", "", "年度指标值", "中期指标值"]] + [list(r) + [r[3]] for r in rows]
    spans = [((c, 0), (c, 1)) for c in range(3)] + [((3, 0), (4, 0))]
    data = _pdf(grid, spans, header_rows=2)
    assert _pages(data) == (1 if rows is ROWS else 2)
    assert read_tables(data, "two_tier.pdf")[0] == [("森林防火巡护", rows)]


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
        table(form_labels(), [80, 170, 80, 190]),
        table([HEAD] + [list(r) for r in ROWS], [80, 110, 150, 110]),
    ])
    tables, document = read_tables(buffer.getvalue(), "ruled.pdf")
    assert tables == [("森林防火巡护", ROWS)]
    assert document.tables[0].budget_total_yuan == Decimal("125000")


@pytest.mark.parametrize("apart", [True, False])
def test_pdf_two_forms_on_one_page_without_titles(apart: bool) -> None:
    """Two whole forms (labels and grid in one ruled table each, or both in one) on one page."""
    pytest.importorskip("reportlab")
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from tests import pdf_render

    _, cell_style = pdf_render.pdf_styles()
    rows = two_forms()
    half = len(rows) // 2
    parts = [rows[:half], rows[half:]] if apart else [rows]
    story = [flow for part in parts for flow in (pdf_render._pdf_table(part, [80, 110, 150, 110], [], cell_style),
                                                   Spacer(1, 12))]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    assert _pages(buffer.getvalue()) == 1
    assert read_tables(buffer.getvalue(), "two.pdf")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]
