"""A time and memory budget for reading and checking one document.

`with within(Budget(seconds=120, memory_mb=2048), "文件名"):` stops the work inside it with
`BudgetExceeded` (a Chinese `message`) once it runs longer than `seconds` or the process grows
by more than `memory_mb` above what it used on entry. The CLI, batch workers and app uploads
wrap every document in it, so no input can keep them busy without bound.

How it stops the work: in a process's main thread an interval timer (SIGALRM) checks the budget
and raises in the handler, which also interrupts sleeps and blocking reads; in any other thread
(Streamlit runs pages off the main thread) a watchdog thread raises the exception in the worker
thread asynchronously, at its next Python instruction. `BudgetExceeded` derives from
BaseException so that a reader's `except Exception` fallback cannot swallow it.

Memory is the resident size (/proc/self/statm) sampled every `POLL` seconds: a spike between
two samples can pass unseen, and in the app it also counts what other sessions allocate at the
same time. The defaults come from JIXIAO_DOC_SECONDS and JIXIAO_DOC_MEMORY_MB.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

POLL = 0.05  # seconds between two looks at the clock and the resident size
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 2048.0


class BudgetExceeded(BaseException):  # noqa: N818 - reads as what happened
    """The document ran past its time or memory budget; `message` is for the user."""

    def __init__(self, message: str = "处理超出资源上限") -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Budget:
    seconds: float | None = DEFAULT_SECONDS
    memory_mb: float | None = DEFAULT_MEMORY_MB

    @classmethod
    def from_env(cls, seconds: float | None = None, memory_mb: float | None = None) -> Budget:
        """Explicit values first, then JIXIAO_DOC_SECONDS / JIXIAO_DOC_MEMORY_MB, then defaults.
        0 means no limit."""
        return cls(
            _setting(seconds, "JIXIAO_DOC_SECONDS", DEFAULT_SECONDS),
            _setting(memory_mb, "JIXIAO_DOC_MEMORY_MB", DEFAULT_MEMORY_MB),
        )


def _setting(value: float | None, variable: str, default: float) -> float | None:
    if value is None:
        try:
            value = float(os.environ.get(variable, "") or default)
        except ValueError:
            value = default
    return value if value > 0 else None


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_mb() -> float:
    """The process's resident size now (Linux); elsewhere its peak so far."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Watch:
    def __init__(self, budget: Budget, what: str) -> None:
        self.budget = budget
        self.what = what
        self.start = time.monotonic()
        self.base = resident_mb()
        self.message = ""

    def over(self) -> str:
        """The Chinese reason when the budget is spent, else ""."""
        seconds, memory = self.budget.seconds, self.budget.memory_mb
        if seconds is not None and time.monotonic() - self.start > seconds:
            return (f"{self.what}处理超时（超过 {seconds:g} 秒），已停止；"
                    "请拆分文件后分批审核，或调高 JIXIAO_DOC_SECONDS")
        if memory is not None and resident_mb() - self.base > memory:
            return (f"{self.what}处理占用内存超过 {memory:g} MB，已停止；"
                    "请拆分文件后分批审核，或调高 JIXIAO_DOC_MEMORY_MB")
        return ""


@contextlib.contextmanager
def within(budget: Budget | None, what: str = "该文件") -> Iterator[None]:
    """Run the block under the budget (see the module docstring); no budget, no watch."""
    if budget is None or (budget.seconds is None and budget.memory_mb is None):
        yield
        return
    watch = _Watch(budget, what)
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _by_signal(watch):
            yield
    else:
        with _by_watchdog(watch):
            yield


@contextlib.contextmanager
def _by_signal(watch: _Watch) -> Iterator[None]:
    def tick(signum: int, frame: object) -> None:
        reason = watch.over()
        if reason:
            signal.setitimer(signal.ITIMER_REAL, 0)
            raise BudgetExceeded(reason)

    previous = signal.signal(signal.SIGALRM, tick)
    first = min(POLL, watch.budget.seconds or POLL)
    signal.setitimer(signal.ITIMER_REAL, first, POLL)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _by_watchdog(watch: _Watch) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()
    fired: list[str] = []

    def watchdog() -> None:
        while not done.wait(min(POLL, watch.budget.seconds or POLL)):
            reason = watch.over()
            if not reason:
                continue
            with lock:
                if done.is_set():
                    return
                if not fired:
                    fired.append(reason)
                exc = type("BudgetExceededNow", (BudgetExceeded,), {"__init__": _fixed(reason)})
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(exc))
            if done.wait(0.5):  # a bare `except:` may have swallowed it: raise again
                return

    thread = threading.Thread(target=watchdog, name="jixiao-budget", daemon=True)
    thread.start()
    try:
        yield
    except BudgetExceeded as exc:
        raise BudgetExceeded(fired[0] if fired else exc.message) from None
    finally:
        with lock:
            done.set()
            if fired:  # set but not yet delivered: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        thread.join()


def _fixed(reason: str):  # noqa: ANN202 - an __init__ for the asynchronously raised class
    def init(self: BudgetExceeded, *args: object) -> None:
        BudgetExceeded.__init__(self, reason)

    return init
