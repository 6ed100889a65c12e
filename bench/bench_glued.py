"""Glued text (document-sharing sites, OCR): parse time and peak memory against the number of rows.

A self-evaluation form glued without separators is the costliest text to read: every row's tail
is assigned to the header's columns by a search over the ways its digit runs can be cut. The
input is two forms written here (a flat one with a 计量单位 column, a scored levelled one), each
one run of N/2 rows; each size runs in a fresh process. The slope is the log-log
slope of CPU time between the two largest sizes: 1.0 is linear.

    .venv/bin/python bench/bench_glued.py [--rows 250 1000 4000]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLAT_HEAD = (
    "某县林业局2024年度部门整体绩效自评表部门名称某县林业局年初预算数全年预算数全年执行数执行率"
    "绩效指标指标名称计量单位指标性质年初指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"
)
FLAT_ROWS = (
    "巡山护林天数天定量指标365天360天100%1010是",
    "森林火灾受害率‰定量指标0.9‰0.5‰100%55否",
    "科普讲座场次场定量指标到0场46场100%55否",
    "信息公开及时性性标定指好好100%55否",
)
SCORED_HEAD = (
    "项目支出绩效自评表项目名称职业技能培训补贴主管部门某市人社局年度资金总额50"
    "绩效指标一级指标二级指标三级指标分值年度指标值实际完成值得分偏差原因分析及改进措施"
)
SCORED_ROWS = (
    "产出指标(50分)数量指标指标1:培训人次10500人次520人次10",
    "质量指标指标1:考核合格率1095%96%10",
    "时效指标指标1:培训完成时间102024年10月2024年10月10",
    "效益指标(30分)社会效益指标指标1:结业后就业率30≥60%65%30",
)


def build(rows: int, form: str = "flat") -> str:
    """One glued form holding `rows` rows: the costliest case, a single run with no breaks."""
    head, body = (FLAT_HEAD, FLAT_ROWS) if form == "flat" else (SCORED_HEAD, SCORED_ROWS)
    return head + "".join(body[i % len(body)] for i in range(rows))


def child(rows: int) -> None:
    import resource
    import time

    from assistant.parse import read_text

    read_text(build(40))  # warm-up: imports and caches
    texts = [build(rows // 2, "flat"), build(rows - rows // 2, "scored")]
    start_cpu, start = time.process_time(), time.perf_counter()
    documents = [read_text(text) for text in texts]
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start
    read = sum(len(t.indicators) for document in documents for t in document.tables)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "read": read, "cpu_s": cpu, "wall_s": wall, "peak_mb": peak_mb}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[250, 1000, 4000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    results = []
    for rows in args.rows:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(rows)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(
            f"{rows:>6} rows: read {result['read']:>6}, {result['cpu_s']:.2f} s CPU "
            f"({1000 * result['cpu_s'] / rows:.2f} ms/row), wall {result['wall_s']:.2f} s, "
            f"peak {result['peak_mb']:.0f} MB"
        )
    if len(results) >= 2:
        a, b = results[-2], results[-1]
        slope = math.log(b["cpu_s"] / a["cpu_s"]) / math.log(b["rows"] / a["rows"])
        print(f"slope (CPU time, {a['rows']} → {b['rows']} rows): {slope:.2f}  (1.0 is linear)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
