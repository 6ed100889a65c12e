"""Table layouts published target tables use, written as real files and read back row by row.

This file holds the rule that joins a header set over two rows; the layouts themselves are
tested per format in test_reader_layouts_docx.py, _xlsx.py, _html.py and _pdf.py (shared
helpers in reader_layouts_common.py)."""

from __future__ import annotations

import pytest

from assistant.parse.blocks import Para, Row
from assistant.parse.header_rows import join_header, join_header_rows

# -- the joining rule itself ---------------------------------------------------------------


def test_join_header_reads_two_tiers_as_one() -> None:
    upper = ["一级指标", "二级指标", "三级指标", "指标值", ""]
    assert join_header(upper, ["", "", "", "年度指标值", "中期指标值"]) == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "中期指标值"]
    # short period words under 指标值 name the value columns
    assert join_header(upper, ["", "", "", "年度", "实施期"]) == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实施期指标值"]
    assert join_header(upper, ["", "", "", "2024年", "2025-2026年"])[3:] == ["2024年指标值", "2025-2026年指标值"]
    assert join_header(upper, ["", "", "", "年度目标", "预期值"])[3:] == ["年度指标值", "预期值"]
    # 绩效指标 spanning the three levels, 指标值 merged down
    assert join_header(["绩效指标", "", "", "指标值"], ["一级指标", "二级指标", "三级指标", ""]) == [
        "一级指标", "二级指标", "三级指标", "指标值"]


@pytest.mark.parametrize("lower", [
    ["产出指标", "数量指标", "巡护次数", "≥100次"],  # the first indicator
    ["", "", "巡护次数", "≥100次"],  # one under merged levels
    ["", "", "", "≥100", "次"],  # a value split under the spanning heading
    ["三级指标", "", "", ""],  # a heading under another heading
    ["", "", "", "指标值确定依据"],  # under the value heading, no value heading
    ["", "", "", "2024年12月", "同左"],  # a date is a value, not a year heading
])
def test_join_header_leaves_content_rows(lower: list[str]) -> None:
    assert join_header(["一级指标", "二级指标", "三级指标", "指标值", ""], lower) is None


def test_join_header_needs_headings_above() -> None:
    assert join_header(["项目名称", "森林防火巡护", "", ""], ["", "", "", "年度指标值"]) is None
    blocks = [Row(cells=["一级指标", "二级指标", "三级指标", "指标值"], table=0),
              Row(cells=["", "", "", "年度指标值", "中期指标值"], table=1)]
    assert len(join_header_rows(blocks)) == 2  # rows of two tables are never joined
    joined = join_header_rows([blocks[0], Row(cells=blocks[1].cells, table=0), Para(text="说明")])
    assert [type(b) for b in joined] == [Row, Para] and joined[0].cells[3:] == ["年度指标值", "中期指标值"]
