"""F2: pipe rows from web copies: header cells one per line, merged cells dropped so the
first row of a group carries its categories and the next rows do not, wrapped categories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.parse import read_text

WEB_COPY = """某市财政项目支出绩效目标表 | ||||
预算单位:某市图书馆 | ||||
项目 名称 |
图书采购 | 本年度申请市财政预算资金(万元) | 45.5 | ||
绩效指标 |
一级 指标 |
二级 指标 |
三级 指标 |
指标值 | ||
产出指标 | 数量指标 | 新增图书 | ≥5000册 | |
质量指标 | 图书验收合格率 | 100% | ||
时效指标 | 采购完成时间 | 2025年10月底前 | ||
效益指标 | 社会效益指标 | 借阅人次 | ≥20000人次 | |
满意度指标 | 服务对象满意度指标 | 读者满意度 | ≥90% | |
"""

CELL_STREAM_WRAPPED = """一级指标
二级指标
三级指标
指标值
产出指标
数量指标
培训人数
≥200人
效益指标
社会效益
指标
就业技能
明显提升
"""


def test_pipe_rows_with_header_one_cell_per_line() -> None:
    table = read_text(WEB_COPY).tables[0]
    assert table.project == "图书采购"
    assert table.budget_total_yuan == Decimal(455000)
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "数量指标", "新增图书", "≥5000册"),
        ("产出指标", "质量指标", "图书验收合格率", "100%"),
        ("产出指标", "时效指标", "采购完成时间", "2025年10月底前"),
        ("效益指标", "社会效益指标", "借阅人次", "≥20000人次"),
        ("满意度指标", "服务对象满意度指标", "读者满意度", "≥90%"),
    ]


def test_category_wrapped_over_two_cells() -> None:
    table = read_text("项目名称\n技能培训\n" + CELL_STREAM_WRAPPED).tables[0]
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "培训人数", "≥200人"),
        ("社会效益指标", "就业技能", "明显提升"),
    ]


FRAMEWORK_FORM = """项目名称
文化馆运转
年度资金总额
20
一级指标
二级指标
三级指标
指标值
决策
项目立项
立项依据充分性
充分
绩效目标
绩效目标合理性
合理
产出指标
数量指标
开放天数
≥300天
"""

NDRC_FORM = """项目名称
污水管网改造
一级指标
二级指标
三级指标
指标值
实施效果指标
产出指标
新建管网长度
≥12公里
竣工验收合格率
100%
效益指标
污水收集率
≥90%
"""


def test_framework_headings_keep_their_levels() -> None:
    table = read_text(FRAMEWORK_FORM).tables[0]
    assert [(i.raw_level1, i.raw_level2, i.name, i.target.raw) for i in table.indicators] == [
        ("决策", "项目立项", "立项依据充分性", "充分"),
        ("决策", "绩效目标", "绩效目标合理性", "合理"),
        ("产出指标", "数量指标", "开放天数", "≥300天"),
    ]
    assert table.indicators[2].level1 == "产出指标"
    assert table.indicators[0].level1 == ""  # a framework row has no standard category


def test_container_heading_above_the_categories() -> None:
    table = read_text(NDRC_FORM).tables[0]
    rows = [(i.raw_level1, i.raw_level2, i.level1, i.name) for i in table.indicators]
    assert rows == [
        ("实施效果指标", "产出指标", "产出指标", "新建管网长度"),
        ("实施效果指标", "产出指标", "产出指标", "竣工验收合格率"),
        ("实施效果指标", "效益指标", "效益指标", "污水收集率"),
    ]


SELF_EVALUATION_STREAM = """项目名称
农机购置补贴
一级指标
二级指标
三级指标
年度指标值
全年完成值
未完成原因和改进措施
产出指标
数量指标
补贴机具台数
≥150台
162台
质量指标
补贴资金兑付准确率
100%
100%
"""


def test_variant_header_cells_become_columns_not_rows() -> None:
    table = read_text(SELF_EVALUATION_STREAM).tables[0]
    assert [(i.name, i.target.raw, i.actual) for i in table.indicators] == [
        ("补贴机具台数", "≥150台", "162台"),
        ("补贴资金兑付准确率", "100%", "100%"),
    ]


def test_comparator_number_and_unit_in_their_own_columns() -> None:
    text = """项目名称 | 河道保洁 | | | |
