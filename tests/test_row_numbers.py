"""A 序号 (row-number) column: bare integers counting 1, 2, 3 … under a 序号 heading, or at
the start of each row, are row numbers — never an indicator's name or value — in every layout
the readers take (cell per line, pipe rows, tab and space rows, Word and Excel grids)."""

from __future__ import annotations

import io

import docx
import openpyxl

from assistant.parse import read_bytes, read_text
from assistant.parse.header_columns import HeaderColumns
from assistant.parse.rows import IndicatorState, drop_row_number


def _rows(text: str) -> list[tuple[str, str]]:
    document = read_text(text, "t.txt")
    assert len(document.tables) == 1, document.notes
    return [(i.name, i.target.raw) for i in document.tables[0].indicators]


def _leveled(text: str) -> list[tuple[str, str, str, str]]:
    document = read_text(text, "t.txt")
    assert len(document.tables) == 1, document.notes
    return [(i.level1, i.level2, i.name, i.target.raw) for i in document.tables[0].indicators]


CELL_PER_LINE = """二、绩效目标情况
表2：图书流动服务经费绩效目标
序号 |
三级指标 |
年度指标值 |
1 |
流动借阅点数量 |
6个 |
2 |
流动车出车次数 |
48次 |
3 |
举办读书讲座 |
2 |
4 |
读者借阅满意度 |
≥90% |
"""


def test_cell_per_line_numbered_list_without_levels() -> None:
    """k018's shape: one cell per line ending in ' |', 序号 | 三级指标 | 年度指标值; a bare number
    under 年度指标值 (2 lectures) is the value, and the 序号 after it starts the next row."""
    assert _rows(CELL_PER_LINE) == [
        ("流动借阅点数量", "6个"),
        ("流动车出车次数", "48次"),
        ("举办读书讲座", "2"),
        ("读者借阅满意度", "≥90%"),
    ]


def test_cell_per_line_value_equal_to_the_next_number() -> None:
    """A value that happens to be the next row's number (3 days before row 3) is still the value."""
    text = "\n".join([
        "序号", "指标名称", "年度指标值",
        "1", "培训人数", "200人",
        "2", "培训天数", "3",
        "3", "结业合格率", "95%",
    ])
    assert _rows(text) == [("培训人数", "200人"), ("培训天数", "3"), ("结业合格率", "95%")]


def test_cell_per_line_numbered_before_levels() -> None:
    text = "\n".join([
        "项目名称", "农村公路养护资金",
        "序号", "一级指标", "二级指标", "三级指标", "指标值",
        "1", "产出指标", "数量指标", "养护里程", "120公里",
        "2", "质量指标", "优良路率", "≥80%",
        "3", "效益指标", "社会效益指标", "群众出行条件", "改善",
    ])
    assert _leveled(text) == [
        ("产出指标", "数量指标", "养护里程", "120公里"),
        ("产出指标", "质量指标", "优良路率", "≥80%"),
        ("效益指标", "社会效益指标", "群众出行条件", "改善"),
    ]


def test_pipe_rows_with_levels() -> None:
    text = """项目名称 | 乡镇文化站免费开放补助
序号 | 一级指标 | 二级指标 | 三级指标 | 指标值
1 | 产出指标 | 数量指标 | 送戏下乡场次 | 12场
2 | | | 免费开放天数 | 300天
3 | | 质量指标 | 演出合格率 | 100%
4 | 效益指标 | 社会效益指标 | 受益群众人数 | 5000
"""
    assert _leveled(text) == [
        ("产出指标", "数量指标", "送戏下乡场次", "12场"),
        ("产出指标", "数量指标", "免费开放天数", "300天"),
        ("产出指标", "质量指标", "演出合格率", "100%"),
        ("效益指标", "社会效益指标", "受益群众人数", "5000"),
    ]


def test_pipe_header_one_cell_per_line() -> None:
    text = """项目名称 | 社区健身器材更新 |
序号 |
三级指标 |
年度指标值 |
1 | 更新器材数量 | 40件 |
2 | 器材验收合格率 | 100% |
3 | 居民满意度 | ≥85% |
"""
    assert _rows(text) == [("更新器材数量", "40件"), ("器材验收合格率", "100%"), ("居民满意度", "≥85%")]


