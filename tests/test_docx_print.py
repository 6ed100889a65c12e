"""The Word exports as printed: rendered to PDF by LibreOffice (skipped without `soffice`).

Checks what a reader of the printout sees: the title and the table on page 1, the indicator
header on every page of a long table, no row cut with “…”, each table's findings right after
that table, and a sensible page count.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.export.docx_writer import FINDINGS_HEADING, write_docx
from assistant.model import Finding, Indicator, Severity, TargetTable
from assistant.parse.values import parse_target

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="需要 LibreOffice（soffice）把 Word 转成 PDF")


def pdf_pages(docx: bytes, tmp_path: Path, name: str) -> list[str]:
    """The text of each page of `docx` printed by LibreOffice."""
    import pdfplumber

    source = tmp_path / f"{name}.docx"
    source.write_bytes(docx)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    with pdfplumber.open(tmp_path / f"{name}.pdf") as pdf:
        return [(page.extract_text() or "").replace(" ", "") for page in pdf.pages]


def _row(n: int, level2: str = "数量指标") -> Indicator:
    return Indicator(
        level1="产出指标", level2=level2, raw_level1="产出指标", raw_level2=level2,
        name=f"工作{n}完成数", description=f"按计划完成第{n}项工作的数量",
        target=parse_target(f"≥{n}个"), basis="年度工作计划",
    )


def _table(project: str, rows: int) -> TargetTable:
    return TargetTable(
        project=project,
        budget_total_yuan=Decimal("1200000"),
        budget_fiscal_yuan=Decimal("1200000"),
        purpose="用于村级道路养护：养护里程120公里，单价1万元/公里。",
        goals=["年度内完成120公里村级道路养护，保障群众安全出行。"],
        indicators=[_row(n) for n in range(1, rows + 1)],
    )


def test_draft_prints_title_and_table_on_page_1_with_header_on_every_page(tmp_path: Path) -> None:
    pages = pdf_pages(write_docx([_table("村级道路养护", 45)]), tmp_path, "draft")
    assert 2 <= len(pages) <= 5, len(pages)
    first = pages[0]
    assert "村级道路养护绩效目标表" in first and "预算数" in first
    assert "一级指标" in first and "工作1完成数" in first  # the table starts on page 1
    for page in pages:  # the indicator header repeats on every page
        assert "一级指标" in page and "指标值确定依据" in page
    text = "".join(pages)
    assert "…" not in text and "资金支出计划" not in text  # no plan given: no empty plan rows
    for n in range(1, 46):  # every row printed, none cut in two
        assert text.count(f"工作{n}完成数按计划") == 1


def test_review_report_puts_each_tables_findings_after_it(tmp_path: Path) -> None:
    tables = [_table("甲项目", 6), _table("乙项目", 6), _table("丙项目", 6)]
    findings = [
        Finding(code="V002", severity=Severity.ERROR, table=t, indicator=1, message=f"第{t}表的问题")
        for t in range(3)
    ]
    pages = pdf_pages(write_docx(tables, title="审核报告", findings=findings), tmp_path, "review")
    assert len(pages) == 3, len(pages)  # one page per small table, its findings with it
    assert "审核报告" in pages[0] and "甲项目绩效目标表" in pages[0] and "一级指标" in pages[0]
    for number, (page, name) in enumerate(zip(pages, ("甲项目", "乙项目", "丙项目"), strict=True)):
        assert f"{name}绩效目标表" in page
        assert FINDINGS_HEADING.replace(" ", "") in page and f"第{number}表的问题" in page
