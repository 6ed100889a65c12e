"""PDF text dumps (pdftotext without -layout) in the shapes real filings take: names wrapped
over lines, values spaced apart (300 公里, ≥ 95 %, >= 300), ASCII comparators, a value heading
split over two lines (年度指 / 标值), page marks and running headers between rows, and two
project tables one after another. Every text here is written for the test."""

from __future__ import annotations

import pytest

from assistant.parse import read_text
from assistant.parse.pdf_text import header_role_word, join_interleaved, looks_like_pdf_dump

TWO_TABLES = """\
1.乡村道路养护经费绩效目标表
项目名称 乡村道路养护经费
预算数 309.00
其中：财政资金 309.00
绩效目标 完成乡村道路建设养护里程300公里
一级指标 二级指标 三级指标 绩效指标描述 指标值
指标值确定

依据
产出指标

数量指标
乡村道路建

设养护里程
乡村道路建设养护里程 300 公里 年度计划
桥梁维修数量 桥梁维修数量 ≥ 5 座 年度计划

质量指标
养护工程验

收合格率
养护工程验收合格率 ≥ 95 % 行业标准
— 2 —
第 2 页 共 3 页
时效指标 完工时间 完工时间 2025年11月底前 年度计划
效益指标
社会效益指
标
群众出行条

件
群众出行条件改善情况 明显改善 以往经验
满意度指标
服务对象满
意度指标
沿线群众满

意度
沿线群众满意度 ≥90% 以往经验
2.村庄保洁经费绩效目标表
项目名称 村庄保洁经费
预算数 50.00
其中：财政资金 50.00
绩效目标 村庄环境干净整洁
一级指标 二级指标 三级指标 绩效指标描述 指标值
指标值确定

依据
产出指标

数量指标
保洁村庄数量 保洁村庄数量 12 个 年度计划
效益指标
社会效益指
标
村容村貌 村容村貌改善情况 明显改善 以往经验
"""

# no description column; the value heading wrapped (年度指 / 标值); values alone on their lines
SPLIT_HEADER = """\
1.乡村道路养护经费绩效目标表
项目名称 乡村道路养护经费
预算数 309.00
其中：财政资金 309.00
绩效目标 完成乡村道路建设养护里程300公里
一级指标 二级指标 三级指标 年度指
标值
产出指标

数量指标
乡村道路建

设养护里程
{ge} 300 公里
桥梁维修数量 {ge}5座

质量指标
养护工程验

收合格率
{ge95}
县交通运输局2025年部门预算
- 3 -
时效指标 完工时间 2025年11月底前
成本指标 每公里养护成本 {le}1.03万元
效益指标
社会效益指
标
群众出行条

件
明显改善
满意度指标
服务对象满
意度指标
沿线群众满

意度
{ge}90%
"""


def _rows(text: str) -> list[list[tuple]]:
    document = read_text(text)
    return [
        [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators]
        for table in document.tables
    ]


def test_two_tables_with_wrapped_names_spaced_values_and_page_marks() -> None:
    assert looks_like_pdf_dump(TWO_TABLES)
    document = read_text(TWO_TABLES)
    assert [t.project for t in document.tables] == ["乡村道路养护经费", "村庄保洁经费"]
    assert [t.budget_wan for t in document.tables] == [309, 50]
    assert _rows(TWO_TABLES) == [
        [
            ("产出指标", "数量指标", "乡村道路建设养护里程", "300公里"),
            ("产出指标", "数量指标", "桥梁维修数量", "≥5座"),
            ("产出指标", "质量指标", "养护工程验收合格率", "≥95%"),
            ("产出指标", "时效指标", "完工时间", "2025年11月底前"),
            ("效益指标", "社会效益指标", "群众出行条件", "明显改善"),
            ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"),
        ],
        [
            ("产出指标", "数量指标", "保洁村庄数量", "12个"),
            ("效益指标", "社会效益指标", "村容村貌", "明显改善"),
        ],
    ]


