"""Header words and category words as forms write them: short headings, suffixed categories."""

from __future__ import annotations

import pytest

from assistant.parse import read_text
from assistant.parse.categories import normalize_level1, normalize_level2
from assistant.parse.labels import heading_word, is_header_row


@pytest.mark.parametrize(
    ("cell", "word"), [("一级", "一级指标"), (" 二 级 ", "二级指标"), ("三级", "三级指标"), ("一级指标", "一级指标")]
)
def test_short_headings_are_spelt_out(cell: str, word: str) -> None:
    assert heading_word(cell) == word


def test_a_short_header_needs_a_value_heading_beside_it() -> None:
    assert is_header_row(["一级", "二级", "指标内容", "指标值(包含数字及文字描述)"])
    # fragments of a wrapped header in PDF text: 一级 / 指标 / 二级 / 指标名称 with no value heading
    assert not is_header_row(["一级", "指标", "二级", "指标名称", "年初指", "年终完"])


@pytest.mark.parametrize(
    ("cell", "level1", "level2"),
    [("产出值", "产出指标", None), ("效益值", "效益指标", None), ("产值", None, None), ("指标值", None, None),
     ("完成值", None, None)],
)
def test_a_category_heading_ending_in_value(cell: str, level1: str | None, level2: str | None) -> None:
    assert (normalize_level1(cell), normalize_level2(cell)) == (level1, level2)


def test_pipe_table_with_short_headings_and_short_categories() -> None:
    text = (
        "| 一级 | 二级 | 指标内容 | 指标值(包含数字及文字描述) |\n"
        "| 产出值 | 数量 | 发放补贴人数 | 1200人 |\n"
        "| 产出值 | 时效 | 补贴发放时间 | 每季度末 |\n"
        "| 效益 | 社会效益 | 困难群众生活 | 得到保障 |\n"
    )
    table = read_text(text).tables[0]
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "数量指标", "发放补贴人数", "1200人"),
        ("产出指标", "时效指标", "补贴发放时间", "每季度末"),
        ("效益指标", "社会效益指标", "困难群众生活", "得到保障"),
    ]


@pytest.mark.parametrize("cell", ["完成值", "未完成原因分析", "年度数值", "全年完成值"])
def test_column_headings_of_self_evaluation_forms(cell: str) -> None:
    from assistant.parse.labels import is_column_heading

    assert is_column_heading(cell)
