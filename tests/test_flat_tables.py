"""Flat indicator tables: no 一级/二级 columns, separate unit / nature / weight / actual / score
columns, self-evaluation forms (target column, never the actual), multi-year and annual columns."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from assistant.model import TargetTable
from assistant.parse import read_bytes, read_text

HEADER = ["指标名称", "计量单位", "指标性质", "指标值", "权重", "全年完成值", "得分"]
ROWS = [
    ["助餐服务人次", "人次", "正向", "3000", "20", "3150", "20"],
    ["服务对象满意度", "%", "正向", "90", "10", "93", "10"],
    ["食品安全事故", "起", "反向", "0", "10", "0", "10"],
    ["服务质量", "", "定性", "良好", "10", "良好", "8"],
]
EXPECTED = [
    ("", "", "助餐服务人次", "≥3000人次", Decimal(20), "3150"),
    ("", "", "服务对象满意度", "≥90%", Decimal(10), "93"),
    ("", "", "食品安全事故", "≤0起", Decimal(10), "0"),
    ("", "", "服务质量", "良好", Decimal(10), "良好"),
]
UPPER = [["项目名称", "社区老年助餐补助", "主管部门", "区民政局"], ["预算数（万元）", "120", "其中：财政资金", "120"]]


def _rows(table: TargetTable) -> list[tuple]:
    return [(i.level1, i.level2, i.name, i.target.raw, i.weight, i.actual) for i in table.indicators]


def _only(text: str) -> TargetTable:
    document = read_text(text)
    assert len(document.tables) == 1, [t.project for t in document.tables]
    return document.tables[0]


def _text(separator: str, frame: bool = False) -> str:
    def line(cells: list[str]) -> str:
        joined = separator.join(cells)
        return f"| {joined} |" if frame else joined

    lines = ["社区老年助餐补助项目绩效目标表"] + [line(r) for r in UPPER + [HEADER] + ROWS]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("separator", "frame"), [(" | ", True), (" | ", False), ("\t", False), ("   ", False)]
)
def test_flat_table_in_each_splitter(separator: str, frame: bool) -> None:
    table = _only(_text(separator, frame))
    assert table.project == "社区老年助餐补助"
    assert table.budget_wan == Decimal(120)
    assert _rows(table) == EXPECTED


def test_flat_table_cell_per_line() -> None:
    """Word's text export: one tab-led cell per line, rows separated by blank lines."""
    blocks = []
    for row in UPPER + [HEADER] + ROWS:
        blocks.append("\n".join("\t" + cell for cell in row))
    table = _only("社区老年助餐补助项目绩效目标表\n\n" + "\n\n".join(blocks) + "\n")
    assert _rows(table) == EXPECTED


def test_flat_table_docx() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("社区老年助餐补助项目绩效目标表")
    rows = UPPER + [HEADER] + ROWS
    grid = document.add_table(rows=len(rows), cols=len(HEADER))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            grid.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    table = read_bytes(buffer.getvalue(), "flat.docx").tables[0]
    assert table.project == "社区老年助餐补助"
    assert _rows(table) == EXPECTED


def test_space_rows_with_a_blank_cell_dropped() -> None:
    """Runs of spaces cannot show an empty cell: the row is lined up by what its cells are."""
    text = (
        "项目名称  河道保洁经费\n预算数（万元）  45\n"
        "指标名称  计量单位  指标性质  指标值  权重  全年完成值  得分\n"
        "河道保洁长度  公里  正向  36  20  36  20\n"
        "保洁质量  定性  达标  10  达标  10\n"
        "群众投诉次数  次  5  10  2  10\n"
    )
    table = _only(text)
    assert _rows(table) == [
        ("", "", "河道保洁长度", "≥36公里", Decimal(20), "36"),
        ("", "", "保洁质量", "达标", Decimal(10), "达标"),
        ("", "", "群众投诉次数", "5次", Decimal(10), "2"),
    ]


def test_two_flat_tables_on_one_page() -> None:
    text = (
        "项目名称 | 森林防火经费 | 主管部门 | 区林业局\n"
        "预算数（万元） | 30 | 其中：财政资金 | 30\n"
        "指标名称 | 计量单位 | 指标值 | 分值\n"
        "防火巡查天数 | 天 | 180 | 30\n"
        "森林火灾受害率 | ‰ | ≤0.9 | 20\n"
        "项目名称 | 林木病虫害防治 | 主管部门 | 区林业局\n"
        "预算数（万元） | 12.5 | 其中：财政资金 | 12.5\n"
        "指标名称 | 计量单位 | 指标值 | 分值\n"
        "防治面积 | 亩 | 5000 | 40\n"
        "成灾率 | ‰ | ≤3 | 20\n"
    )
    document = read_text(text)
    assert [t.project for t in document.tables] == ["森林防火经费", "林木病虫害防治"]
    assert [t.budget_wan for t in document.tables] == [Decimal(30), Decimal("12.5")]
    assert _rows(document.tables[0]) == [
        ("", "", "防火巡查天数", "180天", Decimal(30), ""),
        ("", "", "森林火灾受害率", "≤0.9‰", Decimal(20), ""),
    ]
    assert _rows(document.tables[1]) == [
        ("", "", "防治面积", "5000亩", Decimal(40), ""),
        ("", "", "成灾率", "≤3‰", Decimal(20), ""),
    ]


