"""Workbook reading cost: a generated .xlsx of N indicator rows (openpyxl; 一级 merged over its
runs, percent-formatted values, numbers stored as numbers), read with `read_bytes`:
median seconds over --runs, tracemalloc's peak (Python objects only: calamine's Rust buffers are
not traced) and the process's peak RSS.

    .venv/bin/python bench/bench_xlsx.py [--rows 5000] [--tables 1] [--runs 3]

With --tables K the rows are split over K projects on the same sheet.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
         ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]


def make_xlsx(rows: int, tables: int) -> bytes:
    from assistant.model import Indicator, Target, TargetTable
    from tests.layout_render import xlsx_bytes

    per_table = max(rows // tables, 1)
    built = []
    for t in range(tables):
        indicators = [
            Indicator(level1=KINDS[n * len(KINDS) // per_table][0], level2=KINDS[n * len(KINDS) // per_table][1],
                      name=f"第{t + 1}表第{n + 1}个指标",
                      target=Target(raw=f"{90 + n % 10}%" if n % 2 else f"{n + 1}"))
            for n in range(per_table)
        ]
        built.append(TargetTable(project=f"测试项目{t + 1}", budget_total_yuan=Decimal(10000 + t),
                                 goals=["完成年度任务"], indicators=indicators))
    return xlsx_bytes(built)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--tables", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from assistant.parse import read_bytes

    data = make_xlsx(args.rows, args.tables)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    document = None
    for _ in range(args.runs):
        start = time.perf_counter()
        document = read_bytes(data, "bench.xlsx")
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    read_bytes(data, "bench.xlsx")
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert document is not None
    indicators = sum(len(t.indicators) for t in document.tables)
    print(f"workbook: {len(data) / 1024:.0f} KB, {args.rows} indicator rows in {args.tables} table(s); "
          f"read {indicators} indicators in {len(document.tables)} table(s)")
    print(f"read_bytes median: {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f} s)")
    print(f"tracemalloc peak: {traced_peak / 1e6:.1f} MB; "
          f"peak RSS {rss_after / 1024:.0f} MB (+{(rss_after - rss_before) / 1024:.0f} MB while reading)")


if __name__ == "__main__":
    main()
