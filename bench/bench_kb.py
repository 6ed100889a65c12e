"""Benchmark the knowledge base: build time (curated tables → records → vector index) and query
latency of the KnowledgeService at 10,000 indexed indicators.

    .venv/bin/python bench/bench_kb.py [--n 10000] [--queries 200]

The 10k indicators are the real KB records plus rows synthesised from the seeds
(bench/bench_index.py's synthesis), so filters on project_type / level2 / quality stay realistic.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_index import pct, synth  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.knowledge import kb  # noqa: E402
from assistant.knowledge.service import KnowledgeService  # noqa: E402


def timed(label: str, fn):  # noqa: ANN001, ANN201 - tiny helper
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:<52} {time.perf_counter() - t0:7.2f} s")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()

    from assistant.knowledge.build_kb import build

    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-kb-"))
    try:
        tables = timed("build_kb (parse seeds+corpus, run rules, write JSON)",
                       lambda: build(tmp / "tables"))
        records = timed("load JSON → KbRecords", lambda: kb.records(str(tmp / "tables")))
        print(f"  {len(tables)} tables, {len(records)} records")
        settings = Settings(home=tmp / "home")
        service = KnowledgeService("hybrid", path=tmp / "chroma", settings=settings, kb_records=records)
        timed("vector index of the KB (embed + upsert)", lambda: service.index())

        indicators = sum(r.kind == "indicator" for r in records)
        extra = synth(max(0, args.n - indicators))
        big = records + extra
        print(f"records for the 10k run: {len(big)} ({indicators} KB indicators + {len(extra)} synthesised)")
        big_service = KnowledgeService("hybrid", path=tmp / "chroma10k", settings=settings,
                                       kb_records=big)
        timed(f"vector index at {len(big)} records", lambda: big_service.index())
        lite = KnowledgeService("bm25", kb_records=big)
        timed("pure-Python BM25 (rules' fast path) build", lambda: lite.lexical)

        rnd = random.Random(3)
        names = [r.text.split("：")[0].split("（")[0] for r in records if r.kind == "indicator"]
        queries = [rnd.choice(names) for _ in range(args.queries)]
        types = [t["id"] for t in kb.load_taxonomy()["types"]]
        for label, svc, kw in [
            ("hybrid search", big_service, {}),
            ("hybrid similar_indicators(type, level2)", big_service, {"filtered": True}),
            ("bm25 (pure Python) search", lite, {}),
            ("classify (tables vote + keywords)", lite, {"classify": True}),
        ]:
            svc.search("预热", k=5)
            times = []
            for q in queries:
                t0 = time.perf_counter()
                if kw.get("filtered"):
                    svc.similar_indicators(q, project_type=rnd.choice(types), level2="数量指标")
                elif kw.get("classify"):
                    svc.classify(q, "")
                else:
                    svc.search(q, k=5)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"query {label:<44} p50 {statistics.median(times):7.2f} ms   "
                  f"p95 {pct(times, 95):7.2f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
