"""`jixiao eval rules [--cases DIR] [--format text|json]`: score the rules on labelled cases.

Each eval kind is one entry in EVALS (name → runner); `eval all` runs every registered kind.
A runner takes the parsed args and returns (text report, JSON-able report).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.commands.common import print_json

Runner = Callable[[argparse.Namespace], tuple[str, dict[str, Any]]]


def _run_rules(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    from assistant.evals.rules_eval import evaluate_rules

    report = evaluate_rules(args.cases or "evals/cases/rules",
                            codes=[c.strip().upper() for c in args.codes.split(",")] if args.codes else None)
    return format_rules_report(report), report.to_json()


EVALS: dict[str, Runner] = {"rules": _run_rules}


def format_rules_report(report: Any) -> str:
    """Per-code table, per-family and overall lines, then every miss and misalignment."""
    lines = [f"规则评测：{len(report.cases)} 个标注文件（{', '.join(report.cases)}）", ""]
    header = f"{'代码':<8}{'TP':>5}{'FP':>5}{'FN':>5}{'精确率':>9}{'召回率':>9}{'F1':>8}"
    lines.append(header)
    lines.append("-" * len(header))

    def row(stats: Any) -> str:
        return (f"{stats.code:<8}{stats.tp:>5}{stats.fp:>5}{stats.fn:>5}"
                f"{stats.precision:>10.3f}{stats.recall:>10.3f}{stats.f1:>9.3f}")

    lines.extend(row(stats) for _, stats in sorted(report.per_code.items()))
    lines.append("-" * len(header))
    lines.extend(row(stats) for stats in report.per_family.values())
    lines.append(row(report.overall))
    if report.misalignments:
        lines += ["", "对齐问题："]
        lines.extend(f"  [{m.kind}] {m.document}：{m.detail}" for m in report.misalignments)
    for kind, title in (("FP", "误报（引擎报了、标注没有）"), ("FN", "漏报（标注有、引擎没报）")):
        misses = [m for m in report.misses if m.kind == kind]
        if not misses:
            continue
        lines += ["", f"{title}：{len(misses)} 处"]
        for m in sorted(misses, key=lambda m: (m.code, m.document, m.table or 0, m.row or -1)):
            place = f"行{m.row}“{m.row_name}”={m.cell}" if m.row is not None or m.row_name else "表级"
            lines.append(f"  {m.code} {Path(m.document).name} 表{m.table} {m.project[:24]} {place}"
                         f"  标注{m.expected} 引擎{m.found}")
            if m.detail:
                lines.append(f"      {m.detail}")
    return "\n".join(lines)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("eval", help="在标注样例上评测（rules：规则的精确率与召回率）")
    parser.add_argument("kind", nargs="?", default="rules", choices=[*EVALS, "all"],
                        help="评测类别，默认 rules；all 运行全部")
    parser.add_argument("--cases", help="标注目录（默认 evals/cases/<类别>）")
    parser.add_argument("--codes", help="只评测这些代码，逗号分隔，如 B001,B002")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--report", help="把报告写入该目录（<类别>.txt 与 <类别>.json）")


def run(args: argparse.Namespace) -> int:
    kinds = list(EVALS) if args.kind == "all" else [args.kind]
    results: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        text, data = EVALS[kind](args)
        results[kind] = data
        if args.report:
            folder = Path(args.report)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{kind}.txt").write_text(text + "\n", encoding="utf-8")
            (folder / f"{kind}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        if args.format == "text":
            print(text)
    if args.format == "json":
        print_json(results if len(kinds) > 1 else results[kinds[0]])
    return 0
