"""Review in the official form: dimensions, the grading rule, the 审核意见, the Word document
(opened by LibreOffice when it is installed), `jixiao review` and the app's download."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from assistant.cli import main
from assistant.model import Finding, Indicator, Severity, TargetTable
from assistant.report.review import (
    DIMENSIONS,
    grade_table,
    review_checked,
    review_table,
)
from assistant.rules import load_rules
from assistant.rules.dimensions import DIMENSION_OF, dimension_of
from tests.test_app import button_bytes, downloads, new_app  # noqa: F401 - fixture

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CODE = re.compile(r"\b[SVBRQA]\d{3}\b")


def _table(rows: int = 6) -> TargetTable:
    return TargetTable(
        project="某县乡村道路养护项目",
        indicators=[Indicator(level1="产出指标", level2="数量指标", name=f"指标{n}") for n in range(rows)],
    )


def _finding(code: str, severity: str, row: int | None = 0, message: str = "问题") -> Finding:
    return Finding(code=code, severity=Severity(severity), table=0, indicator=row,
                   message=message, hint="请修改。")


# -- dimensions -----------------------------------------------------------------------------


def test_every_rule_code_has_a_dimension():
    rules = load_rules()
    for code in rules:
        assert dimension_of(code) in DIMENSIONS, code
    assert set(DIMENSION_OF) <= set(rules), "a mapped code that no rule registers"
    assert {dimension_of(c) for c in rules} == set(DIMENSIONS)


# -- grading --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("findings", "grade", "reason"),
    [
        ([], "优", "无错误、无警告"),
        ([_finding("Q001", "info")], "优", "仅有1条完善建议"),
        ([_finding("V006", "warning")], "良", "警告1条"),
        ([_finding("V006", "warning", n) for n in range(5)], "中", "警告5条"),
        ([_finding("V002", "error")], "中", "错误1条"),
        ([_finding("V002", "error", n) for n in range(3)], "差", "错误3条"),
        ([_finding("S004", "error", None, "未填写绩效目标")], "差", "完整性存在错误"),
    ],
)
def test_grading_rule(findings: list[Finding], grade: str, reason: str):
    got, reasons = grade_table(_table(), findings)
    assert got == grade
    assert reason in "；".join(reasons)


def test_a_table_without_rows_is_poor():
    assert grade_table(_table(0), []) == ("差", ["表中没有读到任何三级指标"])


def test_opinion_numbers_changes_in_chinese_without_codes():
    findings = [
        _finding("V002", "error", 1, "“指标1”的指标值是比率"),
        _finding("V002", "error", 2, "“指标2”的指标值是比率"),
        _finding("R001", "warning", 3, "“指标3”与项目无关"),
        _finding("A006", "info", 4, "满意度没有调查"),
    ]
    review = review_table(_table(), 0, findings)
    assert review.grade == "中"
    assert review.changes[0] == "第2行：“指标1”的指标值是比率；第3行：“指标2”的指标值是比率。请修改。"
    assert len(review.changes) == 2 and len(review.suggestions) == 1
    assert review.dimensions["适当性"] and review.dimensions["相关性"] and review.dimensions["可行性"]
    assert not any(CODE.search(text) for text in [*review.changes, *review.suggestions, review.opinion])


# -- Word ---------------------------------------------------------------------------------------


def _seed_docx(tmp_path: Path) -> Path:
    out = tmp_path / "审核意见.docx"
    assert main(["review", str(SEEDS / "002.txt"), "-o", str(out)]) in (0, 1)
    return out


def _docx_text(path: Path) -> str:
    document = open_docx(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_review_docx_of_seed_002(tmp_path: Path):
    path = _seed_docx(tmp_path)
    text = _docx_text(path)
    assert text.startswith("绩效目标审核意见")
    for word in ("评级：", "评级理由：", "审核意见：", "需要修改的内容：", *DIMENSIONS):
        assert word in text
    assert re.search(r"^1\. 第\d+行", text, re.M)
    assert "防火经费" in text and "目标内容1" in text
    assert not CODE.search(text)
    runs = [r for p in open_docx(str(path)).paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 不在 PATH 上")
def test_review_docx_opens_in_libreoffice(tmp_path: Path):
    pdfplumber = pytest.importorskip("pdfplumber")
    path = _seed_docx(tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    pdf_path = tmp_path / "审核意见.pdf"
    for _ in range(2):  # a fresh profile's first start may only set the profile up
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(path)],
            check=True, capture_output=True, timeout=180,
        )
        if pdf_path.exists():
            break
    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    flat = re.sub(r"\s+", "", text)
    assert "绩效目标审核意见" in flat
    assert re.search(r"评级：[优良中差]", flat)
    for dimension in DIMENSIONS:
        assert dimension in flat
    assert "需要修改的内容：" in flat and re.search(r"1\.第\d+行", flat)


# -- CLI -----------------------------------------------------------------------------------------


def test_review_text_on_stdout(capsys: pytest.CaptureFixture[str]):
    assert main(["review", str(SEEDS / "002.txt")]) == 1  # some tables are 中/差
    out = capsys.readouterr().out
    assert "【3】官厅镇怀财字【2024】7号防火经费　评级：差" in out
    assert "评级汇总：" in out


def test_batch_review_writes_one_docx_per_document_and_the_summary(tmp_path: Path):
    from openpyxl import load_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    for number in ("001", "002"):
        shutil.copy(SEEDS / f"{number}.txt", folder / f"{number}.txt")
    (folder / "empty.txt").write_text("这不是绩效目标表", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["review", str(folder), "-o", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "001-审核意见.docx", "002-审核意见.docx", "审核汇总.xlsx"
    ]
    book = load_workbook(out / "审核汇总.xlsx")
    rows = list(book["评级汇总"].iter_rows(values_only=True))
    assert rows[0][:4] == ("文件", "序号", "项目名称", "评级")
    assert sum(r[0] == "002.txt" for r in rows) == 23
    assert all(r[3] in "优良中差" for r in rows[1:] if r[0] != "empty.txt")
    assert any(r[0] == "empty.txt" and r[-1] for r in rows)
    per_file = list(book["按文件"].iter_rows(values_only=True))
    assert per_file[0] == ("文件", "表数", "优", "良", "中", "差", "说明")
    assert per_file[2][:2] == ("002.txt", 23) and sum(per_file[2][2:6]) == 23


def test_review_checked_grades_every_seed_table():
    from assistant.parse import read_path

    document = read_path(SEEDS / "002.txt")
    reviews = review_checked(document)
    assert len(reviews) == len(document.tables)
    fire = reviews[2]
    assert fire.grade == "差" and any("目标内容1" in c for c in fire.changes)


# -- app -------------------------------------------------------------------------------------------


def test_app_review_page_offers_the_opinion_docx(downloads: dict[str, Any]) -> None:  # noqa: F811
    at = new_app().run()
    at.text_area(key="review_text").set_value((SEEDS / "002.txt").read_text(encoding="utf-8"))
    at.button(key="review_go").click().run()
    assert any(e.label.endswith("评级：差") and "防火经费" in e.label for e in at.expander)
    data = button_bytes(at, "review_opinion_text", downloads)
    text = "\n".join(p.text for p in open_docx(io.BytesIO(data)).paragraphs)
    assert "绩效目标审核意见" in text and "评级：" in text
