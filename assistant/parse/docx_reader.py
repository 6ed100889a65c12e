"""Read a .docx into blocks: body paragraphs and table rows in document order.

Merged cells are read from the physical XML (`w:tc` per row) so that each horizontal merge
appears once and each vertical-merge continuation appears as "" (the assembler carries the
value above down). python-docx's `row.cells` would repeat merged text instead. A header set over
two rows (指标值 spanning 年度指标值 | 中期指标值 below, the levels merged down) is read as one
row on grid positions (`header_rows.join_header`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.errors import ParseError
from assistant.parse.header_rows import join_header

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed; real tables are a few MB at most
RATIO_CHECK_BYTES = 10 * 1024 * 1024  # only large members are checked for the ratio
MAX_RATIO = 200

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# Text of a paragraph: w:t (not w:delText) and symbols inserted from a symbol font (w:sym: ≥ is
# often Symbol F0B3), in document order; skipping the mc:Fallback copy of text boxes and the
# source of a tracked move (w:moveFrom, shown again at w:moveTo) so nothing is read twice, and
# runs formatted hidden (w:vanish), which Word does not show.
_TEXT_XPATH = etree.XPath(
    ".//*[self::w:t or self::w:sym][not(ancestor::mc:Fallback) and not(ancestor::w:moveFrom)]"
    "[not(ancestor::w:r[1]/w:rPr/w:vanish[not(@w:val='0' or @w:val='false')])]",
    namespaces=_NS,
)
_SYM = qn("w:sym")
_CHAR, _FONT = qn("w:char"), qn("w:font")
# Symbol / Wingdings private-use codes (F000 + the font's own code) of the signs targets use
_SYMBOLS = {
    0x3C: "<", 0x3D: "=", 0x3E: ">", 0xA3: "≤", 0xB3: "≥", 0xB1: "±", 0xB0: "°", 0xB4: "×", 0xB8: "÷",
    0xB9: "≠", 0xBB: "≈", 0xAE: "→",
}

_P, _TBL, _SDT, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_SDT_CONTENT, _TCPR, _CUSTOM_XML = qn("w:sdtContent"), qn("w:tcPr"), qn("w:customXml")
_VMERGE, _VAL, _GRID_SPAN = qn("w:vMerge"), qn("w:val"), qn("w:gridSpan")


def read_docx_blocks(data: bytes, name: str = "") -> list[Block]:
    """Paragraphs (Para) and table rows (Row) of a .docx body, in document order.

    Para.line is the paragraph's index among body paragraphs (0-based, as in
    `Document.paragraphs`); empty paragraphs are skipped but still counted.
    Row.table is the index of the top-level table (as in `Document.tables`), Row.line the
    row index within it (0-based). Rows of nested tables follow their parent row, with the
    parent's table index and row index.
    """
    document = _open(data, name)
    # a damaged document.xml can parse as XML whose root is not <w:document>: no body to read
    body = getattr(document.element, "body", None)
    if body is None:
        raise ParseError("文档正文缺失或已损坏，无法读取。请用 Word 打开后重新保存为 .docx。", name)
    blocks: list[Block] = []
    counters = {"para": 0, "table": 0}
    for element in _body_children(body):
        if element.tag == _P:
            text = _paragraph_text(element)
            if text.strip():
                blocks.append(Para(text=text, line=counters["para"]))
            counters["para"] += 1
        elif element.tag == _TBL:
            blocks.extend(_table_rows(element, counters["table"]))
            counters["table"] += 1
    return blocks


def _open(data: bytes, name: str):
    """Check the bytes are a sane .docx before python-docx touches them."""
    where = name
    if not data:
        raise ParseError("文件是空的（0 字节），请确认上传的是填写好的 .docx 文件。", where)
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            "这是旧版 Word 文档（.doc）。请在 Word 或 WPS 中用“另存为”保存成 .docx 后再上传。",
            where,
        )
    if data.startswith(b"%PDF"):
        raise ParseError(
            "这是 PDF 文件，不是 Word 文档。请上传 .docx 文件，或把表格内容复制粘贴进来。", where
        )
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise ParseError(
            "无法识别为 .docx 文件（内容不是 Word 文档格式），请确认文件没有损坏。", where
        )
    try:
        with zipfile.ZipFile(buffer) as archive:
            _check_sizes(archive, where)
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ParseError("文件压缩结构已损坏，无法打开，请重新保存后再试。", where) from exc
    if "[Content_Types].xml" not in names:
        raise ParseError("这是一个压缩包，但不是 Word 文档（.docx）。", where)
    try:
        return open_docx(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise ParseError(
            "文档内部的 XML 已损坏，无法读取。请用 Word 打开后重新保存为 .docx。", where
        ) from exc
    except ValueError as exc:
        # python-docx says "not a Word file" for .xlsx/.pptx renamed to .docx
        raise ParseError("这不是 Word 文档（可能是改了扩展名的 Excel/PPT 文件）。", where) from exc
    except (KeyError, PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise ParseError(
            "文档缺少必要的组成部分，无法读取。请用 Word 打开后重新保存为 .docx。", where
        ) from exc
    except Exception as exc:  # noqa: BLE001 - python-docx trips over odd parts (AttributeError …)
        raise ParseError(
            "文档内部结构无法识别，无法读取。请用 Word 打开后重新保存为 .docx。", where
        ) from exc


def _check_sizes(archive: zipfile.ZipFile, where: str) -> None:
    """Refuse zip bombs from the central directory, before anything is decompressed."""
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise ParseError(
            f"文件解压后过大（约 {total // (1024 * 1024)} MB），已拒绝读取。绩效目标表通常只有几百 KB。",
            where,
        )
    for info in infos:
        if info.file_size > RATIO_CHECK_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ParseError("文件压缩比异常（疑似“压缩炸弹”），已拒绝读取。", where)


def _body_children(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables at body level, looking inside content controls (w:sdt) and custom
    XML markup (w:customXml, which template systems wrap around whole tables)."""
    for child in parent.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _body_children(content)
        elif child.tag == _CUSTOM_XML:
            yield from _body_children(child)
        elif child.tag in (_P, _TBL):
            yield child


