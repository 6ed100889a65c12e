"""The explainer: why one row is weak, the guidance behind each finding, and alternatives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.explain import (
    NO_COMPARABLE_NOTE,
    PURPOSE_SOURCE,
    adapt_value,
    explain_indicator,
    find_indicator,
    value_strength,
    write_narrative,
)
from assistant.llm import ScriptedChat
from assistant.parse import read_path

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def seed002():
    return read_path(SEEDS / "002.txt")


@pytest.fixture(scope="module")
def seed000():
    return read_path(SEEDS / "000.txt")


def test_find_indicator_exact_then_contains(seed002) -> None:
    assert find_indicator(seed002, "官厅镇怀财字【2024】7号防火经费", "新增粮食产能") == (2, 4)
    assert find_indicator(seed002, "防火经费", "粮食产能") == (2, 4)
    assert find_indicator(seed002, "防火经费", "不存在的指标") is None


def test_fire_prevention_template_residue(seed002) -> None:
    e = explain_indicator(seed002, 2, 4, narrative=False)
    codes = [f.code for f in e.findings]
    assert "R001" in codes and {"R002", "V005"} <= set(codes)
    r001 = next(f for f in e.findings if f.code == "R001")
    assert r001.why and [g.id for g in r001.guidance][:1] == ["relevance"]
    assert "防火" in r001.guidance[0].text
    assert e.project_type == "fire-prevention" and e.type_name == "森林防火"
    assert e.note == NO_COMPARABLE_NOTE
    assert len(e.alternatives) == 3
    assert all(a.source in ("taxonomy:fire-prevention", PURPOSE_SOURCE) for a in e.alternatives)
    assert any("火" in a.name for a in e.alternatives)


def test_alternatives_from_comparable_tables_adapted(seed000) -> None:
    location = find_indicator(seed000, "网格化管理建设费用", "发放人数")
    e = explain_indicator(seed000, *location, narrative=False)
    assert e.findings == [] and e.note == ""
    assert e.project_type == "personnel-pay"
    first = e.alternatives[0]
    # another personnel-pay table's count; its number becomes this project's own only when it
    # counts the same object (网格员 119人), never another object's figure
    assert first.source.startswith("seed") and first.source != "seed000-06"
    for a in e.alternatives:
        if "119" in a.value:
            assert "网格" in a.name and "119" in a.adapted
    assert all(a.source != "seed000-06" for a in e.alternatives)
    assert all(value_strength(a.value) >= 1 for a in e.alternatives)  # no yes/no rows


def test_numbers_only_from_the_same_object() -> None:
    from assistant.model import BudgetItem, Quantity, TargetTable

    table = TargetTable(
        project="农村饮水安全维修",
        budget_items=[BudgetItem(text="水泵更换18个，每个0.5万元", label="水泵更换",
                                 quantities=[Quantity(value=18, unit="个")])],
    )
    assert adapt_value("=N个", table, "受益行政村个数") == ("=N个", "N 按本项目测算填写")
    assert adapt_value("=N个", table, "更换水泵数量")[0] == "=18个"


def test_value_strength_orders_yes_no_dates_and_figures() -> None:
    assert value_strength("是") == 0 and value_strength("达标") == 0
    assert value_strength("2024年12月底前") == 1 and value_strength("≤1年") == 1
    assert value_strength("≥95%") == 2 and value_strength("=119人") == 2


def test_adapt_value_fills_n_from_breakdown(seed000) -> None:
    grid = seed000.tables[5]
    assert adapt_value("=N人", grid)[0] == "=119人"
    assert adapt_value("≥95%", grid) == ("≥95%", "")
    assert adapt_value("=N次", grid) == ("=N次", "N 按本项目测算填写")


def test_narrative_only_from_the_pieces(seed002) -> None:
    e = explain_indicator(seed002, 2, 4, narrative=False)
    chat = ScriptedChat([{"text": "这一行来自其他领域的模板。"}])
    assert write_narrative(e, chat=chat) == "这一行来自其他领域的模板。"
    prompt = chat.calls[0]["messages"][1]["content"]
    assert "新增粮食产能" in prompt
    # no internal ids for the model to repeat: guidance ids, type ids, KB table ids
    assert "relevance" not in prompt and "fire-prevention" not in prompt and "seed" not in prompt
    assert write_narrative(e, chat=ScriptedChat([RuntimeError("down")])) is None


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from assistant.cli import main

    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_MODEL"):
        monkeypatch.delenv(var, raising=False)
    path = str(SEEDS / "002.txt")
    code, out, _ = run_cli(["explain", path, "--project", "防火经费", "--indicator", "新增粮食产能"], capsys)
    assert code == 0
    assert "R001" in out and "指引 [relevance]" in out and "taxonomy:fire-prevention" in out
    assert NO_COMPARABLE_NOTE in out
    code, out, _ = run_cli(["explain", path, "--project", "防火经费", "--indicator", "新增粮食产能",
                            "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["indicator"]["name"] == "新增粮食产能" and len(data["alternatives"]) == 3
    code, _, err = run_cli(["explain", path, "--project", "防火经费", "--indicator", "无此指标"], capsys)
    assert code == 2 and "没有找到" in err
