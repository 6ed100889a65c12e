"""Every number in a draft grounded (B006, source spans, 建议值 marks) and well-formed text."""

from __future__ import annotations

import re

import pytest

from assistant.draft.input import project_from_text
from assistant.draft.offline import draft_offline
from assistant.draft.output import draft_to_markdown
from assistant.draft.sources import source_text
from assistant.model import Document
from assistant.parse.values import parse_target
from assistant.rules import check
from assistant.rules.grounding import is_suggested, ungrounded_numbers

# pastes of our own, one per sector
PASTES = {
    "lights": "项目名称：镇区路灯运行维护\n预算年度：2026\n预算数：43.6万元\n资金用途：辖区路灯1200盏，"
              "每盏年维护费80元，计9.6万元；全年照明用电40万千瓦时，电价0.85元/千瓦时，计34万元。合计43.6万元。",
    "legal": "项目名称：法律援助办案补贴\n预算年度：2026\n预算数：19.8万元\n资金用途：民事、行政法律援助案件120件，"
             "每件补贴1100元，计13.2万元；刑事法律援助案件40件，每件补贴1650元，计6.6万元。合计19.8万元。",
    "meals": "项目名称：寄宿生伙食补助\n预算年度：2026\n预算数：31.68万元\n资金用途：小学寄宿生600人，每生每天4元，"
             "初中寄宿生300人，每生每天5元，按全年在校220天计算：4元×600人×220天+5元×300人×220天=85.8万元。",
    "water": "项目名称：村级供水管网改造\n预算年度：2026\n预算数：96万元\n资金用途：新建供水管网6公里，每公里12万元，计72万元；"
             "改造蓄水池3座，每座8万元，计24万元。合计96万元。建成后受益人口2400人，日供水能力增加500立方米。",
    "training": "项目名称：农村实用技术培训\n资金用途：举办种养殖技术培训班20期，每期2万元，计40万元，培训农民1500人次。",
}
_FRAGMENT = re.compile(r"按[，。、]|的[，。]|[，、]{2}|发放到位，按时|^[，。、]|\s")


def _draft(key: str):
    return draft_offline(project_from_text(PASTES[key]))


@pytest.mark.parametrize("key", list(PASTES))
def test_every_number_cites_a_span_or_is_a_suggestion(key):
    draft = _draft(key)
    purpose = draft.table.purpose
    for row in draft.table.indicators:
        target = parse_target(row.target.raw)
        if target.number is None or target.kind.value in ("percent", "date"):
            continue
        shown = source_text(row.provenance, draft.table.year)
        if shown.startswith(("测算明细", "资金用途", "项目描述")):
            quote = shown.split("：", 1)[1]
            assert quote.rstrip("…") in purpose or quote[:20] in purpose, (row.name, quote)
        elif not row.provenance.startswith("budget:"):
            assert is_suggested(row) or "建议值" in shown, (row.name, row.provenance)
    assert ungrounded_numbers(draft.table) == []
    assert not [f for f in draft.findings if f.code == "B006"]


@pytest.mark.parametrize("key", list(PASTES))
def test_goals_are_whole_sentences(key):
    draft = _draft(key)
    for goal in draft.table.goals:
        assert goal.endswith("。") and not _FRAGMENT.search(goal), goal
    first = draft.table.goals[0]
    if draft.table.year:
        assert f"{draft.table.year}年" in first
    assert re.search(r"\d", first)  # a quantity, not only words


@pytest.mark.parametrize("key", list(PASTES))
def test_row_names_are_object_and_measure(key):
    draft = _draft(key)
    for row in draft.table.indicators:
        assert not re.search(r"(?:按|的|及|和|为)(?:发放)?(?:人数|数量|标准|面积|长度)$", row.name), row.name
        assert len(row.name) <= 24 and not row.name.startswith(("2025年", "2026年")), row.name


def test_users_see_chinese_sources():
    markdown = draft_to_markdown(_draft("lights"))
    assert "breakdown:" not in markdown and "type:" not in markdown and "budget:" not in markdown
    assert "测算明细第1条：辖区路灯1200盏" in markdown
    assert source_text("type: street-lights typical indicator").startswith("建议值")
    assert source_text("plan: 预算年度与资金支出计划", 2026) == "预算年度2026年（年度内完成）"


def test_missing_year_is_noticed_not_invented():
    draft = _draft("training")
    assert draft.table.year is None
    assert any("未写明预算年度" in n for n in draft.notices)
    dates = [r.target.raw for r in draft.table.indicators if r.level2 == "时效指标" and "月" in r.target.raw]
    assert dates and all(not re.search(r"20\d\d年", d) for d in dates)


def test_b006_flags_a_number_nothing_states():
    draft = _draft("legal")
    table = draft.table
    row = next(i for i in table.indicators if i.target.raw == "=120件")
    row.target = parse_target("=88888件")
    found = ungrounded_numbers(table)
    assert [(m.indicator, m.text) for m in found] == [(table.indicators.index(row), "=88888件")]
    findings = check(Document(source="draft", tables=[table]))
    assert any(f.code == "B006" and f.indicator == table.indicators.index(row) for f in findings)
    # a suggestion says so and is not flagged
    row.basis = "建议值：按上年办案量估计"
    assert ungrounded_numbers(table) == []


def test_b006_on_a_published_table_with_a_breakdown():
    text = (
        "项目名称\t老年助餐服务补贴\n预算数\t30万元\n资金用途\t助餐服务补贴：午餐每份补贴5元，全年40000份，计20万元；"
        "送餐上门每份补贴2元，全年50000份，计10万元。\n"
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t全年助餐份数\t≥90000份\n"
        "产出指标\t数量指标\t送餐上门份数\t≥70000份\n满意度指标\t服务对象满意度指标\t老人满意度\t≥90%\n"
    )
    from assistant.parse import read_text

    table = read_text(text, "t").tables[0]
    assert table.budget_items
    flagged = {table.indicators[m.indicator].name for m in ungrounded_numbers(table)}
    assert flagged == {"送餐上门份数"}  # 90000份 is 40000+50000; 70000份 is stated nowhere
