"""`OpenAICompatibleChat`: the ChatModel for any OpenAI-compatible chat-completions server.

Wraps langchain-openai's `ChatOpenAI` and adds what the seam promises: one structured-output
method per provider, recovery of JSON the library could not parse, errors mapped to
`LLMError` kinds with Chinese messages, a hard overall deadline, usage in characters (never
tiktoken, which needs a download) and an API key that never reaches reprs or logs.
"""

from __future__ import annotations

import contextvars
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import OpenAIRefusalError
from langsmith import tracing_context
from pydantic import BaseModel, SecretStr, ValidationError

from assistant.llm.base import (
    DEFAULT_TIMEOUT,
    METHODS,
    LLMError,
    LLMResult,
    Method,
    Usage,
    check_messages,
    parse_answer,
)

if TYPE_CHECKING:
    from langchain_core.messages import AIMessage

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
# Extra wall-clock time allowed past `timeout` before the hard deadline fires; the HTTP
# client's own read timeout normally trips first and releases the connection cleanly.
_DEADLINE_GRACE_S = 0.5


def default_method_for(base_url: str) -> Method:
    """DeepSeek rejects response_format json_schema; most other servers accept it."""
    host = (urlsplit(base_url).hostname or "").lower()
    return "function_calling" if "deepseek" in host else "json_schema"


