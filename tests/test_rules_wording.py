"""Wording rules (Q001–Q004) and the rule records of the S, V and Q families."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rule_helpers import codes_at, findings, seed

from assistant.rules import RULES, check, load_rules


def q(number: str) -> list:
    return findings(number, "Q")


def test_description_repeating_the_name_q001():
    row = seed("001").tables[0].indicators[1]
    assert (row.name, row.description) == ("覆盖率", "覆盖率")
    assert "Q001" in codes_at(q("001"), 0, 1)
    assert "Q001" in codes_at(q("001"), 2, 1)  # 项目覆盖率 / 覆盖率: a part of the name
    assert "Q001" in codes_at(q("004"), 0, 1)  # 各项支付工作完成率 / 各项支付工作完成情况


def test_q001_skips_deadlines_satisfaction_and_concrete_counts():
    found = q("000")
    assert "Q001" not in codes_at(found, 2, 2)  # 项目完成时限 / 项目完成时限
    assert "Q001" not in codes_at(found, 4, 0)  # 服务社区数量 =19个
    assert "Q001" not in codes_at(found, 4, 5)  # 居民满意度 / 居民满意度
    assert "Q001" not in codes_at(found, 5, 3)  # 控制在预算内 =263.75万元


def test_vague_target_with_a_figure_in_the_table_q002():
    found = q("002")
    finding = next(f for f in found if (f.table, f.indicator, f.code) == (0, 4, "Q002"))
    assert "得到保障" in finding.message and "21个" in finding.message
    assert "Q002" not in codes_at(found, 1, 5)  # 增强村民幸福感: nothing quantifies it
    cost = next(f for f in q("004") if (f.table, f.indicator, f.code) == (1, 3, "Q002"))
    assert "实际支出" in cost.message and "230万元" in cost.message


def test_basis_restating_the_row_q003():
    found = q("004")
    assert "Q003" in codes_at(found, 0, 1)  # 依据 = 描述 各项支付工作完成情况
    assert "Q003" in codes_at(found, 0, 2)  # 依据 = 名称 各项工作完成及时率
    assert "Q003" in codes_at(found, 0, 4)  # 依据 任务完成率: a metric, not a source
    assert "Q003" not in codes_at(found, 0, 0)  # 以往经验 names a source
    assert "Q003" not in codes_at(found, 2, 4)  # 实际情况
    assert not [f for f in q("003") if f.code == "Q003"]  # layout without a basis column


def test_missing_basis_is_q003_where_the_table_has_the_column():
    document = seed("004")
    document.tables[0].indicators[0].basis = ""
    assert "Q003" in codes_at(check(document, select=["Q003"]), 0, 0)


def test_goals_not_measured_or_slogans_q004():
    found = q("004")
    slogan = next(f for f in found if f.table == 2 and f.code == "Q004")
    assert slogan.indicator is None
    assert slogan.evidence["cell"] == "确保社区工作正常运行"
    assert "Q004" in codes_at(q("000"), 6, None)  # 日间照料中心正常运转, no row on it
    assert "Q004" not in codes_at(q("000"), 5, None)  # 网格化: goals measured
    # a placeholder goal is S004's, not Q004's
    assert not [f for f in q("002") if f.code == "Q004" and f.table in (2, 3, 5)]


def test_every_rule_of_these_families_has_a_full_record():
    load_rules()
    guidance = Path(__file__).parent.parent / "assistant" / "data" / "knowledge_base" / "guidance" / "INDEX.json"
    ids = {entry["id"] for entry in json.loads(guidance.read_text(encoding="utf-8"))}
    codes = [f"S00{i}" for i in range(1, 6)] + [f"V00{i}" for i in range(1, 7)]
    codes += [f"Q00{i}" for i in range(1, 5)]
    for code in codes:
        record = RULES[code].record()
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)+", record["slug"]), code
        for field in ("title", "why", "bad", "good", "fix_hint"):
            assert record[field] and re.search(r"[\u4e00-\u9fff]", record[field]), (code, field)
        assert record["refs"] and set(record["refs"]) <= ids, code
    assert RULES["S001"].severity.value == "error"
    assert RULES["S005"].severity.value == "warning"
    assert RULES["V006"].severity.value == "warning"
    assert RULES["Q004"].severity.value == "warning"
    assert RULES["Q001"].severity.value == "info"


def test_q002_takes_a_figure_from_the_breakdown():
    from assistant.model import BudgetItem, Document, Indicator, Quantity, TargetTable
    from assistant.parse.values import parse_target
    from assistant.rules import check

    row = Indicator(level1="效益指标", level2="社会效益指标", name="村级组织正常运转", target=parse_target("得到保障"))
    item = BudgetItem(text="21个村，每村2万元", quantities=[Quantity(value=21, unit="个村")])
    document = Document(source="t", tables=[TargetTable(project="村级组织运转经费", indicators=[row],
                                                        budget_items=[item])])
    found = [f for f in check(document, select=["Q002", "Q005"])]
    assert {f.code for f in found} == {"Q002", "Q005"}
    assert "21个村" in next(f.message for f in found if f.code == "Q002")
