"""The wheel, installed in a fresh venv outside the checkout, behaves like the checkout.

Runs scripts/wheel_smoke.py (build, install with dependencies from the registry, `check`,
`draft`, `kb build`, `kb search`, the app's health check; `check` and `draft` JSON compared
byte for byte with the checkout's). Slow (about a minute) and it downloads the dependencies,
so it runs when JIXIAO_WHEEL_TEST=1 (.ci/run sets it); it skips with the reason when the
registry is unreachable.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = 77


@pytest.mark.slow
def test_installed_wheel_matches_the_checkout() -> None:
    if os.environ.get("JIXIAO_WHEEL_TEST") != "1":
        pytest.skip("wheel install test runs in CI (.ci/run); set JIXIAO_WHEEL_TEST=1 to run it")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "wheel_smoke.py")],
        capture_output=True, text=True, timeout=900, check=False,
    )
    print(done.stdout)
    if done.returncode == SKIP:
        pytest.skip(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "check: wheel and checkout JSON identical" in done.stdout
    assert "draft: wheel and checkout JSON identical" in done.stdout
