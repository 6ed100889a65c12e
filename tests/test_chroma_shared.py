"""One Chroma server, several clients: state stored in the server, builds that never drop a
collection in use, timeouts and Chinese messages when the server is gone or hung."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.knowledge import store
from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.store import IndexUnavailable
from tests.test_index import make_records


def remote(tmp_path: Path, port: int) -> KnowledgeIndex:
    return KnowledgeIndex(settings=Settings(home=tmp_path / "home", chroma_host="127.0.0.1", chroma_port=port))


def test_state_lives_in_the_server(tmp_path: Path, chroma_server: int) -> None:
    records = make_records()
    first = remote(tmp_path / "a", chroma_server)
    assert first.ensure(records) is True
    pointer = first.read_manifest()
    assert pointer and pointer["hash"] == first.current_hash and pointer["count"] == len(records)
    assert pointer["version"] == store.INDEX_VERSION
    coll = first.client.get_collection(pointer["collection"], embedding_function=first.embedding)
    assert coll.metadata["jixiao_complete"] is True and coll.metadata["jixiao_hash"] == first.current_hash
    # another user, another working folder: no local manifest, the server says it is current
    other = remote(tmp_path / "b", chroma_server)
    assert other.ensure(records) is False
    status = other.status(records)
    assert status["current"] and status["collection"] == pointer["collection"]
    assert "127.0.0.1" in status["where"]


def test_rebuild_while_another_client_searches(
    tmp_path: Path, chroma_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "RETIRE_AFTER", 1.0)  # old collections go while the reader holds one
    records = make_records()
    reader = remote(tmp_path / "r", chroma_server)
    reader.ensure(records)
    builder = remote(tmp_path / "w", chroma_server)
    builder.set_records(records)
    errors: list[BaseException] = []
    builds = 0
    stop = threading.Event()

    def rebuild() -> None:
        nonlocal builds
        try:
            while not stop.is_set():
                builder.build()
                builds += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=rebuild)
    thread.start()
    searches = 0
    deadline = time.monotonic() + 6
    try:
        while time.monotonic() < deadline:
            hits = reader.search("网格员绩效工资发放人数", k=3)
            assert hits and hits[0].metadata["project"] == "网格化管理建设费用"
            assert hits[0].vector_score is not None
            searches += 1
    finally:
        stop.set()
        thread.join(60)
    assert not errors, errors
    assert builds >= 3 and searches >= 10
    kept = [c.name for c in reader.client.list_collections() if c.name.startswith(store.PREFIX)]
    assert builder.read_manifest()["collection"] in kept and len(kept) < builds  # old ones dropped


def test_stopped_server_gives_chinese_message_in_time(
    tmp_path: Path, chroma_server_process: tuple[int, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_CHROMA_TIMEOUT", "2")
    monkeypatch.setenv("JIXIAO_CHROMA_CONNECT_TIMEOUT", "2")
    port, process = chroma_server_process
    records = make_records()
    index = remote(tmp_path, port)
    index.ensure(records)
    process.terminate()
    process.wait(10)
    start = time.monotonic()
    with pytest.raises(IndexUnavailable, match="Chroma 服务器") as caught:
        index.search("网格员绩效工资发放人数", k=3)
    assert time.monotonic() - start < 5 and "连接" in str(caught.value)
    start = time.monotonic()
    with pytest.raises(IndexUnavailable, match="无法连接Chroma 服务器"):
        remote(tmp_path / "new", port).ensure(records)
    assert time.monotonic() - start < 5


def test_hung_server_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_CHROMA_TIMEOUT", "1")
    monkeypatch.setenv("JIXIAO_CHROMA_CONNECT_TIMEOUT", "1")
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(IndexUnavailable, match="没有响应"):
            remote(tmp_path, port).ensure(make_records())
        assert time.monotonic() - start < 5


def test_kb_status_cli(tmp_path: Path, chroma_server: int, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JIXIAO_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("JIXIAO_CHROMA_PORT", str(chroma_server))
    assert main(["kb", "status"]) == 1
    assert "尚未建立" in capsys.readouterr().out
    assert main(["kb", "build"]) == 0
    capsys.readouterr()
    assert main(["kb", "status"]) == 0
    out = capsys.readouterr().out
    assert f"127.0.0.1:{chroma_server}" in out and "与知识库内容一致" in out
