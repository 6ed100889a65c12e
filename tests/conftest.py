"""Shared test fixtures: a free loopback port and a real `chroma run` server."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

# The user's data folder (`jixiao kb add` tables, app sessions; ~/.local/share/jixiao) must not
# change test results nor receive test data: every test process (and the subprocesses it
# starts) gets an empty one outside the checkout, removed at exit.
os.environ["JIXIAO_DATA_DIR"] = tempfile.mkdtemp(prefix="jixiao-test-data-")
atexit.register(shutil.rmtree, os.environ["JIXIAO_DATA_DIR"], True)
# Likewise the user's config file written by the app's 设置 tab (~/.config/jixiao/config.env):
# a saved LLM endpoint must not turn offline tests into LLM ones.
os.environ["JIXIAO_CONFIG"] = os.path.join(os.environ["JIXIAO_DATA_DIR"], "config.env")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chroma_run(tmp_path: Path):  # noqa: ANN202 - a generator of (port, process)
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        found = shutil.which("chroma")
        if not found:
            pytest.skip("chroma CLI not installed (needed for the server-mode test)")
        exe = Path(found)
    port = free_port()
    log = (tmp_path / "chroma.log").open("wb")
    proc = subprocess.Popen(
        [
            str(exe),
            "run",
            "--path",
            str(tmp_path / "srv"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
                with urllib.request.urlopen(url, timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()}")
            time.sleep(0.2)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture()
def chroma_server(tmp_path: Path):
    for port, _ in _chroma_run(tmp_path):
        yield port


@pytest.fixture()
def chroma_server_process(tmp_path: Path):
    """(port, process): for tests that stop the server themselves."""
    yield from _chroma_run(tmp_path)


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any outgoing connection (TCP or UDP connect) fails the test loudly."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(f"network blocked in test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts
