"""PDF → blocks. Ruled tables (found from their ruling lines) become `Row`s, the text around
them goes through the text reader in reading order; pages without a ruled table are read as a
text dump (`text_reader.text_blocks`), pages without a text layer through OCR (`ocr.py`).

A table continued on the next page (first thing on the page, no title before it, same column
count) joins the table above: its repeated header rows are dropped. Pages are read one at a
time and their cached objects released, so memory stays bounded on long files.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.model import Document, ParseNote
from assistant.parse.assemble import assemble, is_title
from assistant.parse.blocks import Block, Para, Row
from assistant.parse.errors import ParseError
from assistant.parse.header_rows import join_header, join_header_rows
from assistant.parse.labels import is_header_row
from assistant.parse.ocr import MISSING
from assistant.parse.pdf_grid import is_page_mark
from assistant.parse.text_reader import clean_cell, text_blocks

MAX_PAGES = 2000
_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_SPACES = re.compile(r"\s+")


def read_pdf(data: bytes, name: str = "") -> Document:
    """A PDF's tables; pages that could not be read are reported as notes, not dropped."""
    reader = PdfBlocks(name)
    reader.read(data)
    document = assemble(reader.blocks, name)
    document.notes[:0] = reader.notes
    return document


@dataclass
class _Open:
    """The last table seen, while the next page may still continue it."""

    columns: int
    head: list[list[str]]  # its first rows, to recognise a repeated header
    index: int
    header: list[str] | None = None  # its 一级指标… header row, repeated on later pages
    subheader: list[str] | None = None  # the row under it when the header takes two rows


