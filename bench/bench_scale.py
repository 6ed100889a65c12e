"""Scale curve of `check` and `parse`: time per stage and peak memory against input size.

Inputs are built by repeating the seed tables (tests/fixtures/seeds/*.txt): 1, 4 and 16 × the
largest seed, and 1M and 4M characters of all seeds in turn. Each size runs in a fresh process
(after a warm-up on one seed), so its peak resident memory is its own. Stage times are CPU
seconds of that process (the wall clock is shown too; on a shared machine it varies with the
load). The slope is the log-log slope between the two largest sizes (1M → 4M characters): 1.0 is
linear, 2.0 quadratic.

    .venv/bin/python bench/bench_scale.py [--sizes 1x 4x 16x 1M 4M]

Goal: slope ≤ 1.2 for time and for memory from 1M to 4M characters.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))


def build_input(size: str) -> str:
    """'4x' → the largest seed 4 times; '1M' → seeds in turn up to a million characters."""
    texts = [p.read_text("utf-8") for p in SEEDS]
    if size.endswith("x"):
        largest = max(texts, key=len)
        return "\n".join([largest] * int(size[:-1]))
    target = int(float(size[:-1]) * {"k": 1e3, "M": 1e6}[size[-1]])
    out, total, n = [], 0, 0
    while total < target:
        out.append(texts[n % len(texts)])
        total += len(out[-1]) + 1
        n += 1
    return "\n".join(out)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    from assistant.budget import resident_mb

    return resident_mb()


def measure(path: str) -> dict[str, float]:
    """One size, in this process: read, check, JSON and text output, each timed."""
    from assistant.parse import read_path
    from assistant.parse.json_io import document_to_json
    from assistant.report import format_text
    from assistant.rules import check_report

    check_report(read_path(SEEDS[0]))  # rules, lexicons and the KB scorer loaded
    base = current_mb()
    times: dict[str, float] = {}
    clock = time.process_time  # CPU seconds: other work on a shared machine does not count
    wall = time.perf_counter()
    start = clock()
    document = read_path(path)
    times["read"] = clock() - start
    start = clock()
    result = check_report(document)
    times["check"] = clock() - start
    start = clock()
    json.dumps(document_to_json(document, result.findings), ensure_ascii=False, default=str)
    times["json"] = clock() - start
    start = clock()
    format_text(document, result.findings, path)
    times["text"] = clock() - start
    return {
        **times,
        "total": sum(times.values()),
        "wall": time.perf_counter() - wall,
        "peak_mb": peak_mb(),
        "above_start_mb": peak_mb() - base,
        "tables": len(document.tables),
        "findings": len(result.findings),
    }


def slope(x0: float, y0: float, x1: float, y1: float) -> float:
    return math.log(y1 / y0) / math.log(x1 / x0) if min(x0, y0, x1, y1) > 0 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1x", "4x", "16x", "1M", "4M"])
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure this file here
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    rows: dict[str, tuple[int, dict[str, float]]] = {}
    print(f"{'size':>5} {'chars':>10} {'tables':>6} {'findings':>8} {'read':>7} {'check':>7} "
          f"{'json':>6} {'text':>6} {'total':>7} {'wall':>7} {'peak MB':>8} {'+MB':>6}")
    with tempfile.TemporaryDirectory(prefix="jixiao-scale-") as tmp:
        for size in args.sizes:
            text = build_input(size)
            path = Path(tmp) / f"{size}.txt"
            path.write_text(text, encoding="utf-8")
            out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True,
                                 text=True, cwd=ROOT, check=True)
            m = json.loads(out.stdout.strip().splitlines()[-1])
            rows[size] = (len(text), m)
            print(f"{size:>5} {len(text):>10,} {m['tables']:>6.0f} {m['findings']:>8.0f} {m['read']:>6.2f}s "
                  f"{m['check']:>6.2f}s {m['json']:>5.2f}s {m['text']:>5.2f}s {m['total']:>6.2f}s {m['wall']:>6.2f}s "
                  f"{m['peak_mb']:>8.0f} {m['above_start_mb']:>6.0f}", flush=True)
    if "1M" in rows and "4M" in rows:
        (c0, a), (c1, b) = rows["1M"], rows["4M"]
        for label, key in (("time (total, CPU)", "total"), ("time read", "read"), ("time check", "check"),
                           ("time json", "json"), ("time (wall clock)", "wall"), ("memory (peak RSS)", "peak_mb"),
                           ("memory above start", "above_start_mb")):
            s = slope(c0, a[key], c1, b[key])
            goal = "  goal ≤ 1.2 " + ("✓" if s <= 1.2 else "✗") if key in ("total", "peak_mb") else ""
            print(f"slope 1M → 4M, {label:<20} {s:5.2f}{goal}")


if __name__ == "__main__":
    main()