def _paragraph_text(p: etree._Element) -> str:
    return "".join(_symbol(el) if el.tag == _SYM else (el.text or "") for el in _TEXT_XPATH(p))


def _symbol(sym: etree._Element) -> str:
    """The character a w:sym shows: a Symbol-font code read as the sign it draws; a plain
    Unicode code as itself."""
    code = sym.get(_CHAR, "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    symbol_font = "symbol" in sym.get(_FONT, "").lower()
    if 0xF000 <= value <= 0xF0FF or (symbol_font and value < 0x100):
        # Wingdings and other picture fonts draw marks, not text
        return _SYMBOLS.get(value & 0xFF, "") if symbol_font else ""
    return chr(value) if 0x20 <= value < 0xD800 or 0xF900 <= value <= 0xFFFD else ""


def _table_rows(tbl: etree._Element, table_index: int) -> list[Row]:
    read: list[tuple[list[str], list[str], set[int], list[etree._Element]]] = []
    for tr in _children(tbl, _TR):
        cells: list[str] = []
        grid: list[str] = []  # the cells on grid positions: a spanning cell, then "" it covers
        starts: set[int] = set()  # grid positions where a cell begins
        nested: list[etree._Element] = []
        for tc in _children(tr, _TC):
            text = "" if _is_continuation(tc) else _cell_text(tc)
            cells.append(text)
            starts.add(len(grid))
            grid += [text] + [""] * (_grid_span(tc) - 1)
            nested.extend(el for el in _body_children(tc) if el.tag == _TBL)
        read.append((cells, grid, starts, nested))
    rows: list[Row] = []
    skip = False
    for row_index, (cells, grid, starts, nested) in enumerate(read):
        if skip:
            skip = False
            continue
        if row_index + 1 < len(read) and not nested:
            # a header over two rows (指标值 spanning 年度指标值 | 中期指标值 below) is one row
            joined = join_header(grid, read[row_index + 1][1])
            if joined is not None:
                # one cell per cell of either row: the rows below divide the grid as they do
                edges = starts | read[row_index + 1][2]
                cells, skip = [text for n, text in enumerate(joined) if n in edges], True
        rows.append(Row(cells=cells, line=row_index, table=table_index))
        for inner in nested:
            # Flattened after the parent row; they belong to the same physical table.
            rows.extend(
                Row(cells=r.cells, line=row_index, table=table_index)
                for r in _table_rows(inner, table_index)
            )
    return rows


def _grid_span(tc: etree._Element) -> int:
    tc_pr = tc.find(_TCPR)
    span = tc_pr.find(_GRID_SPAN) if tc_pr is not None else None
    value = span.get(_VAL, "1") if span is not None else "1"
    return min(int(value), 64) if value.isdigit() and int(value) > 0 else 1


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with `tag`, also those wrapped in content controls or customXml."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _CUSTOM_XML:
            yield from _children(child, tag)


def _is_continuation(tc: etree._Element) -> bool:
    tc_pr = tc.find(_TCPR)
    if tc_pr is None:
        return False
    vmerge = tc_pr.find(_VMERGE)
    # <w:vMerge/> without a value means "continue"; "restart" starts the merged run.
    return vmerge is not None and vmerge.get(_VAL, "continue") == "continue"


def _cell_text(tc: etree._Element) -> str:
    """The cell's own paragraphs joined by newlines; nested tables are read as rows."""
    lines = [_paragraph_text(p) for p in _body_children(tc) if p.tag == _P]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)