二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |
产出指标 | 数量指标 | 保洁河道长度 | ﹦ | 35 | 公里 |
质量指标 | 保洁达标率 | ≥ | 95 | % |
"""
    table = read_text(text).tables[0]
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "保洁河道长度", "=35公里"),
        ("质量指标", "保洁达标率", "≥95%"),
    ]


def test_two_row_header_keeps_the_upper_fields() -> None:
    text = """| 项目名称 |
河道保洁经费 |
| 主管部门 | 某区水务局 | 实施单位 | 某街道 |
年度资金总额 | 35 | 35 | 35 |
绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |
产出指标 | 数量指标 | 保洁河道长度 | ≥ | 35 | 公里 | 35 | 10 | 10 |
"""
    table = read_text(text).tables[0]
    assert table.project == "河道保洁经费"
    assert [(i.name, i.target.raw) for i in table.indicators] == [("保洁河道长度", "≥35公里")]


def test_debris_rows_without_words_are_noted_not_read() -> None:
    text = """项目名称 | 河道保洁经费 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
产出指标 | 数量指标 | 保洁河道长度 | 35公里 |
| | . | 1 |
"""
    table = read_text(text).tables[0]
    assert [i.name for i in table.indicators] == ["保洁河道长度"]
    assert any("无法识别的指标行" in note.message for note in table.notes)


def test_multi_year_and_annual_column_groups_take_the_annual_value() -> None:
    text = """项目名称 | 展馆物业管理 |
一级指标 | 二级指标 | 三级指标 | 实施周期指标值 | 二级指标 | 三级指标 | 当年度指标值 |
产出指标 | 数量指标 | 保洁面积 | 3年共9万平方米 | 数量指标 | 保洁面积 | 3万平方米 |
"""
    table = read_text(text).tables[0]
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "保洁面积", "3万平方米")
    ]


def test_category_cell_on_its_own_line_sets_the_level() -> None:
    text = """项目名称 | 应急宣传经费 |
