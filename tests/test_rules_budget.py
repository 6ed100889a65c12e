"""Budget rules (B001–B005) on the real seeds, plus seed tables with one cell changed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.model import SpendingPlan
from assistant.parse import read_path
from assistant.parse.values import parse_target
from assistant.rules import RULES, check, load_rules


def _seed(n: int):
    return read_path(f"tests/fixtures/seeds/{n:03d}.txt")


@pytest.fixture(scope="module")
def seed000():
    return _seed(0)


def _codes(document, code):
    return [(f.table, f.indicator) for f in check(document, select=[code])]


def test_records_follow_the_catalog():
    load_rules()
    expected = {"B001": "error", "B002": "error", "B003": "warning", "B004": "warning", "B005": "warning"}
    for code, severity in expected.items():
        record = RULES[code].record()
        assert record["category"] == "budget"
        assert record["severity"] == severity
        assert record["why"] and record["bad"] and record["good"] and record["fix_hint"]
        assert record["refs"]


def test_b002_catches_the_wrong_lines_only(seed000):
    findings = check(seed000, select=["B002"])
    assert [(f.table, f.indicator) for f in findings] == [(1, None), (1, None)]
    first, second = findings
    assert first.evidence["text"] == "52.7万元/月*12个月+12万元(等级晋升)"
    assert first.evidence["computed"] == {"yuan": "6444000", "wan": "644.4"}
    assert first.evidence["stated"] == {"yuan": "6368400", "wan": "636.84"}
    assert "644.4万元" in first.message and "636.84万元" in first.message
    assert second.evidence["computed"]["wan"] == "195.84"
    assert second.evidence["stated"]["wan"] == "195.28"


def test_b003_items_and_sources(seed000):
    findings = {f.table: f for f in check(seed000, select=["B003"])}
    assert sorted(findings) == [0, 1, 4]
    # 本级104.4 + 转移支付106.68 = 211.08 under a 213.08 project
    assert findings[0].evidence["reason"] == "sources_vs_total"
    assert findings[0].evidence["sum"]["wan"] == "211.08"
    assert findings[1].evidence["sum"]["wan"] == "1021.98"
    # 社区运行经费: 190万 + 380万 under 380万
    assert findings[4].evidence["sum"] == {"yuan": "5700000", "wan": "570"}
    assert findings[4].evidence["total"]["wan"] == "380"


def test_b003_not_for_unit_slip_or_restated_total(seed000):
    # 村干部考核奖: "11.48元" adds up when read as 万元 (a unit slip, V005), and "合计34.48万元"
    # restates the total; 网格化 ends with "以上合计263.75万元"
    assert not {7, 5, 10} & {t for t, _ in _codes(seed000, "B003")}


def test_b001_explained_unit_costs_pass(seed000):
    # =20万 per community (20万元/年), =6000元 per person, =5万元 per village (45万 ÷ 9村)
    assert _codes(seed000, "B001") == []


def test_b001_above_budget_and_unexplained(seed000):
    document = seed000.model_copy(deep=True)
    grid = document.tables[5]  # 网格化管理建设费用, 263.75万元
    grid.indicators[3].target = parse_target("≤300万元")
    rent = document.tables[6]  # 日间照料中心房屋租金, 50万元
    rent.indicators[3].target = parse_target("=45万元")
    findings = {f.table: f for f in check(document, select=["B001"])}
    assert findings[5].indicator == 3
    assert findings[5].evidence["reason"] == "above_budget"
    assert findings[5].evidence["compared"] == {"budget": {"yuan": "2637500", "wan": "263.75"},
                                                 "value": {"yuan": "3000000", "wan": "300"}}
    assert findings[5].evidence["cell"] == "≤300万元"
    assert findings[6].evidence["reason"] == "unexplained_amount"


def test_b001_per_capita_order_of_magnitude():
    document = _seed(3)
    findings = check(document, select=["B001"])
    assert [(f.table, f.indicator) for f in findings] == [(3, 10)]
    assert findings[0].evidence["cell"] == "≤5986.34元"
    assert findings[0].evidence["head_count"] == "287"


def test_b004_count_disagrees(seed000):
    assert _codes(seed000, "B004") == []  # 119人/=119人, 149户/=149户, 19个社区/=19个, 40人/=40
    document = seed000.model_copy(deep=True)
    document.tables[5].indicators[0].target = parse_target("=120人")
    findings = check(document, select=["B004"])
    assert [(f.table, f.indicator) for f in findings] == [(5, 0)]
    assert findings[0].evidence["indicator_count"] == "120"
    assert findings[0].evidence["breakdown_count"] == "119"


def test_b004_not_when_breakdown_does_not_count_the_same_thing(seed000):
    # 村干部发放人数 =78人: the breakdown counts 49 serving cadres but not the 离任 ones
    assert 7 not in {t for t, _ in _codes(seed000, "B004")}


def test_b004_department_table_counts():
    findings = check(_seed(3), select=["B004"])
    places = [(f.table, f.indicator) for f in findings]
    assert (4, 0) in places and (4, 1) in places  # =287人 vs 296名干部; =6个 vs 1个机关+7个社区
    by_row = {f.indicator: f for f in findings if f.table == 4}
    assert by_row[1].evidence["breakdown_count"] == "8"


@pytest.mark.parametrize(
    ("values", "unit", "reason"),
    [
        (["25", "20", "75", "100"], "%", "decreasing"),
        (["25", "25", "25", "25"], "%", "final_not_complete"),
        (["25", "50", "75", None], "%", "final_missing"),
        (["3", "10", "15", "20"], "万元", "final_not_complete"),
        ([None, None, "50", "100"], "%", None),
        (["0", "0", "0", "100"], "%", None),
        (["3", "10", "15", "23"], "万元", None),
    ],
)
def test_b005_spending_plan(values, unit, reason):
    document = _seed(4)  # 城镇建设工作经费: 23万元, plan given in 万元
    table = document.tables[0]
    table.spending_plan = SpendingPlan(
        labels=["3月底", "6月底", "10月底", "12月底"],
        values=[Decimal(v) if v is not None else None for v in values], unit=unit)
    findings = [f for f in check(document, select=["B005"]) if f.table == 0]
    if reason is None:
        assert findings == []
    else:
        assert [f.evidence["reason"] for f in findings] == [reason]


def test_b005_shares_hint():
    document = _seed(0)
    document.tables[0].spending_plan.values = [Decimal(25)] * 4
    finding = next(f for f in check(document, select=["B005"]) if f.table == 0)
    assert "分摊" in finding.message


def test_no_budget_findings_on_plans_of_the_seeds():
    for n in range(5):
        assert check(_seed(n), select=["B005"]) == []


def test_cost_rows_that_split_the_budget_are_not_b001():
    """k021 (乌海 2021): 出差 1万 + 劳务 2万 + 办公 0万 under a 3万 budget are parts, not errors."""
    from pathlib import Path

    from assistant.parse import read_path
    from assistant.rules import check

    corpus = Path(__file__).parent.parent / "knowledge_base" / "corpus" / "k021.txt"
    document = read_path(corpus)
    assert document.tables[0].budget_total_yuan == 30000
    assert not [f for f in check(document, select=["B001"])]
