"""`jixiao eval [rules|retrieval|draft|all] [--report DIR] [--baseline FILE] [--llm]`.

Each eval kind is one entry in EVALS (name → runner); `eval all` runs every registered kind
whose code is present. A runner takes the parsed args and returns (text report, JSON-able
report); the JSON parts together are results.json (see assistant.evals.suite). With --report
the folder gets results.json, report.md and report.html with charts (plus <kind>.txt/.json).
The diff against a baseline uses --baseline FILE, or evals/baseline.json when the run uses the
standard cases; with an explicit --baseline the exit code is 1 when a metric regressed.
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.commands.common import print_json

Runner = Callable[[argparse.Namespace], tuple[str, dict[str, Any]]]
DEFAULT_BASELINE = Path("evals/baseline.json")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run_rules(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    from assistant.evals.rules_eval import evaluate_rules
    from assistant.evals.suite import rules_results

    _progress("规则评测：运行 check 并与标注比对…")
    codes = [c.strip().upper() for c in args.codes.split(",")] if args.codes else None
    report = evaluate_rules(args.cases or "evals/cases/rules", codes=codes)
    if args.cases:  # a folder of one's own: no dev set beside it
        return format_rules_report(report), rules_results(report)
    from assistant.evals.rules_devset import evaluate_devset_rules

    _progress("规则评测：开发集（只计读到的行）…")
    devset = evaluate_devset_rules(codes=codes)
    text = "\n\n".join([
        svb_headline(report, devset),
        format_rules_report(report),
        "== 开发集（evals/cases/parse/devset，按名称+指标值对齐，只计读到的行）==",
        format_rules_report(devset),
    ])
    return text, rules_results(report, devset)


def svb_headline(report: Any, devset: Any) -> str:
    """S/V/B precision and recall on the labelled cases and on the dev set, side by side."""
    lines = ["S/V/B（结构、指标值、预算）精确率/召回率："]
    for title, part in (("种子与语料", report), ("开发集", devset)):
        cells = [f"{f} {s.precision:.3f}/{s.recall:.3f}" for f, s in part.per_family.items() if f in "SVB"]
        svb = part.combined("SVB", "SVB")
        lines.append(f"  {title}：合计 {svb.precision:.3f}/{svb.recall:.3f}（{'，'.join(cells)}）")
    return "\n".join(lines)


def _run_retrieval(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    from assistant.evals.retrieval_eval import evaluate_retrieval, format_report

    _progress("检索评测：按查询检索知识库并计算 hit@k 与 MRR…")
    report = evaluate_retrieval(args.cases or None)
    return format_report(report), report.to_json()


def _run_draft(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    from assistant.evals.draft_eval import evaluate_drafts
    from assistant.evals.suite import llm_ready

    llm = bool(getattr(args, "llm", False))
    if llm and llm_ready():
        _progress(f"--llm 已忽略：{llm_ready()}")
        llm = False
    data = evaluate_drafts(args.cases or "evals/cases/draft", llm=llm, progress=_progress)
    return format_draft_report(data), data


def _run_parse(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    from assistant.evals.parse_eval import evaluate_parse, format_parse_report
    from assistant.evals.suite import repo_root

    _progress("读取评测：读取开发集与种子文档并与逐行标注比对…")
    data = evaluate_parse(repo_root(), Path(args.cases) if args.cases else None)
    return format_parse_report(data), data


EVALS: dict[str, Runner] = {
    "parse": _run_parse,
    "rules": _run_rules,
    "retrieval": _run_retrieval,
    "draft": _run_draft,
}


def format_rules_report(report: Any) -> str:
    """Per-code table, per-family and overall lines, then every miss and misalignment."""
    lines = [f"规则评测：{len(report.cases)} 个标注文件（{', '.join(report.cases)}）", ""]
    header = f"{'代码':<8}{'TP':>5}{'FP':>5}{'FN':>5}{'精确率':>9}{'召回率':>9}{'F1':>8}"
    lines.append(header)
    lines.append("-" * len(header))

    def row(stats: Any) -> str:
        return (
            f"{stats.code:<8}{stats.tp:>5}{stats.fp:>5}{stats.fn:>5}"
            f"{stats.precision:>10.3f}{stats.recall:>10.3f}{stats.f1:>9.3f}"
        )

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
            place = (
                f"行{m.row}“{m.row_name}”={m.cell}" if m.row is not None or m.row_name else "表级"
            )
            lines.append(
                f"  {m.code} {Path(m.document).name} 表{m.table} {m.project[:24]} {place}"
                f"  标注{m.expected} 引擎{m.found}"
            )
            if m.detail:
                lines.append(f"      {m.detail}")
    return "\n".join(lines)


def _acceptance_text(scored: dict[str, Any]) -> str:
    from assistant.evals.draft_checks import problems_text

    check = scored.get("acceptance")
    if not check:
        return ""
    return "  ✓" if check["passed"] else "  ✗ " + problems_text(check)


def format_draft_report(data: dict[str, Any]) -> str:
    s = data["summary"]
    lines = [
        f"草稿评测：{s['cases']} 个案例，类别覆盖 {s['category_coverage']:.3f}，必含事实 {s['facts_used']:.3f}"
        f"（在指标值中 {s['facts_in_values']:.3f}），错误 {s['errors']}，发现 {s['findings']}"
        f"（有参照表的案例：参照表 {s['reference_findings']} 条）",
        f"验收：通过 {s.get('passed', 0)}/{s['cases']}，事实在对应行 {s.get('row_facts', 1.0):.3f}，"
        f"禁用数字 {s.get('forbidden_found', 0)}，缺少领域指标 {s.get('missing_topics', 0)}，"
        f"发现不符 {s.get('unmet_findings', 0)}，误报B003 {s.get('false_b003', 0)}，"
        f"外行业行 {s.get('foreign_rows', 0)}，无来源数字 {s.get('unsourced_rows', 0)}，"
        f"类型不符 {s.get('type_mismatches', 0)}，目标残句 {s.get('fragment_goals', 0)}",
        "",
    ]
    header = f"{'案例':<28}{'覆盖':>6}{'事实':>7}{'值中':>7}{'错误':>5}{'发现':>5}{'参照':>5}  缺少"
    lines += [header, "-" * len(header)]
    for case in data["cases"]:
        o, ref = case["offline"], case.get("reference")
        ref_n = sum(ref["findings"].values()) if ref else "—"
        lines.append(
            f"{case['id']:<28}{o['category_coverage']:>7.2f}{o['facts_used']:>7.2f}"
            f"{o['facts_in_values']:>7.2f}{o['errors']:>5}{sum(o['findings'].values()):>5}{ref_n!s:>5}  "
            + "、".join(o["missing_facts"] + o["missing_categories"])
            + _acceptance_text(o)
        )
    if data.get("llm_summary"):
        ls = data["llm_summary"]
        lines += [
            "",
            f"大模型草稿：模型 {ls.get('model') or '—'}，提示词 {ls.get('prompt_version') or '—'}，"
            f"调用 {ls['calls']} 次，平均每稿 {ls['chars_per_draft']:.0f} 字符，回退 {ls['fallbacks']} 次，"
            f"类别覆盖 {ls['category_coverage']:.3f}，必含事实 {ls['facts_used']:.3f}，错误 {ls['errors']}",
        ]
    return "\n".join(lines)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "eval", help="在标注样例上评测（读取、规则、检索、草稿），可生成报告并与基线对比"
    )
    parser.add_argument(
        "kind",
        nargs="?",
        default="rules",
        choices=[*EVALS, "all"],
        help="评测类别，默认 rules；all 运行全部",
    )
    parser.add_argument("--cases", help="标注目录（默认 evals/cases/<类别>）")
    parser.add_argument("--codes", help="只评测这些代码，逗号分隔，如 B001,B002（rules）")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--report", help="把报告写入该目录：results.json、report.md、report.html 和图表"
    )
    parser.add_argument(
        "--baseline", help="与该基线文件对比（默认 evals/baseline.json）；有退步时退出码为 1"
    )
    parser.add_argument(
        "--llm", action="store_true", help="草稿评测同时运行大模型草稿（需已配置大模型）"
    )
    parser.add_argument(
        "--tolerance", type=float, default=0.02, help="比率允许下降的幅度，默认 0.02"
    )
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help="与 all 一起使用：用本次结果重写 evals/baseline.json（仅在有意改变指标时，随改动提交）",
    )


def _available(kind: str) -> str | None:
    from assistant.evals.suite import draft_available, retrieval_available

    return {"retrieval": retrieval_available, "draft": draft_available}.get(kind, lambda: None)()


def _baseline(args: argparse.Namespace) -> dict[str, Any] | None:
    from assistant.evals.suite import load_baseline

    if args.baseline:
        return load_baseline(args.baseline)
    if not args.cases and not args.codes and DEFAULT_BASELINE.exists():
        return load_baseline(DEFAULT_BASELINE)
    return None


def run(args: argparse.Namespace) -> int:
    from assistant.evals.suite import VERSION, compare, metrics_of

    kinds = list(EVALS) if args.kind == "all" else [args.kind]
    results: dict[str, Any] = {"version": VERSION, "parts": [], "skipped": {}}
    texts: list[str] = []
    for kind in kinds:
        reason = _available(kind)
        if reason:
            results["skipped"][kind] = reason
            _progress(f"跳过 {kind}：{reason}")
            continue
        started = time.perf_counter()
        text, data = EVALS[kind](args)
        results.setdefault("seconds", {})[kind] = round(time.perf_counter() - started, 2)
        results[kind] = data
        results["parts"].append(kind)
        texts.append(text)
        if args.report:
            folder = Path(args.report)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{kind}.txt").write_text(text + "\n", encoding="utf-8")
            (folder / f"{kind}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
            )
    baseline = _baseline(args)
    if getattr(args, "update_baseline", False) and args.kind == "all" and not args.cases:
        from assistant.evals.suite import baseline_from

        DEFAULT_BASELINE.write_text(
            json.dumps(baseline_from(results), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        _progress(f"基线已更新：{DEFAULT_BASELINE}")
    regressed = []
    if baseline is not None:
        deltas = compare(baseline["metrics"], metrics_of(results), args.tolerance, results["parts"])
        regressed = [d for d in deltas if d.regression]
        texts.append(
            f"与基线对比：{len(deltas)} 项指标，退步 {len(regressed)} 项"
            + "".join(
                f"\n  ▼ {d.name}：{d.baseline} → {d.current}（{d.delta:+.4f}）" for d in regressed
            )
        )
    if args.report:
        from assistant.evals.report import write_report

        _progress("生成报告与图表…")
        paths = write_report(results, args.report, baseline, args.tolerance)
        _progress("报告已写入：" + "、".join(str(p) for p in paths.values()))
    if args.format == "text":
        print("\n\n".join(texts))
    else:
        payload = results if len(kinds) > 1 else results.get(kinds[0], results)
        if (
            kinds == ["rules"] and "codes" in payload
        ):  # aliases kept for older readers of `eval rules`
            payload = {"per_code": payload["codes"], "per_family": payload["families"], **payload}
        print_json(payload)
    return 1 if regressed and args.baseline else 0
