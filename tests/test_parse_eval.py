"""The reading eval: folding that keeps meaning, scoring by name and value, levels, header fields."""

from __future__ import annotations

from pathlib import Path

from assistant.evals.parse_eval import evaluate_parse, fold, format_parse_report, score_document
from assistant.parse import read_text

ROOT = Path(__file__).resolve().parents[1]

TABLE = """项目名称
助餐补贴
预算数（万元）
12
一级指标
二级指标
三级指标
指标值
产出指标
数量指标
助餐人次
≥3000人次
满意度指标
服务对象满意度指标
老人满意度
≥90%
"""


def test_fold_keeps_meaning_only() -> None:
    assert fold("衛(wèi)片執(zhí)法") == fold("卫片执法")
    assert fold(">=95 %") == fold("≥95%")
    assert fold("≧300人") == "≥300人"
    assert fold("100%") != fold("90%")


def test_scores_rows_levels_and_header_fields() -> None:
    document = read_text(TABLE)
    labels = [
        {
            "project": "助餐补贴",
            "budget_wan": 12,
            "indicators": [
                {"level1": "产出指标", "level2": "数量指标", "name": "助餐人次", "value": "≥3000人次"},
                {"level1": "满意度指标", "level2": None, "name": "老人满意度", "value": "≥90%"},
                {"level1": "产出指标", "level2": "质量指标", "name": "抽检合格率", "value": "≥98%"},
            ],
        }
    ]
    score = score_document("x", "F1", labels, document)
    assert (score.rows, score.found, score.spurious) == (3, 2, 0)
    assert score.levels_right == score.level_rows == 2
    assert score.project_right == 1 and score.budget_right == 1
    assert score.missed == [{"name": "抽检合格率", "value": "≥98%"}]


def test_eval_runs_on_the_dev_set_and_seeds() -> None:
    data = evaluate_parse(ROOT)
    assert data["devset"]["documents"] == 25 and data["devset"]["rows"] == 156
    assert data["seeds"]["row_recall"] == 1.0
    assert set(data["devset"]["families"]) == {"F1", "F2", "F3", "F4", "F5", "F6"}
    assert "读取评测" in format_parse_report(data)
