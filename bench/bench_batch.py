"""Batch memory against the number of documents: `jixiao check DIR --jobs 2 --format jsonl`
as a process, its peak resident memory (the CLI process alone, and with its workers) sampled
from /proc every 50 ms.

    .venv/bin/python bench/bench_batch.py [--docs 2000 20000] [--jobs 2] [--seed 001.txt]

Goal: memory at the largest batch within 1.5× of the smallest (results are streamed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            found.extend(int(c) for c in text)
    except OSError:
        pass
    return found


def run_batch(folder: Path, jobs: int) -> tuple[float, float, float, int]:
    """(seconds, peak MB of the CLI process, peak MB with its workers, jsonl lines)."""
    script = Path(sys.executable).parent / "jixiao"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*command, "check", str(folder), "--jobs", str(jobs), "--format", "jsonl"],
            stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT,
        )
        main_peak = tree_peak = 0.0
        while proc.poll() is None:
            main = rss_mb(proc.pid)
            main_peak = max(main_peak, main)
            tree_peak = max(tree_peak, main + sum(rss_mb(c) for c in children(proc.pid)))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        out.seek(0)
        lines = sum(1 for _ in out)
    return seconds, main_peak, tree_peak, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", default="001.txt", help="the document copied (default the smallest seed)")
    args = parser.parse_args()
    seed = SEEDS / args.seed
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; documents: copies of {seed.name}")
    peaks: list[float] = []
    for docs in args.docs:
        tmp = Path(tempfile.mkdtemp(prefix="jixiao-batch-"))
        try:
            for n in range(docs):
                sub = tmp / f"{n // 1000:03d}"  # folders of 1,000 like a real archive
                sub.mkdir(exist_ok=True)
                shutil.copyfile(seed, sub / f"{n:06d}.txt")
            seconds, main_peak, tree_peak, lines = run_batch(tmp, args.jobs)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        peaks.append(main_peak)
        print(f"{docs:>7,} documents, jobs={args.jobs}: {seconds:7.1f} s ({docs / seconds:5.1f} docs/s)  "
              f"peak CLI process {main_peak:6.0f} MB  with workers {tree_peak:6.0f} MB  ({lines:,} jsonl lines)",
              flush=True)
    if len(peaks) > 1:
        ratio = peaks[-1] / peaks[0]
        mark = "✓" if ratio <= 1.5 else "✗"
        print(f"memory ratio {args.docs[-1]:,} / {args.docs[0]:,} documents: {ratio:.2f}×  (goal ≤ 1.5×) {mark}")


if __name__ == "__main__":
    main()
