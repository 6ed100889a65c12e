"""Flattened layouts from real published pages (knowledge_base/corpus): one cell per line,
`|`-separated cells spread over lines, and rows glued into one line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from assistant.parse import read_path, read_text
from assistant.parse.stream import _split_glued

CORPUS = Path(__file__).parent.parent / "knowledge_base" / "corpus"


def rows(table):
    return [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators]


def test_cell_per_line_with_blank_lines_k015():
    table = read_path(CORPUS / "k015.txt").tables[0]
    assert table.project == "科学技术研究与开发资金"
    assert table.budget_total_yuan == Decimal("9360000")
    assert rows(table)[:3] == [
        ("产出指标", "数量指标", "新增高新技术企业", "15"),
        ("产出指标", "质量指标", "扶持标准达标率", "100%"),
        ("产出指标", "时效指标", "高企资格有效", "3年"),
    ]
    assert rows(table)[3] == ("效益指标", "经济效益指标", "减税降费", "企业所得税减按15%征收")


def test_cell_per_line_with_long_and_annual_columns_k002():
    table = read_path(CORPUS / "k002.txt").tables[0]
    assert table.project == "教育系统基础设施建设和设备购置"
    assert rows(table) == [
        ("产出指标", "数量指标", "重点建设工程安排数量", "2"),
        ("产出指标", "质量指标", "重点建设工程验收合格率", "100%"),
        ("产出指标", "成本指标", "建设项目成本", "参照政府采购成本控制"),
        ("产出指标", "时效指标", "重点建设工程按期完成率", "100%"),
        ("效益指标", "可持续影响指标", "基础教育巩固提高情况", "巩固提高"),
        ("效益指标", "社会效益指标", "基础教育学校办学条件", "持续改善"),
        ("满意度指标", "服务对象满意度指标", "学生、家长、社会满意度", "≥90%"),
    ]


def test_pipe_cells_with_unit_and_nature_columns_k010():
    table = read_path(CORPUS / "k010.txt").tables[0]
    assert table.project == "古昌镇大青冈村乡村振兴绿化美化项目"
    assert table.budget_total_yuan == Decimal("1535184")
    assert rows(table)[:3] == [
        ("产出指标", "数量指标", "绿化美化公路", "=3500米"),
        ("产出指标", "数量指标", "购买发放李子苗", "=15000株"),
        ("产出指标", "质量指标", "树木成活率", "≥85%"),
    ]


def test_glued_rows_k001():
    table = read_path(CORPUS / "k001.txt").tables[0]
    assert rows(table)[:3] == [
        ("产出指标", "数量指标", "农村义务教育学校改造覆盖率", "100%"),
        ("产出指标", "质量指标", "校舍维修改造质量合格率", "100%"),
        ("产出指标", "质量指标", "购置设施设备质量合格率", "100%"),
    ]
    assert rows(table)[-1] == ("满意度指标", "服务对象满意度指标", "学校满意度", "≥90%")


def test_split_glued_peels_categories_and_value():
    assert _split_glued("产出指标数量指标补助人数250人计划标准") == [
        "产出指标",
        "数量指标",
        "补助人数",
        "250人",
        "计划标准",
    ]
    assert _split_glued("满意度指标") == ["满意度指标"]


def test_cell_per_line_with_short_headings_and_a_described_value_heading() -> None:
    text = "\n".join([
        "一级", "二级", "指标内容", "指标值(包含数字及文字描述)", "",
        "产出值", "数量", "义诊活动场次", "12场", "",
        "时效", "活动完成时间", "2024年11月前", "",
        "效益", "社会效益", "群众健康意识", "明显增强", "",
    ]) + "\n"
    table = read_text(text).tables[0]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "数量指标", "义诊活动场次", "12场"),
        ("产出指标", "时效指标", "活动完成时间", "2024年11月前"),
        ("效益指标", "社会效益指标", "群众健康意识", "明显增强"),
    ]


def test_no_header_row_category_and_value_cells_say_where_the_grid_is() -> None:
    cells = ["项目名称", "社区助餐服务", "产出指标", "数量指标", "助餐服务人次", "≥3000人次", "质量指标",
             "餐食抽检合格率", "100%", "效益指标", "社会效益", "指标", "就餐便利度", "明显提高"]
    expected = [
        ("产出指标", "数量指标", "助餐服务人次", "≥3000人次"),
        ("产出指标", "质量指标", "餐食抽检合格率", "100%"),
        ("效益指标", "社会效益指标", "就餐便利度", "明显提高"),
    ]
    table = read_text("\n".join(cells) + "\n").tables[0]
    assert table.project == "社区助餐服务"
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == expected
    # the same rows with single spaces between cells (Word or PDF text)
    spaced = "项目名称：社区助餐服务\n产出指标 数量指标 助餐服务人次 ≥3000人次\n产出指标 质量指标 餐食抽检合格率 100%\n效益指标 社会效益指标 就餐便利度 明显提高\n"
    table = read_text(spaced).tables[0]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == expected


def test_prose_naming_categories_is_not_a_headerless_grid() -> None:
    text = "本项目的产出指标\n数量指标完成较好\n质量指标全部达标\n效益明显\n"
    assert read_text(text).tables == []


def test_category_one_character_per_line_and_a_heading_named_yearly_figure() -> None:
    cells = ["一级指标", "二级指标", "三级指标", "年度数值", "产", "出", "指", "标", "数量指标", "图书采购册数",
             "≥5000册", "效", "益", "指", "标", "社会效益指标", "读者借阅人次", "≥2万人次"]
    table = read_text("\n".join(cells) + "\n").tables[0]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "数量指标", "图书采购册数", "≥5000册"),
        ("效益指标", "社会效益指标", "读者借阅人次", "≥2万人次"),
    ]
    # cells that end in ' |' with blank lines between them (a web table pasted as text)
    piped = "\n\n".join(f"{cell} |" for cell in cells) + "\n"
    assert [i.name for i in read_text(piped).tables[0].indicators] == ["图书采购册数", "读者借阅人次"]


def test_a_paragraph_after_a_row_is_its_remark_not_a_new_row() -> None:
    cells = ["一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施",
             "产出指标", "数量指标", "新建污水管网长度", "12公里", "8公里",
             "受征地进度影响，部分路段未能按期开工。已协调属地街道加快征地，预计次年一季度完工。", "改进措施:",
             "质量指标", "管网验收合格率", "100%", "100%"]
    table = read_text("\n\n".join(cells) + "\n").tables[0]
    assert [(i.name, i.target.raw) for i in table.indicators] == [("新建污水管网长度", "12公里"), ("管网验收合格率", "100%")]
    assert table.indicators[0].actual == "8公里"


def test_single_space_rows_with_spaced_values_and_page_marks() -> None:
    text = (
        "项目名称 乡村道路养护\n一级指标 二级指标 三级指标 指标值\n"
        "产出指标 数量指标 养护里程 ≥ 300 公里\n产出指标 质量指标 养护合格率 ≥ 95 %\n— 2 —\n"
        "效益指标 社会效益指标 群众出行便利度 明显提升\n第 2 页 共 3 页\n"
        "满意度指标 服务对象满意度指标 群众满意度 ≥90 %\n"
    )
    table = read_text(text).tables[0]
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "养护里程", "≥300公里"),
        ("质量指标", "养护合格率", "≥95%"),
        ("社会效益指标", "群众出行便利度", "明显提升"),
        ("服务对象满意度指标", "群众满意度", "≥90%"),
    ]
