"""Value rules (V001–V006) on real seed rows, plus a few rows altered one cell at a time."""

from __future__ import annotations

from rule_helpers import codes_at, findings, seed, with_value

from assistant.model import Severity
from assistant.rules import check


def v(number: str) -> list:
    return findings(number, "V")


def test_percent_written_as_baifenbi_is_v005_everywhere():
    document = seed("002")
    rows = [
        (t, r)
        for t, table in enumerate(document.tables)
        for r, row in enumerate(table.indicators)
        if "百分比" in row.target.raw
    ]
    assert len(rows) == 87
    found = v("002")
    assert all("V005" in codes_at(found, t, r) for t, r in rows)
    finding = next(f for f in found if (f.table, f.indicator) == rows[0] and f.code == "V005")
    assert finding.evidence["cell"] == "≥95百分比"
    assert finding.evidence["field"] == "value"
    assert finding.severity == Severity.WARNING


def test_rate_over_100_is_v005():
    document = seed("000")
    with_value(document.tables[5].indicators[1], "≥100%")
    with_value(document.tables[5].indicators[5], "=120%")
    found = check(document, select=["V005"])
    assert {f.indicator for f in found if f.table == 5} == {1, 5}


def test_kind_must_fit_the_second_level_v002():
    found = v("002")
    assert "V002" in codes_at(found, 2, 0)  # 数量 年度服务部门数量 ≥95百分比
    assert "V002" in codes_at(found, 2, 2)  # 时效 报告完成时间 ≥95百分比
    assert "V002" in codes_at(found, 2, 3)  # 成本 控制在预算内 ≥95百分比
    assert "V002" in codes_at(found, 6, 3)  # 成本 牌照预算资金使用率
    assert "V002" not in codes_at(found, 6, 2)  # 时效 项目按时完成率: a timeliness rate
    assert "V002" not in codes_at(found, 0, 2)  # 时效 及时发放率


def test_budget_execution_rate_under_cost_is_v002():
    found = v("000")
    row = seed("000").tables[0].indicators[3]
    assert (row.name, row.target.raw) == ("预算完成率", "95%")
    assert "V002" in codes_at(found, 0, 3)


def test_yes_no_timeliness_is_accepted():
    row = seed("000").tables[0].indicators[2]
    assert (row.name, row.target.raw) == ("资金发放时限", "是")
    assert codes_at(v("000"), 0, 2) == set()


def test_headcount_as_percent_is_v002_and_v006():
    row = seed("004").tables[4].indicators[0]
    assert (row.name, row.target.raw) == ("发放工资人数", "≥98%")
    assert codes_at(v("004"), 4, 0) == {"V002", "V006"}


def test_cost_rate_is_accepted_under_cost():
    document = seed("000")
    row = document.tables[5].indicators[3]
    row.name = "成本节约率"
    with_value(row, "≥5%")
    assert codes_at(check(document, select=["V"]), 5, 3) == set()


def test_comparator_direction_v003():
    found = v("002")
    assert "V003" in codes_at(found, 2, 1)  # 发票损耗率 ≥95百分比
    assert "V003" in codes_at(found, 2, 3)  # 成本 控制在预算内 ≥
    assert "V003" not in codes_at(found, 6, 3)  # 牌照预算资金使用率: a usage rate is a floor
    assert "V003" in codes_at(v("001"), 2, 2)  # 项目完成时间 ≥1年
    assert "V003" not in codes_at(v("000"), 8, 4)  # 突发事件发生率 ≤10%


def test_accident_rate_with_floor_and_satisfaction_with_cap_are_v003():
    document = seed("000")
    rows = document.tables[8].indicators
    with_value(rows[4], "≥10%")  # 突发事件发生率
    with_value(rows[5], "≤85%")  # 涉及人员满意度
    found = check(document, select=["V003"])
    assert {f.indicator for f in found if f.table == 8} == {4, 5}
    assert "突发事件发生率" in next(f.message for f in found if f.indicator == 4)


def test_negated_target_contradicts_the_row_v004():
    row = seed("004").tables[2].indicators[4]
    assert (row.name, row.target.raw) == ("提高服务水平", "不提高服务水平")
    found = codes_at(findings("004", "VQ"), 2, 4)
    assert "V004" in found
    assert not {"V001", "Q005"} & found  # the contradiction says it all


