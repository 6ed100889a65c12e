"""One index build at a time per index folder: a file lock, shared progress for those who wait.

Two app visitors at first start (threads of one process) or the app and `jixiao kb build`
(two processes) must not build the same chromadb folder in parallel. `build_lock(folder,
progress)` takes `<folder>/.build.lock` (flock; a per-folder thread lock in front of it, so
threads of one process queue as well). The holder's progress is also written to
`<folder>/.build-progress`; a caller that has to wait replays it through its own `progress`
callback, so every visitor sees the bar move. Once the holder is done the waiter goes on and
finds the index current (no second build).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

Progress = Callable[[int, int], None]

LOCK_NAME = ".build.lock"
PROGRESS_NAME = ".build-progress"
POLL_SECONDS = 0.2
WAIT_SECONDS = 900.0  # a 100k-record build takes about a minute; a stuck holder is an error

_thread_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


class BuildLockTimeout(RuntimeError):
    """Another build held the lock for longer than WAIT_SECONDS."""


def _thread_lock(folder: Path) -> threading.Lock:
    key = str(folder.resolve())
    with _guard:
        return _thread_locks.setdefault(key, threading.Lock())


def _try_flock(handle: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: the thread lock alone (one app process per folder)
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: int) -> None:
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_UN)


def read_progress(folder: Path) -> tuple[int, int] | None:
    """(done, total) written by the current holder, or None."""
    try:
        done, total = (folder / PROGRESS_NAME).read_text(encoding="utf-8").split("/")
        return int(done), int(total)
    except (OSError, ValueError):
        return None


def _wait(acquire: Callable[[], bool], folder: Path, progress: Progress | None,
          timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last: tuple[int, int] | None = None
    while not acquire():
        if time.monotonic() > deadline:
            raise BuildLockTimeout(
                f"另一个进程正在建立知识库索引（{folder}），等待超过 {int(timeout)} 秒仍未完成；"
                f"如确认没有其他建立过程，请删除 {folder / LOCK_NAME} 后重试"
            )
        seen = read_progress(folder)
        if progress is not None and seen is not None and seen != last:
            progress(*seen)
            last = seen
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def build_lock(
    folder: str | Path,
    progress: Progress | None = None,
    *,
    on_wait: Callable[[], None] | None = None,
    timeout: float = WAIT_SECONDS,
) -> Iterator[Progress]:
    """Hold the folder's build lock; yields a progress callback that also records progress
    for waiters. `on_wait` is called once when someone else holds the lock."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tlock = _thread_lock(folder)
    waited = False
    if not tlock.acquire(blocking=False):
        waited = True
        if on_wait is not None:
            on_wait()
        _wait(lambda: tlock.acquire(timeout=POLL_SECONDS), folder, progress, timeout)
    try:
        handle = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_flock(handle):
                if on_wait is not None and not waited:
                    on_wait()
                _wait(lambda: _try_flock(handle), folder, progress, timeout)

            def shared(done: int, total: int) -> None:
                with contextlib.suppress(OSError):
                    tmp = folder / f"{PROGRESS_NAME}.{os.getpid()}.{threading.get_ident()}"
                    tmp.write_text(f"{done}/{total}", encoding="utf-8")
                    os.replace(tmp, folder / PROGRESS_NAME)
                if progress is not None:
                    progress(done, total)

            try:
                yield shared
            finally:
                with contextlib.suppress(OSError):
                    (folder / PROGRESS_NAME).unlink()
                _unlock(handle)
        finally:
            os.close(handle)
    finally:
        tlock.release()
