"""Legacy Word (.doc) through LibreOffice, and telling OLE/zip files apart by their contents."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from assistant.parse import ParseError, doc_convert, read_bytes
from assistant.parse.sniff import OLE_MAGIC, sniff_format
from tests import layout_render as render
from tests.test_layouts import _check, _only, _tables

SOFFICE = doc_convert.find_soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _ole(*streams: str) -> bytes:
    """Enough of an OLE file for sniffing: the signature and directory names (UTF-16LE)."""
    return OLE_MAGIC + b"\0" * 504 + b"".join(s.encode("utf-16-le") + b"\0\0" for s in streams) + b"\0" * 512


def _doc_bytes(tmp_path: Path, html: str) -> bytes:
    """A real .doc: LibreOffice saves a web page as Word 97."""
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(page)],
        capture_output=True, timeout=180, check=True,
    )
    return (tmp_path / "page.doc").read_bytes()


def test_sniffing() -> None:
    assert sniff_format(_ole("Root Entry", "WordDocument", "1Table"), "a.doc") == "doc"
    assert sniff_format(_ole("Root Entry", "Workbook"), "") == "xls"
    assert sniff_format(_ole("Root Entry", "EncryptedPackage", "EncryptionInfo"), "a.xlsx") == "encrypted"
    assert sniff_format(_ole("Root Entry", "Workbook", "WordDocument"), "a.xls") == "xls"
    assert sniff_format(render.xlsx_bytes([_tables()["k020"]]), "renamed.docx") == "xlsx"
    assert sniff_format(render.docx_bytes([_tables()["k020"]]), "a.docx") is None  # the docx reader's
    assert sniff_format(b"{\\rtf1\\ansi hello}", "a.doc") == "rtf"
    assert sniff_format(b"\n<!DOCTYPE html><html></html>", "") == "html"
    assert sniff_format(b"\xef\xbb\xbf<table><tr><td>a</td></tr></table>", "a.txt") == "html"
    assert sniff_format("项目名称\t甲".encode(), "a.txt") is None


def test_without_libreoffice_the_message_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_convert, "find_soffice", lambda: None)
    with pytest.raises(ParseError) as error:
        read_bytes(_ole("Root Entry", "WordDocument"), "旧表.doc")
    assert error.value.message == doc_convert.NO_OFFICE
    assert "另存为 .docx" in error.value.message


def test_encrypted_office_file() -> None:
    with pytest.raises(ParseError) as error:
        read_bytes(_ole("Root Entry", "EncryptedPackage"), "加密.docx")
    assert "密码" in error.value.message


@needs_soffice
def test_doc_reads_back(tmp_path: Path) -> None:
    want = _tables()["k020"]
    data = _doc_bytes(tmp_path, render.html_text([want], merge_level2=True))
    assert sniff_format(data, "表.doc") == "doc"
    _check(_only(read_bytes(data, "表.doc")), want)


@needs_soffice
def test_corrupt_doc_is_refused_clearly() -> None:
    with pytest.raises(ParseError) as error:
        read_bytes(_ole("Root Entry", "WordDocument") + b"\x13" * 4096, "坏.doc")
    assert "另存为 .docx" in error.value.message