@dataclass
class PdfBlocks:
    """Reads a PDF page by page into `blocks`; `notes` says what could not be read."""

    name: str = ""
    blocks: list[Block] = field(default_factory=list)
    notes: list[ParseNote] = field(default_factory=list)
    text_run: list[str] = field(default_factory=list)  # consecutive pages without a ruled table
    open_table: _Open | None = None
    tables: int = 0
    scans: list[int] = field(default_factory=list)  # 1-based numbers of pages without text

    def read(self, data: bytes) -> None:
        pdf = _open(data, self.name)
        renderer = None
        try:
            pages = _pages(pdf, self.name)
            for number, page in enumerate(pages, start=1):
                try:
                    chars = page.chars
                    if chars and not _undecodable(chars):
                        self.text_page(page, number)
                    elif chars or page.images or page.curves:
                        self.flush_text()
                        self.open_table = None
                        self.scans.append(number)
                        if renderer is None:
                            from assistant.parse.ocr import PdfRenderer

                            renderer = PdfRenderer(data, self.name)
                        self.blocks.extend(renderer.page_blocks(number - 1))
                except ParseError as exc:
                    # no OCR here: the pages with text are still read, the scanned ones named
                    self.notes.append(ParseNote(message=f"第{number}页：{exc.message}", where=self.name))
                except Exception as exc:  # noqa: BLE001 - one broken page must not lose the rest
                    self.notes.append(ParseNote(message=f"第{number}页无法读取（{type(exc).__name__}），已跳过", where=self.name))
                finally:
                    page.close()
            self.flush_text()
            self.blocks = join_header_rows(self.blocks)
        finally:
            pdf.close()
            if renderer is not None:
                renderer.close()
        if not self.blocks:
            if self.scans and all(note.message.endswith(MISSING) for note in self.notes):
                raise ParseError(MISSING, self.name)
            raise ParseError("PDF 中没有可读取的文字" + ("：" + self.notes[0].message if self.notes else ""), self.name)

    # -- one page with a text layer ---------------------------------------------------
    def text_page(self, page: Any, number: int) -> None:
        tables = [t for t in page.find_tables(_LINES) if _is_grid(t)]
        if not tables:
            self.text_run.extend(_line_text(line) for line in page.extract_text_lines(return_chars=True))
            self.open_table = None
            return
        self.flush_text()
        boxes = [t.bbox for t in tables]
        outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
        items: list[tuple[float, int, Any]] = [(t.bbox[1], 1, t) for t in tables]
        items += [(line["top"], 0, line) for line in outside.extract_text_lines(return_chars=True)]
        items.sort(key=lambda item: (item[0], item[1]))
        chunk: list[str] = []
        first_table = True
        for _, kind, item in items:
            if kind == 0:
                text = _line_text(item)
                chunk.append(text)
                # a title, or text after a table, ends it: what follows is not a continuation
                if is_title(text) or (not first_table and not is_page_mark(text.strip())):
                    self.open_table = None
                continue
            self.flush_chunk(chunk)
            chunk = []
            self.table(item, first_table)
            first_table = False
        self.flush_chunk(chunk)

    def table(self, table: Any, first_on_page: bool) -> None:
        rows = [[clean_cell(cell or "") for cell in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        joined = self.open_table is not None and first_on_page and self.open_table.columns == columns
        if joined and self.open_table is not None:
            rows = _drop_repeated_head(rows, self.open_table)
            index = self.open_table.index
        else:
            index = self.tables
            self.tables += 1
            self.open_table = _Open(columns=columns, head=rows[:3], index=index)
        at = next((n for n, row in enumerate(rows) if is_header_row(row)), None)
        if at is not None:
            self.open_table.header = rows[at]
            below = rows[at + 1] if at + 1 < len(rows) else None
            self.open_table.subheader = below if below and join_header(rows[at], below) else None
        for row in rows:
            filled = [c for c in row if c]
            if len(filled) == 1 and is_title(filled[0]):
                # the title set as a merged first row of the ruled table
                self.blocks.append(Para(text=filled[0].replace("\n", ""), line=len(self.blocks) + 1))
                continue
            self.blocks.append(Row(cells=row, line=len(self.blocks) + 1, table=index))

    # -- text outside ruled tables ----------------------------------------------------
    def flush_chunk(self, lines: list[str]) -> None:
        text = "\n".join(line for line in lines if line.strip() and not is_page_mark(line.strip()))
        if text.strip():
            self.blocks.extend(_renumbered(text_blocks(text), len(self.blocks)))

    def flush_text(self) -> None:
        if self.text_run:
            text = "\n".join(self.text_run)
            self.text_run = []
            if text.strip():
                self.blocks.extend(_renumbered(text_blocks(text), len(self.blocks)))


def _open(data: bytes, name: str) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for one meaning
        raise ParseError(_open_error(exc), name) from exc


def _open_error(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    kind = type(inner).__name__
    if "Password" in kind or "Encrypt" in kind or "encrypt" in str(inner).lower():
        return "这是加密的 PDF（需要密码才能打开）：请先解除密码保护，或把表格文字复制粘贴进来"
    return f"PDF 文件已损坏或格式不正确，无法读取（{kind}）：请重新导出 PDF，或把表格文字复制粘贴进来"


def _pages(pdf: Any, name: str) -> list[Any]:
    try:
        pages = pdf.pages
    except Exception as exc:  # noqa: BLE001
        raise ParseError(_open_error(exc), name) from exc
    if not pages:
        raise ParseError("PDF 没有任何页面", name)
    if len(pages) > MAX_PAGES:
        raise ParseError(f"PDF 页数过多（{len(pages)} 页，上限 {MAX_PAGES} 页），请拆分后审核", name)
    return pages


def _undecodable(chars: list[dict[str, Any]]) -> bool:
    """A text layer whose fonts map to no characters ('(cid:123)'): as good as none."""
    return sum(str(c.get("text", "")).startswith("(cid:") for c in chars) > len(chars) / 2


def _is_grid(table: Any) -> bool:
    """A real table has at least two rows and two columns; a frame around a title has not."""
    rows = table.rows
    return len(rows) >= 2 and max((len(r.cells) for r in rows), default=0) >= 2


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _line_text(line: dict[str, Any]) -> str:
    """A text line with gaps wider than a character turned into two spaces, so the text
    reader can split label/value pairs laid out without rulings."""
    chars = line.get("chars") or []
    if not chars:
        return str(line.get("text", ""))
    out = [chars[0]["text"]]
    for prev, char in zip(chars, chars[1:], strict=False):
        gap = char["x0"] - prev["x1"]
        size = max(prev["x1"] - prev["x0"], 1.0)
        if gap > size * 1.2:
            out.append("  ")
        elif gap > size * 0.2 and (prev["text"].isascii() or char["text"].isascii()):
            out.append(" ")
        out.append(char["text"])
    return "".join(out)


def _key(row: list[str]) -> str:
    return _SPACES.sub("", "|".join(row))


def _drop_repeated_head(rows: list[list[str]], table: _Open) -> list[list[str]]:
    """Rows repeated at the top of a continuation page (the table's first rows, or its
    indicator header) are dropped."""
    count = 0
    while count < min(len(table.head), len(rows)) and _key(rows[count]) == _key(table.head[count]):
        count += 1
    if count == 0 and rows and table.header is not None and _key(rows[0]) == _key(table.header):
        count = 1
        if table.subheader is not None and len(rows) > 1 and _key(rows[1]) == _key(table.subheader):
            count = 2
    return rows[count:]


def _renumbered(blocks: list[Block], offset: int) -> list[Block]:
    for number, block in enumerate(blocks, start=offset + 1):
        block.line = number
    return blocks