一级指标 | 二级指标 | 三级指标 | 指标值 |
成本指标(0-20)分 | 经济成本指标 | 项目总成本 | ≤10万元 |
产出指标 (40-50)分 |
数量指标 | 宣传资料份数 | ≥500份 |
"""
    table = read_text(text).tables[0]
    assert [(i.level1, i.level2, i.name) for i in table.indicators] == [
        ("成本指标", "经济成本指标", "项目总成本"),
        ("产出指标", "数量指标", "宣传资料份数"),
    ]


SPLIT_EXPECTED = [
    ("产出指标", "数量指标", "维护路灯数量", "≥3500盏"),
    ("产出指标", "质量指标", "路灯亮灯率", "≥98%"),
    ("产出指标", "时效指标", "故障修复时间", "24小时"),
    ("效益指标", "社会效益指标", "夜间出行安全", "有效保障"),
]


def test_comparator_number_and_unit_in_cells_of_their_own() -> None:
    """One 指标值 heading over three cells, and a row whose merged 一级 cell was dropped."""
    text = (
        "|项目名称|城区路灯维护|\n|一级指标|二级指标|三级指标|指标值|\n"
        "|产出指标|数量指标|维护路灯数量|≥|3500|盏|\n|质量指标|路灯亮灯率|≥|98|%|\n"
        "|时效指标|故障修复时间|24|小时|\n|效益指标|社会效益指标|夜间出行安全|有效保障|\n"
    )
    table = read_text(text).tables[0]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == SPLIT_EXPECTED


def test_split_value_beside_a_weight_column_keeps_the_weight() -> None:
    text = "指标名称 | 指标值 | 权重\n培训人次 | 500 | 人次 | 10\n合格率 | ≥ | 95 | % | 20\n满意度 | 90% | 10\n"
    table = read_text(text).tables[0]
    assert [(i.name, i.target.raw, i.weight) for i in table.indicators] == [
        ("培训人次", "500人次", Decimal(10)),
        ("合格率", "≥95%", Decimal(20)),
        ("满意度", "90%", Decimal(10)),
    ]


def test_separate_direction_and_unit_columns_are_not_joined_twice() -> None:
    text = "指标名称 | 指标性质 | 指标值 | 计量单位 | 权重\n培训人次 | ≥ | 500 | 人次 | 10\n合格率 | ≤ | 5 | % | 20\n"
    table = read_text(text).tables[0]
    assert [(i.name, i.target.raw, i.weight) for i in table.indicators] == [
        ("培训人次", "≥500人次", Decimal(10)),
        ("合格率", "≤5%", Decimal(20)),
    ]


def test_comparator_column_headed_calculation_sign_with_rows_shifted() -> None:
    """计算符号 | 目标值 | 度量单位 columns; rows under a merged 一级/二级 cell lose those cells."""
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 计算符号 | 目标值 | 度量单位 | 指标值说明 |\n"
        "| 产出指标 | 数量指标 | 管护林地面积 | = | 320 | 万亩 | 依据年度计划 |\n"
        "| 巡护人员数量 | ≥ | 45 | 人 | 依据编制 |\n"
        "| 效益指标 | 生态效益指标 | 森林覆盖率 | ≥ | 76 | % | 依据规划 |\n"
    )
    table = read_text(text).tables[0]
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "管护林地面积", "=320万亩"),
        ("数量指标", "巡护人员数量", "≥45人"),
        ("生态效益指标", "森林覆盖率", "≥76%"),
    ]


def test_a_wide_header_carries_each_projects_fields_on_its_first_row() -> None:
    """单位名称 | 项目名称 | 预算金额 | 绩效目标 before the levels: each project's first row holds
    them, merged cells below are dropped, a new project name starts a new table."""
    text = (
        "|单位名称|项目名称|预算金额（万元）|绩效目标|一级指标|二级指标|三级指标|指标值|\n"
        "|某街道|老年助餐补贴|12.00|为辖区老人提供助餐服务|产出指标|数量指标|助餐人次|≥|3000|人次|\n"
        "||||||质量指标|餐食抽检合格率|100%|\n"
        "|||||效益指标|社会效益指标|老年人就餐便利度|明显提高|\n"
        "|某街道|社区养老服务|30.00|开展上门养老服务|产出指标|数量指标|上门服务人次|≥5000人次|\n"
    )
    tables = read_text(text).tables
    assert [(t.project, t.unit_name, t.budget_wan, t.goals) for t in tables] == [
        ("老年助餐补贴", "某街道", Decimal(12), ["为辖区老人提供助餐服务"]),
        ("社区养老服务", "某街道", Decimal(30), ["开展上门养老服务"]),
    ]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in tables[0].indicators] == [
        ("产出指标", "数量指标", "助餐人次", "≥3000人次"),
        ("产出指标", "质量指标", "餐食抽检合格率", "100%"),
        ("效益指标", "社会效益指标", "老年人就餐便利度", "明显提高"),
    ]
    assert [i.name for i in tables[1].indicators] == ["上门服务人次"]


@pytest.mark.parametrize("separator", [" | ", "\t"])
def test_a_table_of_one_row(separator: str) -> None:
    head = separator.join(["一级指标", "二级指标", "三级指标", "中期目标值", "年度目标值"])
    row = separator.join(["产出指标", "数量指标", "新建校舍面积", "12000平方米", "4000平方米"])
    table = read_text(f"{head}\n{row}\n").tables[0]
    assert [(i.name, i.target.raw, i.long_term) for i in table.indicators] == [
        ("新建校舍面积", "4000平方米", "12000平方米")
    ]
