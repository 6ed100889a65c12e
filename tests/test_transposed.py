"""Transposed (horizontal) indicator tables: a 三级指标/指标名称 row lists the names across, the
rows under it headed 年度目标值 / 实施周期目标值 (or 指标值) list their values in the same order.
They read as ordinary rows; the annual value is the target, as in upright forms."""

from __future__ import annotations

import io

import docx
import openpyxl

from assistant.parse import read_bytes, read_text
from assistant.parse.blocks import Para, Row
from assistant.parse.text_reader import text_blocks
from assistant.parse.transposed import untranspose


def _rows(document) -> list[tuple[str, str, str, str]]:  # noqa: ANN001 - a Document
    assert len(document.tables) == 1, document.notes
    return [(i.level1, i.level2, i.name, i.target.raw) for i in document.tables[0].indicators]


def test_space_separated_with_levels_and_a_wrapped_names_row() -> None:
    text = """专项资金绩效目标表
一级指标 产出指标 产出指标 效益指标
二级指标 数量指标 质量指标 社会效益指标
三级指标 新建供水工程 水质达标率
受益人口
年度目标值 12处 95% 3.5万人
实施周期目标值 30处 98% 8万人
"""
    assert _rows(read_text(text, "t.txt")) == [
        ("产出指标", "数量指标", "新建供水工程", "12处"),
        ("产出指标", "质量指标", "水质达标率", "95%"),
        ("效益指标", "社会效益指标", "受益人口", "3.5万人"),
    ]


def test_value_label_alone_and_a_multi_year_row_running_into_text() -> None:
    """The value label on its own line takes the next line's cells; the multi-year row runs on
    into the next part of the flattened form, which is left unread rather than taken."""
    text = """绩效目标表
项目名称 乡村学校校舍改造
三级指标 改造校舍面积(平方米) 验收合格率(%)
竣工率(%)
年度目标值
5000 100% 100%
实施周期目标值
12000 100% 100% 持续改善 办学条件
"""
    document = read_text(text, "t.txt")
    assert [(n, v) for _, _, n, v in _rows(document)] == [
        ("改造校舍面积(平方米)", "5000"),
        ("验收合格率(%)", "100%"),
        ("竣工率(%)", "100%"),
    ]
    blocks = untranspose(text_blocks(text))
    assert blocks[-1] == Para("持续改善 办学条件", 8)  # left as text, never taken as a value


def test_only_a_multi_year_value_row() -> None:
    text = "项目名称 | 河道整治\n三级指标 | 整治河长 | 堤防达标率\n实施周期目标值 | 40公里 | 100%\n"
    assert [(n, v) for _, _, n, v in _rows(read_text(text, "t.txt"))] == [
        ("整治河长", "40公里"), ("堤防达标率", "100%"),
    ]


def test_pipe_rows() -> None:
    text = """项目名称 | 城乡公交运营补贴
指标名称 | 公交线路数 | 准点率 | 乘客满意度
指标值 | 15条 | ≥90% | ≥85%
"""
    assert [(n, v) for _, _, n, v in _rows(read_text(text, "t.txt"))] == [
        ("公交线路数", "15条"), ("准点率", "≥90%"), ("乘客满意度", "≥85%"),
    ]


def test_tab_rows_annual_value_wins() -> None:
    text = (
        "项目名称\t全民健身场地建设\n"
        "三级指标\t新建健身路径\t场地验收合格率\t开放时长\n"
        "实施周期目标值\t60条\t100%\t≥10小时/天\n"
        "年度目标值\t20条\t100%\t≥10小时/天\n"
    )
    assert [(n, v) for _, _, n, v in _rows(read_text(text, "t.txt"))] == [
        ("新建健身路径", "20条"), ("场地验收合格率", "100%"), ("开放时长", "≥10小时/天"),
    ]


_GRID = [
    ["项目名称", "高标准农田建设", "", ""],
    ["一级指标", "产出指标", "", "效益指标"],
    ["二级指标", "数量指标", "质量指标", "经济效益指标"],
    ["三级指标", "建成高标准农田", "工程验收合格率", "亩均增产"],
    ["年度目标值", "2万亩", "100%", "≥50公斤"],
]
_GRID_ROWS = [
    ("产出指标", "数量指标", "建成高标准农田", "2万亩"),
    ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ("效益指标", "经济效益指标", "亩均增产", "≥50公斤"),
]


def test_word_grid_with_a_merged_first_level() -> None:
    document = docx.Document()
    table = document.add_table(rows=len(_GRID), cols=4)
    for r, values in enumerate(_GRID):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(1, 2))
    buffer = io.BytesIO()
    document.save(buffer)
    assert _rows(read_bytes(buffer.getvalue(), "form.docx")) == _GRID_ROWS


def test_excel_grid() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for r, values in enumerate(_GRID, start=1):
        for c, value in enumerate(values, start=1):
            if value:
                sheet.cell(r, c, value)
    sheet.merge_cells("B2:C2")
    buffer = io.BytesIO()
    book.save(buffer)
    assert _rows(read_bytes(buffer.getvalue(), "form.xlsx")) == _GRID_ROWS


def test_counts_must_agree() -> None:
    """Two names but three values, or values that are not value-shaped: left as they were."""
    blocks = [
        Para("三级指标 新建校区 工程质量达标率", 1),
        Para("年度目标值", 2),
        Para("5 100% 200", 3),
    ]
    assert untranspose(blocks) == blocks
    blocks = [Para("三级指标 新建校区 开工率", 1), Para("年度目标值 按计划推进 相关文件", 2)]
    assert untranspose(blocks) == blocks


def test_an_upright_header_is_not_transposed() -> None:
    blocks = [
        Row(["三级指标", "指标值", "指标值确定依据"], 1),
        Row(["培训人数", "200人", "计划"], 2),
    ]
    assert untranspose(blocks) == blocks
    text = "项目名称 | 示例\n三级指标 | 指标值 | 指标值确定依据\n培训人数 | 200人 | 计划\n"
    assert [(n, v) for _, _, n, v in _rows(read_text(text, "t.txt"))] == [("培训人数", "200人")]
