"""Cell streams (web tables flattened to one cell per line): rows rebuilt from what cells mean."""

from __future__ import annotations

from assistant.parse import read_text

HEAD = "项目名称\n社区文化活动\n一级指标\n二级指标\n三级指标\n"


def _rows(text: str) -> list[tuple[str, str, str]]:
    table = read_text(text).tables[0]
    return [(i.level2, i.name, i.target.raw) for i in table.indicators]


def test_category_word_before_a_value_names_the_row() -> None:
    text = HEAD + "指标值\n成本指标\n成本\n8万元\n时效指标\n全年\n1-12月\n"
    assert _rows(text) == [("成本指标", "成本", "8万元"), ("时效指标", "全年", "1-12月")]


def test_empty_reason_column_does_not_swallow_the_next_name() -> None:
    text = HEAD + (
        "年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
        "产出指标\n质量指标\n活动安全合规性\n合规\n达成预期指标\n10\n10\n"
        "活动组织规范性\n严格执行活动方案\n达成预期指标\n10\n9\n"
    )
    assert _rows(text) == [
        ("质量指标", "活动安全合规性", "合规"),
        ("质量指标", "活动组织规范性", "严格执行活动方案"),
    ]


def test_report_sections_after_the_grid_are_not_rows() -> None:
    text = HEAD + (
        "指标值\n产出指标\n数量指标\n举办活动场次\n≥12场\n"
        "二、项目资金使用情况\n本项目全年支出8万元,主要用于场地和物料。\n(三)自评方法\n采用对比分析。\n"
    )
    assert _rows(text) == [("数量指标", "举办活动场次", "≥12场")]


def test_unit_column_and_section_label_in_the_header() -> None:
    text = HEAD + "单位\n指标值\n绩效指标\n产出指标\n数量指标\n活动参与率\n%\n≥90%\n参与人次\n人次\n1200\n"
    assert _rows(text) == [("数量指标", "活动参与率", "≥90%"), ("数量指标", "参与人次", "1200人次")]
