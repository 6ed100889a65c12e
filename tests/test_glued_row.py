"""One glued row → name, target, weight, actual: flat forms with a 计量单位 column, OCR remnants,
rows with no target, columns the header does not name."""

from __future__ import annotations

from decimal import Decimal

from assistant.parse import read_text
from assistant.parse.glued_row import split_row_tail, tail_atoms

HEAD = "某县2024年度部门整体绩效自评表部门名称某县林业局年初预算数全年预算数全年执行数执行率"

# 指标名称 · 计量单位 · 指标性质 · 指标值 · 指标权重 · 全年完成值 · 指标得分 · 说明, all glued
FLAT_UNIT_COLUMN = (
    HEAD + "绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
    "护林员人数人定量指标1201012010"
    "天然林保护面积万亩定量指标3.5103.510"  # '…12010' then 天: 天 begins the next name
    "松材线虫病成灾率‰定量指标0.8100.610"  # a glued run with two decimal points
    "次生林改造面积亩定量指标6001055010"
)

# 指标名称 · 计量单位 · 指标性质 · 年初指标值 · 全年完成值 · 得分系数 · 权重 · 得分 · 是否核心
SCORED_FLAT = (
    HEAD + "绩效指标指标名称计量单位指标性质年初指标值全年完成值得分系数(%)指标权重(分)"
    "指标得分(分)是否核心指标"
    "巡山护林天数天定量指标365天360天100%1010是"
    "“三公”经费增长率%100%55否"  # nothing under the targets: unit, then the score columns
    "科普讲座场次场定量指标到0场46场100%55否"  # OCR misread the target's first digit
    "宣传展板数量块定量指标第O块30块100%55否"
    "信息公开及时性性标定指好好100%55否"  # 定性指标 scrambled by OCR of a vertical cell
    "绩效指标森林督查整改率%定量指标100%100%100%1010是"  # a page's repeated heading
)


def _rows(text: str) -> list[tuple[str, str, Decimal | None, str]]:
    table = read_text(text).tables[0]
    return [(i.name, i.target.raw, i.weight, i.actual) for i in table.indicators]


def test_a_unit_column_keeps_other_units_out_of_the_digit_runs() -> None:
    assert _rows(FLAT_UNIT_COLUMN) == [
        ("护林员人数", "120人", Decimal(10), "120人"),
        ("天然林保护面积", "3.5万亩", Decimal(10), "3.5万亩"),
        ("松材线虫病成灾率", "0.8‰", Decimal(10), "0.6‰"),
        ("次生林改造面积", "600亩", Decimal(10), "550亩"),
    ]


def test_scored_flat_form_with_ocr_remnants_and_an_empty_target() -> None:
    assert [(n, v, w) for n, v, w, _ in _rows(SCORED_FLAT)] == [
        ("巡山护林天数", "365天", Decimal(10)),
        ("“三公”经费增长率", "", Decimal(5)),
        ("科普讲座场次", "到0场", Decimal(5)),
        ("宣传展板数量", "第O块", Decimal(5)),
        ("信息公开及时性", "好", Decimal(5)),
        ("森林督查整改率", "100%", Decimal(10)),
    ]


def test_a_unit_glued_after_digits_is_kept_when_it_is_the_rows_unit() -> None:
    roles = ["unit", "nature", "value", "weight", "actual", "score"]
    assert tail_atoms("培训人次人次定量指标500人次10520人次10发放手册数量册", roles) == [
        "培训人次人次定量指标500人次10520人次10",
        "发放手册数量册",
    ]


def test_a_column_the_header_does_not_name_is_skipped() -> None:
    roles = ["name", "weight", "value", "actual", "score", "basis"]
    name, value, weight, actual, _ = split_row_tail("资金拨付时间811月底前完成100%100%8", roles)
    assert (name, value, weight, actual) == ("资金拨付时间", "11月底前完成", "8", "100%")


def test_a_short_remnant_between_values_does_not_start_a_row() -> None:
    roles = ["weight", "value", "actual", "score", "basis"]
    assert tail_atoms("农户亩均增收幅度8工5%工5%8", roles) == ["农户亩均增收幅度8工5%工5%8"]
    name, value, weight, actual, _ = split_row_tail("农户亩均增收幅度8工5%工5%8", roles)
    assert (name, value, weight, actual) == ("农户亩均增收幅度", "工5%", "8", "工5%")


def test_a_misread_figure_is_kept_as_written() -> None:
    roles = ["weight", "value", "actual", "score", "basis"]
    name, value, weight, actual, _ = split_row_tail("校舍维修成本4S.5万元45.5万元4", roles)
    assert (name, value, weight, actual) == ("校舍维修成本", "S.5万元", "4", "45.5万元")


def test_a_percent_keeps_its_digits_together() -> None:
    roles = ["unit", "value", "actual", "rate", "weight", "score", "core"]
    name, value, weight, actual, _ = split_row_tail("公用经费控制率%100%22否", roles)
    assert (name, value, weight, actual) == ("公用经费控制率", "", "2", "")


# a self-evaluation form exported with its numbered template rows left empty
TEMPLATE_RESIDUE = (
    "项目支出绩效自评表(2023年度)项目名称社区图书室图书更新主管部门某区文旅局年度资金总额20"
    "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
    "产出指标数量指标指标1:新购图书册数3000册3100册2020指标2:质量指标指标1:指标2:"
    "时效指标指标1:图书上架时间2023年10月前2023年9月1010效益指标社会效益指标指标1:指标2:"
)

# 指标解释 beside the name, no 三级指标 heading: '…次数反映…情况' is a name and its explanation
EXPLAINED = (
    "2024年部门预算项目支出绩效目标表项目名称社区卫生服务站运行保障主管部门某区卫健局"
    "绩效指标一级指标二级指标绩效标准当年预期实现值"
    "产出指标数量指标门诊服务人次反映服务站全年接诊情况12000人次健康讲座场次反映健康宣教开展情况24场"
    "质量指标药品抽检合格率反映药品质量情况≥98%"
)


def test_numbered_template_rows_left_empty_are_residue_not_rows() -> None:
    table = read_text(TEMPLATE_RESIDUE).tables[0]
    assert [(i.name, i.target.raw) for i in table.indicators] == [
        ("指标1:新购图书册数", "3000册"),
        ("指标1:图书上架时间", "2023年10月前"),
    ]
    assert table.template_rows == ["指标2:", "指标1:", "指标2:", "指标1:", "指标2:"]


def test_a_name_and_its_explanation_are_told_apart() -> None:
    table = read_text(EXPLAINED).tables[0]
    assert table.project == "社区卫生服务站运行保障"
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "门诊服务人次", "12000人次"),
        ("数量指标", "健康讲座场次", "24场"),
        ("质量指标", "药品抽检合格率", "≥98%"),
    ]


def test_a_unit_cell_read_as_letters_is_not_part_of_the_name() -> None:
    roles = ["unit", "nature", "value", "value2", "actual", "rate", "weight", "score", "core"]
    name, value, weight, actual, _ = split_row_tail("新闻稿件刊发数量tot扁1800篇1950篇100%1010是", roles)
    assert (name, value, weight, actual) == ("新闻稿件刊发数量", "1800篇", "10", "1950篇")
    # letters that are the name's own (an app's name) stay when no unit follows in the values
    name, *_ = split_row_tail("政务服务APP90%92%100%55否", roles)
    assert name == "政务服务APP"
