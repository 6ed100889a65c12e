"""Long work off the script thread: a progress bar, a 取消 button and a time limit.

The work runs in a small shared thread pool; the script run only polls it. A click on 取消
starts a new script run (Streamlit interrupts the polling one), whose callback stops the job:
`JobStopped` is raised in the worker thread at its next Python instruction (the same mechanism
as `assistant.budget`), so the server does not keep working for a closed or cancelled request.
The time limit stops it the same way. Input limits (`limits.py`) keep every job short anyway.
"""

from __future__ import annotations

import ctypes
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

# two cores: one job per core at most, whatever the number of browser sessions
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="jixiao-job")
_JOB_NUMBERS = itertools.count()
CANCELLED_KEY = "job_cancelled"


class JobStopped(BaseException):  # noqa: N818 - BaseException: no `except Exception` keeps it
    """Raised inside a worker that was cancelled or ran over its limit."""


class _Worker:
    """Where a job runs: its thread id once started, so it can be stopped."""

    def __init__(self) -> None:
        self.ident: int | None = None
        self.finished = False

    def call(self, work: Callable[..., T], *args: Any) -> T:
        self.ident = threading.get_ident()
        try:
            return work(*args)
        finally:
            self.finished = True

    def stop(self) -> None:
        if self.ident is not None and not self.finished:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.ident), ctypes.py_object(JobStopped)
            )


class JobFailed(Exception):
    """The job was cancelled or ran over its time limit; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _cancel(job_key: str) -> None:
    st.session_state[CANCELLED_KEY] = job_key
    future: Future[Any] | None = st.session_state.pop(f"job_future_{job_key}", None)
    worker: _Worker | None = st.session_state.pop(f"job_worker_{job_key}", None)
    if future is not None:
        future.cancel()  # not started yet: it never runs
    if worker is not None:
        worker.stop()


def take_cancelled(job_key: str) -> bool:
    """True once after 取消 was clicked for `job_key` (show “已取消” on that run)."""
    if st.session_state.get(CANCELLED_KEY) == job_key:
        del st.session_state[CANCELLED_KEY]
        return True
    return False


def run(
    job_key: str,
    label: str,
    work: Callable[..., T],
    *args: Any,
    timeout: float = 60.0,
    poll: float = 0.2,
) -> T:
    """`work(*args)` in the pool while the page shows `label`, elapsed time and 取消."""
    worker = _Worker()
    future: Future[T] = _POOL.submit(worker.call, work, *args)
    st.session_state[f"job_future_{job_key}"] = future
    st.session_state[f"job_worker_{job_key}"] = worker
    slot = st.empty()
    with slot.container():
        bar = st.progress(0.0, text=f"{label}…")
        # one key per job: several jobs may run one after another in the same script run (an
        # object's id is reused once it is freed, so a counter numbers them)
        st.button("取消", key=f"job_cancel_{job_key}_{next(_JOB_NUMBERS)}", on_click=_cancel, args=(job_key,))
    started = time.monotonic()
    try:
        while not future.done():
            elapsed = time.monotonic() - started
            if elapsed > timeout:
                future.cancel()
                worker.stop()
                raise JobFailed(
                    f"{label}超过 {timeout:g} 秒仍未完成，已停止等待。请缩短输入内容后重试，"
                    "或在“设置”中调整时间上限。"
                )
            # the bar creeps towards the limit: it shows that the work is alive and how long is left
            bar.progress(
                min(0.95, elapsed / timeout),
                text=f"{label}…已用 {elapsed:.0f} 秒（上限 {timeout:g} 秒）",
            )
            time.sleep(poll)
        try:
            return future.result()
        except JobStopped as exc:
            raise JobFailed(f"{label}已停止。") from exc
    finally:
        # interrupted (取消, any other click that starts a new run, the tab closed) or over
        # time: nobody waits for the result any more, so the work stops too
        if not future.done():
            future.cancel()
            worker.stop()
        slot.empty()
        st.session_state.pop(f"job_future_{job_key}", None)
        st.session_state.pop(f"job_worker_{job_key}", None)
