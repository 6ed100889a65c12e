"""PDF reading cost: a generated PDF of N pages (one ruled project table per page, reportlab),
read with `read_bytes` in a fresh process: seconds, peak RSS, and tracemalloc's peak.

    .venv/bin/python bench/bench_pdf.py [--pages 200] [--rows 12]

Memory should not grow with the page count: pages are read one at a time and released, so
the figures for --pages 50 and --pages 200 should be close (the tracemalloc peak especially).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_pdf(pages: int, rows: int) -> bytes:
    from assistant.model import Indicator, Target, TargetTable
    from tests.layout_render import pdf_bytes

    kinds = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
             ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    tables = []
    for page in range(pages):
        indicators = [
            Indicator(level1=kinds[n * len(kinds) // rows][0], level2=kinds[n * len(kinds) // rows][1],
                      name=f"第{page + 1}项第{n + 1}个指标", target=Target(raw=f"≥{n + 1}个"))
            for n in range(rows)
        ]
        tables.append(TargetTable(project=f"测试项目{page + 1}", budget_total_yuan=Decimal(10000 + page),
                                  goals=["完成年度任务"], indicators=indicators))
    return pdf_bytes(tables, page_break=True)


def read(path: Path, traced: bool) -> None:
    """Child process: read once and print seconds, peak RSS (MB), tracemalloc peak (MB)."""
    from assistant.parse import read_bytes

    data = path.read_bytes()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    document = read_bytes(data, path.name)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6 if traced else 0.0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    indicators = sum(len(t.indicators) for t in document.tables)
    print(f"{seconds:.3f} {rss:.1f} {peak:.1f} {len(document.tables)} {indicators}")


def _child(path: Path, traced: bool) -> list[str]:
    args = [sys.executable, __file__, "--read", str(path)] + (["--traced"] if traced else [])
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rows", type=int, default=12)
    parser.add_argument("--read", type=Path)
    parser.add_argument("--traced", action="store_true")
    args = parser.parse_args()
    if args.read:
        read(args.read, args.traced)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.pdf"
        start = time.perf_counter()
        path.write_bytes(make_pdf(args.pages, args.rows))
        made = time.perf_counter() - start
        seconds, rss, _, tables, indicators = _child(path, traced=False)
        _, _, peak, _, _ = _child(path, traced=True)
        size = path.stat().st_size / 1e6
    print(f"PDF: {args.pages} pages, {size:.1f} MB, generated in {made:.1f} s")
    print(f"read: {float(seconds):.2f} s ({args.pages / float(seconds):.1f} pages/s), "
          f"{tables} tables, {indicators} indicators")
    print(f"peak RSS {float(rss):.0f} MB (whole process), tracemalloc peak {float(peak):.1f} MB")


if __name__ == "__main__":
    main()
