"""Rule fixes found by labelling corpus tables (evals/cases/rules/corpus_*.json): layouts from
other provinces that the seeds do not have."""

from __future__ import annotations

import pytest

from assistant.parse import read_path
from assistant.rules import check


def _doc(k: str):
    return read_path(f"knowledge_base/corpus/{k}.txt")


def _rows(document, code: str) -> dict[int, str]:
    """indicator index → row name, for the first table's findings of one code."""
    table = document.tables[0]
    return {f.indicator: table.indicators[f.indicator].name
            for f in check(document, select=[code]) if f.table == 0 and f.indicator is not None}


@pytest.fixture(scope="module")
def k021():
    return _doc("k021")


def test_no_basis_column_means_no_q003(k021):
    # stray category labels and scores in the basis field do not make a basis column
    for k in ("k012", "k015", "k021", "k022"):
        assert not _rows(_doc(k), "Q003"), k


def test_excel_serial_only_in_date_rows(k021):
    v005 = _rows(k021, "V005")
    assert "项目财政资金到位时间" in v005.values() and "工作计划按时完成时间" in v005.values()
    assert "实施未成林抚育提升及退化林改造总面积(亩)" not in _rows(_doc("k011"), "V005").values()


def test_zero_unit_cost_and_rate_in_days(k021):
    assert "出差单位成本" in _rows(k021, "V005").values()
    assert "办公费总成本" not in _rows(k021, "V005").values()  # a zero total is not a unit cost
    assert "检测及时率" in _rows(_doc("k032"), "V005").values()


def test_quality_count_and_business_environment_are_r003():
    assert list(_rows(_doc("k032"), "R003").values()) == ["实验室仪器维修维护"]
    assert "优化创新创业环境" in _rows(_doc("k015"), "R003").values()


def test_on_time_answer_and_heading_goals():
    k012 = _doc("k012")
    assert "经费支出时效性" not in _rows(k012, "V001").values()
    assert not [f for f in check(k012, select=["Q004"])]  # "中期目标(2023年—2023年)" is a heading
    assert not [f for f in check(_doc("k015"), select=["Q004"])]  # "推进科技事业发展": a direction
