"""The per-document time and memory budget: interactive check, batch files and app uploads."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from assistant.budget import Budget, BudgetExceeded, within

SEED = Path(__file__).parent / "fixtures" / "seeds" / "001.txt"


def spin() -> None:
    while True:
        pass


def test_time_budget_in_main_thread() -> None:
    start = time.monotonic()
    with pytest.raises(BudgetExceeded) as caught, within(Budget(0.2, None), "测试文件"):
        spin()
    assert time.monotonic() - start < 2
    assert "测试文件处理超时（超过 0.2 秒）" in caught.value.message


def test_time_budget_in_other_thread_is_not_swallowed() -> None:
    messages: list[str] = []

    def work() -> None:
        try:
            with within(Budget(0.2, None)):
                try:
                    spin()
                except Exception:  # noqa: BLE001 - a reader's fallback must not hide the stop
                    messages.append("swallowed")
        except BudgetExceeded as exceeded:
            messages.append(exceeded.message)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert not thread.is_alive()
    assert messages and "超时" in messages[0]


def test_memory_budget() -> None:
    kept: list[bytearray] = []
    with pytest.raises(BudgetExceeded) as caught, within(Budget(None, 64)):
        while True:
            kept.append(bytearray(2**20))
            kept[-1][::4096] = b"x" * len(kept[-1][::4096])  # touch the pages: resident
    kept.clear()
    assert "内存超过 64 MB" in caught.value.message


def test_no_budget_and_finished_work() -> None:
    with within(None):
        pass
    with within(Budget(5, 4096)):
        time.sleep(0.01)
    time.sleep(0.1)  # nothing fires after the block


def test_env_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_DOC_SECONDS", "7")
    monkeypatch.setenv("JIXIAO_DOC_MEMORY_MB", "0")
    assert Budget.from_env() == Budget(7.0, None)
    assert Budget.from_env(3, 100) == Budget(3, 100)


def slow_read(*args: object, **kwargs: object) -> None:
    time.sleep(5)


def test_cli_check_over_budget(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    monkeypatch.setattr("assistant.commands.check_cmd.read_input", slow_read)
    start = time.monotonic()
    code = main(["check", str(SEED), "--timeout", "0.2"])
    assert time.monotonic() - start < 3
    assert code == 2
    assert "处理超时" in capsys.readouterr().err


def test_app_upload_over_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("streamlit")
    from assistant.ui.review_page import review_bytes

    monkeypatch.setenv("JIXIAO_DOC_SECONDS", "0.2")
    monkeypatch.setattr("assistant.parse.read_bytes", slow_read)
    result = review_bytes(SEED.read_bytes(), "001.txt")
    assert result.document is None and "处理超时" in result.error


def test_cli_parse_over_budget(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    monkeypatch.setenv("JIXIAO_DOC_SECONDS", "0.2")
    monkeypatch.setattr("assistant.commands.parse_cmd.read_input", slow_read)
    assert main(["parse", str(SEED)]) == 2
    assert "处理超时" in capsys.readouterr().err
