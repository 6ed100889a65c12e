"""Relevance rules (R001–R003) on the real seeds."""

from __future__ import annotations

import pytest

from assistant.parse import read_path
from assistant.rules import RULES, check, load_rules
from assistant.rules.relevance import (
    Verdict,
    category_mismatch,
    copied_rows,
    projects_related,
    register_scorer,
    relevance_signals,
    unregister_scorer,
)


@pytest.fixture(scope="module")
def seeds():
    return {n: read_path(f"tests/fixtures/seeds/{n:03d}.txt") for n in range(5)}


def _rows(document, code, table):
    return [document.tables[table].indicators[f.indicator].name
            for f in check(document, select=[code]) if f.table == table]


def test_records_follow_the_catalog():
    load_rules()
    for code, severity in {"R001": "error", "R002": "warning", "R003": "warning"}.items():
        record = RULES[code].record()
        assert record["category"] == "relevance" and record["severity"] == severity
        assert record["refs"] and record["why"] and record["bad"] and record["good"]


def test_r001_template_residue_in_fire_fund(seeds):
    rows = _rows(seeds[2], "R001", 2)  # 防火经费, goal 目标内容1
    assert rows == ["发票损耗率", "报告完成时间", "新增粮食产能", "社保费征缴率"]


def test_r001_generic_filler_is_not_foreign(seeds):
    fire = _rows(seeds[2], "R001", 2)
    assert "年度服务部门数量" not in fire  # generic filler: R002/V002 catch it
    assert "对区域生态改善" not in fire  # forest fires do concern the local ecology


def test_r001_relatedness_is_per_project(seeds):
    river = "逐步促进了解河势变化及对防洪、"
    assert river not in _rows(seeds[2], "R001", 3)  # 防汛: flood control
    assert river in _rows(seeds[2], "R001", 8)  # 民政临时救助
    assert {"棚改拆迁居民满意度", "自然资源开发利用现状掌握率"} <= set(_rows(seeds[2], "R001", 3))


def test_r001_never_on_seed_000(seeds):
    assert check(seeds[0], select=["R001"]) == []


def test_relevance_signals_explain_the_verdict(seeds):
    table = seeds[2].tables[6]  # 库区移民补贴
    row = next(i for i in table.indicators if i.name == "重点税税源轮查率")
    signals = relevance_signals(table, row)
    assert [(s.domain.key, s.term, s.anchored_by) for s in signals] == [("tax_social_insurance", "税源", None)]


def test_pluggable_scorer_is_asked_first(seeds):
    def retrieval(table, indicator):
        if indicator.name == "服务社区数量":
            return Verdict(True, "知识库中没有相近的指标", {"score": 0.1})
        return None

    register_scorer(retrieval)
    try:
        findings = check(seeds[0], select=["R001"])
    finally:
        unregister_scorer(retrieval)
    assert [(f.table, f.indicator) for f in findings] == [(4, 0)]
    assert findings[0].evidence["score"] == 0.1
    assert check(seeds[0], select=["R001"]) == []


def test_r002_template_rows_copied_across_unrelated_projects(seeds):
    document = seeds[2]
    flagged = {(f.table, document.tables[f.table].indicators[f.indicator].name)
               for f in check(document, select=["R002"])}
    template_tables = [i for i, t in enumerate(document.tables) if t.goals == ["目标内容1"]]
    assert len(template_tables) == 9
    for index in template_tables:
        assert (index, "年度服务部门数量") in flagged
        assert (index, "服务满意度") not in flagged  # a satisfaction rate is common to all
    # sibling village/community funds share a standard set of rows: not copies
    assert {t for t, _ in flagged} == set(template_tables)


def test_r002_not_on_seed_000(seeds):
    # 项目完成时限 12月底前, 涉及人员满意度 85%以上 and the two wage tables' shared rows
    assert check(seeds[0], select=["R002"]) == []


def test_r002_generic_block_of_seed_001(seeds):
    document = seeds[1]
    rows = copied_rows(document.tables)
    names = {document.tables[t].indicators[r].name for t, by_row in rows.items() for r in by_row}
    assert names == {"工作开展次数", "覆盖率", "公共服务水平提升情况", "提供优质服务", "生态影响", "维护社会稳定"}


def test_projects_related_by_kind(seeds):
    wages = seeds[4].tables
    assert projects_related(wages[4], wages[5])  # 聘用人员工资 / 社工工资
    assert not projects_related(wages[0], wages[6])  # 城镇建设 / 社会事务


def test_r003_examples(seeds):
    assert "各类经贸信息资讯总数" in _rows(seeds[2], "R003", 8)
    assert _rows(seeds[4], "R003", 1) == ["工程按时完成率", "美化亮化公共设施"]
    assert _rows(seeds[4], "R003", 7) == ["确保不出现越级访、集体访事件", "提高群众满意率"]
    assert "房屋维修" in _rows(seeds[2], "R003", 5)


def test_r003_is_conservative(seeds):
    assert check(seeds[0], select=["R003"]) == []
    table = seeds[2].tables[10]  # 社会效益 is broad: an output-like row there is not questioned
    row = next(i for i in table.indicators if i.name == "累计随团出访的企业数")
    assert category_mismatch(row) is None


def test_r001_needs_more_than_a_project_name_and_skips_evaluation_rows():
    from assistant.model import Document, Indicator, TargetTable
    from assistant.parse.values import parse_target
    from assistant.rules import check

    foreign = Indicator(level1="产出指标", level2="数量指标", name="新增粮食产能", target=parse_target("≥100吨"))
    bare = TargetTable(project="森林防火经费", indicators=[foreign])
    assert not check(Document(source="t", tables=[bare]), select=["R001"])
    process = Indicator(level1="产出指标", raw_level1="决策", level2="", name="立项依据充分性",
                        target=parse_target("充分"))
    table = TargetTable(project="文化公园运转经费", goals=["保障公园日常开放和维护"], indicators=[process])
    assert not check(Document(source="t", tables=[table]), select=["R001"])
