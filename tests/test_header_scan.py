"""Header fields from running text: the project a report's prose introduces (scan_prose_project)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.parse import read_text
from assistant.parse.header_scan import (
    scan_budget,
    scan_department_unit,
    scan_fund_project,
    scan_prose_project,
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("该社区养老服务补贴资金项目于2022年3月向财政局申报，批复预算资金20万元。", "社区养老服务补贴资金"),
        ("該鄉村學校少年宮運行經費項目於2021年初申報。", "鄉村學校少年宮運行經費"),
        ("本项目（城区雨污分流改造）主要用于老旧小区管网改造。", "城区雨污分流改造"),
        ("为改善出行条件，经县政府研究同意，该背街小巷提升改造项目共涉及街巷12条。", "背街小巷提升改造"),
        ("二、项目实施情况。城区公厕新建项目由县住建局负责实施，于年底前完工。", "城区公厕新建"),
    ],
)
def test_sentences_that_introduce_the_project(text: str, name: str) -> None:
    assert scan_prose_project(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "本项目累计安排资金10万元，其中项目立项6分。",  # no name between 本 and 项目
        "本年度项目于3月开工。",  # a period, not a name
        "该专项资金项目于2020年申报。",  # generic words only
        "该绩效指标完成项目于年底统计。",  # an indicator's words
        "基本建设项目于年初启动。",  # 基本, not 本
        "我们应该把更多资金投向民生项目由此看出成效明显。",  # 应该, not 该
        "该" + "甲" * 45 + "项目于2020年申报。",  # longer than a name
    ],
)
def test_sentences_that_name_no_project(text: str) -> None:
    assert scan_prose_project(text) == ""


def test_a_table_without_project_takes_the_name_from_the_report() -> None:
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
        "| 产出指标 | 数量指标 | 宣传活动次数 | ≥2次 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% |\n"
        "\n"
        "二、项目资金申报及使用情况\n"
        "(一)项目资金申报及批复情况。该食品安全宣传周专项经费项目于2021年初向财政局申报，批复下达预算资金8万元。\n"
    )
    [table] = read_text(text, "p.txt").tables
    assert table.project == "食品安全宣传周专项经费"
    assert not any(note.message == "未找到项目名称" for note in table.notes)


def test_a_named_table_keeps_its_name() -> None:
    text = (
        "| 项目名称 | 乡村文化站运行补助 |\n"
        "| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
        "| 产出指标 | 数量指标 | 开放天数 | ≥300天 |\n"
        "\n"
        "该农家书屋更新项目于2021年实施。\n"
    )
    [table] = read_text(text, "n.txt").tables
    assert table.project == "乡村文化站运行补助"


@pytest.mark.parametrize(
    ("goal", "unit"),
    [
        ("保障融媒体中心正常运转，做好全区新闻宣传", "融媒体中心"),
        ("全力保障区档案馆日常工作开展", "区档案馆"),
        ("保障本单位正常运转", ""),  # no name to take
        ("保障困难群众基本生活", ""),  # not a unit kept running
    ],
)
def test_department_unit_from_its_goal(goal: str, unit: str) -> None:
    assert scan_department_unit(goal) == unit


@pytest.mark.parametrize(
    ("names", "fund"),
    [
        (["培训人次", "人才驿站补助资金到位率"], "人才驿站补助资金"),
        (["农村公路养护经费拨付及时率"], "农村公路养护经费"),
        (["项目资金到位率", "专项资金执行率"], ""),  # generic words name no fund
        (["资金到位率"], ""),
    ],
)
def test_fund_named_by_an_arrival_indicator(names: list[str], fund: str) -> None:
    assert scan_fund_project(names) == fund


def test_inferred_names_say_so() -> None:
    from assistant.parse import read_text

    flat = (
        "2024年度部门整体绩效目标表\n年度总体目标 | 保障区档案馆日常运转，完成馆藏档案数字化\n"
        "指标名称 | 计量单位 | 指标值 | 权重\n档案数字化页数 | 页 | ≥20000 | 30\n"
    )
    table = read_text(flat).tables[0]
    assert table.project == "区档案馆(部门整体)"
    assert any("推断" in note.message and "请核对" in note.message for note in table.notes)
    fund = (
        "一级指标 | 二级指标 | 三级指标 | 指标值\n产出指标 | 数量指标 | 驿站数量 | ≥2个\n"
        "产出指标 | 时效指标 | 人才驿站补助资金到位时间 | 2024年12月前\n"
    )
    table = read_text(fund).tables[0]
    assert table.project == "人才驿站补助资金"
    assert any("推断" in note.message for note in table.notes)
    assert not any(note.message == "未找到项目名称" for note in table.notes)


def test_a_year_after_a_budget_word_is_not_the_budget() -> None:
    """'…财政拨款。2017年度预算资金主要用于…': the next sentence's year is no amount; the
    allocation sentence gives the budget."""
    prose = "资金来源为省级一般公共预算财政拨款。2017年度预算资金主要用于宣传和培训。"
    assert scan_budget(prose) is None
    assert scan_budget("财政拨款：2018万元") == Decimal("20180000")
