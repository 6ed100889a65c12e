"""F3: rows whose cells are separated by single spaces (PDF or Word text), with continuation
rows that drop the category, header words wrapped over lines, and self-evaluation columns."""

from __future__ import annotations

from decimal import Decimal

from assistant.parse import read_text
from assistant.parse.header_scan import scan_budget, scan_project

PROJECT_TABLE = """项目支出绩效目标表
(2025年度)
项目名称 社区助餐服务
主管部门 某区民政局 实施单位 某街道办事处
项目资金
(万元)
 年度资金总额: 36
   其中:财政拨款 36
年度目标
为辖区老年人提供助餐服务。
一级
指标
二级指标 三级指标 指标值
产出指标 数量指标 助餐服务人次 ≥3000人次
助餐点数量 =4个
质量指标 食品抽检合格率 ≥98%
时效指标 补贴发放时间 2025年12月底前
效益指标 社会效益指标 老年人就餐便利度 明显提高
满意度指标 服务对象满意度指标 就餐老人满意度 ≥90%
"""

SELF_EVALUATION = """项目支出绩效自评表
项目名称 道路养护经费
年初预算数 全年预算数 全年执行数
年度资金总额: 50 50 48
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标(50分) 数量指标 养护道路里程 ≥12公里 12公里 20 20 路面修补面积 ≥800平方米 900平方米 10 10
质量指标 养护合格率 达标 达成预期指标 10 9
效益指标(30分) 社会效益指标 群众出行条件 明显改善 已改善 30 30
"""


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    table = read_text(text).tables[0]
    return [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators]


def test_single_space_rows_with_continuations() -> None:
    document = read_text(PROJECT_TABLE)
    table = document.tables[0]
    assert table.project == "社区助餐服务"
    assert table.budget_total_yuan == Decimal(360000)
    assert _rows(PROJECT_TABLE) == [
        ("产出指标", "数量指标", "助餐服务人次", "≥3000人次"),
        ("产出指标", "数量指标", "助餐点数量", "=4个"),
        ("产出指标", "质量指标", "食品抽检合格率", "≥98%"),
        ("产出指标", "时效指标", "补贴发放时间", "2025年12月底前"),
        ("效益指标", "社会效益指标", "老年人就餐便利度", "明显提高"),
        ("满意度指标", "服务对象满意度指标", "就餐老人满意度", "≥90%"),
    ]


def test_self_evaluation_columns_are_not_values() -> None:
    rows = _rows(SELF_EVALUATION)
    assert rows == [
        ("产出指标", "数量指标", "养护道路里程", "≥12公里"),
        ("产出指标", "数量指标", "路面修补面积", "≥800平方米"),
        ("产出指标", "质量指标", "养护合格率", "达标"),
        ("效益指标", "社会效益指标", "群众出行条件", "明显改善"),
    ]
    table = read_text(SELF_EVALUATION).tables[0]
    assert table.project == "道路养护经费"
    assert table.budget_total_yuan == Decimal(500000)


def test_header_scan_reads_labels_in_running_text() -> None:
    text = "项目名称:农村公路养护 | 主管部门:某县交通局\n项目资金(万元) 年度资金总额: 80 其中:财政拨款 80"
    assert scan_project(text) == "农村公路养护"
    assert scan_budget(text) == Decimal(800000)
    assert scan_budget("年初预算数 1329120.67元") == Decimal("1329120.67")
    assert scan_budget("单位：万元\n预算数 | 12.5") == Decimal(125000)
    # a label followed by prose, not by its amount, is not read as the budget
    assert scan_budget("预算数根据上级文件另行下达，共涉及村庄12个") is None
    assert scan_project("项目名称 | | 主管部门 | 某局") == ""


def test_header_scan_variants() -> None:
    assert scan_project("转移支付(项目)名称\n2025年农村供水补助资金\n负责人及电话") == "2025年农村供水补助资金"
    # a total left at 0 is skipped for the appropriation the form does state
    text = "年度资金总额: 0 0 0\n其中:本年财政拨款 35.5 30 30"
    assert scan_budget(text) == Decimal(355000)


def test_title_gives_the_project_when_no_label_does() -> None:
    from assistant.parse.header_scan import scan_title_project

    assert scan_title_project("1、某区文化和旅游局2024年度部门整体绩效自评表主管部门") == (
        "某区文化和旅游局(部门整体)",
        True,
    )
    assert scan_title_project("附件2:农村公路养护项目绩效目标表") == ("农村公路养护", False)
    assert scan_title_project("没有标题的文字") == ("", False)


def test_spaced_table_on_one_long_line_is_not_glued_text() -> None:
    one_line = " ".join(SELF_EVALUATION.split("\n"))
    assert _rows(one_line)[:2] == [
        ("产出指标", "数量指标", "养护道路里程", "≥12公里"),
        ("产出指标", "数量指标", "路面修补面积", "≥800平方米"),
    ]


def test_project_in_parentheses_under_a_generic_title() -> None:
    text = (
        "某市农业专项2025年中央预算内投资计划绩效目标表\n(某县秸秆综合利用整县推进项目)\n"
        "下达中央预算内投资(万元) | 1200 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
        "产出指标 | 数量指标 | 建设项目个数 | 3个 |\n"
    )
    table = read_text(text).tables[0]
    assert table.project == "某县秸秆综合利用整县推进项目"
    assert table.budget_total_yuan == Decimal(12000000)


def test_budget_from_the_report_prose_when_the_table_has_none() -> None:
    text = (
        "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 宣传活动次数 ≥4次\n"
        "二、项目资金申报及使用情况\n该项目经审议，批复下达预算资金12.5万元。\n"
    )
    table = read_text(text).tables[0]
    assert table.budget_total_yuan == Decimal(125000)
    assert any("取自正文" in note.message for note in table.notes)
