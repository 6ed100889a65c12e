"""Rules from the official review points (A001–A007): each fires on a table written to break it
and stays silent on a sound one and on the seeds where they are fine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rule_helpers import seed

from assistant.model import Document
from assistant.parse import read_bytes
from assistant.rules import check, check_report

GOOD = """某县乡村道路养护项目绩效目标表
项目名称 | 某县乡村道路养护项目 | 主管部门 | 某县交通运输局
项目期 | 2024年1月-2024年6月 | 实施单位 | 某县公路站
预算数 | 120 | 财政资金 | 120 | 其他资金 | 0
绩效目标 | 完成全县乡村道路日常养护，保障道路通行安全。
一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据
产出指标 | 数量指标 | 养护道路里程 | 全年养护的乡村道路里程 | =300公里 | 年度养护计划
产出指标 | 质量指标 | 养护验收合格率 | 验收合格里程/养护里程 | ≥95% | 行业标准
产出指标 | 时效指标 | 养护完成时间 | 全部养护完成的时间 | 2024年6月30日前 | 年度计划
产出指标 | 成本指标 | 养护成本 | 养护总成本 | ≤120万元 | 预算批复
效益指标 | 社会效益指标 | 道路优良路率 | 优良路里程/总里程 | ≥85% | 历史标准
满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | 年底问卷调查满意人数占比 | ≥90% | 问卷调查
"""


def read(text: str) -> Document:
    return read_bytes(text.encode("utf-8"), "table.txt")


def codes(text: str | Document, select: str = "A") -> list[tuple[str, int | None]]:
    document = read(text) if isinstance(text, str) else text
    return [(f.code, f.indicator) for f in check(document, select=[select])]


def test_the_sound_table_is_quiet():
    assert codes(GOOD) == []


# -- A001 header fields left blank -----------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("主管部门 | 某县交通运输局", "主管部门 | ", "主管部门/实施单位"),
        ("项目期 | 2024年1月-2024年6月", "项目期 | ", "起止时间"),
    ],
)
def test_a001_blank_header_cell_fires(old: str, new: str, field: str):
    text = GOOD.replace(old, new)
    if field == "主管部门/实施单位":
        text = text.replace("实施单位 | 某县公路站", "实施单位 | ")
    found = check(read(text), select=["A001"])
    assert [f.message for f in found] == [f"表头“{field}”一栏未填写"]
    assert found[0].indicator is None


def test_a001_quiet_when_the_form_has_no_such_cell():
    # the Hebei seeds write the unit outside the table and have no 项目期 cell
    assert not [f for f in check(seed("002"), select=["A001"])]
    text = GOOD.replace("主管部门 | 某县交通运输局", "").replace("项目期 | 2024年1月-2024年6月 | ", "")
    assert codes(text, "A001") == []


# -- A002 deadline outside the project's time ---------------------------------------------------


def test_a002_deadline_after_the_project_ends():
    found = check(read(GOOD.replace("2024年6月30日前", "2024年12月31日前")), select=["A002"])
    assert [(f.code, f.indicator) for f in found] == [("A002", 2)]
    assert "晚于项目结束" in found[0].message and "2024年6月" in found[0].message


def test_a002_deadline_in_last_year_for_an_annual_table():
    text = GOOD.replace("项目期 | 2024年1月-2024年6月 | ", "").replace(
        "某县乡村道路养护项目绩效目标表", "某县乡村道路养护项目2024年绩效目标表"
    ).replace("2024年6月30日前", "2023年12月底前")
    found = check(read(text), select=["A002"])
    assert [(f.code, f.indicator) for f in found] == [("A002", 2)]
    assert "早于项目开始" in found[0].message


def test_a002_quiet_on_deadlines_without_a_year_and_within_the_period():
    assert codes(GOOD.replace("2024年6月30日前", "6月底前"), "A002") == []
    assert codes(GOOD.replace("2024年6月30日前", "2024.6.30"), "A002") == []


def test_a002_not_checked_without_year_or_period():
    text = GOOD.replace("项目期 | 2024年1月-2024年6月 | ", "")
    result = check_report(read(text), select=["A002"])
    assert result.findings == []
    assert [(n.code, n.reason) for n in result.not_checked] == [("A002", "未读到年度或起止时间")]


# -- A003 multi-year total entered as the annual target ---------------------------------------


def test_a003_cost_equal_to_the_total_investment():
    text = GOOD.replace(
        "保障道路通行安全。", "保障道路通行安全。项目总投资360万元，分三年实施。"
    ).replace("≤120万元", "≤360万元")
    found = check(read(text), select=["A003"])
    assert [(f.code, f.indicator) for f in found] == [("A003", 3)]
    assert "360" in found[0].message and "120万元" in found[0].message


def test_a003_quiet_when_the_annual_value_is_the_annual_budget():
    text = GOOD.replace("保障道路通行安全。", "保障道路通行安全。项目总投资360万元，分三年实施。")
    assert codes(text, "A003") == []


# -- A004 duplicate rows --------------------------------------------------------------------------


def test_a004_duplicate_row():
    row = "产出指标 | 质量指标 | 养护验收合格率 | 验收合格里程/养护里程 | ≥95% | 行业标准\n"
    text = GOOD.replace(row, row + row)
    found = check(read(text), select=["A004"])
    assert [(f.code, f.indicator) for f in found] == [("A004", 2)]
    assert "第2行重复" in found[0].message


def test_a004_same_name_with_another_value_is_not_a_duplicate():
    row = "产出指标 | 质量指标 | 养护验收合格率 | 验收合格里程/养护里程 | ≥95% | 行业标准\n"
    text = GOOD.replace(row, row + row.replace("≥95%", "≥98%"))
    assert codes(text, "A004") == []


# -- A005 weights ----------------------------------------------------------------------------------


def _weighted(weights: list[str | None]) -> Document:
    document = read(GOOD)
    for indicator, weight in zip(document.tables[0].indicators, weights, strict=True):
        indicator.weight = None if weight is None else Decimal(weight)
    return document


def test_a005_weights_not_adding_up():
    found = check(_weighted(["20", "20", "10", "10", "20", "10"]), select=["A005"])
    assert [f.message for f in found] == ["各指标权重合计为90，应为100"]


def test_a005_weights_used_up_and_a_row_without_one():
    found = check(_weighted(["30", "20", "10", "10", "30", None]), select=["A005"])
    assert len(found) == 1 and "第6行没有填写权重" in found[0].message


def test_a005_quiet_on_100_without_weights_and_when_a_missing_weight_may_be_a_misread():
    assert codes(_weighted(["30", "20", "10", "10", "20", "10"]), "A005") == []
    assert codes(read(GOOD), "A005") == []
    assert codes(_weighted(["20", "20", "10", "10", "10", None]), "A005") == []


# -- A006 satisfaction with no survey named -----------------------------------------------------


def test_a006_satisfaction_without_survey_is_info():
    text = GOOD.replace("年底问卷调查满意人数占比 | ≥90% | 问卷调查", "群众是否满意 | ≥90% | 年度计划")
    found = check(read(text), select=["A006"])
    assert [(f.code, f.indicator, f.severity.value) for f in found] == [("A006", 5, "info")]


def test_a006_quiet_when_a_survey_is_named_or_the_layout_has_no_such_column():
    assert codes(GOOD, "A006") == []
    bare = read(GOOD.replace("年底问卷调查满意人数占比 | ≥90% | 问卷调查", "群众是否满意 | ≥90% | 年度计划"))
    for indicator in bare.tables[0].indicators:
        indicator.description = indicator.basis = ""
    assert codes(bare, "A006") == []


# -- A007 too few indicators for the money ------------------------------------------------------


def test_a007_large_budget_with_few_rows():
    text = GOOD.replace("预算数 | 120 | 财政资金 | 120", "预算数 | 12000 | 财政资金 | 12000").replace(
        "≤120万元", "≤12000万元"
    )
    found = check(read(text), select=["A007"])
    assert [(f.code, f.indicator) for f in found] == [("A007", None)]
    assert "只有6条三级指标" in found[0].message and "至少应有8条" in found[0].message


def test_a007_quiet_on_small_budgets_and_on_excerpts_without_benefit_rows():
    assert codes(GOOD, "A007") == []
    text = GOOD.replace("预算数 | 120 | 财政资金 | 120", "预算数 | 12000 | 财政资金 | 12000")
    excerpt = "\n".join(line for line in text.splitlines() if not line.startswith(("效益", "满意")))
    assert codes(excerpt, "A007") == []


def test_a007_not_checked_without_budget():
    text = GOOD.replace("预算数 | 120 | 财政资金 | 120 | 其他资金 | 0\n", "")
    result = check_report(read(text), select=["A007"])
    assert [(n.code, n.reason) for n in result.not_checked] == [("A007", "未读到预算数")]


# -- the seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seeds_only_get_the_satisfaction_note(number: str):
    """The seeds are sound on A001–A005 and A007; their satisfaction rows name no survey (A006)."""
    found = check(seed(number), select=["A"])
    assert {f.code for f in found} <= {"A006"}


def test_a002_reads_a_period_stated_in_the_goal_text():
    text = GOOD.replace("项目期 | 2024年1月-2024年6月 | ", "").replace(
        "保障道路通行安全。", "保障道路通行安全（项目期2024年1月至2024年6月）。"
    )
    assert codes(text, "A002") == []
    assert codes(text.replace("2024年6月30日前", "2024年10月底前"), "A002") == [("A002", 2)]


def test_every_review_point_has_a_full_record_and_an_explain_page(capsys: pytest.CaptureFixture[str]):
    from assistant.cli import main
    from assistant.rules import load_rules

    codes = sorted(c for c in load_rules() if c.startswith("A"))
    assert codes == [f"A00{n}" for n in range(1, 8)]
    for code in codes:
        record = load_rules()[code].record()
        assert all(record[k] for k in ("title", "why", "bad", "good", "fix_hint", "slug"))
        assert main(["explain", code]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"{code} {record['title']}") and "反例：" in out and "正例：" in out
    assert load_rules()["A006"].severity.value == "info"
