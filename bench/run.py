"""The speed figures in one run (standard library timing only).

    .venv/bin/python bench/run.py [--skip-index] [--runs 5] [--docs 200]

- CLI start: `jixiao --version` as a process, median of --runs (goal ≤ 1.5 s)
- check throughput in-process: seed 002 checked repeatedly, indicators/s (goal ≥ 5,000/s)
- `jixiao check seed 002` as a process against `jixiao --version`: medians and their ratio,
  the two run in turn so drift hits both (goal ≤ 1.5×)
- parse time of each seed (in-process, median)
- retrieval p50 at 10,000 indexed indicators (bench/bench_index.py)
- offline draft p50 (when assistant.draft.offline exists)
- a batch of --docs documents with 1 and 2 jobs
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
JIXIAO = [sys.executable, "-m", "assistant"]
PROJECT = (
    "项目名称：网格化管理建设费用\n预算数：263.75万元\n"
    "资金用途：项目预算数263.75万元。其中：财政资金263.75万元。主要用于：1.网格化管理建设费用"
    "23.9万元，包括硬件的日常运维、软件的版本升级；2.网格员绩效工资239.85万元，"
    "119人*1680元/人/月*12个月=239.85万元。\n"
)


def _script() -> list[str]:
    """The installed console script when there is one (what users run), else -m."""
    script = Path(sys.executable).parent / "jixiao"
    return [str(script)] if script.exists() else JIXIAO


def _process_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
    return time.perf_counter() - start


def line(label: str, value: str, goal: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("  ✓" if ok else "  ✗ (below goal)")
    print(f"{label:<44} {value:>22}  {goal}{mark}")


def bench_cli(runs: int) -> None:
    jixiao = _script()
    version_cmd = [*jixiao, "--version"]
    check_cmd = [*jixiao, "check", str(SEEDS / "002.txt")]
    _process_seconds(version_cmd)  # warm the file cache
    _process_seconds(check_cmd)
    versions, checks, ratios = [], [], []
    for _ in range(runs):  # in turn, paired, so a drift in machine speed hits both
        v = _process_seconds(version_cmd)
        c = _process_seconds(check_cmd)
        versions.append(v)
        checks.append(c)
        ratios.append(c / v)
    v, c = statistics.median(versions), statistics.median(checks)
    line("CLI start (jixiao --version), median", f"{v:.3f} s", "goal ≤ 1.5 s", v <= 1.5)
    line("jixiao check 002 as a process, median", f"{c:.3f} s")
    ratio = statistics.median(ratios)
    line("  ratio check / --version (paired median)", f"{ratio:.1f}×", "goal ≤ 1.5×", ratio <= 1.5)


def bench_check(seconds: float) -> float:
    from assistant.parse import read_path
    from assistant.rules import check

    document = read_path(SEEDS / "002.txt")
    rows = sum(len(t.indicators) for t in document.tables)
    check(document)  # rules loaded, caches warm
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        check(document)
        done += 1
    elapsed = time.perf_counter() - start
    rate = rows * done / elapsed
    line(f"check throughput ({rows} indicators × {done})", f"{rate:,.0f} ind/s", "goal ≥ 5,000/s", rate >= 5000)
    return rate


def bench_parse(runs: int) -> None:
    from assistant.parse import read_path

    total = 0.0
    for seed in sorted(SEEDS.glob("*.txt")):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            document = read_path(seed)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        total += median
        rows = sum(len(t.indicators) for t in document.tables)
        line(f"parse {seed.name} ({len(document.tables)} tables, {rows} rows)", f"{median * 1000:.0f} ms")
    line("parse all seeds", f"{total * 1000:.0f} ms")


def bench_index(n: int) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_index.py"), "--n", str(n), "--queries", "100"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    if out.returncode != 0:
        line("retrieval", "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1][:60])
        return
    for text in out.stdout.splitlines():
        found = re.match(r"query (\S+)\s+p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms", text)
        if found:
            line(f"retrieval {found[1]} at {n:,} indicators, p50", f"{found[2]} ms", f"p95 {found[3]} ms")
        elif text.startswith("build"):
            built = re.search(r"([\d.]+) s\s+on disk: (\d+) MB", text)
            if built:
                line(f"index build at {n:,} indicators", f"{built[1]} s", f"{built[2]} MB on disk")


def bench_draft(runs: int) -> None:
    if importlib.util.find_spec("assistant.draft.offline") is None:
        line("offline draft", "not built yet")
        return
    from assistant.draft.input import project_from_text
    from assistant.draft.offline import draft_offline

    project = project_from_text(PROJECT, "bench.txt")
    draft_offline(project)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        draft_offline(project)
        times.append(time.perf_counter() - start)
    line("offline draft (no retriever), p50", f"{statistics.median(times) * 1000:.0f} ms")


def bench_batch(docs: int) -> None:
    from assistant.batch import check_many

    seeds = sorted(SEEDS.glob("*.txt"))
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-batch-"))
    try:
        for n in range(docs):
            seed = seeds[n % len(seeds)]
            shutil.copyfile(seed, tmp / f"{n:04d}-{seed.name}")
        for jobs in (1, 2):
            start = time.perf_counter()
            results = list(check_many([tmp], jobs=jobs))
            elapsed = time.perf_counter() - start
            rows = sum(len(t["indicators"]) for r in results for t in r.tables)
            line(f"batch of {len(results)} documents, jobs={jobs}", f"{elapsed:.1f} s",
                 f"{len(results) / elapsed:.1f} docs/s, {rows / elapsed:,.0f} ind/s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--index-n", type=int, default=10_000)
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--check-seconds", type=float, default=3.0)
    args = parser.parse_args()
    import os

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    bench_cli(args.runs)
    bench_check(args.check_seconds)
    bench_parse(args.runs)
    bench_draft(max(args.runs, 20))
    bench_batch(args.docs)
    if not args.skip_index:
        bench_index(args.index_n)


if __name__ == "__main__":
    main()
