"""Readers: any supported input → Document. The format is chosen from the content itself."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.model import Document
from assistant.parse.errors import ParseError

MAX_INPUT_BYTES = 50 * 1024 * 1024

__all__ = ["ParseError", "read_bytes", "read_path", "read_text"]


def read_text(text: str, source: str = "") -> Document:
    """Pasted text (any supported layout) or our own JSON."""
    from assistant.parse.assemble import assemble
    from assistant.parse.text_reader import text_blocks

    stripped = text.lstrip("\ufeff \n\t")
    if stripped.startswith(("{", "[")):
        from assistant.parse.json_io import document_from_json

        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ParseError(f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列，{exc.msg}", source) from exc
        try:
            return document_from_json(data, source)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            # wrong types in otherwise valid JSON ("goals": 1); ValueError covers pydantic's
            raise ParseError(f"JSON 内容不符合绩效目标表的格式：{type(exc).__name__}", source) from exc
    return assemble(text_blocks(text), source)


def read_bytes(data: bytes, name: str = "") -> Document:
    """A file's bytes: .docx (zip) by signature, else text/JSON after decoding."""
    from assistant.parse.text_reader import decode_text

    if len(data) > MAX_INPUT_BYTES:
        raise ParseError(f"文件过大（{len(data) // (1024 * 1024)} MB，上限 50 MB）", name)
    from assistant.parse.sniff import sniff_format

    kind = sniff_format(data, name)  # workbooks, legacy .doc, web pages
    if kind is not None:
        return _read_sniffed(kind, data, name)
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".docx", ".doc")) or data[:4] == b"\xd0\xcf\x11\xe0":
        from assistant.parse.assemble import assemble
        from assistant.parse.docx_reader import read_docx_blocks

        return assemble(read_docx_blocks(data, name), name)
    if b"%PDF-" in data[:1024]:  # the signature may follow a little junk
        from assistant.parse.pdf_reader import read_pdf

        return read_pdf(data, name)
    from assistant.parse.ocr import image_blocks, is_image

    if is_image(data):
        from assistant.parse.assemble import assemble

        return assemble(image_blocks(data, name), name)
    return read_text(decode_text(data, name), name)


def _read_sniffed(kind: str, data: bytes, name: str) -> Document:
    from assistant.parse.assemble import assemble

    if kind == "encrypted":
        raise ParseError("文件设置了密码（已加密），无法读取；请取消密码后另存再上传。", name)
    if kind in ("xlsx", "xls"):
        from assistant.parse.xlsx_reader import read_workbook_blocks

        return assemble(read_workbook_blocks(data, name), name)
    if kind in ("doc", "rtf"):
        from assistant.parse.doc_convert import read_doc_blocks

        return assemble(read_doc_blocks(data, name, ".rtf" if kind == "rtf" else ".doc"), name)
    from assistant.parse.html_reader import read_html

    return read_html(data, name)


def read_path(path: str | Path) -> Document:
    path = Path(path)
    if not path.exists():
        raise ParseError("文件不存在", str(path))
    if path.is_dir():
        raise ParseError("这是一个文件夹，不是文件", str(path))
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise ParseError(f"文件过大（{path.stat().st_size // (1024 * 1024)} MB，上限 50 MB）", str(path))
    return read_bytes(path.read_bytes(), path.name)
