"""The draft eval: fact matching with units, scoring a real seed case, the --llm path with a fake model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assistant.cli import main
from assistant.evals.draft_eval import evaluate_drafts, fact_found, load_draft_cases, quantities_in
from assistant.llm import ScriptedChat

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "evals" / "cases" / "draft"


def test_quantities_compare_by_value_and_unit():
    fact = {"kind": "quantity", "text": "263.75万元"}
    assert fact_found(fact, ["≤2637500元"], []) == "value"
    assert (
        fact_found({"kind": "quantity", "text": "1130元/月/人"}, ["=1130元/人/月"], []) == "value"
    )
    assert fact_found({"kind": "quantity", "text": "19个"}, ["=19个社区"], []) == "value"
    assert (
        fact_found({"kind": "quantity", "text": "119人"}, ["=119户"], ["社区网格员119人"]) == "text"
    )
    assert fact_found({"kind": "quantity", "text": "1344993平方米"}, ["≥1344993㎡"], []) == "value"
    assert fact_found({"kind": "quantity", "text": "40人"}, ["=140人", "=40"], []) is None
    assert (
        fact_found(
            {"kind": "word", "text": "防火", "any": ["防火", "火"]},
            ["=3次"],
            [],
            ["森林火情巡查次数"],
        )
        == "value"
    )
    [q] = quantities_in("绩效工资1000元/人/月")
    assert q.unit == "元" and q.per == frozenset({"人", "月"})


def test_case_files_are_complete():
    cases = load_draft_cases(CASES)
    ids = [c["id"] for c in cases]
    assert len([i for i in ids if i.startswith("000-")]) == 11
    assert {"002-fire", "002-flood", "002-refuse", "k034-reemployment-subsidy"} <= set(ids)
    for case in cases:
        assert case["input"]["project"] and case["input"]["purpose"] and case["required_facts"]
        for fact in case["required_facts"]:
            assert fact["kind"] in ("quantity", "word")
            if fact["kind"] == "quantity":
                assert quantities_in(fact["text"]), fact


def test_grid_case_offline_and_with_a_scripted_llm(tmp_path):
    folder = tmp_path / "draft"
    folder.mkdir()
    shutil.copy(CASES / "000-grid.json", folder)
    answer = {
        "goals": ["为119名社区网格员按月发放绩效工资，保障网格化管理运转。"],
        "indicators": [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "网格员人数",
                "value": "=119人",
                "description": "享受绩效工资的社区网格员人数",
                "basis": "资金测算",
            },
            {
                "level1": "产出指标",
                "level2": "质量指标",
                "name": "绩效工资足额发放率",
                "value": "=100%",
                "description": "实发金额/应发金额",
                "basis": "发放制度",
            },
            {
                "level1": "产出指标",
                "level2": "时效指标",
                "name": "绩效工资按月发放及时率",
                "value": "=100%",
                "description": "按月按时发放的月数占比",
                "basis": "发放制度",
            },
            {
                "level1": "产出指标",
                "level2": "成本指标",
                "name": "绩效工资标准",
                "value": "=1000元/人/月",
                "description": "每名网格员每月绩效工资",
                "basis": "资金测算",
            },
        ],
    }
    result = evaluate_drafts(
        folder, llm=True, chat=ScriptedChat([answer, answer, answer], model="fake-1"), root=ROOT
    )
    [case] = result["cases"]
    offline, llm = case["offline"], case["llm"]
    assert offline["facts_used"] == 1.0 and offline["category_coverage"] == 1.0
    assert case["reference"]["project"] == "网格化管理建设费用"
    assert llm["llm"]["model"] == "fake-1" and llm["llm"]["calls"] >= 1 and llm["llm"]["chars"] > 0
    # the scripted answer has no budget cap row, no benefit and no satisfaction row: it cannot
    # stand alone, so the offline draft carries the table and the model's rows join it
    assert llm["llm"]["fell_back"] is True
    assert "263.75万元" not in llm["missing_facts"]
    assert not {"效益指标", "满意度指标"} & set(llm["missing_categories"])
    assert result["llm_summary"]["model"] == "fake-1"


def test_cli_draft_eval_json(tmp_path, capsys):
    folder = tmp_path / "draft"
    folder.mkdir()
    shutil.copy(CASES / "002-fire.json", folder)
    assert main(["eval", "draft", "--cases", str(folder), "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["summary"]["cases"] == 1 and "草稿评测 1/1" in captured.err
    assert data["cases"][0]["reference"]["findings"]["error"] >= 10
