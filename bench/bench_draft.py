"""Offline draft latency: p50/p90/max over seed 000's eleven and seed 002's projects.

Run: .venv/bin/python bench/bench_draft.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.draft.input import ProjectInput  # noqa: E402
from assistant.draft.offline import draft_offline  # noqa: E402
from assistant.parse import read_path  # noqa: E402


def main() -> None:
    projects = [
        ProjectInput(name=t.project, purpose=t.purpose, budget_yuan=t.budget_total_yuan, year=t.year)
        for seed in ("000", "002")
        for t in read_path(ROOT / "tests" / "fixtures" / "seeds" / f"{seed}.txt").tables
    ]
    draft_offline(projects[0])  # warm-up: imports, taxonomy load
    times = []
    for project in projects:
        start = time.perf_counter()
        draft_offline(project)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"offline draft over {len(times)} projects: p50 {statistics.median(times):.1f} ms, "
          f"p90 {p90:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