def test_description_says_none_but_value_allows_some_v004():
    found = v("000")
    assert "V004" in codes_at(found, 3, 4)  # 不发生信访情况, 低于5人次
    assert "V004" in codes_at(found, 9, 4)  # 不发生信访情况, ≤1人次
    assert "V004" not in codes_at(found, 4, 4)  # 不发生群体性事件, 低于1次 (= none)


def test_not_happening_is_a_fine_target():
    document = seed("000")
    row = document.tables[4].indicators[4]
    with_value(row, "不发生")
    assert codes_at(check(document, select=["V"]), 4, 4) == set()


def test_non_targets_are_v001():
    found = v("004")
    assert "V001" in codes_at(found, 1, 3)  # 实际支出: an input
    assert "V001" in codes_at(found, 5, 3)  # 人社局批复金额: a source of money
    prose = v("003")
    assert "V001" in codes_at(prose, 1, 0)  # 梨香街道辖区共有人大代表6人。: a description
    message = next(f.message for f in found if (f.table, f.indicator, f.code) == (1, 3, "V001"))
    assert "“实际支出”" in message


def test_direction_without_degree_is_q005_not_v001():
    vague = findings("002", "VQ")
    for table, row in ((0, 4), (1, 4)):  # 得到保障, 进一步改善
        assert "Q005" in codes_at(vague, table, row)
        assert "V001" not in codes_at(vague, table, row)
    assert "Q005" in codes_at(findings("003", "VQ"), 0, 8)  # 有效改善
    assert "Q005" in codes_at(findings("004", "VQ"), 1, 5)  # 提高服务水平: direction + object
    rule = next(f for f in vague if f.code == "Q005")
    assert rule.severity == Severity.INFO


def test_a_judgement_where_a_figure_is_needed_is_v002():
    found = v("003")
    assert codes_at(found, 0, 7) == {"V002"}  # 成本 可控
    document = seed("000")
    with_value(document.tables[5].indicators[0], "有所提高")  # a 数量 row
    assert "V002" in codes_at(check(document, select=["V"]), 5, 0)


def test_v001_replaces_v002_and_accepts_a_stated_cap():
    assert codes_at(v("004"), 1, 3) == {"V001"}  # no V002 on an unreadable value
    row = seed("003").tables[1].indicators[9]
    assert row.target.raw.startswith("总成本控制在2969.09万元")
    assert "V001" not in codes_at(v("003"), 1, 9)


def test_malformed_units_v005():
    assert "V005" in codes_at(v("000"), 4, 3)  # =20万
    assert "V005" in codes_at(v("000"), 9, 0)  # =40
    assert "V005" in codes_at(v("002"), 4, 0)  # 发放社区工作者人数 5个
    assert "V005" in codes_at(v("004"), 3, 3)  # 766 元/人
    assert "V005" not in codes_at(v("003"), 3, 2)  # ≥3187.81m ²


def test_yuan_for_wan_in_the_breakdown_is_table_level_v005():
    found = [f for f in v("000") if f.code == "V005" and f.indicator is None]
    assert [f.table for f in found] == [7]
    assert found[0].evidence["cell"] == "离任村干部生活补贴11.48元"
    assert found[0].evidence["total_wan"] == "34.48万元"


def test_pay_below_100_percent_is_v006():
    found = v("002")
    assert "V006" in codes_at(found, 0, 1)  # 足额发放率 ≥95%
    assert "V006" in codes_at(found, 0, 2)  # 及时发放率 ≥95%
    assert "V006" in codes_at(found, 13, 1)  # 保险缴纳到位率
    assert "V006" not in codes_at(found, 14, 1)  # 工作正常开展率: operating fund
    assert "V006" in codes_at(v("001"), 1, 1)  # 楼门长补助 覆盖率 ≥95%
    assert "V006" not in codes_at(v("001"), 0, 1)  # 房屋租赁 覆盖率: rent is not pay


