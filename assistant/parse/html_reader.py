"""Read a saved web page (.html/.htm, also Word/Excel "save as web page") into blocks.

`<table>` rows become Row blocks with rowspan/colspan expanded to grid positions, following the
docx convention: a colspan's text appears once (the columns it covers are ""), a rowspan's
continuation rows hold "". Text outside tables becomes Para blocks in document order; `<br>` and
block elements inside a cell become newlines. A table nested in a cell is read after the row
that holds it; a table with a row whose only content is nested tables (page layout) dissolves
into its content.
A page without any table falls back to the text reader on its visible text, since many pages
lay the form out with divs or lines.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from assistant.model import Document
from assistant.parse.blocks import Block, Para, Row
from assistant.parse.errors import ParseError
from assistant.parse.header_rows import join_header_rows
from assistant.parse.text_reader import clean_cell

MAX_SPAN = 1000  # rowspan/colspan beyond this are typos or attacks; cap them
MAX_GRID_CELLS = 2_000_000

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_SPACE = re.compile(r"[ \t\f\v\x1f]+")
_BREAK = "\x1f"  # a line break in the page source (not a <br>): mere wrapping of the HTML text
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_WIDE}])[ \t]*\x1f[ \t\x1f]*(?=[{_WIDE}])")
_SKIP = {"script", "style", "noscript", "template", "head", "title", "select", "option", "button", "iframe", "object"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
    "article", "header", "footer", "main", "nav", "aside", "blockquote", "pre", "form", "fieldset",
    "center", "address", "figure", "figcaption", "caption", "hr", "body", "html",
}
# GB2312/GBK pages routinely use characters only GB18030 (their superset) decodes
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}


def decode_html(data: bytes, name: str = "") -> str:
    """Bytes → text: BOM, then the declared charset (<meta charset>, http-equiv, <?xml?>),
    then UTF-8, then GB18030."""
    if not data.strip():
        raise ParseError("网页文件是空的，没有可读取的内容", name)
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:8192]
    declared = _CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = []
    if declared:
        label = declared.group(1).decode("ascii", "ignore").lower()
        candidates.append(_SUPERSETS.get(label, label))
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def read_html_blocks(data: bytes, name: str = "") -> list[Block]:
    """Paras and rows of a web page in document order (see module docstring)."""
    return _page_blocks(_parse(decode_html(data, name), name))


def _page_blocks(root: etree._Element) -> list[Block]:
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    if walker.tables == 0:
        return visible_text_blocks(root)
    return join_header_rows(walker.blocks)


def read_html(data: bytes, name: str = "") -> Document:
    """The page's tables; when its tables hold no target table (navigation or layout tables
    only), the text reader on its visible text gets a chance too."""
    from assistant.parse.assemble import assemble

    root = _parse(decode_html(data, name), name)
    blocks = _page_blocks(root)
    document = assemble(blocks, name)
    if document.tables or not any(isinstance(b, Row) for b in blocks):
        return document
    fallback = assemble(visible_text_blocks(root), name)
    return fallback if fallback.tables else document


def visible_text_blocks(root: etree._Element) -> list[Block]:
    """The text reader on the page's visible text, one line per block element or <br>."""
    from assistant.parse.text_reader import text_blocks

    walker = _Walker(read_tables=False)
    walker.walk(root)
    walker.flush()
    return text_blocks("\n".join(b.text for b in walker.blocks if isinstance(b, Para)) + "\n")


def _parse(text: str, name: str) -> etree._Element:
    # the declaration would make lxml re-decode an already decoded string
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text.lstrip("\ufeff"))
    if not text.strip():
        raise ParseError("网页文件是空的，没有可读取的内容", name)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError("网页文件无法解析（HTML 结构已损坏）", name) from exc


