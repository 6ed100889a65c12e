"""`jixiao check`, `jixiao rules` and `jixiao explain CODE` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.cli import main

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED_000 = str(SEEDS / "000.txt")
SEED_002 = str(SEEDS / "002.txt")


def test_check_text_output_and_exit_1_on_errors(capsys):
    assert main(["check", SEED_002]) == 1
    out = capsys.readouterr().out
    assert f"{SEED_002}:官厅镇村干部工资:2 V006 [警告] “足额发放率”的指标值“≥95%”" in out
    assert f"{SEED_002}:官厅镇怀财字【2024】7号防火经费:表 S004 [错误] 绩效目标“目标内容1”" in out
    assert "共 23 个表、179 条指标；错误" in out
    assert "按规则：" in out and "V005 88" in out


def test_check_exit_0_without_error_findings(capsys):
    assert main(["check", SEED_000, "--select", "Q,S005"]) == 0
    out = capsys.readouterr().out
    assert "错误 0" in out


def test_check_exit_2_on_unreadable_input(capsys, tmp_path):
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "文件不存在" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("这不是绩效目标表。\n", encoding="utf-8")
    assert main(["check", str(empty)]) == 2


def test_check_json_shape(capsys):
    assert main(["check", SEED_000, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["tables"]) == 11
    grid = data["tables"][5]
    assert grid["project"] == "网格化管理建设费用"
    assert grid["budget_wan"] == 263.75
    assert grid["indicators"][0] == {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "发放人数",
        "description": "社区网格员发放人数",
        "value": "=119人",
        "basis": "年度计划、工作经验",
    } | ({"line": grid["indicators"][0]["line"]} if "line" in grid["indicators"][0] else {})
    first = data["tables"][0]["findings"][0]
    assert set(first) >= {"code", "severity", "indicator", "message", "hint", "evidence"}
    v002 = [f for f in data["tables"][0]["findings"] if f["code"] == "V002"]
    assert v002[0]["indicator"] == 0 and v002[0]["severity"] == "error"
    assert v002[0]["evidence"]["cell"] == "=100%"
    table_level = [f for f in data["tables"][7]["findings"] if f["code"] == "V005"]
    assert table_level[0]["indicator"] is None


def test_select_and_ignore(capsys):
    main(["check", SEED_002, "--format", "json", "--select", "v005"])
    data = json.loads(capsys.readouterr().out)
    codes = {f["code"] for t in data["tables"] for f in t["findings"]}
    assert codes == {"V005"}
    main(["check", SEED_002, "--format", "json", "--ignore", "Q,R,B,V,A"])
    data = json.loads(capsys.readouterr().out)
    codes = {f["code"] for t in data["tables"] for f in t["findings"]}
    assert codes == {"S004", "S005"}


def test_markdown_has_a_table_per_project(capsys):
    main(["check", SEED_000, "--format", "markdown", "--select", "V"])
    out = capsys.readouterr().out
    assert out.startswith("# 绩效目标表审核结果")
    assert "## 1. 村干部工资、保险和聘用人员工资" in out
    assert "| 行 | 三级指标 | 指标值 | 规则 | 级别 | 说明 | 修改建议 |" in out
    assert "| 1 | 工资保险发放覆盖率 | =100% | V002 | 错误 |" in out
    assert "**合计**" in out


def test_rules_lists_every_record(capsys):
    assert main(["rules", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    codes = [r["code"] for r in records]
    for code in ("S001", "S005", "V001", "V006", "Q001", "Q004"):
        assert code in codes
    assert all(set(r) >= {"code", "slug", "severity", "why", "bad", "good", "fix_hint", "refs"} for r in records)
    assert main(["rules"]) == 0
    assert "V002  错误  value-kind-mismatch" in capsys.readouterr().out


def test_explain_code(capsys):
    assert main(["explain", "v002"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("V002 指标值的类型与二级类别不符")
    assert "反例：数量指标“发放工资人数 ≥98%”" in out
    assert "正例：" in out and "怎么改：" in out and "参考：" in out
    assert main(["explain", "V999"]) == 2
    assert "没有规则 V999" in capsys.readouterr().err


def test_explain_path_goes_to_explain_indicator(capsys):
    assert main(["explain", SEED_000, "--project", "网格化管理建设费用", "--indicator", "发放人数"]) == 0
    assert "发放人数" in capsys.readouterr().out


def test_check_as_a_process_reads_stdin():
    text = (SEEDS / "000.txt").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "check", "-", "--format", "json", "--select", "V005"],
        input=text,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["tables"][4]["findings"][0]["evidence"]["cell"] == "=20万"
