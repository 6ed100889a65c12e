"""Structure rules (S001–S005) on the seeds and on seed tables altered one cell at a time."""

from __future__ import annotations

from rule_helpers import codes_at, findings, seed, with_value

from assistant.model import Document, Indicator
from assistant.rules import check


def run(document: Document, codes: str = "S") -> list:
    return check(document, select=[codes])


def test_placeholder_goal_is_table_level_s004_on_seed_002():
    found = [f for f in findings("002", "S") if f.code == "S004"]
    assert len(found) == 9
    assert all(f.indicator is None for f in found)
    first = found[0]
    assert first.table == 2  # 防火经费
    assert "目标内容1" in first.message
    assert first.evidence["field"] == "goals"
    assert "目标内容1" in first.evidence["cell"]


def test_empty_value_is_s004_on_the_row_and_not_v001():
    document = seed("000")
    with_value(document.tables[5].indicators[0], "")
    found = check(document, select=["S004", "V001"])
    assert [(f.code, f.table, f.indicator) for f in found] == [("S004", 5, 0)]
    assert "发放人数" in found[0].message


def test_unfilled_template_value_is_s004():
    document = seed("000")
    with_value(document.tables[5].indicators[1], "≥ %")
    found = check(document, select=["S004", "V001"])
    assert [(f.code, f.indicator) for f in found] == [("S004", 1)]


def test_empty_name_is_s004():
    document = seed("000")
    document.tables[0].indicators[0].name = ""
    assert codes_at(run(document), 0, 0) == {"S004"}


def test_truncated_names_on_seed_002():
    found = [f for f in findings("002", "S") if f.code == "S005"]
    names = {f.evidence["cell"] for f in found}
    assert names == {
        "逐步促进了解河势变化及对防洪、",
        "提高中国行业企业应对相关调查的",
        "被审计单位根据审计建议制定的整",
        "提高灌溉水利用系数，新增年节能",
        "推广先进、绿色种植、养殖技术模",
        "通过问卷调查，满意的受资助对象",
    }
    assert len(found) == 9
    assert all(f.evidence["cut_length"] == 15 for f in found)
    # 15 characters, but the description is the same text: complete, not cut
    assert codes_at(findings("002", "S"), 9, 3) == set()


def test_no_truncation_flags_on_normal_names():
    for number in ("000", "001", "003", "004"):
        assert not [f for f in findings(number, "S") if f.code == "S005"]


def test_dangling_particle_is_s005_but_ordinary_words_are_not():
    document = seed("000")
    rows = document.tables[5].indicators
    rows[0].name = "网格员工资发放及"
    rows[1].name = "群众参与"  # ends in 与, but 参与 is a word
    found = run(document, "S005")
    assert [(f.indicator, f.evidence["cell"]) for f in found] == [(0, "网格员工资发放及")]


def test_seeds_have_complete_structure():
    for number in ("000", "001", "002", "003", "004"):
        assert not [f for f in findings(number, "S") if f.code in ("S001", "S002", "S003")]


def test_missing_satisfaction_is_s001_also_for_department_tables():
    document = seed("003")
    table = document.tables[0]
    assert table.kind == "department"
    table.indicators = [i for i in table.indicators if i.level1 != "满意度指标"]
    found = run(document, "S001")
    assert [(f.table, f.indicator, f.evidence["missing"]) for f in found] == [(0, None, "满意度指标")]


def test_satisfaction_nested_under_benefit_is_accepted():
    document = seed("000")
    row = document.tables[5].indicators[5]
    row.level1 = "效益指标"  # old forms: 社会公众或服务对象满意度指标 under 效益
    assert not [f for f in run(document) if f.table == 5]


def test_missing_cost_is_s002_unless_cost_is_a_first_level():
    document = seed("000")
    table = document.tables[5]
    cost = table.indicators.pop(3)
    found = run(document, "S002")
    assert [(f.table, f.evidence["missing"]) for f in found] == [(5, "成本指标")]
    # the 2021 layout: 成本指标 as a first level with 经济成本指标
    cost.level1, cost.level2 = "成本指标", "经济成本指标"
    table.indicators.insert(0, cost)
    assert not [f for f in run(document) if f.table == 5]


