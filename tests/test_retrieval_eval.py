"""The retrieval eval: a project's name + purpose finds KB tables of the same type."""

from __future__ import annotations

import json

import pytest

from assistant.evals.retrieval_eval import (
    CASES_PATH,
    evaluate_retrieval,
    format_report,
    generate_cases,
)


@pytest.fixture(scope="module")
def report():
    return evaluate_retrieval()


def test_committed_cases_match_the_kb() -> None:
    committed = json.loads(CASES_PATH.read_text("utf-8"))
    assert committed["cases"] == generate_cases()["cases"]
    fire = "seed002-03"
    assert fire in committed["skipped"]  # the only 森林防火 table: nothing else to find
    case = next(c for c in committed["cases"] if c["table_id"] == "seed000-06")
    assert case["expected_type"] == "personnel-pay" and case["query"].startswith("网格化管理建设费用")


def test_hit_at_5_meets_target(report) -> None:
    assert report.cases == 83
    assert report.overall.hit5 >= 0.9
    assert report.overall.hit1 <= report.overall.hit5 and 0 < report.overall.mrr <= 1
    assert report.per_type["personnel-pay"].hit5 == 1.0
    assert sum(s.cases for s in report.per_type.values()) == report.cases


def test_query_table_never_returned(report) -> None:
    for miss in report.misses:
        assert all(not g.startswith(f"{miss['table_id']}:") for g in miss["got"])


def test_text_report_and_cli(report, capsys: pytest.CaptureFixture[str]) -> None:
    text = format_report(report)
    assert "hit@5" in text and "目标 hit@5 ≥ 0.9：达标" in text
    from assistant.cli import main

    assert main(["eval", "retrieval", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["hit5"] == report.overall.hit5
