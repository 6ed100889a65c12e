"""Fakes shipped for tests and demos: no network, no API key.

- `ScriptedChat`: a ChatModel that answers from a script in process.
- `FakeOpenAIServer` (fake_server.py): a real HTTP server on 127.0.0.1 speaking the OpenAI
  chat-completions protocol, so the real client stack is exercised.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from assistant.llm.base import LLMResult, Usage, as_model, check_messages
from assistant.llm.fake_server import FakeOpenAIServer

T = TypeVar("T", bound=BaseModel)

__all__ = ["FakeOpenAIServer", "ScriptedChat"]


@dataclass
class ScriptedChat:
    """A ChatModel that answers from a script, in order, and records every call.

    Each response is a pydantic object, a dict, a string (parsed like a real answer, so
    fenced or broken JSON behaves as it would live), an exception instance (raised) or a
    callable taking the messages and returning one of those (a model that reads the prompt).
    """

    responses: list[Any]
    model: str = "scripted"
    calls: list[dict[str, Any]] = field(default_factory=list)

    def structured(self, messages: list[dict[str, str]], schema: type[T]) -> LLMResult[T]:
        check_messages(messages)
        self.calls.append({"messages": [dict(m) for m in messages], "schema": schema})
        if not self.responses:
            raise AssertionError(f"ScriptedChat: no response left for call {len(self.calls)}")
        response = self.responses.pop(0)
        if callable(response) and not isinstance(response, BaseModel | BaseException):
            response = response(messages)
        if isinstance(response, BaseException):
            raise response
        if isinstance(response, str):
            raw = response
        elif isinstance(response, BaseModel):
            raw = response.model_dump_json()
        else:
            raw = json.dumps(response, ensure_ascii=False, default=str)
        parsed = as_model(response, schema)
        usage: Usage = {
            "prompt_chars": sum(len(m["content"]) for m in messages),
            "completion_chars": len(raw),
            "latency_s": 0.0,
        }
        return LLMResult(parsed=parsed, raw_text=raw, usage=usage, model=self.model)

    def ping(self) -> str:
        return f"连接正常（脚本模型 {self.model}）"
