"""Pasted text → blocks. Handles the layouts tables arrive in when copied as text:

- one cell per line, each cell led by a tab, rows separated by blank lines (Word → text export);
- tab-separated rows, as Word and Excel put them on the clipboard;
- `|`-separated rows copied from web pages or Markdown;
- rows whose cells are separated by runs of spaces;
- PDF text dumps with cells broken across lines (delegated to `pdf_text`).

Decoding tries UTF-8, then GB18030 (a superset of GBK); binary input is refused.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.errors import ParseError

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MULTISPACE = re.compile(r"(?: {2,}|\u3000+)")

MAX_TEXT_CHARS = 20_000_000
# a names row of a transposed indicator table: a name heading, then cells on the same line
_TRANSPOSED_HINT = re.compile(r"^[ \t\u3000]*(?:三级指标|指标名称)[ \t\u3000]+\S", re.MULTILINE)


def decode_text(data: bytes, name: str = "") -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030."""
    if not data or not data.strip():
        raise ParseError("文件是空的，没有可读取的内容", name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError("文件编码无法识别（UTF-16 解码失败）", name) from exc
    sample = data[:65536]
    if sample.count(b"\x00") > len(sample) // 100:
        raise ParseError("这是二进制文件，不是文本；请上传 .docx、.txt 或 .json", name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_control(text):
            break
        return text
    raise ParseError("文件编码无法识别：既不是 UTF-8，也不是 GBK/GB18030 文本", name)


def _mostly_control(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\r\n\f")
    return bad > len(sample) * 0.05


def clean_cell(text: str) -> str:
    """Strip export debris (bookmark markers, odd spaces) from a cell, keeping inner newlines."""
    text = _BOOKMARK.sub("", text or "").replace("\xa0", " ").replace("\r", "")
    lines = [line.strip(" \t\u3000") for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def text_blocks(text: str) -> list[Block]:
    """Split pasted text into paragraphs and rows, choosing the layout from the text itself."""
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(f"粘贴的文本过大（{len(text) // 1_000_000} MB），请分批审核", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    from assistant.parse import glued
    from assistant.parse.normalize import fold_document

    # traditional mirrors and pinyin-injected copies read as simplified text from here on
    text = fold_document(text)
    lines = text.split("\n")
    from assistant.parse import outline

    if outline.is_outline(text):  # indicators as numbered headings and sentences, no grid
        return outline.outline_blocks(text)
    if _tab_led_share(lines) >= 0.5:
        return _cell_per_line_blocks(lines)
    if _tab_row_count(lines) >= 3 or _header_and_row(lines, "\t"):
        return _separated_blocks(lines, "\t")
    if _pipe_row_count(lines) >= 3 or _header_and_row(lines, "|"):
        return _separated_blocks(lines, "|")
    if glued.looks_glued(text):  # tables glued into one run, no separators (doc-sharing sites, OCR)
        return glued.glued_blocks(text)
    from assistant.parse import pdf_text  # imported here: only PDF dumps need its heuristics

    if pdf_text.looks_like_pdf_dump(text):
        return pdf_text.pdf_dump_blocks(text)
    from assistant.parse.normalize import to_simplified

    # The PDF-dump reader matches its labels word for word throughout, so a traditional dump
    # (績效目標表, 項目名稱) is read folded as a whole; other layouts fold per cell.
    folded = to_simplified(text)
    if folded != text and pdf_text.looks_like_pdf_dump(folded):
        return pdf_text.pdf_dump_blocks(folded)
    from assistant.parse import stream, stream_cells, transposed

    # category cells the PDF wrapped onto the next line (产出 / 指标) joined back into their row
    unwrapped = pdf_text.join_interleaved(lines)
    if unwrapped is not lines:
        lines, text = unwrapped, "\n".join(unwrapped)

    if _TRANSPOSED_HINT.search(text):
        # names across, values below: read line by line, `assemble` turns the table upright
        # (the cell-stream reader would take its 一级/二级指标 rows for an upright header)
        by_line = _separated_blocks(lines, "spaces")
        if transposed.has_transposed(by_line):
            return by_line
    spaced = stream.has_spaced_header(text)
    if stream.is_cell_stream(text) and not spaced:
        return stream.stream_blocks(text)
    # rows whose cells are separated by single spaces (PDF or Word text): every token is a
    # cell, and the stream reader rebuilds rows from what the cells mean
    tokens = stream_cells.space_tokens(lines)
    if stream.is_cell_stream(tokens):
        return stream.stream_blocks(tokens)
    return _separated_blocks(lines, "spaces")


def _tab_led_share(lines: list[str]) -> float:
    """Share of tab-holding lines that are single tab-led cells (the cell-per-line layout)."""
    led = inner = 0
    for line in lines:
        if "\t" not in line:
            continue
        body = line.rstrip("\t ")
        if line.startswith("\t") and "\t" not in body.lstrip("\t"):
            led += 1
        else:
            inner += 1
    return led / (led + inner) if led + inner >= 10 else 0.0


def _header_and_row(lines: list[str], separator: str) -> bool:
    """Two separated lines are a table when the first is an indicator header (a table of one row)."""
    from assistant.parse.labels import is_header_row

    rows = [line for line in lines if len([c for c in line.split(separator) if c.strip()]) >= 2]
    return len(rows) == 2 and is_header_row([c.strip() for c in rows[0].split(separator)])


def _tab_row_count(lines: list[str]) -> int:
    return sum(1 for line in lines if len([c for c in line.split("\t") if c.strip()]) >= 2)


def _pipe_row_count(lines: list[str]) -> int:
    return sum(1 for line in lines if len([c for c in line.split("|") if c.strip()]) >= 2)


def _cell_per_line_blocks(lines: list[str]) -> list[Block]:
    """Rows are runs of lines separated by blank lines; a tab-led line starts a cell and the
    lines after it without a tab continue that cell (cells holding several paragraphs)."""
    blocks: list[Block] = []
    cells: list[str] = []
    row_line = 0

    def flush() -> None:
        nonlocal cells
        if cells:
            blocks.append(Row(cells=[clean_cell(c) for c in cells], line=row_line))
        cells = []

    for number, line in enumerate(lines, start=1):
        if not line.strip(" \u3000") or (not line.strip() and "\t" not in line):
            flush()
            continue
        if line.startswith("\t"):
            if not cells:
                row_line = number
            cells.append(line[1:].rstrip("\t"))
        elif cells:
            cells[-1] += "\n" + line
        else:
            text = clean_cell(re.sub(r"\t+\d*\s*$", "", line))
            if text:
                blocks.append(Para(text=text, line=number))
    flush()
    return blocks


def _outer_pipes(lines: list[str]) -> bool:
    """Whether the pipe rows are framed by outer pipes ('| a | b |'). Without the frame, a row
    whose first cells are empty (merged 一级/二级) also starts with '|', and that pipe must
    keep its column, so the choice is made once for the whole text."""
    rows = [line.strip() for line in lines if line.count("|") >= 2 and not _PIPE_SEPARATOR.match(line)]
    framed = sum(1 for row in rows if row.startswith("|") and row.endswith("|"))
    return framed * 2 >= len(rows)


def _split(line: str, separator: str, outer_pipes: bool = True) -> list[str]:
    if separator == "|":
        stripped = line.strip()
        if outer_pipes and stripped.startswith("|"):
            stripped = stripped[1:]
        if outer_pipes and stripped.endswith("|"):
            stripped = stripped[:-1]
        return stripped.split("|")
    if separator == "spaces":
        return _MULTISPACE.split(line.strip())
    return line.split(separator)


def _header_word(cell: str, started: bool = False) -> bool:
    from assistant.parse.header_columns import NUMBER_HEADINGS
    from assistant.parse.labels import is_column_heading, normalize_label

    flat = normalize_label(cell)
    if flat.endswith("指标") and flat[:2] in ("一级", "二级", "三级") or "指标值" in flat:
        return True
    if not started and flat in NUMBER_HEADINGS:
        return True  # a row-number column (序号) first: the run must still hold header words
    return started and is_column_heading(cell)


def _header_run(lines: list[str], start: int, separator: str) -> tuple[list[str], int]:
    """Header cells that a web copy put one per line ('一级 指标 |', '二级 指标 |' …) before
    the pipe rows: one header row, and how many lines it took."""
    cells: list[str] = []
    index = start
    while index < len(lines):
        parts = [clean_cell(c) for c in lines[index].split(separator)]
        texts = [c for c in parts if c]
        if len(texts) != 1 or not _header_word(texts[0], started=bool(cells)):
            break
        cells.append(texts[0])
        index += 1
    return cells, index - start


def _separated_blocks(lines: list[str], separator: str) -> list[Block]:
    blocks: list[Block] = []
    outer = separator == "|" and _outer_pipes(lines)
    skip_to = 0
    for number, line in enumerate(lines, start=1):
        if number <= skip_to or not line.strip():
            continue
        if separator == "|" and _PIPE_SEPARATOR.match(line):
            continue
        if separator == "|":
            header, taken = _header_run(lines, number - 1, separator)
            if taken >= 3:
                blocks.append(Row(cells=header, line=number))
                skip_to = number + taken - 1
                continue
        cells = [clean_cell(c) for c in _split(line, separator, outer)]
        if len([c for c in cells if c]) >= 2 or (separator == "\t" and "\t" in line.strip(" ")):
            while cells and not cells[-1]:
                cells.pop()
            blocks.append(Row(cells=cells, line=number))
        else:
            text = clean_cell(line)
            alone = [c for c in cells if c]
            if alone and separator == "|" and _is_category_cell(alone[0]):
                # '产出指标 (40-50)分 |' on its own line: a merged category cell of the grid
                blocks.append(Row(cells=alone, line=number))
            elif text:
                blocks.append(Para(text=text, line=number))
    return blocks


def _is_category_cell(cell: str) -> bool:
    from assistant.parse.categories import normalize_level1, normalize_level2

    return bool(normalize_level1(cell) or normalize_level2(cell))
