"""Moved to `assistant.llm` (the LLM seam); this old path re-exports it for existing callers."""

from __future__ import annotations

from typing import Any

from assistant.llm.base import (  # noqa: F401 - re-exported
    DEFAULT_TIMEOUT,
    METHODS,
    ChatModel,
    ErrorKind,
    LLMError,
    LLMResult,
    Method,
    Usage,
    UsageTotals,
    check_messages,
    make_chat_model,
    parse_answer,
)
from assistant.llm.fake import ScriptedChat  # noqa: F401 - re-exported


def __getattr__(name: str) -> Any:
    if name in ("OpenAICompatibleChat", "default_method_for"):
        from assistant.llm import openai_chat

        return getattr(openai_chat, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
