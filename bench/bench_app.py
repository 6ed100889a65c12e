"""Benchmark the review page: time to render the review of a 25-table document after upload.

The document is seed 002 (23 tables) plus 2 tables of seed 000, written as one .docx (the
common upload). Measured through AppTest (the real page code, no browser): the upload run
(read + check + render), then a rerun that picks an indicator (explanation shown). The
underlying review_bytes (read + check) is timed on its own too. Goal: ≤ 3 s for the upload run.

    .venv/bin/python bench/bench_app.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.export.docx_writer import write_docx  # noqa: E402
from assistant.parse import read_path  # noqa: E402
from assistant.ui.review_page import review_bytes  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
GOAL_S = 3.0


def document_bytes() -> bytes:
    tables = read_path(SEEDS / "002.txt").tables + read_path(SEEDS / "000.txt").tables[:2]
    assert len(tables) == 25, len(tables)
    return write_docx(tables)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("JIXIAO_HOME", tempfile.mkdtemp(prefix="jixiao-bench-"))
    for key in ("JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_MODEL"):
        os.environ.pop(key, None)
    from streamlit.testing.v1 import AppTest

    data = document_bytes()
    started = time.perf_counter()
    review_bytes(data, "bench.docx")  # warm the readers and rules (imports, lexicons)
    print(f"warm-up read+check: {time.perf_counter() - started:.2f} s")
    checks = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = review_bytes(data, "bench.docx")
        checks.append(time.perf_counter() - started)
    assert result.document is not None and len(result.document.tables) == 25
    print(
        f"read+check 25 tables ({len(result.findings)} findings): "
        f"median {statistics.median(checks):.2f} s"
    )

    uploads, picks = [], []
    for _ in range(args.repeat):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # index built here
        at.file_uploader(key="review_upload").upload("bench.docx", data)
        started = time.perf_counter()
        at.run()
        uploads.append(time.perf_counter() - started)
        assert not at.exception and at.metric[0].value == "25", [e.value for e in at.exception]
        started = time.perf_counter()
        at.selectbox(key="review_pick_f0").select_index(0).run()
        picks.append(time.perf_counter() - started)
    upload_s = statistics.median(uploads)
    print(
        f"review page after upload (read + check + render 25 tables): median {upload_s:.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in uploads)}) goal ≤ {GOAL_S:.0f} s "
        f"→ {'OK' if upload_s <= GOAL_S else 'SLOW'}"
    )
    print(f"pick an indicator (explanation): median {statistics.median(picks):.2f} s")


if __name__ == "__main__":
    main()
