"""The eval report people read: results.json, report.md and report.html (with PNG charts).

The report is built once as a list of blocks (headings, paragraphs, tables, images) and rendered
twice, so the Markdown and the HTML always say the same thing. Weaknesses are listed, not
summarised away: every missed label with its cell text, the expected code and what was found.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from assistant.evals.render import Block, Table, render_html, render_markdown
from assistant.evals.report_draft import draft_blocks
from assistant.evals.report_draft import pct as _pct
from assistant.evals.suite import MetricDelta, compare, lower_is_better, metrics_of

MAX_LISTED = 400  # misses listed in full up to this many per kind


HEADLINE = ("rules.overall.", "rules.families.", "retrieval.overall.", "draft.summary.")


def _value(name: str, value: Any) -> str:
    if value is None:
        return "—"
    return str(int(value)) if lower_is_better(name) else f"{float(value):.3f}"


def _delta_rows(deltas: list[MetricDelta]) -> Table:
    rows = [
        [
            d.name,
            _value(d.name, d.baseline),
            _value(d.name, d.current),
            "" if not d.delta else f"{d.delta:+.4g}",
            "▼ 退步" if d.regression else "▲ 进步" if d.improved else "",
        ]
        for d in deltas
    ]
    marks = ["bad" if d.regression else "good" if d.improved else "" for d in deltas]
    return Table(["指标", "基线", "本次", "变化", ""], rows, marks)


def baseline_blocks(
    deltas: list[MetricDelta], tolerance: float, skipped: dict[str, str]
) -> list[Block]:
    """Regressions and changes first, then the headline metrics; the full list ends the report."""
    blocks: list[Block] = [("h2", "与基线对比")]
    bad = [d for d in deltas if d.regression]
    good = [d for d in deltas if d.improved]
    blocks.append(
        (
            "p",
            f"共 {len(deltas)} 项指标；退步 {len(bad)} 项、进步 {len(good)} 项"
            f"（比率下降超过 {tolerance} 或错误数增加即为退步）。全部指标见报告末尾。",
        )
    )
    if skipped:
        blocks.append(("p", "本次未运行：" + "；".join(f"{k}（{v}）" for k, v in skipped.items())))
    changed = bad + [
        d
        for d in deltas
        if not d.regression and (d.delta or d.baseline is None or d.current is None)
    ]
    headline = [d for d in deltas if d.name.startswith(HEADLINE) and d not in changed]
    blocks.append(("table", _delta_rows(changed + headline)))
    return blocks


def all_metrics_blocks(deltas: list[MetricDelta]) -> list[Block]:
    return [("h2", "全部指标（基线 / 本次）"), ("table", _delta_rows(deltas))]


def rules_blocks(rules: dict[str, Any]) -> list[Block]:
    o = rules["overall"]
    blocks: list[Block] = [
        ("h2", "规则评测"),
        (
            "p",
            f"标注文件：{', '.join(rules['cases'])}。总体 TP {o['tp']}、FP {o['fp']}、FN {o['fn']}；"
            f"精确率 {o['precision']:.3f}，召回率 {o['recall']:.3f}，F1 {o['f1']:.3f}。",
        ),
        ("img", "rules"),
    ]
    head = ["", "TP", "FP", "FN", "精确率", "召回率", "F1"]

    def row(name: str, s: dict[str, Any]) -> list[Any]:
        return [
            name,
            s["tp"],
            s["fp"],
            s["fn"],
            _pct(s["precision"]),
            _pct(s["recall"]),
            _pct(s["f1"]),
        ]

    families = [row(f"{k} 类", s) for k, s in rules["families"].items()] + [row("总体", o)]
    blocks += [("h3", "按规则族"), ("table", Table(["规则族", *head[1:]], families))]
    codes = list(rules["codes"].items())
    blocks += [
        ("h3", "按代码"),
        (
            "table",
            Table(
                ["代码", *head[1:]],
                [row(c, s) for c, s in codes],
                ["bad" if s["recall"] < 0.9 or s["precision"] < 0.9 else "" for _, s in codes],
            ),
        ),
    ]
    if rules["confusion"]:
        rows = [
            [
                code,
                "、".join(
                    f"{k}×{v}" if k != "—" else f"未报任何代码×{v}" for k, v in found.items()
                ),
            ]
            for code, found in rules["confusion"].items()
        ]
        blocks += [
            ("h3", "漏报时引擎在该行报了什么（代码混淆）"),
            ("table", Table(["标注代码", "同一行实际报出"], rows)),
        ]
    for kind, title in (("FN", "漏报：标注有、引擎没报"), ("FP", "误报：引擎报了、标注没有")):
        misses = [m for m in rules["misses"] if m["kind"] == kind]
        blocks.append(("h3", f"{title}（{len(misses)} 处）"))
        if not misses:
            blocks.append(("p", "无。"))
            continue
        rows = [
            [
                m["code"],
                Path(m["document"]).name,
                (m["project"] or "")[:28],
                "表级" if m["row"] is None and not m["row_name"] else m["row_name"],
                m["cell"],
                "、".join(m["expected"]) or "—",
                "、".join(m["found"]) or "—",
                m["detail"][:160],
            ]
            for m in sorted(misses, key=lambda m: (m["code"], m["document"]))[:MAX_LISTED]
        ]
        blocks.append(
            (
                "table",
                Table(["代码", "文件", "项目", "指标", "单元格", "标注", "引擎", "说明"], rows),
            )
        )
    if rules["misalignments"]:
        blocks += [
            ("h3", "对齐问题"),
            (
                "table",
                Table(
                    ["文件", "类别", "说明"],
                    [
                        [Path(m["document"]).name, m["kind"], m["detail"]]
                        for m in rules["misalignments"]
                    ],
                ),
            ),
        ]
    return blocks


def retrieval_blocks(retrieval: dict[str, Any]) -> list[Block]:
    overall = retrieval.get("overall", {})
    blocks: list[Block] = [
        ("h2", "检索评测"),
        (
            "p",
            f"模式 {retrieval.get('mode', '')}，{retrieval.get('cases', 0)} 个查询（表名+资金用途 → 同类项目的表，"
            f"排除自身）。总体 hit@1 {_pct(overall.get('hit1'))}、hit@5 {_pct(overall.get('hit5'))}、"
            f"MRR {_pct(overall.get('mrr'))}。",
        ),
        ("img", "retrieval"),
    ]
    per_type = retrieval.get("per_type", {})
    rows = [
        [t, s.get("cases"), _pct(s.get("hit1")), _pct(s.get("hit5")), _pct(s.get("mrr"))]
        for t, s in per_type.items()
    ]
    marks = ["bad" if (s.get("hit5") or 0) < 1 else "" for s in per_type.values()]
    blocks.append(("table", Table(["项目类型", "查询数", "hit@1", "hit@5", "MRR"], rows, marks)))
    missed = [m for m in retrieval.get("misses", []) if m.get("rank") is None]
    if missed:
        blocks += [
            ("h3", f"前5条中没有同类表的查询（{len(missed)} 个）"),
            (
                "table",
                Table(
                    ["表", "项目", "期望类型", "检索到"],
                    [
                        [
                            m["table_id"],
                            m.get("project", "")[:30],
                            m["expected"],
                            "，".join(m.get("got", [])),
                        ]
                        for m in missed
                    ],
                ),
            ),
        ]
    if retrieval.get("skipped"):
        blocks.append(("p", "知识库中没有其他同类表、未评测：" + "、".join(retrieval["skipped"])))
    return blocks


def build_blocks(
    results: dict[str, Any], deltas: list[MetricDelta] | None, tolerance: float
) -> list[Block]:
    blocks: list[Block] = [
        ("h1", "绩效目标助手评测报告"),
        (
            "p",
            f"运行部分：{', '.join(results.get('parts', []))}；用时（秒）："
            f"{json.dumps(results.get('seconds', {}), ensure_ascii=False)}",
        ),
    ]
    if deltas is not None:
        blocks += baseline_blocks(deltas, tolerance, results.get("skipped", {}))
    elif results.get("skipped"):
        blocks.append(
            ("p", "本次未运行：" + "；".join(f"{k}（{v}）" for k, v in results["skipped"].items()))
        )
    if results.get("rules"):
        blocks += rules_blocks(results["rules"])
    if results.get("retrieval"):
        blocks += retrieval_blocks(results["retrieval"])
    if results.get("draft"):
        blocks += draft_blocks(results["draft"])
    if deltas:
        blocks += all_metrics_blocks(deltas)
    return blocks


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def write_report(
    results: dict[str, Any],
    folder: str | Path,
    baseline: dict[str, Any] | None = None,
    tolerance: float = 0.02,
    charts: bool = True,
) -> dict[str, Path]:
    """Write results.json, report.md (PNGs by relative path) and report.html (PNGs embedded)."""
    from assistant.evals.charts import write_charts

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    deltas = None
    if baseline is not None:
        deltas = compare(baseline["metrics"], metrics_of(results), tolerance, results.get("parts"))
        results = {
            **results,
            "baseline": {
                "tolerance": tolerance,
                "regressions": [d.model_dump() for d in deltas if d.regression],
            },
        }
    pngs = write_charts(results, out / "charts") if charts else {}
    blocks = build_blocks(results, deltas, tolerance)
    paths = {
        "results": out / "results.json",
        "markdown": out / "report.md",
        "html": out / "report.html",
    }
    paths["results"].write_text(
        json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    relative = {name: f"charts/{p.name}" for name, p in pngs.items()}
    paths["markdown"].write_text(render_markdown(blocks, relative), encoding="utf-8")
    paths["html"].write_text(
        render_html(blocks, {n: _data_uri(p) for n, p in pngs.items()}), encoding="utf-8"
    )
    return {**paths, **{f"chart_{n}": p for n, p in pngs.items()}}


__all__ = ["build_blocks", "render_html", "render_markdown", "write_report"]