def test_second_level_under_the_wrong_first_level_is_s003():
    document = seed("000")
    row = document.tables[5].indicators[4]
    row.level1, row.raw_level1 = "产出指标", "产出指标"
    row.level2, row.raw_level2 = "社会效益指标", "社会效益指标"
    found = run(document, "S003")
    assert [(f.table, f.indicator) for f in found] == [(5, 4)]
    assert "社会效益指标" in found[0].message and "产出指标" in found[0].message


def test_unknown_category_is_s003():
    document = seed("000")
    row = document.tables[5].indicators[0]
    row.level2, row.raw_level2 = "", "投入指标"
    found = run(document, "S003")
    assert [(f.indicator, f.evidence["cell"]) for f in found] == [(0, "投入指标")]


def test_table_without_indicators_is_one_s004():
    document = seed("000")
    document.tables[5].indicators = []
    found = [f for f in run(document) if f.table == 5]
    assert [(f.code, f.indicator) for f in found] == [("S004", None)]


def test_rule_functions_accept_an_indicator_model():
    # a drafted table built in code goes through the same rules
    document = seed("000")
    document.tables[5].indicators.append(Indicator(level1="产出指标", level2="数量指标", name="x"))
    assert "S004" in codes_at(run(document), 5, 6)


def _table(rows: list[tuple[str, str, str, str]], goals: list[str] | None = None):
    from assistant.model import Document, Indicator, TargetTable
    from assistant.parse.values import parse_target

    indicators = [Indicator(level1=a, level2=b, raw_level1=a, raw_level2=b, name=n, target=parse_target(v))
                  for a, b, n, v in rows]
    table = TargetTable(project="示例", indicators=indicators, goals=goals or [], goals_row_found=bool(goals))
    return Document(source="t", tables=[table])


def test_flat_and_one_level_forms_miss_no_category():
    from assistant.rules import check

    flat = _table([("", "", "宣传活动次数", "≥40次"), ("", "", "固定资产利用率", "90%")])
    assert not check(flat, select=["S001", "S002"])
    one_level = _table([("产出指标", "", "救助覆盖率", "100%"), ("效益指标", "", "救助对象满意度", "85%")])
    found = {f.code for f in check(one_level, select=["S001", "S002"])}
    assert found == set()


def test_output_rows_under_an_evaluation_heading_are_s003():
    from assistant.rules import check

    document = _table([("项目决策", "数量指标", "宣传次数", "2次")])
    document.tables[0].indicators[0].level1 = "产出指标"  # the reader's reading of 项目决策
    assert [f.code for f in check(document, select=["S003"])] == ["S003"]
    shifted = _table([("效益指标", "产出指标", "竣工验收合格率", "100%")])
    assert not check(shifted, select=["S003"])


def test_dangling_verbs_lists_and_dotted_goals():
    from assistant.rules import check

    document = _table([
        ("效益指标", "可持续影响指标", "使师生有更好的学习和工作环境,做到", "社会认可"),
        ("产出指标", "质量指标", "音响、灯光、道具、服装质量等", "合格"),
    ], goals=["保障学校正常运行", ".."])
    found = {(f.code, f.indicator) for f in check(document, select=["S004", "S005"])}
    assert found == {("S005", 0)}


def test_numbered_template_rows_left_empty_are_table_level_s004():
    from assistant.parse import read_text

    text = (
        "| 项目名称 | 社区图书室图书更新 |\n| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
        "| 产出指标 | 数量指标 | 新购图书册数 | 3000册 |\n| 产出指标 | 质量指标 | 指标1: | |\n"
        "| 效益指标 | 社会效益指标 | 指标2： | |\n"
    )
    document = read_text(text)
    assert [i.name for i in document.tables[0].indicators] == ["新购图书册数"]
    found = [f for f in check(document, select=["S004"]) if f.indicator is None]
    assert len(found) == 1 and "指标1:、指标2：" in found[0].message
