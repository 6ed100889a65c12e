"""Targets restated in self-evaluation report prose (report_targets)."""

from __future__ import annotations

from assistant.parse import read_text
from assistant.parse.report_targets import fold_name, read_report_targets

_TABLE = """\
| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 |
| 产出指标 | 数量指标 | 举办培训班期数 | ≥4期 | 5期 |
| 产出指标 | 质量指标 | 学员结业率 | ≥95% | 98% |
| 满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥90% | 96% |
"""


def _rows(text: str) -> list[tuple[str, str, str, str, str]]:
    return [(t.level1, t.level2, t.name, t.value, t.actual) for t in read_report_targets(text)]


def test_headings_set_levels_and_actual_is_kept_apart() -> None:
    text = (
        "(二)绩效目标完成情况1.产出目标完成情况(1)时效目标:补贴资金拨付时间绩效目标值是2024年6月底前,"
        "实际完成值为2024年5月,目标完成率为100%,(2)成本目标:场地租赁费用绩效目标值为3.5万元,"
        "实际完成值为3.2万元,2.效益目标完成情况(1)社会效益指标:农户技能提升人数目标值为120人,实际完成值为131人"
    )
    assert _rows(text) == [
        ("产出指标", "时效指标", "补贴资金拨付时间", "2024年6月底前", "2024年5月"),
        ("产出指标", "成本指标", "场地租赁费用", "3.5万元", "3.2万元"),
        ("效益指标", "社会效益指标", "农户技能提升人数", "120人", "131人"),
    ]


def test_traditional_script_is_read_and_kept_as_written() -> None:
    text = "(1)質量目標:培訓合格率績效目標值是98%,實際完成值為99%,(2)滿意度目標:參訓人員滿意度績效目標值為90%"
    rows = _rows(text)
    assert rows[0] == ("产出指标", "质量指标", "培訓合格率", "98%", "99%")
    assert rows[1][:4] == ("满意度指标", "服务对象满意度指标", "參訓人員滿意度", "90%")


def test_without_heading_the_levels_stay_empty() -> None:
    rows = _rows("全年开展巡查活动次数绩效目标值为12次，实际完成值为15次。")
    assert rows == [("", "", "全年开展巡查活动次数", "12次", "15次")]


def test_score_lines_set_no_level_and_state_no_target() -> None:
    text = (
        "其中:项目立项6分,时效目标10分,成本目标0分,社会效益目标15分,总得分90,"
        "扣分原因为:项目资金投入绩效目标值大于10万元,资金到位率本项目满分3分,得3分"
    )
    assert _rows(text) == []
    later = _rows("时效目标10分,成本目标0分,道路养护里程目标值为30公里")
    assert later == [("", "", "道路养护里程", "30公里", "")]


def test_a_statement_with_no_figure_is_a_value_too() -> None:
    rows = _rows("(3)可持续影响指标:长效管护机制绩效目标值是基本建立,实际完成值为已建立")
    assert rows == [("效益指标", "可持续影响指标", "长效管护机制", "基本建立", "已建立")]
    assert _rows("项目绩效目标值是,实际完成值为") == []  # a label with nothing after it


def test_actual_in_the_same_clause_is_cut_from_the_value() -> None:
    rows = _rows("数量目标:新建文化广场个数绩效目标值是2个实际完成值为2个")
    assert rows == [("产出指标", "数量指标", "新建文化广场个数", "2个", "2个")]


def test_prose_rows_join_the_table_without_repeating_its_rows() -> None:
    prose = (
        "三、绩效目标完成情况\n"
        "1.产出目标完成情况:(1)数量目标:举办培训班期数绩效目标值为4期,实际完成值为5期,"
        "(2)时效目标:培训完成时间绩效目标值是2023年11月底前,实际完成值为2023年10月,"
        "(3)成本目标:人均培训成本绩效目标值是800元,实际完成值为760元。\n"
    )
    document = read_text(_TABLE + "\n" + prose, "t.txt")
    [table] = document.tables
    names = [fold_name(i.name) for i in table.indicators]
    assert names.count("举办培训班期数") == 1
    added = {i.name: i for i in table.indicators if i.uncertain}
    assert set(added) == {"培训完成时间", "人均培训成本"}
    cost = added["人均培训成本"]
    assert (cost.level1, cost.level2, cost.value, cost.actual) == ("产出指标", "成本指标", "800元", "760元")
    assert any("取自自评报告正文" in note.message for note in table.notes)


def test_prose_alone_forms_a_table() -> None:
    text = (
        "某县2023年度农村公路养护补助资金项目自评报告\n"
        "一、项目基本情况\n"
        "该农村公路养护补助资金项目由县交通运输局实施，下达预算资金50万元。\n"
        "二、绩效目标完成情况\n"
        "(1)数量目标:农村公路养护里程绩效目标值为120公里,实际完成值为126公里,"
        "(2)质量目标:养护路段优良率绩效目标值为85%,实际完成值为88%。\n"
    )
    document = read_text(text, "r.txt")
    [table] = document.tables
    assert [(i.name, i.value) for i in table.indicators] == [("农村公路养护里程", "120公里"), ("养护路段优良率", "85%")]
    assert all(i.uncertain for i in table.indicators)
    assert table.project == "农村公路养护补助资金"
    assert table.budget_wan == 50
    assert not any(note.severity == "error" for note in document.notes)


def test_text_without_report_targets_still_has_no_table() -> None:
    document = read_text("关于做好年度考核工作的通知\n各单位要按时报送材料，目标完成率为100%。\n", "n.txt")
    assert document.tables == []


def test_names_compare_across_scripts_and_widths() -> None:
    assert fold_name("補助資金到位率 (％)") == fold_name("补助资金到位率（%）")


def test_target_words_and_separators_reports_use() -> None:
    text = (
        "（1）质量目标：食品抽检合格率目标值：100%，实际完成值：100%；"
        "（2）时效目标：资金到位时间预期目标为2023年12月前，实际完成为2023年11月；"
        "（3）成本目标：每餐补贴标准计划值为8元，实际值为7.5元。"
    )
    assert _rows(text) == [
        ("产出指标", "质量指标", "食品抽检合格率", "100%", "100%"),
        ("产出指标", "时效指标", "资金到位时间", "2023年12月前", "2023年11月"),
        ("产出指标", "成本指标", "每餐补贴标准", "8元", "7.5元"),
    ]