def test_pipe_rows_numbered_under_an_unnamed_column() -> None:
    """The header's first cell is empty, the rows count 1, 2, 3 there: still row numbers."""
    text = """| 项目名称 | 中小学校舍维修 | | |
| | 一级指标 | 三级指标 | 指标值 |
| 1 | 产出指标 | 维修面积 | 3000平方米 |
| 2 | 产出指标 | 维修学校数 | 6 |
| 3 | 效益指标 | 安全隐患消除率 | 100% |
"""
    assert _rows(text) == [("维修面积", "3000平方米"), ("维修学校数", "6"), ("安全隐患消除率", "100%")]


def test_pipe_rows_with_unit_and_weight_columns() -> None:
    text = """项目名称 | 残疾人康复补助
序号 | 指标名称 | 指标值 | 计量单位 | 权重
1 | 康复训练人数 | 120 | 人 | 30
2 | 辅具适配数 | 80 | 件 | 30
3 | 服务满意度 | 90 | % | 40
"""
    assert _rows(text) == [("康复训练人数", "120人"), ("辅具适配数", "80件"), ("服务满意度", "90%")]


def test_tab_rows() -> None:
    text = (
        "项目名称\t村级河道保洁经费\n序号\t指标名称\t年度目标值\t备注\n"
        "1\t保洁河道长度\t25公里\t\n2\t保洁频次\t2\t每周\n3\t水面漂浮物清除率\t≥95%\t\n"
    )
    assert _rows(text) == [("保洁河道长度", "25公里"), ("保洁频次", "2"), ("水面漂浮物清除率", "≥95%")]


def test_space_rows() -> None:
    text = """项目名称：老年人助餐服务补贴
序号  三级指标  年度指标值
1  助餐点数量  8个
2  月均服务人次  3000人次
3  补贴发放及时率  100%
"""
    assert _rows(text) == [("助餐点数量", "8个"), ("月均服务人次", "3000人次"), ("补贴发放及时率", "100%")]


_GRID = [
    ["项目名称", "街道消防站运行经费", "", ""],
    ["序号", "一级指标", "三级指标", "指标值"],
    ["1", "产出指标", "消防演练次数", "4"],
    ["2", "产出指标", "出警到场时间", "≤10分钟"],
    ["3", "满意度指标", "居民满意度", "≥90%"],
]
_GRID_ROWS = [("消防演练次数", "4"), ("出警到场时间", "≤10分钟"), ("居民满意度", "≥90%")]


def test_word_grid() -> None:
    document = docx.Document()
    table = document.add_table(rows=len(_GRID), cols=4)
    for r, values in enumerate(_GRID):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_bytes(buffer.getvalue(), "form.docx")
    assert [(i.name, i.target.raw) for i in read.tables[0].indicators] == _GRID_ROWS


def test_excel_grid_with_numeric_row_numbers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for r, values in enumerate(_GRID, start=1):
        for c, value in enumerate(values, start=1):
            if value:
                sheet.cell(r, c, int(value) if value.isdigit() else value)
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_bytes(buffer.getvalue(), "form.xlsx")
    assert [(i.name, i.target.raw) for i in read.tables[0].indicators] == _GRID_ROWS


def test_drop_row_number_only_where_a_row_number_sits() -> None:
    numbered = HeaderColumns.from_cells(["序号", "三级指标", "年度指标值"])
    assert numbered.number == 0 and numbered.name == 1 and numbered.value == 2
    state = IndicatorState()
    assert drop_row_number(["1", "举办讲座", "2"], numbered, state) == ["", "举办讲座", "2"]
    assert state.row_number == 1
    plain = HeaderColumns.from_cells(["三级指标", "指标值"])
    state = IndicatorState()
    # a flat row whose value is a bare number keeps it
    assert drop_row_number(["举办讲座", "2"], plain, state) == ["举办讲座", "2"]
    # a leading integer that does not continue the count, before a value, is not a row number
    assert drop_row_number(["", "7", "20%"], plain, state) == ["", "7", "20%"]
    assert drop_row_number(["1", "举办讲座", "2"], plain, state) == ["", "举办讲座", "2"]
    assert drop_row_number(["2", "开放天数", "300天"], plain, state) == ["", "开放天数", "300天"]
    assert drop_row_number(["5", "读者人数", "800人"], plain, state) == ["5", "读者人数", "800人"]