@pytest.mark.parametrize("separator", [" | ", "\t"])
def test_flat_tables_under_headings_and_a_header_repeated_at_a_page_break(separator: str) -> None:
    """A heading before a header row starts a table; a header repeated after a page number
    continues the one before."""
    head = separator.join(["指标名称", "计量单位", "指标值", "权重"])
    text = "\n".join([
        "某区司法局2024年部门整体绩效目标表",
        head,
        separator.join(["办件按时办结率", "%", "≥98%", "20"]),
        "二、社区矫正经费",
        head,
        separator.join(["矫正对象人数", "人", "120", "30"]),
        "— 2 —",
        head,
        separator.join(["再犯罪率", "%", "≤0.2%", "20"]),
        "（三）法律援助经费",
        head,
        separator.join(["法律援助案件数", "件", "≥300", "30"]),
    ]) + "\n"
    document = read_text(text)
    assert [(t.project, [i.name for i in t.indicators]) for t in document.tables] == [
        ("某区司法局(部门整体)", ["办件按时办结率"]),
        ("社区矫正经费", ["矫正对象人数", "再犯罪率"]),
        ("法律援助经费", ["法律援助案件数"]),
    ]


def test_multi_year_and_annual_columns_take_the_annual() -> None:
    text = (
        "项目名称\t城区路灯维护\n预算数（万元）\t80\n"
        "一级指标\t二级指标\t三级指标\t实施期指标值\t年度指标值\t分值\n"
        "产出指标\t数量指标\t维护路灯数量\t≥15000盏\t≥5000盏\t20\n"
        "\t质量指标\t亮灯率\t≥95%\t≥98%\t20\n"
        "满意度指标\t服务对象满意度指标\t市民满意度\t≥90%\t≥92%\t10\n"
    )
    assert _rows(_only(text)) == [
        ("产出指标", "数量指标", "维护路灯数量", "≥5000盏", Decimal(20), ""),
        ("产出指标", "质量指标", "亮灯率", "≥98%", Decimal(20), ""),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥92%", Decimal(10), ""),
    ]
    # the multi-year target is kept beside the annual one, never as the value
    assert [i.long_term for i in _only(text).indicators] == ["≥15000盏", "≥95%", "≥90%"]


def test_self_evaluation_takes_the_target_not_the_actual() -> None:
    """绩效自评表: 年初指标值 is the target; 调整 and 实际 columns are not."""
    text = (
        "2023年度部门整体绩效自评表\n"
        "部门名称 | 区农业农村委\n"
        "年初预算数 | 全年预算数 | 全年执行数 | 执行率\n"
        "560 | 600 | 588 | 98%\n"
        "绩效指标 | 指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年实际值 | 指标权重(分) | 指标得分(分)\n"
        "绩效指标 | 农田水利设施维修 | 处 | 定量指标 | 40 | 42 | 45 | 10 | 10\n"
        " | 耕地质量提升面积 | 亩 | 定量指标 | 800 | 800 | 760 | 10 | 9.5\n"
        " | 农户满意度 | % | 定量指标 | ≥90 |  | 95 | 5 | 5\n"
        " | 技术指导服务质量 |  | 定性指标 | 好 | 好 | 较好 | 5 | 4\n"
    )
    table = _only(text)
    assert table.kind == "department"
    assert _rows(table) == [
        ("", "", "农田水利设施维修", "40处", Decimal(10), "45"),
        ("", "", "耕地质量提升面积", "800亩", Decimal(10), "760"),
        ("", "", "农户满意度", "≥90%", Decimal(5), "95"),
        ("", "", "技术指导服务质量", "好", Decimal(5), "较好"),
    ]


def test_levelled_self_evaluation_fills_weight_and_actual() -> None:
    text = (
        "项目名称\t农村公路养护\n预算数（万元）\t200\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t养护里程\t≥120公里\t126公里\t20\t20\n"
        "效益指标\t社会效益指标\t道路通行条件\t明显改善\t改善\t10\t8\n"
    )
    assert _rows(_only(text)) == [
        ("产出指标", "数量指标", "养护里程", "≥120公里", Decimal(20), "126公里"),
        ("效益指标", "社会效益指标", "道路通行条件", "明显改善", Decimal(10), "改善"),
    ]
