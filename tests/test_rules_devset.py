"""The rules eval on the dev set: rows matched by name + value, only read rows scored, the cut
of a truncated excerpt not judged; and the acceptance figures on the dev set and the labels."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.evals.rules_devset import evaluate_devset_rules
from assistant.evals.rules_eval import evaluate_rules

TEXT = """项目名称 | 示例补贴项目
项目资金 | 50万元
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
| 产出指标 | 数量指标 | 补贴发放人数 | 95% |
| 产出指标 | 时效指标 | 补贴期限 | 2024.1-2024.12 |
"""


def _case(tmp_path: Path, truncated: bool, codes: list[str]) -> Path:
    (tmp_path / "raw").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "raw" / "d90.txt").write_text(TEXT, encoding="utf-8")
    rows = [
        {"level1": "产出指标", "level2": "数量指标", "name": "补贴发放人数", "value": "95%", "codes": codes},
        {"level1": "产出指标", "level2": "时效指标", "name": "补贴期限", "value": "2024.1-2024.12", "codes": []},
        {"level1": "产出指标", "level2": "质量指标", "name": "没有读到的行", "value": "合格", "codes": ["V001"]},
    ]
    table = {"project": "示例补贴项目", "table_codes": [], "indicators": rows}
    if truncated:
        table["truncated"] = True
    (tmp_path / "labels" / "d90.json").write_text(json.dumps({"tables": [table]}, ensure_ascii=False),
                                                  encoding="utf-8")
    return tmp_path


def test_rows_are_matched_by_name_and_value_and_unread_rows_are_not_scored(tmp_path: Path) -> None:
    report = evaluate_devset_rules(_case(tmp_path, truncated=True, codes=["V002"]), codes=["S", "V"])
    assert report.per_code["V002"].tp == 1
    assert "V001" not in report.per_code  # the unread row's label is not a miss
    assert not [m for m in report.misses if m.code in ("S001", "S002")]  # the cut is not judged
    assert any("读到2行" in m.detail for m in report.misalignments)


def test_missing_categories_count_on_a_complete_table(tmp_path: Path) -> None:
    report = evaluate_devset_rules(_case(tmp_path, truncated=False, codes=["V002"]), codes=["S"])
    assert {m.code for m in report.misses if m.kind == "FP"} >= {"S001"}


def test_acceptance_figures() -> None:
    devset = evaluate_devset_rules().combined("SVB")
    assert devset.precision >= 0.90 and devset.recall >= 0.85, devset.summary()
    labelled = evaluate_rules("evals/cases/rules").combined("SVB")
    assert labelled.precision >= 0.95 and labelled.recall >= 0.95, labelled.summary()
