"""Scans through the OCR extra: a table image drawn here (PIL + a CJK TTF), read back as an
image file and as a PDF page without a text layer. Skips without the extra or the font."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.parse import read_bytes
from assistant.parse.blocks import Row
from assistant.parse.ocr import image_blocks

pytest.importorskip("rapidocr_onnxruntime", reason="OCR extra not installed (pip install 'jixiao[ocr]')")
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
if not FONT.exists():
    pytest.skip("CJK font missing: apt-get install fonts-wqy-microhei", allow_module_level=True)

TITLE = "森林防火巡护项目绩效目标表"
LABELS = [["项目名称", "森林防火巡护"], ["预算数（万元）", "12.5"]]
HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
# (一级 or "" where merged, 二级 or "", 三级, 指标值); the merged 一级 text is drawn in the
# middle of its merged cell, as Word centres it
GRID = [
    ("", "数量指标", "巡护次数", "≥100次"),
    ("产出指标", "", "培训人数", "≥50人"),
    ("", "质量指标", "巡护覆盖率", "≥95%"),
    ("效益指标", "社会效益指标", "森林火灾发生率", "≤1%"),
]
ROWS = [
    ("产出指标", "数量指标", "巡护次数", "≥100次"),
    ("产出指标", "数量指标", "培训人数", "≥50人"),
    ("产出指标", "质量指标", "巡护覆盖率", "≥95%"),
    ("效益指标", "社会效益指标", "森林火灾发生率", "≤1%"),
]
XS = [40, 260, 480, 720, 920]
TOP, HEIGHT = 110, 56


def _image(ruled: bool = True):  # noqa: ANN202
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 26)
    rows = [label + ["", ""] for label in LABELS] + [HEADER] + [list(r) for r in GRID]
    image = Image.new("RGB", (960, TOP + HEIGHT * len(rows) + 60), "white")
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), TITLE, font=font, fill="black")
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            draw.text((XS[c] + 10, TOP + r * HEIGHT + 14), text, font=font, fill="black")
    if not ruled:
        return image
    merged_h = {(0, 4), (0, 5), (1, 4)}  # (column, ruling index) left out: merged cells
    for r in range(len(rows) + 1):
        for c in range(4):
            if (c, r) not in merged_h:
                draw.line([(XS[c], TOP + r * HEIGHT), (XS[c + 1], TOP + r * HEIGHT)], fill="black", width=2)
    for r in range(len(rows)):
        for c in range(5):
            if not (r < len(LABELS) and c in (2, 3)):  # label values span three columns
                draw.line([(XS[c], TOP + r * HEIGHT), (XS[c], TOP + (r + 1) * HEIGHT)], fill="black", width=2)
    return image


def _encoded(image, fmt: str) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def _check(data: bytes, name: str) -> None:
    document = read_bytes(data, name)
    assert len(document.tables) == 1, document.notes
    table = document.tables[0]
    assert table.project == "森林防火巡护"
    assert table.budget_total_yuan == Decimal("125000")
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == ROWS


def test_ruled_table_image(no_network: list[object]) -> None:
    _check(_encoded(_image(), "JPEG"), "table.jpg")
    assert not no_network  # the models ship in the wheel: nothing is fetched


def test_merged_cells_keep_their_positions() -> None:
    from assistant.parse.assemble import assemble

    blocks = image_blocks(_encoded(_image(), "PNG"))
    rows = [b.cells for b in blocks if isinstance(b, Row)]
    assert rows[0] == ["项目名称", "森林防火巡护", "", ""]
    assert rows[3:6] == [["产出指标", "数量指标", "巡护次数", "≥100次"], ["", "", "培训人数", "≥50人"],
                         ["", "质量指标", "巡护覆盖率", "≥95%"]]
    table = assemble(blocks).tables[0]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == ROWS


def test_scanned_pdf_page() -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = _image()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawImage(ImageReader(image), 20, 300, width=555, height=555 * image.height / image.width)
    pdf.save()
    _check(buffer.getvalue(), "scan.pdf")


def test_unruled_image_goes_through_the_text_reader() -> None:
    """No rulings: boxes become text lines, column gaps two spaces, read by text_blocks."""
    document = read_bytes(_encoded(_image(ruled=False), "PNG"), "plain.png")
    table = document.tables[0]
    assert table.project == "森林防火巡护"
    assert table.budget_total_yuan == Decimal("125000")
    assert [(i.name, i.target.raw) for i in table.indicators] == [(r[2], r[3]) for r in ROWS]
