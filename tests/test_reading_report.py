"""The reading report: what the reader understood and what it did not; rules that say
"not checked" instead of guessing; errors never resting on an uncertain row alone."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.model import Document, Indicator, Severity, TargetTable
from assistant.parse import read_text
from assistant.parse.blocks import Para, Row
from assistant.parse.json_io import document_to_json
from assistant.parse.report import MAX_UNREAD, build_report
from assistant.parse.values import parse_target
from assistant.rules import check, check_report, not_checked

STRAY = "满意度 服务对象满意度  居民满意度达90%以上"

PASTED = "\n".join([
    "社区服务项目绩效目标表",
    "项目名称\t社区服务项目",
    "主管部门\t某街道办事处",
    "预算数（万元）\t100",
    "绩效目标\t为辖区居民提供社区服务",
    "一级指标\t二级指标\t三级指标\t指标值",
    "产出指标\t数量指标\t服务人数\t≥500人",
    "产出指标\t质量指标\t服务合格率\t≥95%",
    STRAY,  # line 9: a row pasted with spaces instead of tabs, not read as a row
    "效益指标\t社会效益指标\t居民生活改善\t有所改善",
    "满意度指标\t服务对象满意度指标\t居民满意度\t≥90%",
]) + "\n"

NO_BUDGET = "\n".join([
    "培训项目绩效目标表",
    "项目名称\t培训项目",
    "绩效目标\t完成年度培训任务",
    "一级指标\t二级指标\t三级指标\t指标值",
    "产出指标\t数量指标\t培训人数\t≥100人",
    "产出指标\t成本指标\t培训成本\t≤50万元",
    "满意度指标\t服务对象满意度指标\t学员满意度\t≥90%",
]) + "\n"


def test_stray_indicator_line_is_reported_and_clean_lines_are_not() -> None:
    document = read_text(PASTED, "sample.txt")
    report = document.report
    assert report.tables_found == 1 and report.rows_read == 4
    assert [(u.where, u.line, u.table) for u in report.unread] == [("第9行", 9, 0)]
    assert "居民满意度达90%以上" in report.unread[0].text and report.unread[0].reason == "类别词"
    reading = report.tables[0]
    assert reading.fields_missing == ["起止时间/年度"]
    assert set(reading.fields_found) == {"项目名称", "预算", "绩效目标", "主管部门/实施单位"}
    clean = read_text(PASTED.replace(STRAY + "\n", ""), "clean.txt")
    assert clean.report.unread == []


def test_unread_cells_of_docx_rows_name_the_table_and_row() -> None:
    table = TargetTable(project="某项目", indicators=[
        Indicator(level1="产出指标", level2="数量指标", name="服务人数", target=parse_target("≥500人")),
    ])
    document = Document(source="x.docx", tables=[table])
    blocks = [
        Para(text="某项目绩效目标表", line=0),
        Row(cells=["产出指标", "数量指标", "服务人数", "≥500人"], line=3, table=0),
        Row(cells=["", "时效指标", "完成时间", "12月底前"], line=4, table=0),
    ]
    report = build_report(document, blocks)
    # table starts are unknown here (no source span): the whole document is one coverage
    assert [(u.where, u.reason) for u in report.unread] == [("表格1第5行", "类别词")]


def test_unread_list_is_capped_and_stays_fast_on_large_input() -> None:
    rows = [f"产出指标\t数量指标\t服务人数{i}\t≥{i}人" for i in range(3000)]
    strays = [f"其他说明 第{i}项 ≥{i}人" for i in range(3000)]
    text = "\n".join(["项目名称\t大项目", "一级指标\t二级指标\t三级指标\t指标值", *rows, *strays])
    started = time.perf_counter()
    document = read_text(text, "big.txt")
    report = build_report(document, [Para(text=s, line=i) for i, s in enumerate(strays, 1)])
    assert time.perf_counter() - started < 30  # linear: no pairwise scans over 6000 lines
    assert report.rows_read == 3000
    assert len(report.unread) == MAX_UNREAD and report.unread_omitted == 3000 - MAX_UNREAD


def test_missing_budget_rules_are_not_checked_instead_of_fired() -> None:
    document = read_text(NO_BUDGET, "no-budget.txt")
    assert "预算" in document.report.tables[0].fields_missing
    result = check_report(document)
    skipped = {(e.code, e.reason) for e in result.not_checked}
    assert {("B001", "未读到预算数"), ("B003", "未读到预算数")} <= skipped
    assert not {f.code for f in result.findings} & {"B001", "B003"}
    assert {e.code for e in not_checked(document)} == {e.code for e in result.not_checked}
    assert check(document) == result.findings  # the old entry point is unchanged
    assert next(e for e in result.not_checked if e.code == "B001").text.endswith("未检查：未读到预算数")
    # with the budget, the same rules run (B001 fires: 50万元 is not 0.1万元 and not explained)
    with_budget = read_text(NO_BUDGET.replace("项目名称\t培训项目", "项目名称\t培训项目\n预算数（万元）\t40"))
    result = check_report(with_budget, select=["B001", "B003"])
    assert result.not_checked == [] and [f.code for f in result.findings] == ["B001"]


def test_goals_rule_is_not_checked_without_goals() -> None:
    document = read_text(NO_BUDGET.replace("绩效目标\t完成年度培训任务\n", ""))
    assert ("Q004", "未读到绩效目标") in {(e.code, e.reason) for e in check_report(document).not_checked}


def _vague_table(uncertain: bool) -> Document:
    rows = [
        Indicator(level1="产出指标", level2="成本指标", name="项目建设成本",
                  target=parse_target("实际支出"), uncertain=uncertain),  # an input: V001
    ]
    return Document(tables=[TargetTable(project="社区服务", budget_total_yuan=Decimal(10000), indicators=rows)])


def test_error_on_an_uncertain_row_is_downgraded_to_warning() -> None:
    sure = [f for f in check(_vague_table(False), select=["V001"])]
    assert sure and all(f.severity is Severity.ERROR for f in sure)
    unsure = check(_vague_table(True), select=["V001"])
    assert [f.severity for f in unsure] == [Severity.WARNING] * len(sure)
    assert all("该行读取不确定" in f.message and f.evidence["uncertain_row"] for f in unsure)


def test_json_carries_the_report_and_reads_back() -> None:
    document = read_text(NO_BUDGET + STRAY + "\n", "mixed.txt")
    document.tables[0].indicators[0].uncertain = True
    document.report = build_report(document, [])  # recount the uncertain row
    document.report.unread = read_text(PASTED).report.unread
    document.report.not_checked = not_checked(document)
    data = document_to_json(document)
    report = data["report"]
    assert report["tables_found"] == 1 and report["rows_read"] == 3
    assert report["tables"][0]["uncertain_rows"] == [0]
    assert report["unread"][0]["where"] == "第9行"
    assert {"code": "B001", "table": 0, "reason": "未读到预算数", "text": "B001 未检查：未读到预算数"} in report[
        "not_checked"
    ]
    assert data["tables"][0]["indicators"][0]["uncertain"] is True
    back = read_text(json.dumps(data, ensure_ascii=False), "mixed.json")
    assert back.tables[0].indicators[0].uncertain
    assert back.report.unread == document.report.unread
    assert back.report.tables[0].uncertain_rows == [0]
    assert document_to_json(back)["report"] == report | {"unread_omitted": 0}


def test_json_without_a_report_still_reads() -> None:
    data = {"tables": [{"project": "某项目", "budget_wan": 10, "indicators": []}]}
    document = read_text(json.dumps(data, ensure_ascii=False))
    assert document.report.tables_found == 1 and document.report.unread == []
    broken = read_text(json.dumps(dict(data, report={"unread": "not a list"}), ensure_ascii=False))
    assert broken.tables[0].project == "某项目"


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.txt"
    # the budget row gives way to a note row, so the stray line stays line 9
    path.write_text(PASTED.replace("预算数（万元）\t100", "备注\t无"), encoding="utf-8")
    return path


def test_parse_text_prints_the_report(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(sample), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "找到表格 1 张，读到指标 4 行" in out
    assert f"第9行 “{STRAY}”"[:12] in out and "居民满意度达90%以上" in out
    assert "缺少表头字段：预算" in out
    assert "B001（未读到预算数）" in out and "未检查：" in out


def test_parse_and_check_json_carry_the_report(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(sample)]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["report"]["unread"][0]["line"] == 9
    assert "B001" in {e["code"] for e in parsed["report"]["not_checked"]}
    main(["check", str(sample), "--format", "json"])
    checked = json.loads(capsys.readouterr().out)
    assert "B001" in {e["code"] for e in checked["report"]["not_checked"]}
    assert checked["report"]["unread"]


def test_check_text_mentions_unread_and_not_checked(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(sample)])
    out = capsys.readouterr().out
    summary = next(line for line in out.splitlines() if line.startswith("读取报告："))
    assert "未读懂 1 处" in summary and "第9行" in summary
    assert "未检查：" in summary and "B001（未读到预算数）、B003（未读到预算数）" in summary
    main(["check", str(sample), "--format", "markdown"])
    assert "**读取报告**：" in capsys.readouterr().out
