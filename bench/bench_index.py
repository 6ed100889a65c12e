"""Benchmark the knowledge index: build time (with a progress bar) and query latency.

Records are synthesised from the real seed indicator rows
(tests/fixtures/index_rows.json) by varying project names and numbers.

    .venv/bin/python bench/bench_index.py [--n 10000] [--queries 200]
    .venv/bin/python bench/bench_index.py --n 100000   # goals: build < 60 s, filtered and
                                                       # keyword queries < 20 ms p50

Besides the hybrid index's modes it times the keyword-only service (`KnowledgeService("bm25")`,
what `jixiao check` uses for R001) with and without a filter.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.knowledge import KbRecord  # noqa: E402
from assistant.knowledge.index import KnowledgeIndex  # noqa: E402

ROWS = json.loads((ROOT / "tests" / "fixtures" / "index_rows.json").read_text("utf-8"))
PLACES = ["官厅镇", "东花园镇", "高新区", "南海街道", "新城子村", "沙城镇", "桑园镇", "土木镇"]


def synth(n: int, seed: int = 7) -> list[KbRecord]:
    rnd = random.Random(seed)
    projects = sorted({r["project"].split("号")[-1] for r in ROWS})
    out: list[KbRecord] = []
    for i in range(n):
        r = ROWS[i % len(ROWS)]
        project = f"{2020 + i % 6}年{rnd.choice(PLACES)}{rnd.choice(projects)}（{i // len(ROWS)}）"
        value = r["value"]
        if any(ch.isdigit() for ch in value) and "%" not in value:
            value = "".join(str(rnd.randint(1, 9)) if ch.isdigit() else ch for ch in value)
        out.append(
            KbRecord(
                id=f"syn-{i:05d}",
                text=f"{r['name']}：{r['description']}（项目：{project}）",
                kind="indicator",
                metadata={
                    "project": project,
                    "project_type": r["project_type"],
                    "quality": r["quality"],
                    "level1": r["level1"],
                    "level2": r["level2"],
                    "value": value,
                },
            )
        )
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r索引 [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def keyword_only(records: list[KbRecord], queries: list[str], where: dict[str, str]) -> None:
    """The keyword-only service `check` uses: build time, then p50/p95 with and without filter."""
    from assistant.knowledge.service import KnowledgeService

    service = KnowledgeService("bm25", kb_records=records)
    t0 = time.perf_counter()
    service.search("预热", k=5)
    print(f"keyword-only service (check's mode) build: {time.perf_counter() - t0:.2f} s")
    for label, kw in [("keyword", {}), ("keyword+filter", {"where": where, "kinds": ["indicator"]})]:
        times = []
        for q in queries:
            t0 = time.perf_counter()
            service.search(q, k=5, **kw)
            times.append((time.perf_counter() - t0) * 1000)
        p50 = statistics.median(times)
        mark = "✓" if p50 < 20 else "✗"
        print(f"query {label:<14} p50 {p50:6.2f} ms   p95 {pct(times, 95):6.2f} ms   (n={len(times)})"
              f"  goal p50 < 20 ms {mark}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()

    records = synth(args.n)
    rnd = random.Random(1)
    queries = [
        rnd.choice(["", "社区", "村级", "年度"]) + rnd.choice(ROWS)["name"]
        for _ in range(args.queries)
    ]
    queries[0] = "网格员绩效工资发放人数"
    where = {"project_type": "补贴发放", "level2": "数量指标", "quality": "good"}

    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    try:
        ix = KnowledgeIndex(tmp / "chroma", settings=Settings(home=tmp / "home"))
        t0 = time.perf_counter()
        ix.build(records, progress=progress_bar)
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        reopened = KnowledgeIndex(tmp / "chroma", settings=Settings(home=tmp / "home"))
        rebuilt = reopened.ensure(records)
        ensure_s = time.perf_counter() - t0
        size_mb = sum(p.stat().st_size for p in (tmp / "chroma").rglob("*") if p.is_file()) / 1e6

        print(
            f"records: {len(records)}  embedding: {ix.embedding.name()} {ix.embedding.get_config()}"
        )
        print(f"build (embed + upsert): {build_s:.2f} s   on disk: {size_mb:.0f} MB"
              + ("   (goal < 60 s at 100k ✓)" if build_s < 60 else "   (goal < 60 s at 100k)"))
        print(
            f"ensure() on an unchanged index, fresh instance: {ensure_s * 1000:.0f} ms "
            f"(rebuilt={rebuilt})"
        )
        reopened.search("预热", k=5)  # first query builds BM25 in memory
        for label, kw in [
            ("hybrid", {}),
            ("hybrid+filter", {"where": where}),
            ("bm25", {"mode": "bm25"}),
            ("vector", {"mode": "vector"}),
        ]:
            times = []
            for q in queries:
                t0 = time.perf_counter()
                reopened.search(q, k=5, **kw)
                times.append((time.perf_counter() - t0) * 1000)
            print(
                f"query {label:<14} p50 {statistics.median(times):6.2f} ms   "
                f"p95 {pct(times, 95):6.2f} ms   (n={len(times)})"
            )
        filtered = []
        for q in queries:  # the filtered keyword mode of the index itself
            t0 = time.perf_counter()
            reopened.search(q, k=5, where=where, mode="bm25")
            filtered.append((time.perf_counter() - t0) * 1000)
        print(f"query {'bm25+filter':<14} p50 {statistics.median(filtered):6.2f} ms   "
              f"p95 {pct(filtered, 95):6.2f} ms   (n={len(filtered)})")
        keyword_only(records, queries, where)
        t0 = time.perf_counter()
        KnowledgeIndex(
            tmp / "chroma", settings=Settings(home=tmp / "home"), records=records
        ).lexical.top("x", 1)
        print(
            f"BM25 in-memory build for {len(records)} records: {(time.perf_counter() - t0):.2f} s"
        )
        top = reopened.search("网格员绩效工资发放人数", k=1)[0]
        print(f"top hit for 网格员绩效工资发放人数: {top.text[:40]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
