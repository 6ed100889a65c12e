"""`jixiao draft`: JSON that `jixiao check` reads back, Markdown, and .docx that round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.parse import read_path

GRID = (
    "项目名称：网格化管理建设费用\n预算：263.75万元\n年度：2024\n"
    "资金用途：项目预算数263.75万元。其中：财政资金263.75万元，其他资金0万元。主要用于：1.网格化管理建设费用23.9万元，"
    "包括硬件的日常运维，软件的版本升级、数据备份、BUG处理、性能调优。2.网格员工作专项费用95万元，包括网格员服装、"
    "工作证，辅助网格员、网格志愿者积分兑换礼品，宣传条幅、展板、明白纸、宣传手提袋、网格公示牌、网格地图等宣传"
    "用品制作及更新3.社区网格员绩效工资、长护险、大病保险1448468元，社区网格员119人，绩效工资1000元/人/月，"
    "长护险40元/人/年，大病保险11元/人/月。以上合计263.75万元。\n"
)


@pytest.fixture()
def grid_file(tmp_path, monkeypatch) -> Path:
    # no LLM settings from the environment or a .env file in the working directory
    for name in ("JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_API_KEY", "JIXIAO_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "grid.txt"
    path.write_text(GRID, encoding="utf-8")
    return path


def test_json_draft_reads_back_with_check(grid_file, tmp_path, capsys):
    assert main(["draft", str(grid_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["drafter"] == "offline" and data["project_type"] == "personnel-pay"
    assert isinstance(data["notices"], list) and isinstance(data["findings"], list)
    table = data["tables"][0]
    assert table["project"] == "网格化管理建设费用" and table["budget_wan"] == 263.75
    assert table["goals"] == data["goals"] and data["goals"]
    values = {row["value"] for row in table["indicators"]}
    assert {"=119人", "=1000元/人/月", "≤263.75万元"} <= values
    assert all(row["provenance"] for row in table["indicators"])
    saved = tmp_path / "draft.json"
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(saved)]) == 0  # no error-level finding
    capsys.readouterr()
    assert main(["check", str(saved), "--format", "json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert len(checked["tables"][0]["indicators"]) == len(table["indicators"])


def test_output_file_and_stdin(grid_file, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out.json"
    assert main(["draft", str(grid_file), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["tables"][0]["project"] == "网格化管理建设费用"
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GRID.encode("utf-8"))))
    assert main(["draft", "-", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert "| 一级指标 | 二级指标 | 三级指标 |" in text
    assert "=119人" in text and "## 绩效目标" in text


def test_docx_round_trip(grid_file, tmp_path):
    out = tmp_path / "draft.docx"
    assert main(["draft", str(grid_file), "--format", "docx", "-o", str(out)]) == 0
    document = read_path(out)
    table = document.tables[0]
    assert table.project == "网格化管理建设费用"
    assert str(table.budget_wan) == "263.75"
    assert "社区网格员119人" in table.purpose
    values = [i.target.raw for i in table.indicators]
    assert "=119人" in values and "=1000元/人/月" in values and "≤263.75万元" in values
    assert {i.level2 for i in table.indicators} >= {"数量指标", "质量指标", "时效指标", "成本指标",
                                                    "服务对象满意度指标"}
    assert any("119" in goal for goal in table.goals)


def test_docx_needs_output_and_bad_input_exits_2(grid_file, tmp_path, capsys):
    assert main(["draft", str(grid_file), "--format", "docx"]) == 2
    bad = tmp_path / "bad.txt"
    bad.write_text("预算：10万元\n资金用途：购置电脑", encoding="utf-8")
    assert main(["draft", str(bad)]) == 2
    assert "项目名称" in capsys.readouterr().err
    assert main(["draft", str(tmp_path / "missing.txt")]) == 2


def test_llm_flag_without_model_falls_back_with_notice(grid_file, capsys):
    assert main(["draft", str(grid_file), "--llm"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["drafter"] == "offline"
    assert data["notices"] and any("离线" in n for n in data["notices"])


def test_published_table_as_input_ignores_its_indicators(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seed = Path(__file__).parent / "fixtures" / "seeds" / "000.txt"
    assert main(["draft", str(seed)]) == 0
    data = json.loads(capsys.readouterr().out)
    table = data["tables"][0]
    assert table["project"] == "村干部工资、保险和聘用人员工资"
    names = {row["name"] for row in table["indicators"]}
    assert "预算完成率" not in names  # the published row is not carried over
    assert {"=9人", "=40人", "=4830元/人/月"} <= {row["value"] for row in table["indicators"]}
