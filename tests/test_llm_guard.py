"""Misbehaving models against the fake OpenAI server: one that invents numbers, one that returns
too few rows, one that fences its JSON, one whose tool-call arguments are broken. Each ends in a
draft with no ungrounded number left unmarked, a notice when something was changed, at most 3
calls, and a trace (also in the JSON export) saying where every row came from.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fake_openai import FakeOpenAIServer
from test_llm_draft import GOOD, SEED

from assistant.draft.input import ProjectInput, project_from_table
from assistant.draft.llm_draft import DRAFTER_MERGED, draft_with_llm
from assistant.draft.llm_guard import REPAIR_WARNINGS, missing_parts
from assistant.draft.output import draft_to_json
from assistant.llm import OpenAICompatibleChat
from assistant.model import row_origin
from assistant.parse import read_path
from assistant.rules.grounding import ungrounded_numbers


@pytest.fixture(scope="module")
def grid() -> ProjectInput:
    document = read_path(SEED)
    table = next(t for t in document.tables if t.project == "网格化管理建设费用")
    return project_from_table(table)


def _chat(srv: FakeOpenAIServer, method: str = "function_calling") -> OpenAICompatibleChat:
    return OpenAICompatibleChat(base_url=srv.base_url, model="fake-model", api_key="sk-secret-key-1234",
                                method=method, timeout=10)


def _model_ungrounded(draft: Any) -> list[Any]:
    ours = {i for i, row in enumerate(draft.table.indicators) if row_origin(row) == "model"}
    return [u for u in ungrounded_numbers(draft.table, strict=True) if u.indicator in ours]


def _inventing() -> dict[str, Any]:
    """Well-formed, on topic, with a head count, a unit standard and a benefit amount that
    appear nowhere in the paste."""
    answer = copy.deepcopy(GOOD)
    answer["indicators"][0]["value"] = "=150人"
    answer["indicators"][5]["value"] = "≤1200元/人/月"
    answer["indicators"].append({
        "level1": "效益指标", "level2": "经济效益指标", "name": "带动社区经济增收", "value": "≥500万元",
        "description": "网格服务带动的经济收益", "basis": "测算", "source": "",
    })
    return answer


def test_model_that_invents_numbers(grid: ProjectInput) -> None:
    with FakeOpenAIServer([{"json": _inventing()}] * 3) as srv:
        draft = draft_with_llm(grid, _chat(srv))
    assert len(srv.requests) == 3  # the grounding findings went back twice
    repair = srv.requests[1]["messages"][-1]["content"]
    assert "[B006]" in repair and "150人" in repair
    assert _model_ungrounded(draft) == []
    values = [row.value for row in draft.table.indicators]
    assert "=150人" not in values and "≥500万元" not in values and "≤1200元/人/月" not in values
    assert any("找不到出处" in n and "已删除" in n and "≥500万元" in n for n in draft.notices)
    # the same objects as offline rows read from the breakdown: corrected, both figures shown
    corrected = next(n for n in draft.notices if "已按测算明细更正" in n)
    assert "=150人→=119人" in corrected
    row = next(r for r in draft.table.indicators if r.name == "社区网格员绩效工资发放人数")
    assert row.value == "=119人" and "大模型原写“=150人”" in row.basis
    assert draft.trace is not None and any("找不到出处" in r for r in draft.trace.removed)


def test_inventing_model_that_listens_is_kept_after_one_repair(grid: ProjectInput) -> None:
    marked = _inventing()
    for row in marked["indicators"]:
        if row["value"] in ("=150人", "≤1200元/人/月", "≥500万元"):
            row["basis"] = "建议值：资料未写明，参照上年实际"
    with FakeOpenAIServer([{"json": _inventing()}, {"json": marked}]) as srv:
        draft = draft_with_llm(grid, _chat(srv))
    assert len(srv.requests) == 2 and draft.drafter == "llm"
    assert "=150人" in [row.value for row in draft.table.indicators]  # kept, marked 建议值
    assert _model_ungrounded(draft) == []


def test_model_that_returns_too_few_rows_is_merged_with_the_offline_draft(grid: ProjectInput) -> None:
    few = {"goals": GOOD["goals"], "indicators": GOOD["indicators"][:3]}
    with FakeOpenAIServer([{"json": few}] * 3) as srv:
        draft = draft_with_llm(grid, _chat(srv))
    assert len(srv.requests) == 3
    assert "草稿缺少" in srv.requests[1]["messages"][-1]["content"]
    assert draft.drafter == DRAFTER_MERGED
    assert missing_parts(draft.table) == []
    origins = draft.trace.row_origins if draft.trace else []
    assert origins == [row_origin(row) for row in draft.table.indicators]
    assert "offline" in origins and "model" in origins
    notice = next(n for n in draft.notices if "不能单独成表" in n)
    assert "来自大模型" in notice and "来自离线起草" in notice
    assert _model_ungrounded(draft) == []
    assert draft.trace.fell_back


def test_model_that_fences_its_json(grid: ProjectInput) -> None:
    with FakeOpenAIServer([{"fenced": GOOD}]) as srv:
        draft = draft_with_llm(grid, _chat(srv, "json_schema"))
    assert len(srv.requests) == 1 and draft.drafter == "llm"
    assert _model_ungrounded(draft) == []
    assert any("本草稿由大模型 fake-model 起草" in n and "调用1次" in n for n in draft.notices)


def test_model_whose_tool_call_arguments_are_broken(grid: ProjectInput) -> None:
    broken = json.dumps(GOOD, ensure_ascii=False)[:-40]  # cut off mid-answer
    with FakeOpenAIServer([{"raw_args": broken}, {"json": GOOD}]) as srv:
        draft = draft_with_llm(grid, _chat(srv))
    assert len(srv.requests) == 2  # one more chance, told what was wrong
    assert "无法按要求解析" in srv.requests[1]["messages"][-1]["content"]
    assert draft.drafter == "llm" and _model_ungrounded(draft) == []
    assert any("第1次的回答无法解析" in n for n in draft.notices)


def test_tool_call_arguments_always_broken_fall_back_with_a_notice(grid: ProjectInput) -> None:
    broken = {"raw_args": "{'goals': ['x'], 'indicators': [{'level1': '产出指标',"}
    with FakeOpenAIServer([broken, broken, broken]) as srv:
        draft = draft_with_llm(grid, _chat(srv))
    assert len(srv.requests) == 2
    assert draft.drafter == "offline (llm fallback)" and draft.notices
    assert draft.trace is not None and draft.trace.fell_back and draft.trace.error == "invalid"


def test_near_json_tool_arguments_are_recovered(grid: ProjectInput) -> None:
    trailing = json.dumps(GOOD, ensure_ascii=False)[:-2] + ",]}"  # a trailing comma
    with FakeOpenAIServer([{"raw_args": trailing}]) as srv:
        draft = draft_with_llm(grid, _chat(srv))
    assert len(srv.requests) == 1 and draft.drafter == "llm"


def test_trace_is_recorded_and_exported_without_the_key(grid: ProjectInput) -> None:
    usage = {"prompt_tokens": 1500, "completion_tokens": 700, "total_tokens": 2200}
    with FakeOpenAIServer([{"json": GOOD, "usage": usage}]) as srv:
        draft = draft_with_llm(grid, _chat(srv))
    trace = draft.trace
    assert trace is not None
    assert trace.model == "fake-model" and trace.prompt_version == "draft-v2"
    assert trace.tokens_in == 1500 and trace.tokens_out == 700 and trace.calls == 1
    assert len(trace.input_hash) == 16 and trace.row_origins == ["model"] * len(GOOD["indicators"])
    again = draft_with_llm(grid, _chat_scripted())
    assert again.trace is not None and again.trace.input_hash == trace.input_hash
    exported = draft_to_json(draft)
    assert exported["trace"]["model"] == "fake-model" and exported["trace"]["calls"] == 1
    text = json.dumps(exported, ensure_ascii=False)
    assert "sk-secret-key-1234" not in text and "api_key" not in text


def _chat_scripted() -> Any:
    from assistant.llm import ScriptedChat

    return ScriptedChat([GOOD])


def test_warnings_that_matter_are_the_grounding_relevance_and_category_codes() -> None:
    assert {"B006", "R001", "R003"} <= REPAIR_WARNINGS


def test_examples_shown_to_the_model_follow_the_rules_and_the_type(grid: ProjectInput) -> None:
    from assistant.draft.llm_context import follow_the_rules, service_examples
    from assistant.draft.prompt import ExampleRow
    from assistant.knowledge.service import KnowledgeService

    rows = [ExampleRow("成本指标", "项目总成本", "≦50万元"), ExampleRow("服务对象满意度指标", "群众满意度", "90%以上"),
            ExampleRow("数量指标", "培训人数", "=N人"), ExampleRow("服务对象满意度指标", "群众满意度", "≥90%"),
            ExampleRow("成本指标", "控制在预算内", "=34.48万元"), ExampleRow("数量指标", "发放人数", "=100%")]
    assert [r.value for r in follow_the_rules(rows)] == ["=N人", "≥90%"]
    service = KnowledgeService("bm25")
    shown = service_examples(service, f"{grid.name} {grid.purpose[:300]}", "personnel-pay", grid.name)
    assert shown and follow_the_rules(shown) == shown
    assert all(getattr(r, "project_type", "") in ("", "personnel-pay") for r in shown)


def test_slips_of_real_models_are_forgiven(grid: ProjectInput) -> None:
    """Chinese keys, a number for a value, short category names, 成本指标 as a first level."""
    keys = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "description": "指标描述",
            "value": "指标值", "basis": "指标值确定依据", "source": "来源"}
    short = {"数量指标": "数量", "社会效益指标": "社会效益", "服务对象满意度指标": "满意度"}
    rows = []
    for row in GOOD["indicators"]:
        out = {keys[k]: v for k, v in row.items()}
        out["二级指标"] = short.get(row["level2"], row["level2"])
        if row["level2"] == "成本指标":
            out["一级指标"] = "成本指标"
        rows.append(out)
    answer = {"年度绩效目标": GOOD["goals"][0], "绩效指标": rows}
    with FakeOpenAIServer([{"json": answer}]) as srv:
        draft = draft_with_llm(grid, _chat(srv, "json_mode"))
    assert len(srv.requests) == 1 and draft.drafter == "llm"
    assert [(r.level1, r.level2) for r in draft.table.indicators] == [
        (r["level1"], r["level2"]) for r in GOOD["indicators"]]


BROKEN_PROTOCOL = [
    {"raw_body": "<html><body>502 Bad Gateway</body></html>", "content_type": "text/html"},
    {"raw_body": {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}},
    {"raw_body": {"error": {"message": "quota exceeded"}}},
    {"raw_body": {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": '{"goals": ["保障'}, "finish_reason": "length"}]}},
]


@pytest.mark.parametrize("method", ["json_schema", "function_calling", "json_mode"])
@pytest.mark.parametrize("answer", BROKEN_PROTOCOL, ids=["html", "no-choices", "error-200", "truncated"])
def test_provider_not_quite_speaking_the_protocol_falls_back(grid: ProjectInput, method: str, answer: dict) -> None:
    with FakeOpenAIServer([answer, answer, answer]) as srv:
        draft = draft_with_llm(grid, _chat(srv, method))
    assert len(srv.requests) <= 3
    assert draft.drafter == "offline (llm fallback)" and "已改用离线草稿" in draft.notices[0]
    assert draft.trace is not None and draft.trace.error == "invalid"
    assert any(i.value == "=119人" for i in draft.table.indicators)
