"""`jixiao draft --llm` against the fake server: under 1.3 model calls per draft on the draft
eval cases when the model answers well (assistant.evals.llm_calls)."""

from __future__ import annotations

from assistant.evals.llm_calls import TARGET, calls_per_draft


def test_a_good_model_needs_under_1_3_calls_per_draft_on_the_eval_cases() -> None:
    result = calls_per_draft()
    assert result["cases"] >= 25
    assert result["mean_calls"] < TARGET, result["per_case"]
    assert set(result["drafters"].values()) == {"llm"}
