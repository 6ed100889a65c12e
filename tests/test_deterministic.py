"""The same input gives byte-identical findings and messages whatever PYTHONHASHSEED is: set
and dict orders must never reach a message (R001 once listed project types in set order)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _check(path: Path, seed: str, fmt: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "check", str(path), "--format", fmt, "--timeout", "0"],
        cwd=ROOT, env=env, capture_output=True, timeout=300, check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    return done.stdout


def test_check_is_identical_under_different_hash_seeds() -> None:
    # seed 002 carries R001 findings whose messages name the foreign project types
    seed = ROOT / "tests" / "fixtures" / "seeds" / "002.txt"
    first, second = _check(seed, "1", "json"), _check(seed, "4242", "json")
    assert b'"R001"' in first
    assert first == second
    assert _check(seed, "1", "text") == _check(seed, "4242", "text")
