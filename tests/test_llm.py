"""The LLM seam: the real OpenAICompatibleChat against a local fake OpenAI server.

Indicator rows are taken from the seed tables (tests/fixtures/seeds/): the 网格化管理
建设费用 project's 发放人数 =119人 and the satisfaction target ≥95%.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import time
from typing import Literal

import pytest
from fake_openai import FakeOpenAIServer
from pydantic import BaseModel, Field

from assistant.llm import (
    ChatModel,
    LLMError,
    LLMResult,
    OpenAICompatibleChat,
    ScriptedChat,
    default_method_for,
    make_chat_model,
    parse_answer,
)
from assistant.llm.jsonfix import candidate_objects

SECRET = "sk-test-9f8e7d6c5b4a-do-not-log"


class IndicatorRow(BaseModel):
    """绩效目标表中的一条三级指标。"""

    level2: Literal["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "服务对象满意度指标"]
    name: str = Field(description="三级指标名称")
    value: str = Field(description="指标值，带比较符和单位，如 =119人")


class IndicatorList(BaseModel):
    """为一个项目建议的绩效指标。"""

    indicators: list[IndicatorRow]


ANSWER = {
    "indicators": [
        {"level2": "数量指标", "name": "社区网格员绩效工资发放人数", "value": "=119人"},
        {"level2": "时效指标", "name": "工资发放及时率", "value": "=100%"},
        {"level2": "服务对象满意度指标", "name": "网格员满意度", "value": "≥95%"},
    ]
}
MESSAGES = [
    {"role": "system", "content": "你是预算绩效管理专家，为项目编写绩效目标表。"},
    {"role": "user", "content": "项目：网格化管理建设费用，预算 263.75 万元，用于社区网格员绩效工资。"},
]


def chat(server: FakeOpenAIServer, method: str, timeout: float = 5.0) -> OpenAICompatibleChat:
    return OpenAICompatibleChat(
        base_url=server.base_url, model="fake-model", api_key=SECRET, method=method, timeout=timeout
    )


def _assert_answer(result: LLMResult[IndicatorList]) -> None:
    assert isinstance(result.parsed, IndicatorList)
    rows = result.parsed.indicators
    assert [r.name for r in rows] == ["社区网格员绩效工资发放人数", "工资发放及时率", "网格员满意度"]
    assert rows[0].value == "=119人"
    assert rows[2].level2 == "服务对象满意度指标"


# -- good answers, per method ---------------------------------------------------------------


def test_json_schema_sends_response_format_and_parses() -> None:
    with FakeOpenAIServer([{"json": ANSWER}]) as srv:
        result = chat(srv, "json_schema").structured(MESSAGES, IndicatorList)
    _assert_answer(result)
    body = srv.requests[0]
    assert body["response_format"]["type"] == "json_schema"
    sent_schema = body["response_format"]["json_schema"]
    assert sent_schema["name"] == "IndicatorList"
    assert "indicators" in sent_schema["schema"]["properties"]
    assert "tools" not in body
    assert body["messages"] == MESSAGES  # passed through unchanged
    assert body["stream"] is False
    assert body["temperature"] == 0
    assert srv.paths == [("POST", "/v1/chat/completions")]
    assert srv.authorizations == [f"Bearer {SECRET}"]  # the key is sent, just never shown


def test_function_calling_forces_the_schema_tool() -> None:
    with FakeOpenAIServer([{"json": ANSWER}]) as srv:
        result = chat(srv, "function_calling").structured(MESSAGES, IndicatorList)
    _assert_answer(result)
    body = srv.requests[0]
    assert "response_format" not in body
    assert [t["function"]["name"] for t in body["tools"]] == ["IndicatorList"]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "IndicatorList"}}
    # raw_text is the tool call's arguments, as the model produced them
    assert json.loads(result.raw_text) == ANSWER


def test_json_mode_sends_json_object_and_puts_schema_in_system_message() -> None:
    with FakeOpenAIServer([{"json": ANSWER}]) as srv:
        result = chat(srv, "json_mode").structured(MESSAGES, IndicatorList)
    _assert_answer(result)
    body = srv.requests[0]
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]
    assert system["role"] == "system"
    assert system["content"].startswith(MESSAGES[0]["content"])
    assert "JSON Schema" in system["content"]
    assert "三级指标名称" in system["content"]  # ensure_ascii=False: Chinese stays readable
    assert "\\u" not in system["content"]
    assert len(body["messages"]) == 2  # appended, not an extra message
    assert MESSAGES[0]["content"] == "你是预算绩效管理专家，为项目编写绩效目标表。"  # caller's list untouched


def test_json_mode_without_system_message_adds_one() -> None:
    with FakeOpenAIServer([{"json": ANSWER}]) as srv:
        chat(srv, "json_mode").structured([MESSAGES[1]], IndicatorList)
    roles = [m["role"] for m in srv.requests[0]["messages"]]
    assert roles == ["system", "user"]


# -- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["json_schema", "function_calling", "json_mode"])
def test_fenced_json_is_recovered(method: str) -> None:
    with FakeOpenAIServer([{"fenced": ANSWER}]) as srv:
        result = chat(srv, method).structured(MESSAGES, IndicatorList)
    _assert_answer(result)
    assert result.raw_text.startswith("```json")


def test_prose_and_think_block_around_json_is_recovered() -> None:
    text = "<think>先列数量指标{草稿}</think>好的，建议如下：\n" + json.dumps(ANSWER, ensure_ascii=False) + "\n以上。"
    with FakeOpenAIServer([{"text": text}]) as srv:
        result = chat(srv, "json_schema").structured(MESSAGES, IndicatorList)
    _assert_answer(result)


def test_plain_text_instead_of_tool_call_is_recovered() -> None:
    with FakeOpenAIServer([{"text": json.dumps(ANSWER, ensure_ascii=False)}]) as srv:
        result = chat(srv, "function_calling").structured(MESSAGES, IndicatorList)
    _assert_answer(result)


@pytest.mark.parametrize("method", ["json_schema", "function_calling", "json_mode"])
def test_garbage_is_invalid(method: str) -> None:
    with FakeOpenAIServer([{"text": "抱歉，我无法完成这个请求。"}]) as srv, pytest.raises(LLMError) as err:
        chat(srv, method).structured(MESSAGES, IndicatorList)
    assert err.value.kind == "invalid"
    assert err.value.raw_text == "抱歉，我无法完成这个请求。"
    assert "JSON" in str(err.value)


def test_json_of_wrong_shape_is_invalid_with_field_named() -> None:
    bad = {"indicators": [{"level2": "数量指标", "name": "发放人数"}]}  # value missing
    with FakeOpenAIServer([{"json": bad}]) as srv, pytest.raises(LLMError) as err:
        chat(srv, "json_schema").structured(MESSAGES, IndicatorList)
    assert err.value.kind == "invalid"
    assert "indicators.0.value：缺少该项" in str(err.value)


def test_refusal_is_refused() -> None:
    with FakeOpenAIServer([{"refusal": "I can't help with that."}]) as srv, pytest.raises(LLMError) as err:
        chat(srv, "json_schema").structured(MESSAGES, IndicatorList)
    assert err.value.kind == "refused"


# -- transport failures ---------------------------------------------------------------------


def test_server_error_is_http_with_status() -> None:
    with FakeOpenAIServer([{"status": 500}]) as srv, pytest.raises(LLMError) as err:
        chat(srv, "json_schema").structured(MESSAGES, IndicatorList)
    assert err.value.kind == "http"
    assert err.value.status == 500
    assert "HTTP 500" in str(err.value)
    assert len(srv.requests) == 1  # max_retries=0: no silent second request


def test_bad_request_suggests_another_method() -> None:
    script = [{"status": 400, "message": "response_format type is unavailable"}]
    with FakeOpenAIServer(script) as srv, pytest.raises(LLMError) as err:
        chat(srv, "json_schema").structured(MESSAGES, IndicatorList)
    assert err.value.status == 400
    assert "response_format type is unavailable" in str(err.value)
    assert "function_calling" in str(err.value)


def test_sleep_past_timeout_is_timeout() -> None:
    with FakeOpenAIServer([{"sleep": 5, "json": ANSWER}]) as srv:
        started = time.monotonic()
        with pytest.raises(LLMError) as err:
            chat(srv, "json_schema", timeout=1).structured(MESSAGES, IndicatorList)
        elapsed = time.monotonic() - started
    assert err.value.kind == "timeout"
    assert "1 秒" in str(err.value)
    assert elapsed < 2.5  # timeout 1 s + 0.5 s grace, with slack for a loaded CI box


def test_slow_trickle_hits_the_overall_deadline() -> None:
    # Each chunk arrives well within the 1 s read timeout; only the total deadline stops it.
    with FakeOpenAIServer([{"slow_stream": 6, "json": ANSWER}]) as srv:
        started = time.monotonic()
        with pytest.raises(LLMError) as err:
            chat(srv, "json_mode", timeout=1).structured(MESSAGES, IndicatorList)
        elapsed = time.monotonic() - started
    assert err.value.kind == "timeout"
    assert elapsed < 2.5  # timeout 1 s + 0.5 s grace, with slack for a loaded CI box


def test_slow_answer_within_deadline_succeeds() -> None:
    with FakeOpenAIServer([{"slow_stream": 0.4, "json": ANSWER}]) as srv:
        result = chat(srv, "json_schema", timeout=3).structured(MESSAGES, IndicatorList)
    _assert_answer(result)


def test_dropped_connection_is_connection() -> None:
    with FakeOpenAIServer([{"drop": True, "json": ANSWER}]) as srv, pytest.raises(LLMError) as err:
        chat(srv, "json_schema").structured(MESSAGES, IndicatorList)
    assert err.value.kind == "connection"


def test_nobody_listening_is_connection() -> None:
    with FakeOpenAIServer() as srv:
        url = srv.base_url
    dead = OpenAICompatibleChat(base_url=url, model="m", api_key=SECRET, timeout=2)
    with pytest.raises(LLMError) as err:
        dead.structured(MESSAGES, IndicatorList)
    assert err.value.kind == "connection"
    assert url in str(err.value)


# -- usage, secrets, network ----------------------------------------------------------------


def test_usage_counts_characters_and_reports_server_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    import tiktoken

    def no_tiktoken(*_a: object, **_k: object) -> None:
        raise AssertionError("tiktoken must not be used (it downloads its encodings)")

    monkeypatch.setattr(tiktoken, "get_encoding", no_tiktoken)
    monkeypatch.setattr(tiktoken, "encoding_for_model", no_tiktoken)
    usage = {"prompt_tokens": 61, "completion_tokens": 88, "total_tokens": 149}
    with FakeOpenAIServer([{"json": ANSWER, "usage": usage, "model": "fake-model-0613"}, {"json": ANSWER}]) as srv:
        client = chat(srv, "json_schema")
        first = client.structured(MESSAGES, IndicatorList)
        second = client.structured(MESSAGES, IndicatorList)
    expected_prompt = sum(len(m["content"]) for m in MESSAGES)
    assert first.usage["prompt_chars"] == expected_prompt
    assert first.usage["completion_chars"] == len(json.dumps(ANSWER, ensure_ascii=False))
    assert first.usage["completion_chars"] == len(first.raw_text)
    assert first.usage["prompt_tokens"] == 61
    assert first.usage["completion_tokens"] == 88
    assert 0 <= first.usage["latency_s"] < 5
    assert first.model == "fake-model-0613"
    assert "prompt_tokens" not in second.usage  # server sent none; we do not invent tokens
    assert second.model == "fake-model"


def test_json_mode_prompt_chars_include_the_schema_note() -> None:
    with FakeOpenAIServer([{"json": ANSWER}]) as srv:
        result = chat(srv, "json_mode").structured(MESSAGES, IndicatorList)
    sent = sum(len(m["content"]) for m in srv.requests[0]["messages"])
    assert result.usage["prompt_chars"] == sent > sum(len(m["content"]) for m in MESSAGES)


def test_api_key_never_in_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # includes openai/httpx debug logging
    script = [{"json": ANSWER}, {"status": 401, "message": f"Incorrect API key provided: {SECRET}"},
              {"text": "乱码"}]
    with FakeOpenAIServer(script) as srv:
        client = chat(srv, "function_calling")
        client.structured(MESSAGES, IndicatorList)
        with pytest.raises(LLMError) as http_err:
            client.structured(MESSAGES, IndicatorList)
        with pytest.raises(LLMError):
            client.structured(MESSAGES, IndicatorList)
    assert http_err.value.status == 401
    assert SECRET not in str(http_err.value)  # even when the server echoes it
    assert SECRET not in http_err.value.detail
    assert "API 密钥" in str(http_err.value)
    for text in (repr(client), str(client)):
        assert SECRET not in text
        assert "fake-model" in text
    assert caplog.records, "expected some log output to check"
    assert all(SECRET not in r.getMessage() for r in caplog.records)
    assert SECRET not in caplog.text


def test_no_call_leaves_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    attempted: list[str] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else str(address)
        attempted.append(str(host))
        if self.family in (socket.AF_INET, socket.AF_INET6) and not ipaddress.ip_address(host).is_loopback:
            raise ConnectionRefusedError(f"test guard: non-loopback connect to {host}")
        real_connect(self, address)

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        raise AssertionError(f"test guard: DNS lookup of {host!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only_getaddrinfo(socket.getaddrinfo, guarded_getaddrinfo))
    with FakeOpenAIServer([{"json": ANSWER}, {"json": ANSWER}]) as srv:
        for method in ("json_schema", "function_calling"):
            chat(srv, method).structured(MESSAGES, IndicatorList)
        assert "fake-model" in chat(srv, "json_schema").ping()
    assert attempted and all(ipaddress.ip_address(h).is_loopback for h in attempted)
    # and the guard really bites: a non-loopback address is refused, surfacing as connection
    outside = OpenAICompatibleChat(base_url="http://203.0.113.7:9/v1", model="m", timeout=2)
    with pytest.raises(LLMError) as err:
        outside.structured(MESSAGES, IndicatorList)
    assert err.value.kind == "connection"
    assert attempted[-1] == "203.0.113.7"


def _loopback_only_getaddrinfo(real, refuse):  # type: ignore[no-untyped-def]
    def lookup(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if host != "localhost":
                return refuse(host)
        return real(host, *args, **kwargs)

    return lookup


# -- ping, construction, the fake -----------------------------------------------------------


def test_ping_lists_models() -> None:
    with FakeOpenAIServer(models=("qwen-plus", "fake-model")) as srv:
        assert "提供模型 fake-model" in chat(srv, "json_schema").ping()
        other = OpenAICompatibleChat(base_url=srv.base_url, model="deepseek-chat", api_key=SECRET)
        line = other.ping()
    assert "没有 deepseek-chat" in line and "qwen-plus" in line
    assert srv.paths == [("GET", "/v1/models"), ("GET", "/v1/models")]


def test_ping_failure_is_llm_error() -> None:
    with FakeOpenAIServer() as srv:
        url = srv.base_url
    with pytest.raises(LLMError) as err:
        OpenAICompatibleChat(base_url=url, model="m", timeout=2).ping()
    assert err.value.kind == "connection"


def test_make_chat_model_from_settings_like() -> None:
    class Settings:
        llm_base_url = "https://api.deepseek.com/v1"
        llm_api_key = None
        llm_model = "deepseek-chat"
        llm_method = None
        llm_timeout = 30

    model = make_chat_model(Settings())
    assert isinstance(model, OpenAICompatibleChat)
    assert isinstance(model, ChatModel)
    assert model.method == "function_calling"  # DeepSeek rejects json_schema
    assert model.timeout == 30
    env_style = {"JIXIAO_LLM_BASE_URL": "http://127.0.0.1:8000/v1", "JIXIAO_LLM_MODEL": "qwen2.5",
                 "JIXIAO_LLM_METHOD": "json_mode"}
    built = make_chat_model(env_style)
    assert isinstance(built, OpenAICompatibleChat) and built.method == "json_mode"
    assert make_chat_model({"JIXIAO_LLM_BASE_URL": "http://127.0.0.1:8000/v1"}) is None
    assert make_chat_model(object()) is None
    assert default_method_for("https://dashscope.aliyuncs.com/compatible-mode/v1") == "json_schema"
    with pytest.raises(ValueError):
        OpenAICompatibleChat(base_url="http://127.0.0.1:1/v1", model="m", method="xml")  # type: ignore[arg-type]


def test_scripted_chat_answers_in_order_and_records_calls() -> None:
    row = {"level2": "数量指标", "name": "发放人数", "value": "=119人"}
    fake = ScriptedChat([
        IndicatorList.model_validate(ANSWER),
        {"indicators": [row]},
        "```json\n" + json.dumps({"indicators": [row]}, ensure_ascii=False) + "\n```",
        "不是 JSON",
        LLMError("timeout", "超时"),
    ])
    assert isinstance(fake, ChatModel)
    _assert_answer(fake.structured(MESSAGES, IndicatorList))
    assert fake.structured(MESSAGES, IndicatorList).parsed.indicators[0].value == "=119人"
    fenced = fake.structured(MESSAGES, IndicatorList)
    assert fenced.parsed.indicators[0].name == "发放人数"
    assert fenced.usage["completion_chars"] == len(fenced.raw_text)
    with pytest.raises(LLMError) as invalid:
        fake.structured(MESSAGES, IndicatorList)
    assert invalid.value.kind == "invalid"
    with pytest.raises(LLMError) as timeout:
        fake.structured(MESSAGES, IndicatorList)
    assert timeout.value.kind == "timeout"
    assert len(fake.calls) == 5
    assert fake.calls[0]["messages"] == MESSAGES and fake.calls[0]["schema"] is IndicatorList
    with pytest.raises(AssertionError):
        fake.structured(MESSAGES, IndicatorList)


def test_parse_answer_recovers_common_shapes() -> None:
    rows = ANSWER["indicators"]
    bare_list = json.dumps(rows, ensure_ascii=False)
    wrapped = json.dumps({"IndicatorList": ANSWER}, ensure_ascii=False)
    for text in (bare_list, wrapped, "\ufeff" + json.dumps(ANSWER, ensure_ascii=False)):
        assert parse_answer([text], IndicatorList).indicators[1].name == "工资发放及时率"
    assert list(candidate_objects("没有对象", IndicatorList)) == []
    with pytest.raises(LLMError):
        parse_answer(["", "  "], IndicatorList)


def test_langsmith_tracing_env_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    from langchain_core.tracers.langchain import LangChainTracer

    made: list[object] = []
    real_init = LangChainTracer.__init__

    def spy(self: LangChainTracer, *args: object, **kwargs: object) -> None:
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setenv("LANGSMITH_TRACING", "true")
    monkeypatch.setenv("LANGCHAIN_TRACING_V2", "true")
    monkeypatch.setenv("LANGSMITH_API_KEY", "ls-test-key")
    monkeypatch.setenv("LANGSMITH_ENDPOINT", "http://203.0.113.9")
    monkeypatch.setattr(LangChainTracer, "__init__", spy)
    with FakeOpenAIServer([{"json": ANSWER}]) as srv:
        _assert_answer(chat(srv, "json_schema").structured(MESSAGES, IndicatorList))
    assert made == []  # no tracer: prompts never go to a tracing service