def test_well_written_seed_000_rows_have_no_errors():
    found = [f for f in findings("000", "SVQ") if f.severity == Severity.ERROR]
    assert not [f for f in found if f.table == 5]  # 网格化: =119人, =263.75万元, 12月底 …
    assert not [f for f in found if f.table in (6, 7)]


def test_value_findings_agree_with_the_labels():
    import json
    from pathlib import Path

    labels = Path(__file__).parent.parent / "evals" / "cases" / "rules"
    tp = fp = fn = 0
    for number in ("000", "001", "002", "003", "004"):
        path = labels / f"seed_{number}.json"
        if not path.exists():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        got = {(f.table, f.indicator, f.code) for f in findings(number, "SV")}
        want = set()
        for t, table in enumerate(data["tables"]):
            want |= {(t, None, c["code"]) for c in table["table_codes"] if c["code"][0] in "SV"}
            for r, row in enumerate(table["rows"]):
                want |= {(t, r, c) for c in row["codes"] if c[0] in "SV"}
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.9


def _one_row(level2: str, name: str, value: str, project: str = "示例项目"):
    from assistant.model import Document, Indicator, TargetTable
    from assistant.parse.values import parse_target

    row = Indicator(level1="产出指标", level2=level2, name=name, target=parse_target(value))
    return Document(source="t", tables=[TargetTable(project=project, indicators=[row])])


def test_calibrated_v005_forms():
    def v005(level2: str, name: str, value: str) -> bool:
        return bool(check(_one_row(level2, name, value), select=["V005"]))

    assert v005("质量指标", "库存粮食变质比例", "0")  # a rate needs its %
    assert not v005("数量指标", "新增亏损企业", "0")
    assert v005("成本指标", "公路补助标准", "≤120万元")  # a standard without its basis
    assert not v005("成本指标", "人均补助标准", "=6000元")
    assert not v005("成本指标", "补贴标准", "71.86元/平方米")  # per area: no period needed
    assert v005("成本指标", "人均工资标准", "2090元/人")  # pay per head needs 月/年
    assert v005("数量指标", "建设项目个数(含续建)", "1")  # (含续建) is not a unit


def test_non_targets_and_what_is_not_one():
    def codes(level2: str, name: str, value: str) -> set[str]:
        return {f.code for f in check(_one_row(level2, name, value), select=["V001", "V002", "Q005"])}

    assert codes("社会效益指标", "扶持力度", "显著提升了扶持力度,大力支持了发展。") == {"V001"}
    assert codes("质量指标", "按进度计划实施情况", "按计划实施") == set()
    assert codes("质量指标", "补助资格合规性", "合规") == set()
    assert codes("时效指标", "完成时限", "2021年12月底完成项目规划相关工作。") == set()
    assert codes("满意度指标", "学生满意率", "95%以上。") == set()
    assert codes("社会效益指标", "改善出行", "改善出行") == set()  # name read as value (prose)
    assert codes("数量指标", "培训场次", "全年开展不少于4次，每次不少于50人") == set()
    assert codes("数量指标", "物管服务面积", "建筑面积2.6万平方米,展示面积1万平方米") == set()
    assert codes("质量指标", "设备质量", "参照国家标准") == set()  # a standard, not a money source
    assert codes("成本指标", "建设成本", "参照政府采购成本控制") == {"V001"}


def test_compliance_and_computed_coverage_are_not_v006():
    def v006(name: str, value: str) -> bool:
        return bool(check(_one_row("质量指标", name, value, "民办园房租补贴"), select=["V006"]))

    assert not v006("补贴发放合规率", "≥95%")
    assert not v006("补贴覆盖民办幼儿园率", "≥90.91%")
    assert v006("补贴覆盖率", "≥95%")
    assert v006("补贴足额发放率", "≥95%")


def test_a_bare_number_the_table_states_as_money_is_v002():
    document = _one_row("数量指标", "配套烘干设备购置及安装", "550")
    document.tables[0].goals = ["目标2：配套烘干设备购置及安装，投资550万元"]
    found = [f for f in check(document, select=["V002"])]
    assert found and "550万元" in found[0].message
    document.tables[0].goals = ["目标2：购置烘干设备550台"]
    assert not check(document, select=["V002"])
