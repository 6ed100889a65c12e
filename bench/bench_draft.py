"""Offline draft latency with the knowledge base, as every face drafts (assistant.draft.drafter):
p50/p95/max over seed 000's eleven and seed 002's projects and the draft eval's cases, plus the
first draft of a fresh process (imports, taxonomy and the BM25 knowledge service set up).

Run: .venv/bin/python bench/bench_draft.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.draft.drafter import draft_project, knowledge_retriever  # noqa: E402
from assistant.draft.input import ProjectInput, project_from_json  # noqa: E402
from assistant.parse import read_path  # noqa: E402


def _projects() -> list[ProjectInput]:
    projects = [
        ProjectInput(name=t.project, purpose=t.purpose, budget_yuan=t.budget_total_yuan, year=t.year)
        for seed in ("000", "002")
        for t in read_path(ROOT / "tests" / "fixtures" / "seeds" / f"{seed}.txt").tables
    ]
    for path in sorted((ROOT / "evals" / "cases" / "draft").glob("*.json")):
        projects.append(project_from_json(json.loads(path.read_text(encoding="utf-8"))["input"]))
    return projects


def main() -> None:
    projects = _projects()
    start = time.perf_counter()
    draft_project(projects[0])  # cold: imports, taxonomy, knowledge service
    cold = (time.perf_counter() - start) * 1000
    times = []
    for project in projects:
        start = time.perf_counter()
        draft_project(project)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    kb = "with" if knowledge_retriever() is not None else "without"
    print(f"offline draft {kb} the knowledge base over {len(times)} projects: "
          f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms; "
          f"first draft in a fresh process {cold:.0f} ms")


if __name__ == "__main__":
    main()
