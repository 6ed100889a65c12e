"""Read a workbook (.xlsx, .xls, also .xlsb/.ods) into blocks: each visible sheet's rows in order.

Values come from python-calamine (fast, reads every format). Cells read as a person sees them:
95.0 → "95", dates as 2024-12-31, and percent-formatted cells as "95%" — calamine does not expose
number formats, so for .xlsx one streaming pass over the sheet XML finds the percent-styled cells
(the same pass refuses sheets whose data area would be too large to hold in memory).

Merged cells follow the docx convention: the anchor keeps the text, covered cells are "" (so
column positions stay those of the grid). A row whose only text spans several merged columns, or
sits above the first multi-cell row of the sheet or of a run of rows after a blank row (several
tables on one sheet), is a title or a note (“单位：万元”) and becomes a Para. A header set over two
rows (指标值 spanning 年度指标值 | 中期指标值) is read as one row. As shown also means: hidden rows
are left out and hidden columns read empty (.xlsx), dates formatted with 年/月/日 read so.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import python_calamine as calamine
from lxml import etree

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.docx_reader import _check_sizes
from assistant.parse.errors import ParseError
from assistant.parse.header_rows import join_header_rows
from assistant.parse.xlsx_formats import Percents, Shown, builtin_shown, cell_text, shown_format

MAX_SHEET_CELLS = 2_000_000  # data area per sheet; real target tables have a few thousand cells

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_C, _ROW, _V, _IS, _COL = (f"{{{_MAIN}}}{t}" for t in ("c", "row", "v", "is", "col"))
_TRUE = ("1", "true")
_REF = re.compile(r"([A-Z]+)(\d+)")
_DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)
_TEXT_TYPES = {"s", "str", "inlineStr", "b", "e"}


@dataclass
class _Shown:
    """What a sheet's XML says about how its cells show: number formats, hidden rows and columns."""

    formats: Percents = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)  # 0-based
    hidden_cols: set[int] = field(default_factory=set)


def read_workbook_blocks(data: bytes, name: str = "") -> list[Block]:
    """Rows (Row) and titles (Para) of every visible worksheet, sheets in order.

    Row.line is the 1-based Excel row number, Row.table the sheet's index.
    """
    if not data:
        raise ParseError("文件是空的（0 字节），请确认上传的是填写好的 Excel 文件。", name)
    shown: dict[str, _Shown] = {}
    if data[:4] == b"PK\x03\x04":
        shown = _xlsx_scan(data, name)
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        shown = {sheet: _Shown(formats) for sheet, formats in _xls_percents(data).items()}
    book = _open_book(data, name)
    blocks: list[Block] = []
    for index, meta in enumerate(book.sheets_metadata):
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            continue  # hidden sheets hold lookup lists, not what the user filled in
        try:
            sheet = book.get_sheet_by_index(index)
        except Exception as exc:  # noqa: BLE001 - calamine raises several error types
            raise ParseError(f"工作表“{meta.name}”已损坏，无法读取：{exc}", name) from exc
        blocks.extend(_sheet_blocks(sheet, index, shown.get(meta.name) or _Shown(), name))
    if not any(isinstance(b, Row) for b in blocks):
        raise ParseError("工作簿里没有任何内容（所有工作表都是空的）。", name)
    return blocks


def _open_book(data: bytes, name: str) -> calamine.CalamineWorkbook:
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as exc:
        raise ParseError("Excel 文件设置了密码（已加密），无法读取；请取消密码后另存再上传。", name) from exc
    except Exception as exc:  # noqa: BLE001 - CalamineError, ZipError, XmlError, OSError …
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise ParseError("Excel 文件设置了密码（已加密），无法读取；请取消密码后另存再上传。", name) from exc
        raise ParseError(
            "Excel 文件已损坏或格式无法识别，无法读取；请用 Excel/WPS 打开后另存为 .xlsx 再上传。",
            name,
        ) from exc


