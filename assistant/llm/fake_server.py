"""A local HTTP server (shipped for tests) that speaks enough of the OpenAI chat-completions protocol for tests.

It runs a real `ThreadingHTTPServer` on 127.0.0.1 (a free port) in a background thread, so
the real client stack (langchain-openai → openai → httpx → socket) is exercised without any
network. Each POST /v1/chat/completions consumes the next behaviour of the script:

    {"json": obj}            content = JSON text of obj; when the request carries `tools`,
                             a tool call to the forced `tool_choice` (else the first tool)
                             with arguments = JSON text of obj
    {"fenced": obj}          the same JSON wrapped in ```json fences (content, or tool args)
    {"text": "..."}          plain content, never a tool call
    {"raw_args": "..."}      this exact text as the tool call's arguments (broken JSON, …),
                             or as the content when the request carries no tools
    {"refusal": "..."}       message.refusal set, no content
    {"status": 500}          an error status with an OpenAI-style error body
                             ("message" overrides the error text)
    {"sleep": s}             wait s seconds before answering (combine with json/text/...)
    {"slow_stream": s}       send headers and the first half of the body, then trickle the
                             rest over s seconds
    {"drop": True}           send headers and part of the body, then close the connection
    {"raw_body": "..."}      this exact body with status 200 (HTML, an empty `choices`, …):
                             a provider that does not quite speak the protocol
    {"reply": fn}            fn(request body) returns one of the behaviours above: a model
                             that reads the prompt (e.g. one that obeys text in the paste)

Optional keys on any answer: "usage" (an OpenAI usage object), "model" (answered model id).
GET /v1/models lists `models`. Every chat request body is recorded in `requests`.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Answered when the script is exhausted, so a test that under-scripts fails loudly.
_EXHAUSTED = {"status": 500, "message": "fake server: script exhausted"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a client that timed out must not block stop()
    allow_reuse_address = True

    def __init__(self, owner: FakeOpenAIServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hang up on purpose in timeout tests; tracebacks would only be noise.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    # -- plumbing ---------------------------------------------------------------------
    def _send(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _read_json(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw.decode("utf-8")) if raw else {}

    # -- routes -----------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        owner = self.server.owner
        owner._record_path("GET", self.path, self.headers.get("Authorization"))
        if self.path.rstrip("/").endswith("/models"):
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "fake"}
                for m in owner.models
            ]
            self._send(200, {"object": "list", "data": data})
        else:
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        owner = self.server.owner
        owner._record_path("POST", self.path, self.headers.get("Authorization"))
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        body = self._read_json()
        behaviour = owner._next(body)
        if callable(behaviour.get("reply")):
            behaviour = {**behaviour, **behaviour["reply"](body)}
        if body.get("stream"):
            self._send(400, {"error": {"message": "fake server: stream=true unsupported"}})
            return
        if behaviour.get("sleep") and owner._stopping.wait(float(behaviour["sleep"])):
            return
        if "status" in behaviour:
            status = int(behaviour["status"])
            message = behaviour.get("message", f"fake server error {status}")
            self._send(status, {"error": {"message": message, "type": "server_error",
                                          "code": str(status)}})
            return
        if "raw_body" in behaviour:
            raw = behaviour["raw_body"]
            data = (raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", behaviour.get("content_type", "application/json"))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            return
        payload = _completion(body, behaviour)
        if behaviour.get("drop"):
            self._drop(payload)
        elif behaviour.get("slow_stream"):
            self._trickle(payload, float(behaviour["slow_stream"]))
        else:
            self._send(200, payload)

    def _drop(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _trickle(self, payload: dict[str, Any], seconds: float) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        half = len(body) // 2
        self.wfile.write(body[:half])
        self.wfile.flush()
        rest = body[half:]
        steps = 20
        chunk = max(1, -(-len(rest) // steps))
        for i in range(0, len(rest), chunk):
            # Short gaps keep every read under the client's read timeout: only a total
            # deadline can stop this.
            if self.server.owner._stopping.wait(seconds / steps):
                return
            self.wfile.write(rest[i : i + chunk])
            self.wfile.flush()


def _tool_name(body: dict[str, Any]) -> str:
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if name:
            return str(name)
    tools = body.get("tools") or []
    if tools:
        return str(tools[0]["function"]["name"])
    return "unknown"


def _completion(body: dict[str, Any], behaviour: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = "stop"
    text: str | None = None
    if "json" in behaviour:
        text = json.dumps(behaviour["json"], ensure_ascii=False)
    elif "fenced" in behaviour:
        text = "```json\n" + json.dumps(behaviour["fenced"], ensure_ascii=False, indent=2) + "\n```"
    elif "raw_args" in behaviour:
        text = str(behaviour["raw_args"])
    if text is not None and body.get("tools"):
        message["tool_calls"] = [
            {
                "id": "call_fake_1",
                "type": "function",
                "function": {"name": _tool_name(body), "arguments": text},
            }
        ]
        finish = "tool_calls"
    elif text is not None:
        message["content"] = text
    elif "refusal" in behaviour:
        message["refusal"] = behaviour["refusal"]
    else:
        message["content"] = str(behaviour.get("text", ""))
    payload: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": behaviour.get("model") or body.get("model") or "fake-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
    }
    if "usage" in behaviour:
        payload["usage"] = behaviour["usage"]
    return payload


class FakeOpenAIServer:
    """Context manager: `with FakeOpenAIServer([{"json": {...}}]) as srv: srv.base_url`."""

    def __init__(
        self, script: list[dict[str, Any]] | None = None, *, models: tuple[str, ...] = ("fake-model",)
    ) -> None:
        self.script: list[dict[str, Any]] = list(script or [])
        self.models = models
        self.requests: list[dict[str, Any]] = []  # chat-completion request bodies, in order
        self.paths: list[tuple[str, str]] = []  # (method, path) of every request
        self.authorizations: list[str | None] = []  # Authorization headers, to check sending
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- script -----------------------------------------------------------------------
    def add(self, *behaviours: dict[str, Any]) -> None:
        with self._lock:
            self.script.extend(behaviours)

    def _next(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.requests.append(body)
            return self.script.pop(0) if self.script else dict(_EXHAUSTED)

    def _record_path(self, method: str, path: str, auth: str | None) -> None:
        with self._lock:
            self.paths.append((method, path))
            self.authorizations.append(auth)

    # -- lifecycle --------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeOpenAIServer is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that sleep or trickle
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