class OpenAICompatibleChat:
    """ChatModel over any OpenAI-compatible chat-completions endpoint."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | SecretStr | None = None,
        method: Method | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        method = (method or "").strip().lower() or default_method_for(base_url)  # type: ignore[assignment]
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {method!r}")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.method: Method = method
        self.timeout = float(timeout)
        key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
        # Local servers (vLLM, Ollama, our fake) take any key; the SDK insists on one.
        self._api_key = SecretStr(key or "not-needed")
        self._llm = ChatOpenAI(
            base_url=self.base_url,
            api_key=self._api_key,
            model=model,
            timeout=self.timeout,
            max_retries=0,  # the repair loop above decides about asking again
            temperature=0,
            streaming=False,
            use_responses_api=False,  # always /chat/completions: what compatible servers speak
        )

    def __repr__(self) -> str:
        return (
            f"OpenAICompatibleChat(base_url={self.base_url!r}, model={self.model!r}, "
            f"method={self.method!r}, timeout={self.timeout:g})"
        )

    __str__ = __repr__

    # -- public API -------------------------------------------------------------------
    def structured(self, messages: list[dict[str, str]], schema: type[T]) -> LLMResult[T]:
        check_messages(messages)
        sent = self._prepare(messages, schema)
        target: Any = schema
        if self.method == "json_schema":
            # A dict schema keeps parsing out of the openai SDK: with a pydantic class the
            # SDK validates the content itself and a fenced answer raises before we can see
            # the raw message.
            target = schema.model_json_schema()
        runnable = self._llm.with_structured_output(target, method=self.method, include_raw=True)
        started = time.monotonic()
        try:
            out = self._with_deadline(lambda: _untraced(runnable.invoke, sent))
        except LLMError:
            raise
        except Exception as exc:
            raise self._log_error(self._map_error(exc)) from exc
        latency = time.monotonic() - started
        raw: AIMessage = out["raw"]
        raw_text = _raw_text(raw)
        try:
            parsed = self._parsed(out, raw, raw_text, schema)
        except LLMError as err:
            raise self._log_error(err) from None
        usage: Usage = {
            "prompt_chars": sum(len(m["content"]) for m in sent),
            "completion_chars": len(raw_text),
            "latency_s": round(latency, 3),
        }
        if raw.usage_metadata:
            usage["prompt_tokens"] = int(raw.usage_metadata.get("input_tokens", 0))
            usage["completion_tokens"] = int(raw.usage_metadata.get("output_tokens", 0))
        model = str(raw.response_metadata.get("model_name") or self.model)
        log.info(
            "llm call ok model=%s method=%s latency=%.2fs prompt_chars=%d completion_chars=%d",
            model, self.method, latency, usage["prompt_chars"], usage["completion_chars"],
        )
        return LLMResult(parsed=parsed, raw_text=raw_text, usage=usage, model=model)

    def ping(self) -> str:
        try:
            page = self._llm.root_client.models.list()
            ids = [m.id for m in page.data]
        except Exception as exc:
            raise self._log_error(self._map_error(exc)) from exc
        if self.model in ids:
            return f"连接正常：{self.base_url} 提供模型 {self.model}"
        listed = "、".join(ids[:5]) or "无"
        return f"连接正常，但服务的模型列表里没有 {self.model}（列出的有：{listed}）"

    # -- internals --------------------------------------------------------------------
    def _prepare(self, messages: list[dict[str, str]], schema: type[BaseModel]) -> list[dict[str, str]]:
        sent = [{"role": m["role"], "content": m["content"]} for m in messages]
        if self.method != "json_mode":
            return sent
        # json_mode sends only {"type": "json_object"}: the shape must travel in the prompt.
        shape = json.dumps(schema.model_json_schema(), ensure_ascii=False)
        note = (
            "请只输出一个 JSON 对象，不要加 Markdown 代码块或其他文字。"
            f"该 JSON 必须符合下面的 JSON Schema：\n{shape}"
        )
        if sent and sent[0]["role"] == "system":
            sent[0]["content"] = sent[0]["content"].rstrip() + "\n\n" + note
        else:
            sent.insert(0, {"role": "system", "content": note})
        return sent

    def _parsed(self, out: dict[str, Any], raw: AIMessage, raw_text: str, schema: type[T]) -> T:
        error = out.get("parsing_error")
        refusal = raw.additional_kwargs.get("refusal")
        if isinstance(error, OpenAIRefusalError) or refusal:
            why = str(refusal or error or "")[:200]
            raise LLMError("refused", f"模型拒绝回答或内容被过滤：{why}", detail=why, raw_text=raw_text)
        parsed = out.get("parsed")
        if isinstance(parsed, schema):
            return parsed
        if isinstance(parsed, dict):
            try:
                return schema.model_validate(parsed)
            except ValidationError:
                pass  # fall through to the raw text, which may hold more than one object
        # Parsing failed upstream (fences, prose, broken tool args): recover from the raw
        # message ourselves before giving up.
        return parse_answer(_candidate_texts(raw), schema)

    def _with_deadline(self, call: Callable[[], Any]) -> Any:
        """Run `call` under a hard wall-clock deadline.

        httpx's timeout bounds each read, not the whole answer: a server that trickles a
        byte every few hundred ms would never time out. The worker thread is a daemon; if
        abandoned, it ends when the server finishes, stalls past the read timeout or hangs up.
        """
        box: dict[str, Any] = {}
        done = threading.Event()
        ctx = contextvars.copy_context()

        def run() -> None:
            try:
                box["value"] = ctx.run(call)
            except BaseException as exc:  # re-raised in the caller's thread
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=run, name="jixiao-llm-call", daemon=True).start()
        if not done.wait(self.timeout + _DEADLINE_GRACE_S):
            raise self._log_error(self._timeout_error("overall deadline exceeded"))
        if "error" in box:
            raise box["error"]
        return box["value"]

    def _timeout_error(self, detail: str) -> LLMError:
        return LLMError(
            "timeout",
            f"模型服务在 {self.timeout:g} 秒内没有给出完整答复（超时）。"
            "可稍后重试，或调大 JIXIAO_LLM_TIMEOUT。",
            detail=detail,
        )

    def _map_error(self, exc: BaseException) -> LLMError:
        import httpx
        import openai

        detail = self._scrub(f"{type(exc).__name__}: {exc}")[:500]
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
            return self._timeout_error(detail)
        if isinstance(exc, openai.APIStatusError):
            return self._http_error(exc.status_code, self._scrub(exc.message), detail)
        if isinstance(exc, openai.APIConnectionError | httpx.TransportError | OSError):
            return LLMError(
                "connection",
                f"无法连接模型服务 {self.base_url}，或连接在答复中途断开。请检查地址和网络。",
                detail=detail,
            )
        if isinstance(exc, ValidationError | json.JSONDecodeError):
            return LLMError("invalid", "模型的回答不是可解析的 JSON。", detail=detail)
        if "LengthFinishReason" in type(exc).__name__:
            return LLMError("invalid", "模型的回答达到长度上限被截断，不是完整的 JSON。", detail=detail)
        if isinstance(exc, openai.APIError):
            return LLMError("invalid", f"模型服务的答复无法使用：{self._scrub(str(exc))[:200]}", detail=detail)
        if isinstance(exc, ValueError | TypeError | AttributeError | KeyError | IndexError):
            # a provider that does not quite speak the protocol (an HTML page, empty `choices`,
            # an error object with status 200) breaks the client library's own parsing
            log.warning("llm answer broke the client library", exc_info=exc)
            return LLMError(
                "invalid",
                f"模型服务 {self.base_url} 的答复不符合 OpenAI 接口格式（{type(exc).__name__}），无法使用。",
                detail=detail,
            )
        raise exc  # anything else is a programming error, not a service failure: let it surface

    def _http_error(self, status: int, server_message: str, detail: str) -> LLMError:
        hint = {
            401: "API 密钥无效或缺失，请检查 JIXIAO_LLM_API_KEY。",
            403: "没有访问该模型的权限。",
            404: "地址或模型名不对，请检查 JIXIAO_LLM_BASE_URL 和 JIXIAO_LLM_MODEL。",
            429: "请求过于频繁或额度已用完，请稍后再试。",
        }.get(status, "")
        if status == 400 and self.method != "function_calling":
            hint = (
                f"该服务可能不支持 {self.method} 输出方式，"
                "可把 JIXIAO_LLM_METHOD 改为 function_calling 或 json_mode。"
            )
        elif status >= 500:
            hint = "模型服务内部出错，请稍后重试。"
        short = server_message.strip()[:200]
        message = f"模型服务返回 HTTP {status} 错误" + (f"：{short}" if short else "") + "。" + hint
        return LLMError("http", message, status=status, detail=detail)

    def _scrub(self, text: str) -> str:
        key = self._api_key.get_secret_value()
        return text.replace(key, "***") if key and len(key) >= 4 else text

    def _log_error(self, err: LLMError) -> LLMError:
        log.warning(
            "llm call failed model=%s method=%s kind=%s status=%s detail=%s",
            self.model, self.method, err.kind, err.status, self._scrub(err.detail),
        )
        return err


def _untraced(call: Callable[[Any], Any], arg: Any) -> Any:
    # LANGSMITH_TRACING in someone's environment would ship prompts (project budgets) to a
    # third-party service; this tool never sends data anywhere but the configured model.
    with tracing_context(enabled=False):
        return call(arg)


def _content_text(message: AIMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    parts = [b.get("text", "") if isinstance(b, dict) else str(b) for b in content]
    return "".join(p for p in parts if isinstance(p, str))


def _tool_args_texts(message: AIMessage) -> list[str]:
    """Tool-call arguments as text. langchain keeps only the decoded args of a valid call
    (re-serialised here) and the raw string of an invalid one (broken or fenced JSON)."""
    texts = [json.dumps(c["args"], ensure_ascii=False) for c in message.tool_calls]
    texts += [c["args"] for c in message.invalid_tool_calls if isinstance(c.get("args"), str)]
    texts += [
        args
        for c in message.additional_kwargs.get("tool_calls") or []
        if isinstance(args := (c.get("function") or {}).get("arguments"), str)
    ]
    return texts


def _raw_text(message: AIMessage) -> str:
    """What the model said: its content, or the arguments of its tool call."""
    return _content_text(message) or next(iter(_tool_args_texts(message)), "")


def _candidate_texts(message: AIMessage) -> list[str]:
    return [t for t in [*_tool_args_texts(message), _content_text(message)] if t.strip()]