@pytest.mark.parametrize(
    ("ge", "le", "ge95"),
    [(">=", "<=", ">=95%"), ("≥", "≤", "≥ 95 %")],
    ids=["ascii", "unicode"],
)
def test_split_value_heading_lone_values_and_running_header(ge: str, le: str, ge95: str) -> None:
    text = SPLIT_HEADER.format(ge=ge, le=le, ge95=ge95)
    assert _rows(text) == [
        [
            ("产出指标", "数量指标", "乡村道路建设养护里程", f"{ge}300公里"),
            ("产出指标", "数量指标", "桥梁维修数量", f"{ge}5座"),
            ("产出指标", "质量指标", "养护工程验收合格率", f"{ge}95%"),
            ("产出指标", "时效指标", "完工时间", "2025年11月底前"),
            ("产出指标", "成本指标", "每公里养护成本", f"{le}1.03万元"),
            ("效益指标", "社会效益指标", "群众出行条件", "明显改善"),
            ("满意度指标", "服务对象满意度指标", "沿线群众满意度", f"{ge}90%"),
        ]
    ]


def test_value_headings_with_qualifiers() -> None:
    for word in ("年度指标值", "年初指标值", "年度目标值", "指标值（年度）"):
        assert header_role_word(word) == "指标值", word
    for word in ("指标值确定依据", "实际完成值", "三级指标"):
        assert header_role_word(word) == word, word


INTERLEAVED = """\
乡村道路养护项目绩效目标表
项目名称 乡村道路建设养护项目
一级指标 二级指标 三级指标 指标值
产出 数量 乡村道路建设 ≥300公里
指标 指标 养护里程
桥梁维修数量 ≥5座
质量 养护工程验收 ≥95%
指标 合格率
效益 社会效益 群众出行条件 明显改善
指标 指标
满意度 服务对象 沿线群众满意度 ≥90%
指标 满意度指标
"""


def test_category_cells_wrapped_onto_the_next_line_are_joined_back() -> None:
    assert _rows(INTERLEAVED) == [
        [
            ("产出指标", "数量指标", "乡村道路建设养护里程", "≥300公里"),
            ("产出指标", "数量指标", "桥梁维修数量", "≥5座"),
            ("产出指标", "质量指标", "养护工程验收合格率", "≥95%"),
            ("效益指标", "社会效益指标", "群众出行条件", "明显改善"),
            ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"),
        ]
    ]


def test_interleaved_join_needs_stubs_and_two_wrapped_rows() -> None:
    lines = INTERLEAVED.splitlines()
    joined = join_interleaved(lines)
    assert "产出指标 数量指标 乡村道路建设养护里程 ≥300公里" in joined
    assert "满意度指标 服务对象满意度指标 沿线群众满意度 ≥90%" in joined
    assert len(joined) == len(lines)  # line numbers keep their place
    one = ["产出 数量 乡村道路建设 ≥300公里", "指标 指标 养护里程", "桥梁维修数量 ≥5座"]
    assert join_interleaved(one) is one  # a single wrapped row is no evidence of the layout
    cells = ["产出", "指标", "数量", "指标"]  # one cell per line: nothing to join
    assert join_interleaved(cells) is cells


def test_header_repeated_after_a_page_count_mark() -> None:
    text = (
        "1.乡村道路养护经费绩效目标表\n项目名称 乡村道路养护经费\n预算数 309.00\n"
        "其中：财政资金 309.00\n绩效目标 完成乡村道路建设养护里程300公里\n"
        "一级指标 二级指标 三级指标 年度指\n标值\n产出指标\n\n数量指标\n乡村道路建\n\n设养护里程\n"
        "300公里\n桥梁维修数量 5座\n共3页 第1页\n一级指标 二级指标 三级指标 年度指\n标值\n"
        "质量指标 养护工程验收合格率 ≥95%\n效益指标\n社会效益指\n标\n群众出行条\n\n件\n明显改善\n"
        "满意度指标\n服务对象满\n意度指标\n沿线群众满意度 ≥90%\n"
    )
    assert _rows(text) == [
        [
            ("产出指标", "数量指标", "乡村道路建设养护里程", "300公里"),
            ("产出指标", "数量指标", "桥梁维修数量", "5座"),
            ("产出指标", "质量指标", "养护工程验收合格率", "≥95%"),
            ("效益指标", "社会效益指标", "群众出行条件", "明显改善"),
            ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"),
        ]
    ]
