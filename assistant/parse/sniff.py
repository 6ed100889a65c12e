"""Which reader a file needs, from its bytes first and its name second.

Zip files are .docx or .xlsx (or .ods/.xlsb) by the parts inside; OLE compound files (D0 CF 11 E0)
are .xls, .doc or a password-protected Office file by the streams they hold; web pages are often
saved with an .xls or .doc name by reporting systems, so HTML is recognised by content too.
"""

from __future__ import annotations

import io
import re
import zipfile

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_NAMES = (".htm", ".html", ".xhtml", ".shtml")
_SHEET_NAMES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")


def _ole_stream(data: bytes, stream: str) -> bool:
    """Whether an OLE directory holds a stream of that name (names are stored as UTF-16LE)."""
    return stream.encode("utf-16-le") in data


def sniff_format(data: bytes, name: str = "") -> str | None:
    """'xlsx' (any calamine workbook), 'xls', 'doc', 'encrypted', 'html', 'rtf', or None
    (leave it to the existing docx / text dispatch)."""
    lower = name.lower()
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, EOFError, KeyError):
            return "xlsx" if lower.endswith(_SHEET_NAMES) else None
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names or b"spreadsheet" in mimetype:
            return "xlsx"
        return None
    if data[:8] == OLE_MAGIC:
        if _ole_stream(data, "EncryptedPackage"):
            return "encrypted"
        word = _ole_stream(data, "WordDocument")
        book = _ole_stream(data, "Workbook") or _ole_stream(data, "Book")
        if word and book:  # one embeds the other: the name says which is the outer file
            return "xls" if lower.endswith(_SHEET_NAMES) else "doc"
        if word or book:
            return "doc" if word else "xls"
        return "xls" if lower.endswith(_SHEET_NAMES) else "doc"
    if data[:5] == b"{\\rtf":
        return "rtf"  # Word also saves .doc files as RTF; LibreOffice converts them the same way
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(head) or (lower.endswith(_HTML_NAMES) and b"<" in head):
        return "html"
    return None