def _sheet_blocks(sheet: calamine.CalamineSheet, sheet_index: int, shown: _Shown, where: str) -> list[Block]:
    """The sheet's rows as shown: hidden rows left out, hidden columns empty."""
    if sheet.height * sheet.width > MAX_SHEET_CELLS:
        raise ParseError(_too_large(sheet.name, sheet.height * sheet.width), where)
    rows = sheet.to_python(skip_empty_area=True)
    if not rows or sheet.start is None:
        return []
    row0, col0 = sheet.start
    spans, covered = _merges(sheet, row0, col0, len(rows), sheet.width)
    blocks: list[Block] = []
    if not _DEFAULT_SHEET.match(sheet.name.strip()):
        blocks.append(Para(text=sheet.name.strip(), line=0))
    seen_multi = False
    carried: dict[int, str] = {}  # column → text of a merged cell whose anchor row is hidden
    for offset, values in enumerate(rows):
        row = row0 + offset
        cells = [
            "" if col0 + j in shown.hidden_cols else cell_text(v, shown.formats.get((row, col0 + j)))
            for j, v in enumerate(values)
        ]
        for j in covered.get(offset, ()):
            cells[j] = carried.get(j, "") if row in shown.hidden_rows else ""
        if row in shown.hidden_rows:
            # a hidden row (an indicator struck out, a helper row) is not in the table shown; a
            # merged cell it starts shows its text in the first visible row below
            below = covered.get(offset + 1, set())
            carried = {j: text for j, text in enumerate(cells) if text and j in below} | {
                j: text for j, text in carried.items() if j in below
            }
            continue
        for j, text in carried.items():
            if j < len(cells) and not cells[j]:
                cells[j] = text
        carried = {}
        filled = [j for j, c in enumerate(cells) if c.strip()]
        if not filled:
            # a blank row ends a table: a lone text below it (the next table's title) is a Para
            seen_multi = seen_multi and bool(covered.get(offset))
            continue
        if len(filled) == 1 and (spans.get((offset, filled[0]), 1) > 1 or not seen_multi):
            blocks.append(Para(text=cells[filled[0]].strip(), line=row + 1))
            continue
        seen_multi = True
        while cells and not cells[-1].strip():
            cells.pop()
        blocks.append(Row(cells=cells, line=row + 1, table=sheet_index))
    return join_header_rows(blocks)


def _merges(
    sheet: calamine.CalamineSheet, row0: int, col0: int, height: int, width: int
) -> tuple[dict[tuple[int, int], int], dict[int, set[int]]]:
    """(anchor → column span, row → covered columns), relative to the data area and clipped to it."""
    spans: dict[tuple[int, int], int] = {}
    covered: dict[int, set[int]] = {}
    budget = 4 * height * width + 10_000  # overlapping giant merges cannot cost more than this
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
        top, bottom, left, right = top - row0, bottom - row0, left - col0, right - col0
        spans[(top, left)] = right - left + 1
        for r in range(max(top, 0), min(bottom, height - 1) + 1):
            cols = range(max(left, 0), min(right, width - 1) + 1)
            budget -= len(cols)
            if budget < 0:
                return spans, covered
            covered.setdefault(r, set()).update(c for c in cols if (r, c) != (top, left))
    return spans, covered


def _too_large(sheet: str, cells: int) -> str:
    return (
        f"工作表“{sheet}”的数据区域过大（约 {cells // 10000} 万个单元格），已拒绝读取。"
        "绩效目标表通常只有几百行，请删去无关内容后再上传。"
    )


# -- .xlsx: number formats and size, from the XML itself ----------------------------------


