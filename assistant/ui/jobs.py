"""Long work off the script thread: a progress bar, a 取消 button and a time limit.

The work runs in a small shared thread pool; the script run only polls it. A click on 取消
starts a new script run (Streamlit interrupts the polling one), whose callback marks the job
cancelled, so its result is dropped. Input limits (`limits.py`) keep every job short, and the
time limit ends the wait with a Chinese message even when a job does not return.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

# two cores: one job per core at most, whatever the number of browser sessions
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="jixiao-job")
CANCELLED_KEY = "job_cancelled"


class JobFailed(Exception):
    """The job was cancelled or ran over its time limit; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _cancel(job_key: str) -> None:
    st.session_state[CANCELLED_KEY] = job_key
    future: Future[Any] | None = st.session_state.pop(f"job_future_{job_key}", None)
    if future is not None:
        future.cancel()  # not started yet: it never runs


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
    future: Future[T] = _POOL.submit(work, *args)
    st.session_state[f"job_future_{job_key}"] = future
    slot = st.empty()
    with slot.container():
        bar = st.progress(0.0, text=f"{label}…")
        # one key per job: several jobs may run one after another in the same script run
        st.button("取消", key=f"job_cancel_{job_key}_{id(future)}", on_click=_cancel, args=(job_key,))
    started = time.monotonic()
    try:
        while not future.done():
            elapsed = time.monotonic() - started
            if elapsed > timeout:
                future.cancel()
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
        return future.result()
    finally:
        slot.empty()
        st.session_state.pop(f"job_future_{job_key}", None)
