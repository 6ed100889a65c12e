"""Scans (PDF pages without a text layer, images) → blocks, through the optional OCR extra.

RapidOCR (`jixiao[ocr]`, models inside its wheel: nothing is downloaded) finds text boxes.
Ruling lines are found in the image itself (`ocr_grid.py`); boxes inside the ruled grid
become table rows by the cell they fall in, the boxes outside it text lines, read by the text
reader like any pasted text. Without rulings, boxes are grouped into lines by height and
columns by gaps, and the lines go through `text_reader.text_blocks`.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from assistant.parse.blocks import Block
from assistant.parse.errors import ParseError

MISSING = "这是扫描件（没有文字层），需要文字识别：请安装 jixiao[ocr]（pip install 'jixiao[ocr]'），或粘贴表格文字"
RENDER_DPI = 200
MAX_PIXELS = 40_000_000  # a page rendered larger than this is scaled down (memory bound)


@cache
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise ParseError(MISSING) from exc
    return RapidOCR()


def available() -> bool:
    try:
        _engine()
    except ParseError:
        return False
    return True


def is_image(data: bytes) -> bool:
    """PNG, JPEG, TIFF by signature; BMP also by its size field ('BM' alone starts text too)."""
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return True
    return data[:2] == b"BM" and len(data) >= 26 and int.from_bytes(data[2:6], "little") == len(data)


def image_blocks(data: bytes, name: str = "") -> list[Block]:
    """An image file (.png/.jpg/.bmp/.tif) of a table."""
    from PIL import Image, UnidentifiedImageError

    _check_engine(name)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            blocks = _image_blocks(_bounded(image).convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ParseError("图片无法打开（文件损坏或格式不支持）", name) from exc
    return blocks


class PdfRenderer:
    """Renders pages of one PDF for OCR; the document is opened once, pages one at a time."""

    def __init__(self, data: bytes, name: str = "") -> None:
        _check_engine(name)
        import pypdfium2

        self.name = name
        self.document = pypdfium2.PdfDocument(data)

    def page_blocks(self, index: int) -> list[Block]:
        page = self.document[index]
        try:
            width, height = page.get_size()
            scale = RENDER_DPI / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (width * height)) ** 0.5
            bitmap = page.render(scale=scale)
            try:
                image = bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            page.close()
        return _image_blocks(image)

    def close(self) -> None:
        self.document.close()


def _check_engine(name: str) -> None:
    try:
        _engine()
    except ParseError as exc:
        raise ParseError(exc.message, name) from exc


def _bounded(image: Any) -> Any:
    pixels = image.width * image.height
    if pixels <= MAX_PIXELS:
        return image
    scale = (MAX_PIXELS / pixels) ** 0.5
    return image.resize((int(image.width * scale), int(image.height * scale)))


def _image_blocks(image: Any) -> list[Block]:
    import numpy as np

    from assistant.parse.ocr_grid import Box, blocks_from_boxes

    array = np.asarray(image)
    result, _ = _engine()(array)
    boxes = []
    for points, text, _score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if str(text).strip():
            boxes.append(Box(min(xs), min(ys), max(xs), max(ys), str(text).strip()))
    return blocks_from_boxes(boxes, array)
