"""The LLM seam: a small `ChatModel` protocol, the OpenAI-compatible client, structured output,
usage accounting and the fakes tests use. Drafting (`assistant.draft`) and explanations
(`assistant.explain`) depend on this package; it depends on neither.

Names are loaded lazily: `import assistant.llm` costs nothing, and the langchain/openai stack
(~2 s) loads only with `OpenAICompatibleChat`.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ChatModel": "base",
    "LLMError": "base",
    "LLMResult": "base",
    "Usage": "base",
    "UsageTotals": "base",
    "DEFAULT_TIMEOUT": "base",
    "METHODS": "base",
    "Method": "base",
    "ErrorKind": "base",
    "check_messages": "base",
    "make_chat_model": "base",
    "parse_answer": "base",
    "OpenAICompatibleChat": "openai_chat",
    "default_method_for": "openai_chat",
    "ScriptedChat": "fake",
    "FakeOpenAIServer": "fake_server",
    "candidate_objects": "jsonfix",
    "validation_summary": "jsonfix",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"assistant.llm.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
