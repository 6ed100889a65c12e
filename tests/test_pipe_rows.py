"""F2: pipe rows from web copies: header cells one per line, merged cells dropped so the
first row of a group carries its categories and the next rows do not, wrapped categories."""

from __future__ import annotations

from decimal import Decimal

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
