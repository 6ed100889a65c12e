"""The one LLM seam: messages in, a validated pydantic object out, with usage figures.

Everything that talks to a model goes through the `ChatModel` protocol.
`assistant.llm.openai_chat.OpenAICompatibleChat` is the real implementation (langchain-openai's
`ChatOpenAI` against any OpenAI-compatible `base_url`); `assistant.llm.fake` ships the fakes
(`ScriptedChat` in process, `FakeOpenAIServer` on localhost). `UsageTotals` adds up the usage of
the calls one task makes.

This module does not import langchain/openai (~2 s): code that only needs `LLMError` should
not pay for them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    Protocol,
    TypedDict,
    TypeVar,
    runtime_checkable,
)

from pydantic import BaseModel, ValidationError

from assistant.llm.jsonfix import candidate_objects, validation_summary

if TYPE_CHECKING:
    from assistant.llm.openai_chat import OpenAICompatibleChat, default_method_for

T = TypeVar("T", bound=BaseModel)
Method = Literal["json_schema", "function_calling", "json_mode"]
METHODS: tuple[str, ...] = ("json_schema", "function_calling", "json_mode")
ErrorKind = Literal["timeout", "http", "connection", "invalid", "refused"]
ROLES = frozenset({"system", "user", "assistant"})
DEFAULT_TIMEOUT = 60.0

__all__ = [
    "DEFAULT_TIMEOUT", "METHODS", "ChatModel", "ErrorKind", "LLMError", "LLMResult", "Method",
    "OpenAICompatibleChat", "Usage", "UsageTotals", "as_model", "check_messages",
    "default_method_for", "make_chat_model", "parse_answer",
]


def __getattr__(name: str) -> Any:
    # The real client lives in openai_chat.py; load it (and langchain) only when asked for.
    if name in ("OpenAICompatibleChat", "default_method_for"):
        from assistant.llm import openai_chat

        return getattr(openai_chat, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class LLMError(Exception):
    """A model call that produced no usable answer. `str(err)` is the Chinese user message."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        status: int | None = None,
        detail: str = "",
        raw_text: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status  # HTTP status for kind == "http"
        self.detail = detail  # technical detail (English), for logs
        self.raw_text = raw_text  # what the model said, for kind == "invalid"

    def __repr__(self) -> str:
        return f"LLMError(kind={self.kind!r}, status={self.status!r}, message={self.message!r})"


class Usage(TypedDict, total=False):
    prompt_chars: int  # characters sent (all message contents, schema text included)
    completion_chars: int  # characters of raw_text
    prompt_tokens: int  # only when the server reports usage; we never count tokens
    completion_tokens: int
    latency_s: float


@dataclass
class LLMResult(Generic[T]):
    parsed: T
    raw_text: str
    usage: Usage
    model: str


@runtime_checkable
class ChatModel(Protocol):
    def structured(self, messages: list[dict[str, str]], schema: type[T]) -> LLMResult[T]:
        """Ask the model; return its answer validated as `schema`, or raise LLMError."""
        ...

    def ping(self) -> str:
        """Check the service answers; return a short Chinese status line, or raise LLMError."""
        ...


# -- parsing shared by the real client and the fake ------------------------------------------


def parse_answer(texts: list[str], schema: type[T]) -> T:
    """Validate the first JSON object found in `texts` as `schema`; else LLMError("invalid").

    Tolerates ```json fences, <think> blocks, prose around the object, a bare list for a
    schema whose only required field is a list, and a one-key wrapper object.
    """
    errors: list[str] = []
    for text in texts:
        for candidate in candidate_objects(text, schema):
            try:
                return schema.model_validate(candidate)
            except ValidationError as exc:
                errors.append(validation_summary(exc))
    shown = next((t for t in texts if t.strip()), "")
    if errors:
        message = "模型的回答不符合要求的结构：" + errors[0]
    else:
        message = "模型的回答里没有可用的 JSON 对象。"
    raise LLMError("invalid", message, detail="; ".join(errors)[:500], raw_text=shown)


def as_model(value: object, schema: type[T]) -> T:
    if isinstance(value, schema):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, str):
        return parse_answer([value], schema)
    try:
        return schema.model_validate(value)
    except ValidationError as exc:
        raise LLMError(
            "invalid", "模型的回答不符合要求的结构：" + validation_summary(exc),
            raw_text=json.dumps(value, ensure_ascii=False, default=str),
        ) from exc


def check_messages(messages: list[dict[str, str]]) -> None:
    for m in messages:
        if m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise ValueError(f"bad message (need role in {sorted(ROLES)} and str content): {m!r}")


# -- usage accounting -------------------------------------------------------------------------


@dataclass
class UsageTotals:
    """The usage of the calls one task makes: calls, characters, tokens (when the server
    reports them), time waiting for the model, the model id that answered."""

    model: str = ""
    method: str = ""
    calls: int = 0
    prompt_chars: int = 0
    completion_chars: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    error: str = ""

    def started(self) -> None:
        """One more call is being made (counted even when it fails)."""
        self.calls += 1

    def add(self, result: LLMResult[Any]) -> None:
        self.model = result.model or self.model
        self.prompt_chars += int(result.usage.get("prompt_chars", 0))
        self.completion_chars += int(result.usage.get("completion_chars", 0))
        self.prompt_tokens += int(result.usage.get("prompt_tokens", 0))
        self.completion_tokens += int(result.usage.get("completion_tokens", 0))
        self.latency_s = round(self.latency_s + float(result.usage.get("latency_s", 0.0)), 3)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model, "method": self.method, "calls": self.calls,
            "prompt_chars": self.prompt_chars, "completion_chars": self.completion_chars,
            "latency_s": self.latency_s,
        }
        if self.prompt_tokens or self.completion_tokens:
            out["prompt_tokens"] = self.prompt_tokens
            out["completion_tokens"] = self.completion_tokens
        if self.error:
            out["error"] = self.error
        return out


# -- construction from settings -------------------------------------------------------------


def _setting(settings: Any, name: str) -> Any:
    """Read `llm_<name>` from a Settings object or a mapping, with or without JIXIAO_ prefix."""
    keys = (f"llm_{name}", f"jixiao_llm_{name}")
    for key in keys:
        if isinstance(settings, Mapping):
            for k, v in settings.items():
                if str(k).lower() == key and v not in (None, ""):
                    return v
        else:
            v = getattr(settings, key, None)
            if v not in (None, ""):
                return v
    return None


def make_chat_model(settings: Any) -> ChatModel | None:
    """Build the configured ChatModel; None when base URL or model is unset (no LLM)."""
    base_url = _setting(settings, "base_url")
    model = _setting(settings, "model")
    if not base_url or not model:
        return None
    timeout = _setting(settings, "timeout")
    from assistant.llm.openai_chat import OpenAICompatibleChat

    return OpenAICompatibleChat(
        base_url=str(base_url),
        model=str(model),
        api_key=_setting(settings, "api_key"),
        method=_setting(settings, "method"),
        timeout=float(timeout) if timeout is not None else DEFAULT_TIMEOUT,
    )
