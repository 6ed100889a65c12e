"""PDF renderings of a TargetTable for the PDF reader's tests (reportlab, built-in CID font
STSong-Light: no font file needed). `layout_render.pdf_bytes` is the entry the layout tests use."""

from __future__ import annotations

import io

from assistant.model import TargetTable
from tests.layout_render import grid_rows, label_rows, title

PDF_FONT = "STSong-Light"
PDF_GRID_COLS = ["一级指标", "二级指标", "三级指标", "指标值", "备注"]


def pdf_styles():  # noqa: ANN202
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    title_style = ParagraphStyle("title", fontName=PDF_FONT, fontSize=12, leading=16)
    cell_style = ParagraphStyle("cell", fontName=PDF_FONT, fontSize=8, leading=10, wordWrap="CJK")
    return title_style, cell_style


def _pdf_table(rows: list[list[str]], widths: list[float], spans: list[tuple], cell_style,  # noqa: ANN001
               header_rows: int = 0):  # noqa: ANN202
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(text.replace("\n", "<br/>"), cell_style) if text else "" for text in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=header_rows)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("SPAN", start, end) for start, end in spans]
    table.setStyle(TableStyle(style))
    return table


PDF_MAX_SPAN = 12  # reportlab cannot split a taller merged cell over pages


def _run_spans(values: list[str], column: int, offset: int) -> list[tuple]:
    """SPANs over runs of equal values, at most PDF_MAX_SPAN rows each."""
    spans, start = [], 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start] or index - start == PDF_MAX_SPAN:
            if index - start > 1:
                spans.append(((column, start + offset), (column, index - 1 + offset)))
            start = index
    return spans


def pdf_flowables(table: TargetTable, merge_level2: bool = False) -> list:
    """Title, unit line, the label part in a ruled 4-column table, the indicator grid in a
    second ruled table (一级 merged over its rows, 二级 too with `merge_level2`, header
    repeated when the grid runs over a page)."""
    from reportlab.platypus import Paragraph, Spacer

    title_style, cell_style = pdf_styles()
    labels = label_rows(table)
    label_spans = [((1, r), (3, r)) for r, row in enumerate(labels) if row[0] == "绩效目标"]
    grid = [PDF_GRID_COLS] + grid_rows(table, merged=True, cols=PDF_GRID_COLS)
    spans = _run_spans([i.level1 for i in table.indicators], 0, 1)
    if merge_level2:
        spans += _run_spans([f"{i.level1}/{i.level2}" for i in table.indicators], 1, 1)
    for (column, row), _ in spans:  # a run cut into several spans shows its text in each
        indicator = table.indicators[row - 1]
        grid[row][column] = indicator.level1 if column == 0 else indicator.level2
        grid[row][1] = indicator.level2
    return [
        Paragraph(title(table), title_style),
        Paragraph("单位：万元", cell_style),
        Spacer(1, 4),
        _pdf_table(labels, [80, 170, 80, 190], label_spans, cell_style),
        _pdf_table(grid, [62, 80, 140, 110, 128], spans, cell_style, header_rows=1),
        Spacer(1, 12),
    ]


def pdf_bytes(tables: list[TargetTable], merge_level2: bool = False, page_break: bool = False) -> bytes:
    """Tables as a PDF with a text layer and ruling lines; `page_break` starts each on a new page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    story: list = []
    for n, table in enumerate(tables):
        if page_break and n:
            story.append(PageBreak())
        story += pdf_flowables(table, merge_level2)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36).build(story)
    return buffer.getvalue()