def _xlsx_scan(data: bytes, where: str) -> dict[str, _Shown]:
    """Percent- and date-styled cells, hidden rows and columns per sheet name; refuses oversized
    sheets before calamine loads them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_sizes(archive, where)
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                return {}  # .xlsb and others: calamine reads them, formats unknown
            percent_styles = _percent_styles(archive) if "xl/styles.xml" in names else {}
            return {
                sheet: _scan_sheet(archive, member, percent_styles, sheet, where)
                for sheet, member in _sheet_members(archive)
                if member in names
            }
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError, EOFError) as exc:
        raise ParseError(
            "Excel 文件已损坏（内部结构无法解析），无法读取；请用 Excel/WPS 打开后另存为 .xlsx 再上传。",
            where,
        ) from exc


def _sheet_members(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    workbook = etree.fromstring(archive.read("xl/workbook.xml"))
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    members = []
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"), "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        members.append((sheet.get("name", ""), member))
    return members


def _percent_styles(archive: zipfile.ZipFile) -> dict[str, Shown]:
    """Cell style index (the `s` attribute) → decimals, for styles whose format is a percent, or
    the date pattern, for Chinese date formats."""
    styles = etree.fromstring(archive.read("xl/styles.xml"))
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "")
        for f in styles.iter(f"{{{_MAIN}}}numFmt")
    }
    result: dict[str, Shown] = {}
    cell_xfs = styles.find(f"{{{_MAIN}}}cellXfs")
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", "0") or 0)
        decimals: Shown | None = builtin_shown(fmt_id)
        if fmt_id in custom:
            decimals = shown_format(custom[fmt_id])
        if decimals is not None:
            result[str(index)] = decimals
    return result


def _scan_sheet(
    archive: zipfile.ZipFile, member: str, percent_styles: dict[str, Shown], sheet: str, where: str
) -> _Shown:
    shown = _Shown()
    percents = shown.formats
    min_row = min_col = 1 << 30
    max_row = max_col = -1
    row_index = col_index = -1
    current_row = None
    with archive.open(member) as stream:
        for _event, element in etree.iterparse(stream, events=("end",), tag=(_C, _ROW, _COL)):
            if element.tag == _COL:
                low, high = element.get("min", ""), element.get("max", "")
                if element.get("hidden", "") in _TRUE and low.isdigit() and high.isdigit():
                    # one <col> may cover a range up to the sheet's last column: only a few count
                    shown.hidden_cols.update(range(int(low) - 1, min(int(high), int(low) + 256)))
                continue
            if element.tag == _ROW:
                number = element.get("r", "")
                if element.get("hidden", "") in _TRUE and number.isdigit():
                    shown.hidden_rows.add(int(number) - 1)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
                continue
            parent = element.getparent()
            if parent is not current_row:
                current_row, col_index = parent, -1
                row_attr = parent.get("r", "") if parent is not None else ""
                row_index = int(row_attr) - 1 if row_attr.isdigit() else row_index + 1
            ref = _REF.match(element.get("r", ""))
            # writers may omit r: cells then follow one another
            col_index = _column(ref.group(1)) if ref else col_index + 1
            if ref:
                row_index = int(ref.group(2)) - 1
            if element.find(_V) is not None or element.find(_IS) is not None:
                min_row, max_row = min(min_row, row_index), max(max_row, row_index)
                min_col, max_col = min(min_col, col_index), max(max_col, col_index)
                style = element.get("s")
                if style in percent_styles and element.get("t", "n") not in _TEXT_TYPES:
                    percents[(row_index, col_index)] = percent_styles[style]
            element.clear()
    area = (max_row - min_row + 1) * (max_col - min_col + 1) if max_row >= 0 else 0
    if area > MAX_SHEET_CELLS:
        raise ParseError(_too_large(sheet, area), where)
    return shown


def _xls_percents(data: bytes) -> dict[str, Percents]:
    """Percent-formatted number cells of a .xls, through xlrd (calamine hides formats). Without
    xlrd, or when it cannot read the file, cells read as their plain numbers."""
    try:
        import xlrd
    except ImportError:
        return {}
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # noqa: BLE001 - calamine reports unreadable files with a proper message
        return {}
    decimals_of: dict[int, Shown | None] = {}
    result: dict[str, Percents] = {}
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            percents: Percents = {}
            for row in range(sheet.nrows):
                for col, cell in enumerate(sheet.row(row)):
                    if cell.ctype != xlrd.XL_CELL_NUMBER:
                        continue
                    if cell.xf_index not in decimals_of:
                        fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
                        decimals_of[cell.xf_index] = shown_format(fmt.format_str) if fmt else None
                    decimals = decimals_of[cell.xf_index]
                    if decimals is not None:
                        percents[(row, col)] = decimals
            result[sheet.name] = percents
            book.unload_sheet(index)
    except Exception:  # noqa: BLE001 - a format lookup failing must not lose the values
        return result
    return result


def _column(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1
