"""The app's LLM draft against the fake OpenAI server: the trace in a collapsible panel and in
the saved JSON, the key nowhere."""

from __future__ import annotations

import json

import pytest
from fake_openai import FakeOpenAIServer
from test_app import app_home, button_bytes, downloads, draft_example_with_llm, page_dump  # noqa: F401 - fixtures
from test_llm_draft import GOOD


def test_llm_draft_shows_its_trace_and_saves_it(monkeypatch: pytest.MonkeyPatch, downloads) -> None:  # noqa: F811
    usage = {"prompt_tokens": 1500, "completion_tokens": 700, "total_tokens": 2200}
    with FakeOpenAIServer([{"json": GOOD, "usage": usage}]) as srv:
        monkeypatch.setenv("JIXIAO_LLM_BASE_URL", srv.base_url)
        monkeypatch.setenv("JIXIAO_LLM_MODEL", "fake-model")
        monkeypatch.setenv("JIXIAO_LLM_METHOD", "function_calling")
        monkeypatch.setenv("JIXIAO_LLM_API_KEY", "sk-never-shown-77")
        at = draft_example_with_llm()
    assert not at.exception, [e.value for e in at.exception]
    assert len(srv.requests) == 1
    panel = next(e for e in at.expander if e.label == "起草记录（大模型）")
    text = "\n".join(m.value for m in panel.markdown)
    assert "fake-model" in text and "draft-v2" in text and "1500 / 700" in text
    assert "大模型 9 条" in text
    saved = json.loads(button_bytes(at, "dl_json", downloads))
    assert saved["trace"]["model"] == "fake-model" and saved["trace"]["calls"] == 1
    assert saved["trace"]["row_origins"] == ["model"] * 9
    assert "sk-never-shown-77" not in page_dump(at._tree) and "sk-never-shown-77" not in json.dumps(saved)
