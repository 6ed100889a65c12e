"""Bytes for the app's download buttons: Word, Excel, JSON and Markdown.

Every export carries the findings: a table with warnings can still be saved, and the saved
file says what is still wrong with it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence

import pandas as pd

from assistant.model import Document, DraftTrace, Finding, TargetTable
from assistant.ui.grid import findings_frame

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def file_stem(name: str, fallback: str = "绩效目标表") -> str:
    """A file name stem safe on every OS (project names may contain slashes)."""
    stem = _UNSAFE.sub("_", name or "").strip("._")
    return stem[:60] or fallback


def docx_bytes(document: Document, findings: Sequence[Finding]) -> bytes:
    from assistant.export.docx_writer import write_docx

    return write_docx(list(document.tables), title=document.title, findings=list(findings))


def json_bytes(document: Document, findings: Sequence[Finding], trace: DraftTrace | None = None) -> bytes:
    """Our JSON (re-loadable); with an LLM draft's record under "trace"."""
    from assistant.parse.json_io import document_to_json

    data = document_to_json(document, list(findings))
    if trace is not None:
        data["trace"] = trace.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def markdown_text(document: Document, findings: Sequence[Finding], name: str = "") -> str:
    from assistant.report.format import format_markdown, summary_line

    head = f"# 审核报告：{name or document.title or document.source or '绩效目标表'}\n\n"
    return (
        head
        + summary_line(document, list(findings))
        + "\n\n"
        + format_markdown(document, list(findings), name)
    )


def indicators_frame(tables: Sequence[TargetTable]) -> pd.DataFrame:
    rows = []
    for table in tables:
        for i in table.indicators:
            rows.append(
                {
                    "项目名称": table.project,
                    "一级指标": i.level1,
                    "二级指标": i.level2,
                    "三级指标": i.name,
                    "绩效指标描述": i.description,
                    "指标值": i.target.raw,
                    "指标值确定依据": i.basis,
                    "来源": i.provenance or "",
                }
            )
    columns = [
        "项目名称",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
        "来源",
    ]
    return pd.DataFrame(rows, columns=columns)


def xlsx_bytes(document: Document, findings: Sequence[Finding]) -> bytes:
    """Two sheets: 绩效指标 (every table's rows) and 审核意见 (the findings)."""
    tables = list(document.tables)
    found = findings_frame(findings, tables)
    found.insert(
        0, "项目名称", [tables[f.table].project if f.table < len(tables) else "" for f in findings]
    )
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        indicators_frame(tables).to_excel(writer, sheet_name="绩效指标", index=False)
        found.to_excel(writer, sheet_name="审核意见", index=False)
        for sheet in writer.sheets.values():
            # Wide enough for Chinese text without the user resizing every column.
            for letter in "ABCDEFGHI":
                sheet.column_dimensions[letter].width = 22
    return out.getvalue()
