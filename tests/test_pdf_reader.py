"""PDF files with a text layer: PDFs written here with reportlab (built-in CID font STSong-Light,
ruled tables), read back through `read_bytes` and compared row by row."""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import pytest

from assistant.model import Indicator, Target, TargetTable
from assistant.parse import ParseError, read_bytes
from assistant.parse import ocr as ocr_module
from assistant.parse.blocks import Row
from assistant.parse.pdf_reader import PdfBlocks
from tests import layout_render as render
from tests import pdf_render
from tests.test_layouts import TABLE_IDS, _check, _only, _tables

pytest.importorskip("reportlab")

ROWS = [
    ("产出指标", "数量指标", "巡护次数", "≥100次"),
    ("产出指标", "数量指标", "培训人数", "≥50人"),
    ("产出指标", "质量指标", "巡护覆盖率", "≥95%"),
    ("产出指标", "时效指标", "完成时间", "2024年12月底前"),
    ("效益指标", "社会效益指标", "森林火灾发生率", "≤1%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]


def _table(project: str = "森林防火巡护", rows: list[tuple[str, str, str, str]] = ROWS,
           budget: str = "125000") -> TargetTable:
    return TargetTable(
        project=project,
        budget_total_yuan=Decimal(budget),
        goals=["完成全年巡护任务，提升森林防火能力"],
        indicators=[Indicator(level1=a, level2=b, name=c, target=Target(raw=d)) for a, b, c, d in rows],
    )


def _rows(table: TargetTable) -> list[tuple[str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators]


def _pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_cid_text_extracts() -> None:
    """The built-in CID font comes back as the same Chinese characters (not CIDs)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(render.pdf_bytes([_table()]))) as pdf:
        text = pdf.pages[0].extract_text()
    assert "森林防火巡护项目绩效目标表" in text and "一级指标" in text


@pytest.mark.parametrize("merge_level2", [False, True])
def test_ruled_table(merge_level2: bool) -> None:
    document = read_bytes(render.pdf_bytes([_table()], merge_level2), "a.pdf")
    table = _only(document)
    assert table.project == "森林防火巡护"
    assert table.budget_total_yuan == Decimal("125000")
    assert table.goals == ["完成全年巡护任务，提升森林防火能力"]
    assert _rows(table) == ROWS
    assert not document.notes


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_same_rows_as_other_layouts(table_id: str) -> None:
    want = _tables()[table_id]
    _check(_only(read_bytes(render.pdf_bytes([want], merge_level2=True), "x.pdf")), want)


def test_table_split_across_pages() -> None:
    long_rows = [("产出指标", "数量指标", f"第{n}批巡护点位数量", f"≥{n}个") for n in range(1, 61)]
    long_rows += [("效益指标", "社会效益指标", f"第{n}片区火灾发生率", "≤1%") for n in range(1, 11)]
    data = render.pdf_bytes([_table(rows=long_rows)])
    assert _pages(data) >= 2
    table = _only(read_bytes(data, "long.pdf"))
    assert table.project == "森林防火巡护" and table.budget_total_yuan == Decimal("125000")
    assert _rows(table) == long_rows
    reader = PdfBlocks("long.pdf")
    reader.read(data)
    grid = [b for b in reader.blocks if isinstance(b, Row) and len(b.cells) == 5]
    assert sum(b.cells[0] == "一级指标" for b in grid) == 1  # the repeated header is dropped
    assert len({b.table for b in grid}) == 1  # the continuation joins the table above


@pytest.mark.parametrize("page_break", [False, True])
def test_two_tables(page_break: bool) -> None:
    second_rows = [("产出指标", "数量指标", "维修道路长度", "≥12公里"), ("效益指标", "经济效益指标", "通行时间节省", "≥10%")]
    data = render.pdf_bytes([_table(), _table("乡村道路养护", second_rows, "480000")], page_break=page_break)
    document = read_bytes(data, "two.pdf")
    assert [t.project for t in document.tables] == ["森林防火巡护", "乡村道路养护"]
    assert [t.budget_total_yuan for t in document.tables] == [Decimal("125000"), Decimal("480000")]
    assert _rows(document.tables[0]) == ROWS
    assert _rows(document.tables[1]) == second_rows


def test_unruled_page_uses_the_text_reader() -> None:
    """A page with no ruling lines: its text lines (column gaps kept) go through text_blocks."""
    from reportlab.pdfgen import canvas

    pdf_render.pdf_styles()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(pdf_render.PDF_FONT, 10)
    lines = [["森林防火巡护项目绩效目标表"], ["项目名称", "森林防火巡护"], ["预算数（万元）", "12.5"],
             ["一级指标", "二级指标", "三级指标", "指标值"]] + [list(r) for r in ROWS]
    for n, cells in enumerate(lines):
        for x, text in zip((40, 150, 280, 430), cells, strict=False):
            pdf.drawString(x, 800 - 20 * n, text)
    pdf.save()
    table = _only(read_bytes(buffer.getvalue(), "plain.pdf"))
    assert table.project == "森林防火巡护" and table.budget_total_yuan == Decimal("125000")
    assert _rows(table) == ROWS


def test_encrypted_pdf_is_refused_clearly() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    secret = StandardEncryption("secret", ownerPassword="owner")
    SimpleDocTemplate(buffer, pagesize=A4, encrypt=secret).build(pdf_render.pdf_flowables(_table()))
    with pytest.raises(ParseError, match="加密"):
        read_bytes(buffer.getvalue(), "locked.pdf")


def test_owner_password_only_still_reads() -> None:
    """Permissions-only encryption (empty user password) opens without asking anything."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0))
    pdf.drawString(40, 800, "Performance targets")
    pdf.save()
    document = read_bytes(buffer.getvalue(), "perm.pdf")
    assert document.title == "Performance targets" and not document.tables


def test_undecodable_text_layer_is_treated_as_a_scan(no_ocr: None) -> None:
    """pdfminer cannot map these CID glyphs back to characters ('(cid:3302)'): OCR is needed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, encrypt=StandardEncryption("", ownerPassword="owner")).build(
        pdf_render.pdf_flowables(_table())
    )
    with pytest.raises(ParseError, match=r"jixiao\[ocr\]"):
        read_bytes(buffer.getvalue(), "perm.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%garbage that is no PDF\n", b"%PDF-1.7\n" + bytes(range(256)) * 8])
def test_corrupt_pdf_is_refused_clearly(data: bytes) -> None:
    with pytest.raises(ParseError, match="PDF"):
        read_bytes(data, "broken.pdf")


def test_truncated_pdf() -> None:
    data = render.pdf_bytes([_table()])
    with pytest.raises(ParseError, match="PDF"):
        read_bytes(data[: len(data) // 3], "cut.pdf")


def test_zero_pages() -> None:
    import pypdfium2

    empty = pypdfium2.PdfDocument.new()
    buffer = io.BytesIO()
    empty.save(buffer)
    empty.close()
    with pytest.raises(ParseError, match="没有任何页面"):
        read_bytes(buffer.getvalue(), "empty.pdf")


def _scan_pdf(with_text_page: bool = False) -> bytes:
    """A page holding only an image of a table (no text layer), after an optional text page."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    for y in range(20, 300, 60):
        draw.line([(20, y), (580, y)], fill="black", width=2)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    if with_text_page:
        pdf_render.pdf_styles()
        from reportlab.platypus import Frame

        Frame(36, 36, 523, 770).addFromList(pdf_render.pdf_flowables(_table()), pdf)
        pdf.showPage()
    pdf.drawImage(ImageReader(image), 40, 400, width=500, height=250)
    pdf.save()
    return buffer.getvalue()


@pytest.fixture()
def no_ocr(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The OCR extra missing, whether or not it is installed here."""
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    ocr_module._engine.cache_clear()
    yield
    ocr_module._engine.cache_clear()


def test_scan_without_ocr_extra(no_ocr: None) -> None:
    with pytest.raises(ParseError) as caught:
        read_bytes(_scan_pdf(), "scan.pdf")
    assert caught.value.message == ocr_module.MISSING
    assert "jixiao[ocr]" in str(caught.value)


def test_scanned_page_among_text_pages_is_named(no_ocr: None) -> None:
    document = read_bytes(_scan_pdf(with_text_page=True), "mixed.pdf")
    assert _rows(_only(document)) == ROWS
    assert any(n.message.startswith("第2页") and "jixiao[ocr]" in n.message for n in document.notes)


def test_image_without_ocr_extra(no_ocr: None) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, format="PNG")
    with pytest.raises(ParseError, match=r"jixiao\[ocr\]"):
        read_bytes(buffer.getvalue(), "table.png")
