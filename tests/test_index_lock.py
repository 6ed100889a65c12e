"""First start with two visitors: one index build under a file lock, progress for both, and a
working index for both (threads of one app process, and two processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from assistant.config import get_settings
from assistant.knowledge.buildlock import build_lock, read_progress
from assistant.knowledge.service import KnowledgeService


class FakeSlot:
    """What st.empty() gives the app: progress bar, warning, empty; records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def progress(self, value: float, text: str = "") -> FakeSlot:
        self.calls.append(("progress", text))
        return self

    def warning(self, text: str) -> None:
        self.calls.append(("warning", text))

    def empty(self) -> None:
        self.calls.append(("empty", None))


def _run_together(work, n: int = 2) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def go(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion
            results[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def test_two_sessions_of_one_app_process_share_one_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.ui import services

    shared = KnowledgeService("hybrid", path=tmp_path / "chroma",
                              settings=get_settings(environ={}))
    monkeypatch.setattr(services, "_service_instance", lambda: shared)
    built: list[int] = []
    index_build = shared.__class__.index

    def counting_index(self, progress=None, force=False):
        result = index_build(self, progress=progress, force=force)
        built.append(int(self.last_rebuilt))
        return result

    monkeypatch.setattr(shared.__class__, "index", counting_index)
    slots = [FakeSlot(), FakeSlot()]
    results = _run_together(lambda i: services.knowledge_service(slots[i]))
    assert results == [shared, shared]  # both sessions got the service, not None
    assert not any(kind == "warning" for slot in slots for kind, _ in slot.calls)
    assert sum(built) == 1  # one build; the other session waited and reused it
    assert all(any(kind == "progress" for kind, _ in slot.calls) for slot in slots)
    assert shared.search("网格员绩效工资", k=3)


def test_two_services_on_one_folder_build_once_and_the_waiter_sees_progress(
    tmp_path: Path,
) -> None:
    seen: list[list[tuple[int, int]]] = [[], []]

    def work(i: int) -> KnowledgeService:
        service = KnowledgeService("hybrid", path=tmp_path / "chroma",
                                   settings=get_settings(environ={}))
        service.index(progress=lambda done, total: seen[i].append((done, total)))
        return service

    services_ = _run_together(work)
    assert all(isinstance(s, KnowledgeService) for s in services_), services_
    assert sorted(s.last_rebuilt for s in services_) == [False, True]
    for service in services_:
        assert service.search("防火巡查次数", k=2)
    assert all(seen), seen  # the builder reported progress, the waiter replayed it
    assert not (tmp_path / "chroma" / ".build-progress").exists()


def test_the_lock_replays_progress_to_a_waiter(tmp_path: Path) -> None:
    holding = threading.Event()
    release = threading.Event()
    seen: list[tuple[int, int]] = []
    waited: list[bool] = []

    def holder() -> None:
        with build_lock(tmp_path) as progress:
            progress(3, 10)
            holding.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    holding.wait(10)
    assert read_progress(tmp_path) == (3, 10)
    timer = threading.Timer(0.6, release.set)
    timer.start()
    with build_lock(tmp_path, lambda d, n: seen.append((d, n)), on_wait=lambda: waited.append(True)):
        pass
    t.join()
    assert waited == [True] and seen[0] == (3, 10)


def test_two_processes_build_once(tmp_path: Path) -> None:
    env = {**os.environ, "JIXIAO_CHROMA_PATH": str(tmp_path / "chroma")}
    env.pop("JIXIAO_CHROMA_HOST", None)
    command = [sys.executable, "-m", "assistant", "kb", "build"]
    procs = [subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    states = sorted("已重建" in out for out, _ in outs)
    assert states == [False, True], outs
