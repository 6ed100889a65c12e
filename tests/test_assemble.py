"""Reading a table's upper part: the goal block of self-evaluation forms (年初设定目标 |
全年实际完成情况), whatever the splitter."""

from __future__ import annotations

import pytest

from assistant.parse import read_text

GOAL = "完成12个老旧小区雨污分流改造，消除内涝点3处"
DONE = "已完成10个小区改造，2个小区因施工许可延期"
GRID = "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值\n产出指标 | 数量指标 | 改造小区数量 | 12个 | 10个\n"


@pytest.mark.parametrize(
    "upper",
    [
        # headings and texts in one row
        f"项目名称 | 雨污分流改造\n年度总体目标 | 年初设定目标 | 全年实际完成情况 | {GOAL} | {DONE}\n",
        # headings in one row, the texts in the row below
        f"项目名称 | 雨污分流改造\n年度总体目标 | 预期目标 | 实际完成情况\n{GOAL} | {DONE}\n",
        # the texts row under a merged 年度总体目标 cell
        f"项目名称 | 雨污分流改造\n年度总体目标 | 预期目标 | 实际完成情况\n | {GOAL} | {DONE}\n",
    ],
)
def test_the_goal_is_the_target_column_never_what_was_achieved(upper: str) -> None:
    table = read_text(upper + GRID).tables[0]
    assert table.goals == [GOAL]
    assert table.indicators[0].target.raw == "12个"


def test_glued_goal_block_drops_the_status_after_it() -> None:
    text = (
        "2023年度项目支出绩效目标自评表项目名称社区图书室图书更新主管部门某区文旅局年度资金总额20"
        "年度总体目标预期目标实际完成情况更新社区图书室图书3000册，满足居民阅读需求。已完成"
        "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标新购图书册数3000册3100册2020"
    )
    table = read_text(text).tables[0]
    assert table.project == "社区图书室图书更新"
    assert table.goals == ["更新社区图书室图书3000册，满足居民阅读需求。"]
