"""Legacy Word files (.doc, and RTF saved as .doc) → .docx through LibreOffice, then the docx reader.

LibreOffice is optional: without `soffice` on PATH the user gets a message telling them to save
the file as .docx. Each conversion uses its own throwaway profile directory, so concurrent
conversions (and a user's running LibreOffice) do not lock each other out.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from assistant.parse.blocks import Block
from assistant.parse.errors import ParseError

CONVERT_TIMEOUT_SECONDS = 120

NO_OFFICE = "这是旧版 Word（.doc）文件：本机未安装 LibreOffice，无法转换；请另存为 .docx 后上传"


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, name: str = "", suffix: str = ".doc") -> bytes:
    """The .docx bytes LibreOffice makes of a .doc/.rtf file."""
    soffice = find_soffice()
    if soffice is None:
        raise ParseError(NO_OFFICE, name)
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--norestore", "--nologo", "--nolockcheck",
            "--convert-to", "docx", "--outdir", str(folder / "out"), str(source),
        ]
        try:
            _run(command)
        except subprocess.TimeoutExpired as exc:
            raise ParseError(
                f"旧版 Word（.doc）文件转换超时（超过 {CONVERT_TIMEOUT_SECONDS} 秒）；请另存为 .docx 后上传",
                name,
            ) from exc
        except OSError as exc:
            raise ParseError(f"无法启动 LibreOffice 转换旧版 Word（.doc）文件：{exc}", name) from exc
        result = folder / "out" / "input.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise ParseError(
                "旧版 Word（.doc）文件无法转换（文件可能已损坏或设置了密码）；请用 Word/WPS 打开后另存为 .docx 再上传",
                name,
            )
        return result.read_bytes()


def _run(command: list[str]) -> None:
    """Run the conversion in its own process group, so a timeout also ends the office process
    the launcher script starts."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        process.wait(timeout=CONVERT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


def read_doc_blocks(data: bytes, name: str = "", suffix: str = ".doc") -> list[Block]:
    from assistant.parse.docx_reader import read_docx_blocks

    return read_docx_blocks(convert_to_docx(data, name, suffix), name)