class _Walker:
    """Walks the page in document order, collecting running text into Paras and tables into Rows."""

    def __init__(self, read_tables: bool = True) -> None:
        self.read_tables = read_tables
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.tables = 0
        self.cells = 0

    def flush(self) -> None:
        text = _finish(self.buffer)
        self.buffer = []
        if text:
            self.blocks.append(Para(text=text, line=len(self.blocks)))

    def walk(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag in _SKIP or not isinstance(tag, str) or _hidden(element):
            self.tail(element)
            return
        if tag == "table" and self.read_tables:
            self.flush()
            self.table(element)
            self.tail(element)
            return
        block = tag in _BLOCK or tag in ("table", "tr", "td", "th")
        if tag == "br" or block:
            self.flush()
        if element.text:
            self.buffer.append(_source(element.text))
        for child in element:
            self.walk(child)
        if block:
            self.flush()
        self.tail(element)

    def tail(self, element: etree._Element) -> None:
        if element.tail:
            self.buffer.append(_source(element.tail))

    def table(self, table: etree._Element) -> None:
        index = self.tables
        self.tables += 1
        pending: dict[int, dict[int, int]] = {}  # row → {column: rowspan continuation}
        trs = _rows(table)
        grid = [self._row_cells(tr, row_index, pending) for row_index, tr in enumerate(trs)]
        if any(nested and sum(1 for c in cells if c) <= 1 for cells, nested, _ in grid):
            # a page-layout table (a row holding only nested tables): its cells are page content
            for tr in trs:
                for cell in _cells(tr):
                    self.walk_cell(cell)
            return
        for row_index, (cells, nested, spans) in enumerate(grid):
            filled = [c for c in cells if c]
            if len(filled) == 1 and not nested:
                column = next(i for i, c in enumerate(cells) if c)
                if spans.get(column, 1) >= max(2, len(cells)):
                    self.blocks.append(Para(text=filled[0], line=row_index))  # a title row
                    continue
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                self.blocks.append(Row(cells=cells, line=row_index, table=index))
            for inner in nested:
                self.table(inner)

    def walk_cell(self, cell: etree._Element) -> None:
        self.flush()
        if cell.text:
            self.buffer.append(_source(cell.text))
        for child in cell:
            self.walk(child)
        self.flush()

    def _row_cells(
        self, tr: etree._Element, row_index: int, pending: dict[int, dict[int, int]]
    ) -> tuple[list[str], list[etree._Element], dict[int, int]]:
        """The row's cells on the grid, its nested tables, and column → colspan of its cells."""
        carried = pending.pop(row_index, {})
        cells: list[str] = []
        nested: list[etree._Element] = []
        spans: dict[int, int] = {}
        column = 0
        for cell in _cells(tr):
            while column in carried:
                cells.append("")
                column += 1
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            self.cells += colspan * rowspan
            if self.cells > MAX_GRID_CELLS:
                raise ParseError("网页中的表格过大（单元格数量异常），已拒绝读取。", "")
            text, inner = _cell_text(cell)
            nested.extend(inner)
            spans[column] = colspan
            cells.append(text)
            cells.extend([""] * (colspan - 1))
            for below in range(row_index + 1, row_index + rowspan):
                row_pending = pending.setdefault(below, {})
                for c in range(column, column + colspan):
                    row_pending[c] = 1
            column += colspan
        while column in carried:  # continuations right of the last cell
            cells.append("")
            column += 1
        return cells, nested, spans


def _tag(element: etree._Element) -> str | None:
    tag = element.tag
    if not isinstance(tag, str):
        return None  # comments, processing instructions
    # Word's <o:p> keeps its prefix: it is not a paragraph, only Word's empty-paragraph marker
    return tag.rsplit("}", 1)[-1].lower()


def _hidden(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of nested tables), thead/tbody/tfoot included."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _span(value: str | None) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    return min(max(int(match.group(1)), 1), MAX_SPAN) if match else 1


def _cell_text(cell: etree._Element) -> tuple[str, list[etree._Element]]:
    """A cell's text (<br> and block elements as newlines) and the tables nested in it."""
    parts: list[str] = []
    nested: list[etree._Element] = []

    def visit(element: etree._Element) -> None:
        tag = _tag(element)
        if tag == "table":
            nested.append(element)
        elif tag in ("input", "select") and not _hidden(element):
            parts.append(_field_text(element))  # a saved fill-in form keeps what was typed here
        elif tag is not None and tag not in _SKIP and not _hidden(element):
            if tag == "br" or tag in _BLOCK:
                parts.append("\n")
            if element.text:
                parts.append(_source(element.text))
            for child in element:
                visit(child)
            if tag in _BLOCK:
                parts.append("\n")
        if element.tail:
            parts.append(_source(element.tail))

    if cell.text:
        parts.append(_source(cell.text))
    for child in cell:
        visit(child)
    return _finish(parts), nested


_NO_TEXT_INPUTS = {"hidden", "button", "submit", "reset", "image", "file", "password", "checkbox", "radio"}


def _field_text(field: etree._Element) -> str:
    """What a form field shows: a text box its value, a drop-down its chosen option (else the
    first, as a browser shows it)."""
    if _tag(field) == "input":
        kind = (field.get("type") or "text").strip().lower()
        return "" if kind in _NO_TEXT_INPUTS else _source(field.get("value") or "")
    options = [o for o in field.iter() if _tag(o) == "option"]
    chosen = next((o for o in options if o.get("selected") is not None), options[0] if options else None)
    return _source(chosen.text_content()) if chosen is not None else ""


def _source(text: str) -> str:
    return text.replace("\r\n", _BREAK).replace("\r", _BREAK).replace("\n", _BREAK)


def _finish(parts: list[str]) -> str:
    """Source whitespace as a browser shows it: a wrap between two Chinese characters vanishes
    (CSS segment-break rule), other runs become one space; <br> newlines stay."""
    text = _CJK_BREAK.sub("", "".join(parts))
    return clean_cell(_SPACE.sub(" ", text))
