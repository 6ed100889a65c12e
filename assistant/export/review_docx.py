"""The 审核意见 as a Word document (python-docx), and the grade summary of a batch as .xlsx.

Word: a title, the file reviewed, a summary table (项目 | 评级), then per table its grade and
the reasons, a table of the four dimensions (维度 | 问题数 | 主要问题), the overall opinion, the
numbered list of what must be changed, suggestions and what could not be checked. Every run
sets the East Asian font, so Word and LibreOffice show the Chinese in 宋体/黑体.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from assistant.export.docx_writer import set_chinese_fonts
from assistant.report.review import DIMENSIONS, GRADES, TableReview, grade_counts

FONT = "宋体"
HEADING_FONT = "黑体"
BODY_PT = 10.5
TITLE_PT = 16
HEADING_PT = 12
PROBLEMS_SHOWN = 3  # per dimension in the dimension table; the full list is in the changes
_CHINESE_NUMBERS = "一二三四五六七八九十"


def _number(n: int) -> str:
    if n <= 10:
        return _CHINESE_NUMBERS[n - 1]
    if n < 20:
        return "十" + _CHINESE_NUMBERS[n - 11]
    return str(n)


def _font(run, name: str = FONT, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None


def _para(document, text: str, size: float = BODY_PT, bold: bool = False, center: bool = False,
          font: str = FONT, indent: float = 0.0):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        paragraph.paragraph_format.left_indent = Cm(indent)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _labelled(document, label: str, text: str):
    paragraph = document.add_paragraph()
    _font(paragraph.add_run(label), HEADING_FONT, BODY_PT, bold=True)
    _font(paragraph.add_run(text), FONT, BODY_PT)
    return paragraph


def _widths(grid, widths_cm: Sequence[float]) -> None:
    # LibreOffice lays out by the grid columns, Word by the cells: set both
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _cell(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    _font(paragraph.add_run(text), HEADING_FONT if bold else FONT, BODY_PT, bold)


def _setup(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    set_chinese_fonts(document, FONT, BODY_PT)


def _summary(document, reviews: Sequence[TableReview]) -> None:
    grid = document.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, ("序号", "项目名称", "评级"), strict=True):
        _cell(cell, text, bold=True)
    for review in reviews:
        cells = grid.add_row().cells
        _cell(cells[0], str(review.table + 1))
        _cell(cells[1], review.project)
        _cell(cells[2], review.grade)
    _widths(grid, (1.5, 11.5, 3.0))
    counts = grade_counts(reviews)
    _para(document, "评级汇总：" + "，".join(f"{g} {counts[g]} 个" for g in GRADES))


def _dimensions(document, review: TableReview) -> None:
    grid = document.add_table(rows=1, cols=3)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, ("审核维度", "问题数", "主要问题"), strict=True):
        _cell(cell, text, bold=True)
    for dimension in DIMENSIONS:
        problems = review.dimensions.get(dimension, [])
        cells = grid.add_row().cells
        _cell(cells[0], dimension)
        _cell(cells[1], str(len(problems)))
        shown = "；".join(problems[:PROBLEMS_SHOWN]) if problems else "未发现问题"
        if len(problems) > PROBLEMS_SHOWN:
            shown += f"；等{len(problems)}个问题"
        _cell(cells[2], shown)
    _widths(grid, (2.4, 1.6, 12.0))


def _table_review(document, number: int, review: TableReview) -> None:
    _para(document, f"{_number(number)}、{review.project}", HEADING_PT, bold=True, font=HEADING_FONT)
    _labelled(document, "评级：", review.grade)
    _labelled(document, "评级理由：", "；".join(review.reasons))
    _para(document, "审核维度", bold=True, font=HEADING_FONT)
    _dimensions(document, review)
    _labelled(document, "审核意见：", review.opinion)
    if review.changes:
        _para(document, "需要修改的内容：", bold=True, font=HEADING_FONT)
        for n, change in enumerate(review.changes, 1):
            _para(document, f"{n}. {change}", indent=0.4)
    if review.suggestions:
        _para(document, "完善建议：", bold=True, font=HEADING_FONT)
        for n, suggestion in enumerate(review.suggestions, 1):
            _para(document, f"（{n}）{suggestion}", indent=0.4)
    if review.not_checked:
        _labelled(document, "未能审核：", "；".join(review.not_checked))


def write_review_docx(reviews: Sequence[TableReview], source: str = "",
                      title: str = "绩效目标审核意见") -> bytes:
    """The 审核意见 of one document as .docx bytes."""
    document = new_docx()
    _setup(document)
    _para(document, title, TITLE_PT, bold=True, center=True, font=HEADING_FONT)
    if source:
        _para(document, f"审核对象：{source}", center=True)
    _summary(document, reviews)
    for number, review in enumerate(reviews, 1):
        _table_review(document, number, review)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_grades_xlsx(rows: Sequence[tuple[str, Sequence[TableReview] | None, str]]) -> bytes:
    """The grades across documents: one sheet 评级汇总 with a row per table ((file, reviews,
    error) per document; an unreadable document gets one row with its error), and 按文件 with
    the count of each grade per document."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "评级汇总"
    header = ["文件", "序号", "项目名称", "评级", "评级理由", *DIMENSIONS, "需修改条数", "说明"]
    sheet.append(header)
    per_file = book.create_sheet("按文件")
    per_file.append(["文件", "表数", *GRADES, "说明"])
    for name, reviews, error in rows:
        if reviews is None:
            sheet.append([name, None, None, None, None, *([None] * len(DIMENSIONS)), None, error])
            per_file.append([name, 0, *([0] * len(GRADES)), error])
            continue
        for review in reviews:
            sheet.append([
                name, review.table + 1, review.project, review.grade, "；".join(review.reasons),
                *(len(review.dimensions.get(d, [])) for d in DIMENSIONS), len(review.changes), "",
            ])
        counts = grade_counts(reviews)
        per_file.append([name, len(reviews), *(counts[g] for g in GRADES), ""])
    for ws in (sheet, per_file):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            letter = column[0].column_letter
            ws.column_dimensions[letter].width = 30 if letter in "ACE" else 12
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
