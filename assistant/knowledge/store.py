"""Index state kept inside chromadb itself, so every client of one server sees the same thing.

- Each build writes a **new** collection `jixiao-kb-<hash>-<token>` whose metadata carries the
  content hash, the index version, the record count and `complete` (set only after the last
  vector is written).
- A small pointer collection (`jixiao-index-pointer`) names, in its metadata, the collection in
  use (the "alias"). A build switches the pointer once its collection is complete; searches
  resolve the pointer, so nobody ever queries a collection being filled.
- The collection switched away from is marked `retired_at`; it is dropped only after
  `RETIRE_AFTER` seconds on a server (an embedded store has one user: at once), by the next
  build's clean-up, so a search already holding it finishes. Abandoned builds (never complete
  after `ABANDONED_AFTER`) are dropped too.

Talking to a server goes through `connect()` (a heartbeat with a connect timeout first, then
connect and read timeouts on every call) and `unavailable()`, which turns connection errors and
timeouts into `IndexUnavailable` with a Chinese message.
"""

from __future__ import annotations

import contextlib
import os
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

INDEX_VERSION = 2  # bump when the stored layout or the record text changes meaning
PREFIX = "jixiao-kb-"
POINTER = "jixiao-index-pointer"
RETIRE_AFTER = 600.0  # seconds a replaced collection stays for searches already holding it
ABANDONED_AFTER = 3600.0  # an incomplete build older than this was interrupted
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0


class IndexUnavailable(RuntimeError):
    """The index cannot be reached (server down, hung or refusing); the text is for users."""


def timeouts() -> tuple[float, float]:
    """(connect, read) seconds: JIXIAO_CHROMA_CONNECT_TIMEOUT / JIXIAO_CHROMA_TIMEOUT or defaults."""
    def value(name: str, default: float) -> float:
        try:
            return float(os.environ.get(name, "") or default)
        except ValueError:
            return default

    return value("JIXIAO_CHROMA_CONNECT_TIMEOUT", CONNECT_TIMEOUT), value("JIXIAO_CHROMA_TIMEOUT", READ_TIMEOUT)


def describe(host: str, port: int) -> str:
    return f"Chroma 服务器 {host}:{port}"


def connect(host: str, port: int, settings: Any) -> Any:
    """A chromadb HttpClient whose every request has connect and read timeouts.

    chromadb's own client waits forever, so a heartbeat with our timeouts goes first (a dead or
    hung server fails here within the timeout), then the client's HTTP session gets them too."""
    import chromadb
    import httpx

    connect_s, read_s = timeouts()
    where = describe(host, port)
    try:
        url = f"http://{host}:{port}/api/v2/heartbeat"
        with urllib.request.urlopen(url, timeout=connect_s + read_s) as response:  # noqa: S310
            response.read()
    except TimeoutError as exc:
        raise IndexUnavailable(
            f"{where} 在 {connect_s + read_s:g} 秒内没有响应（可能已挂起），请检查服务器后重试"
        ) from exc
    except OSError as exc:
        raise IndexUnavailable(
            f"无法连接{where}（{_reason(exc)}），请确认服务器已启动、地址和端口正确"
            "（JIXIAO_CHROMA_HOST / JIXIAO_CHROMA_PORT）"
        ) from exc
    with unavailable(where):
        client = chromadb.HttpClient(host=host, port=port, settings=settings)
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(read_s, connect=connect_s)
    return client


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(reason, TimeoutError):
        return "连接超时"
    return type(reason).__name__


@contextlib.contextmanager
def unavailable(where: str) -> Iterator[None]:
    """Connection failures and timeouts inside the block → IndexUnavailable (Chinese)."""
    import httpx

    connect_s, read_s = timeouts()
    try:
        yield
    except httpx.TimeoutException as exc:
        raise IndexUnavailable(
            f"{where} 在 {max(connect_s, read_s):g} 秒内没有响应，已放弃本次请求；请检查服务器后重试"
        ) from exc
    except (httpx.TransportError, ConnectionError) as exc:
        raise IndexUnavailable(f"与{where}的连接中断（{type(exc).__name__}），请确认服务器仍在运行") from exc


# ------------------------------------------------------------------------ server-side state


def collection_metadata(content_hash: str, count: int, complete: bool, **extra: Any) -> dict[str, Any]:
    return {
        "jixiao_hash": content_hash,
        "jixiao_version": INDEX_VERSION,
        "jixiao_count": count,
        "jixiao_complete": complete,
        "jixiao_built_at": extra.pop("built_at", None) or time.time(),
        **extra,
    }


def is_usable(meta: dict[str, Any] | None, content_hash: str) -> bool:
    meta = meta or {}
    return (
        meta.get("jixiao_hash") == content_hash
        and meta.get("jixiao_version") == INDEX_VERSION
        and bool(meta.get("jixiao_complete"))
    )


def read_pointer(client: Any) -> dict[str, Any] | None:
    """The pointer's metadata ({collection, hash, version, count, switched_at}) or None."""
    from chromadb.errors import NotFoundError

    try:
        meta = client.get_collection(POINTER, embedding_function=None).metadata
    except (NotFoundError, ValueError):
        return None
    return dict(meta) if meta and meta.get("collection") else None


def switch_pointer(client: Any, name: str, meta: dict[str, Any]) -> str | None:
    """Point at `name`; returns the collection pointed at before (None when none)."""
    pointer = client.get_or_create_collection(
        POINTER, metadata={"jixiao_pointer": True}, embedding_function=None
    )
    previous = (pointer.metadata or {}).get("collection")
    pointer.modify(metadata={
        "jixiao_pointer": True,
        "collection": name,
        "hash": meta["jixiao_hash"],
        "version": meta["jixiao_version"],
        "count": meta["jixiao_count"],
        "built_at": meta["jixiao_built_at"],
        "switched_at": time.time(),
    })
    return previous if previous != name else None


def clean_up(client: Any, current: str | None, retire_after: float) -> list[str]:
    """Mark replaced collections retired; drop those retired long enough and abandoned builds.
    Never touches the current one. Returns the names dropped."""
    from chromadb.errors import NotFoundError

    now = time.time()
    dropped: list[str] = []
    for coll in client.list_collections():
        name = coll.name
        if not name.startswith(PREFIX) or name == current:
            continue
        meta = dict(coll.metadata or {})
        if not meta.get("jixiao_complete"):
            if now - float(meta.get("jixiao_built_at") or 0) < ABANDONED_AFTER:
                continue  # someone may be filling it right now
        elif "jixiao_retired_at" not in meta:
            meta["jixiao_retired_at"] = now
            if retire_after > 0:
                with contextlib.suppress(NotFoundError, ValueError):
                    coll.modify(metadata=meta)
                continue
        elif now - float(meta["jixiao_retired_at"]) < retire_after:
            continue
        with contextlib.suppress(NotFoundError, ValueError):
            client.delete_collection(name)
            dropped.append(name)
    return dropped


def status(index: Any, records: Any) -> dict[str, Any]:
    """A KnowledgeIndex's state: where it lives, the pointer, and whether it is current."""
    index.set_records(records)
    info: dict[str, Any] = {"where": index.where, "remote": index.remote, "content_hash": index.current_hash,
                            "records": len(index.records), "version": INDEX_VERSION}
    try:
        with unavailable(index.where):
            info["pointer"] = read_pointer(index.client)
            coll = index._open_current()
    except IndexUnavailable as exc:
        return {**info, "reachable": False, "current": False, "error": str(exc)}
    info.update(reachable=True, current=coll is not None, collection=None if coll is None else coll.name)
    return info
