"""The whole evals suite in-process: run the parts, flatten their metrics, compare with a baseline.

`run_suite()` returns results.json's content (stable keys, version 1):
    {"version": 1, "parts": [...], "skipped": {part: reason},
     "rules": {"overall", "families", "codes", "confusion", "misses", "misalignments", "cases"},
     "retrieval": {...the retrieval eval's own JSON...},
     "draft": {"cases": [...], "summary": {...}, "llm_summary"?: {...}}}
`metrics_of(results)` flattens the scores into {"rules.overall.f1": 0.97, ...}; `compare()` sets
them against a baseline's and marks regressions (a rate down by more than the tolerance, an
error count up at all). evals/baseline.json is {"version": 1, "parts": [...], "metrics": {...}}.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

PARTS = ("parse", "rules", "retrieval", "draft")
VERSION = 1
TOLERANCE = 0.02
Progress = Callable[[str], None]
# metric name endings where lower is better (counts of problems)
LOWER_IS_BETTER = ("errors", "findings", "row_findings", "forbidden_found", "missing_topics",
                   "unmet_findings", "false_b003", "foreign_rows", "unsourced_rows", "fragment_goals")
_RATE_WORDS = (
    "precision",
    "recall",
    "f1",
    "hit",
    "mrr",
    "accuracy",
    "coverage",
    "facts_used",
    "facts_in_values",
    "clean_share",
)


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the parts ---------------------------------------------------------------------------


def rules_results(report: Any, devset: Any = None) -> dict[str, Any]:
    """The rules report in results.json's shape, with the confusion of codes; `devset` (the
    dev-set RulesReport, scored on the rows that are read) is kept apart under "devset"."""
    data = report.to_json()
    confusion: dict[str, Counter[str]] = {}
    for miss in report.misses:
        if miss.kind != "FN":
            continue
        instead = [c for c in miss.found if c != miss.code] or ["—"]
        confusion.setdefault(miss.code, Counter()).update(instead)
    return {
        "cases": data["cases"],
        "overall": data["overall"],
        "families": data["per_family"],
        "codes": data["per_code"],
        "confusion": {code: dict(sorted(c.items())) for code, c in sorted(confusion.items())},
        "misses": data["misses"],
        "misalignments": data["misalignments"],
        "svb": report.combined("SVB", "SVB").summary(),
        **({"devset": devset_results(devset)} if devset is not None else {}),
    }


def devset_results(report: Any) -> dict[str, Any]:
    data = report.to_json()
    return {
        "cases": data["cases"],
        "overall": data["overall"],
        "svb": report.combined("SVB", "SVB").summary(),
        "families": data["per_family"],
        "codes": data["per_code"],
        "misses": data["misses"],
        "misalignments": data["misalignments"],
    }


def run_rules(root: Path, progress: Progress | None = None) -> dict[str, Any]:
    from assistant.evals.rules_eval import evaluate_rules

    if progress:
        progress("规则评测：运行 check 并与标注比对…")
    from assistant.evals.rules_devset import evaluate_devset_rules

    return rules_results(evaluate_rules(root / "evals" / "cases" / "rules", root=root),
                         evaluate_devset_rules(root=root))


def retrieval_available() -> str | None:
    """None when the retrieval eval can run, else the reason it cannot."""
    try:
        import assistant.evals.retrieval_eval  # noqa: F401
    except ImportError as exc:
        return f"检索评测模块不可用（{exc}）"
    return None


def run_retrieval(root: Path, progress: Progress | None = None) -> dict[str, Any]:
    from assistant.evals import retrieval_eval

    if progress:
        progress("检索评测：按查询检索知识库并计算 hit@k 与 MRR…")
    return retrieval_eval.evaluate_retrieval(
        root / "evals" / "cases" / "retrieval" / "cases.json"
    ).to_json()


def draft_available() -> str | None:
    try:
        import assistant.draft.input  # noqa: F401
        import assistant.draft.offline  # noqa: F401
    except ImportError as exc:
        return f"离线草稿模块不可用（{exc}）"
    return None


def run_draft(root: Path, progress: Progress | None = None, llm: bool = False) -> dict[str, Any]:
    from assistant.evals.draft_eval import evaluate_drafts

    return evaluate_drafts(
        root / "evals" / "cases" / "draft", llm=llm, progress=progress, root=root
    )


def llm_ready() -> str | None:
    from assistant.config import get_settings

    return (
        None
        if get_settings().llm_configured
        else "未配置大模型（JIXIAO_LLM_BASE_URL / JIXIAO_LLM_MODEL）"
    )


def run_suite(
    parts: Iterable[str] = PARTS,
    *,
    llm: bool = False,
    progress: Progress | None = None,
    root: str | Path | None = None,
) -> dict[str, Any]:
    """Run the chosen parts; a part whose code is missing is skipped with the reason."""
    base = Path(root) if root is not None else repo_root()
    results: dict[str, Any] = {"version": VERSION, "parts": [], "skipped": {}}
    for part in parts:
        started = time.perf_counter()
        if part == "parse":
            from assistant.evals.parse_eval import evaluate_parse

            if progress:
                progress("读取评测：开发集与种子文档…")
            results["parse"] = evaluate_parse(base)
        elif part == "rules":
            results["rules"] = run_rules(base, progress)
        elif part == "retrieval":
            reason = retrieval_available()
            if reason:
                results["skipped"]["retrieval"] = reason
                continue
            results["retrieval"] = run_retrieval(base, progress)
        elif part == "draft":
            reason = draft_available()
            if reason:
                results["skipped"]["draft"] = reason
                continue
            use_llm = llm and llm_ready() is None
            if llm and not use_llm:
                results["skipped"]["draft.llm"] = llm_ready()
            results["draft"] = run_draft(base, progress, use_llm)
        else:
            raise ValueError(f"unknown eval part: {part}")
        results["parts"].append(part)
        results.setdefault("seconds", {})[part] = round(time.perf_counter() - started, 2)
        if progress:
            progress(f"{part} 完成，用时 {results['seconds'][part]} 秒")
    return results


def repo_root() -> Path:
    here = Path.cwd().resolve()
    for parent in [here, *here.parents]:
        if (parent / "evals" / "cases").is_dir() and (parent / "pyproject.toml").exists():
            return parent
    return Path(__file__).resolve().parents[2]


# -- metrics and the baseline ------------------------------------------------------------


def _is_rate(key: str) -> bool:
    last = key.rsplit(".", 1)[-1].lower()
    return any(word in last for word in _RATE_WORDS)


def _flatten(prefix: str, value: Any, out: dict[str, float]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}", inner, out)
    elif isinstance(value, int | float) and not isinstance(value, bool) and _is_rate(prefix):
        out[prefix] = round(float(value), 4)


def _retrieval_metrics(data: dict[str, Any], out: dict[str, float]) -> None:
    """Every rate the retrieval eval reports (hit@k, MRR, overall and per type), lists skipped."""
    for key, value in data.items():
        if key in ("cases", "misses", "queries", "failures"):
            continue
        _flatten(f"retrieval.{key}", value, out)


def metrics_of(results: dict[str, Any]) -> dict[str, float]:
    """Flat metric name → value; the baseline stores exactly this."""
    out: dict[str, float] = {}
    parse = results.get("parse")
    if parse:
        for part in ("devset", "seeds"):
            for name in ("row_recall", "row_precision", "level_accuracy", "project_accuracy", "budget_accuracy"):
                out[f"parse.{part}.{name}"] = parse[part][name]
    rules = results.get("rules")
    if rules:
        for name in ("precision", "recall", "f1"):
            out[f"rules.overall.{name}"] = rules["overall"][name]
        for family, stats in rules["families"].items():
            for name in ("precision", "recall", "f1"):
                out[f"rules.families.{family}.{name}"] = stats[name]
        for code, stats in rules["codes"].items():
            for name in ("precision", "recall"):
                out[f"rules.codes.{code}.{name}"] = stats[name]
        if "svb" in rules:
            for name in ("precision", "recall"):
                out[f"rules.svb.{name}"] = rules["svb"][name]
        devset = rules.get("devset")
        if devset:
            for family, stats in {"SVB": devset["svb"], **devset["families"]}.items():
                for name in ("precision", "recall"):
                    out[f"rules.devset.{family}.{name}"] = stats[name]
    if results.get("retrieval"):
        _retrieval_metrics(results["retrieval"], out)
    draft = results.get("draft")
    if draft:
        summary = draft["summary"]
        for name in (
            "category_coverage",
            "facts_used",
            "facts_in_values",
            "clean_share",
            "errors",
            "findings",
            "row_findings",
            "passed_share",
            "row_facts",
            "forbidden_found",
            "missing_topics",
            "unmet_findings",
            "false_b003",
            "foreign_rows",
            "unsourced_rows",
            "fragment_goals",
        ):
            if name in summary:
                out[f"draft.summary.{name}"] = float(summary[name])
        for case in draft["cases"]:
            scored = case["offline"]
            for name in ("category_coverage", "facts_used", "facts_in_values", "errors"):
                out[f"draft.cases.{case['id']}.{name}"] = float(scored[name])
            if scored.get("acceptance"):
                out[f"draft.cases.{case['id']}.passed"] = float(scored["acceptance"]["passed"])
    return out


class MetricDelta(BaseModel):
    name: str
    baseline: float | None = None
    current: float | None = None
    delta: float | None = None
    regression: bool = False
    improved: bool = False


def lower_is_better(name: str) -> bool:
    return name.rsplit(".", 1)[-1] in LOWER_IS_BETTER


def compare(
    baseline: dict[str, float],
    current: dict[str, float],
    tolerance: float = TOLERANCE,
    parts: Iterable[str] | None = None,
) -> list[MetricDelta]:
    """Each metric's baseline, current and delta. Only metrics of the parts that ran are compared
    (a skipped part is reported as skipped, not as a regression)."""
    ran = tuple(f"{p}." for p in parts) if parts is not None else None
    deltas = []
    for name in sorted(set(baseline) | set(current)):
        if ran is not None and not name.startswith(ran):
            continue
        old, new = baseline.get(name), current.get(name)
        item = MetricDelta(name=name, baseline=old, current=new)
        if old is not None and new is not None:
            item.delta = round(new - old, 4)
            if lower_is_better(name):
                item.regression, item.improved = new > old, new < old
            else:
                item.regression, item.improved = new < old - tolerance, new > old + tolerance
        deltas.append(item)
    return deltas


def regressions(deltas: list[MetricDelta]) -> list[MetricDelta]:
    return [d for d in deltas if d.regression]


def baseline_from(results: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": VERSION,
        "parts": list(results.get("parts", [])),
        "metrics": metrics_of(results),
    }


def load_baseline(path: str | Path) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if "metrics" not in data:  # a full results.json works as a baseline too
        data = baseline_from(data)
    return data


def gate(
    results: dict[str, Any], baseline: dict[str, Any], tolerance: float = TOLERANCE
) -> list[MetricDelta]:
    """The regressions of this run against the baseline (empty list = gate passes)."""
    return regressions(
        compare(baseline["metrics"], metrics_of(results), tolerance, results.get("parts"))
    )


__all__ = [
    "PARTS",
    "TOLERANCE",
    "MetricDelta",
    "baseline_from",
    "compare",
    "gate",
    "load_baseline",
    "metrics_of",
    "regressions",
    "rules_results",
    "run_suite",
    "stderr_progress",
]
