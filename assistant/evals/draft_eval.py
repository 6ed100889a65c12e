"""The drafting eval: draft each described project and score the draft against what it must say.

A case (evals/cases/draft/*.json, format in evals/cases/README.md) gives the description a user
would type, the published table as a reference (or none) and the facts a good draft must carry:
quantities with units ("119人", "1000元/人/月", "263.75万元") or topic words ("防火" or "火").
Per case we record: required-category coverage, findings of the draft by severity, the share of
required facts found (in the table, and in indicator values), and the published table's findings
for comparison. With `llm=True` the LLM drafter runs too and its usage figures are kept.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assistant.evals.draft_checks import acceptance
from assistant.model import Document, Draft, Finding, TargetTable

Progress = Callable[[str], None]
BENEFIT = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "效益指标")
_MONEY = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
}
_UNIT_ALIASES = {"㎡": "平方米", "m²": "平方米", "m2": "平方米", "平米": "平方米", "m ²": "平方米"}
# a number, then a unit of CJK / ㎡ / % / slash-joined parts (元/人/月); stops at punctuation
_QUANTITY = re.compile(
    r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*((?:[%％㎡²a-zA-Z\u4e00-\u9fff]|/|·)*)"
)
_PER_SPLIT = re.compile(r"[/·.]|每")


@dataclass(frozen=True)
class Quantity:
    """A number and its unit, money in 元 with the per-units as a set (元/人/月 = 元/月/人)."""

    number: Decimal
    unit: str
    per: frozenset[str] = frozenset()

    def matches(self, other: Quantity) -> bool:
        if self.number != other.number:
            return False
        if self.unit == "元" or other.unit == "元":
            return self.unit == other.unit and self.per == other.per
        # count units: 19个 matches 19个社区; 119人 does not match 119户
        return bool(self.unit and other.unit) and (
            self.unit.startswith(other.unit) or other.unit.startswith(self.unit)
        )


def read_quantity(number: str, unit: str) -> Quantity | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    unit = unit.strip()
    for alias, name in _UNIT_ALIASES.items():
        unit = unit.replace(alias, name)
    money = next((m for m in sorted(_MONEY, key=len, reverse=True) if unit.startswith(m)), None)
    if money is not None:
        rest = [p for p in _PER_SPLIT.split(unit[len(money) :]) if p]
        return Quantity((value * _MONEY[money]).normalize(), "元", frozenset(rest))
    head = _PER_SPLIT.split(unit)[0]
    return Quantity(value.normalize(), head)


def quantities_in(text: str) -> list[Quantity]:
    found = []
    for match in _QUANTITY.finditer(text or ""):
        quantity = read_quantity(match.group(1), match.group(2))
        if quantity is not None:
            found.append(quantity)
    return found


def table_texts(table: TargetTable) -> tuple[list[str], list[str]]:
    """(indicator values, all other draft text: names, descriptions, basis, goals)."""
    values = [i.target.raw for i in table.indicators]
    other = [t for i in table.indicators for t in (i.name, i.description, i.basis)] + list(
        table.goals
    )
    return values, other


def fact_found(
    fact: dict[str, Any], values: list[str], other: list[str], names: list[str] | None = None
) -> str | None:
    """Where a required fact appears: "value" (in the rows), "text" (names, goals…) or None."""
    names = names or []
    if fact.get("kind") == "word":
        # a topic word counts as "in the rows" when an indicator name or value carries it
        words = fact.get("any") or [fact["text"]]
        rows = values + names
        if any(w in v for w in words for v in rows):
            return "value"
        return "text" if any(w in t for w in words for t in other) else None
    wanted = quantities_in(fact["text"])
    if not wanted:
        return None
    target = wanted[0]
    if any(target.matches(q) for v in values for q in quantities_in(v)):
        return "value"
    if any(target.matches(q) for t in other for q in quantities_in(t)):
        return "text"
    return None


def _names(table: TargetTable) -> list[str]:
    return [i.name for i in table.indicators]


def category_groups(table: TargetTable) -> set[str]:
    groups = set()
    for indicator in table.indicators:
        level2 = indicator.level2
        groups.add(
            "效益指标" if level2 in BENEFIT else "满意度指标" if "满意度" in level2 else level2
        )
    return groups


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[str(finding.severity.value)] = counts.get(str(finding.severity.value), 0) + 1
    return counts


def load_draft_cases(case_dir: str | Path = "evals/cases/draft") -> list[dict[str, Any]]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(case_dir).glob("*.json"))
    ]


def project_of(case: dict[str, Any]) -> Any:
    from assistant.draft.input import project_from_json

    return project_from_json(case["input"])


_REFERENCE_CACHE: dict[str, tuple[Document, list[Finding]]] = {}


def reference_table(case: dict[str, Any], root: Path) -> tuple[TargetTable | None, list[Finding]]:
    """The published table named by the case (by project name; a one-table document by position)."""
    from assistant.evals.rules_eval import name_similarity
    from assistant.parse import read_path
    from assistant.rules import check

    ref = case.get("reference")
    if not ref:
        return None, []
    path = str(root / ref["document"])
    if path not in _REFERENCE_CACHE:
        document = read_path(path)
        _REFERENCE_CACHE[path] = (document, check(document))
    document, findings = _REFERENCE_CACHE[path]
    if not document.tables:
        return None, []
    scores = [name_similarity(ref.get("project", ""), t.project) for t in document.tables]
    best = max(range(len(scores)), key=scores.__getitem__)
    if scores[best] < 0.5 and len(document.tables) > 1:
        return None, []
    return document.tables[best], [f for f in findings if f.table == best]


def score_draft(case: dict[str, Any], draft: Draft, seconds: float) -> dict[str, Any]:
    table = draft.table
    values, other = table_texts(table)
    facts = []
    for fact in case.get("required_facts", []):
        facts.append(
            {
                "text": fact["text"],
                "kind": fact.get("kind", "quantity"),
                "where": fact_found(fact, values, other, _names(table)),
            }
        )
    n = len(facts) or 1
    required = case.get("required_categories", [])
    present = category_groups(table)
    missing = [c for c in required if c not in present]
    counts = severity_counts(draft.findings)
    return {
        "drafter": draft.drafter,
        "project_type": draft.project_type,
        "indicators": len(table.indicators),
        "category_coverage": round((len(required) - len(missing)) / len(required), 4)
        if required
        else 1.0,
        "missing_categories": missing,
        "findings": counts,
        "errors": counts["error"],
        # findings on the drafted rows; table-level ones are often about the user's own breakdown
        "row_findings": sum(f.indicator is not None for f in draft.findings),
        "facts_used": round(sum(f["where"] is not None for f in facts) / n, 4) if facts else 1.0,
        "facts_in_values": round(sum(f["where"] == "value" for f in facts) / n, 4)
        if facts
        else 1.0,
        "facts": facts,
        "missing_facts": [f["text"] for f in facts if f["where"] is None],
        "findings_list": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "indicator": f.indicator,
                "message": f.message,
            }
            for f in draft.findings
        ],
        "rows": [
            {"level2": i.level2, "name": i.name, "value": i.target.raw} for i in table.indicators
        ],
        "seconds": round(seconds, 3),
        "usage": dict(draft.usage),
        "acceptance": acceptance(case, draft, quantities_in),
    }


def evaluate_case(
    case: dict[str, Any], root: Path, llm: bool = False, chat: Any = None
) -> dict[str, Any]:
    from assistant.draft.drafter import draft_project

    project = project_of(case)
    started = time.perf_counter()
    offline = draft_project(project)  # the drafter the CLI and the app use
    result: dict[str, Any] = {
        "id": case["id"],
        "project": project.name,
        "offline": score_draft(case, offline, time.perf_counter() - started),
    }
    ref_table, ref_findings = reference_table(case, root)
    result["reference"] = (
        None
        if ref_table is None
        else {
            "project": ref_table.project,
            "indicators": len(ref_table.indicators),
            "findings": severity_counts(ref_findings),
            "facts_in_values": fact_share(case, ref_table),
        }
    )
    result["fewer_findings_than_reference"] = (
        None
        if ref_table is None
        else sum(result["offline"]["findings"].values()) < len(ref_findings)
    )
    if llm:
        from assistant.draft.llm_draft import draft_with_llm

        started = time.perf_counter()
        drafted = draft_with_llm(project, chat=chat)
        scored = score_draft(case, drafted, time.perf_counter() - started)
        usage = drafted.usage
        scored["llm"] = {
            "model": usage.get("model", ""),
            "prompt_version": usage.get("prompt_version", ""),
            "calls": usage.get("calls", 0),
            "chars": int(usage.get("prompt_chars", 0)) + int(usage.get("completion_chars", 0)),
            "prompt_chars": usage.get("prompt_chars", 0),
            "completion_chars": usage.get("completion_chars", 0),
            "fell_back": drafted.drafter != "llm",
        }
        result["llm"] = scored
    return result


def fact_share(case: dict[str, Any], table: TargetTable) -> float | None:
    """The share of required facts the published table states in its values (for comparison)."""
    facts = case.get("required_facts", [])
    if not facts:
        return None
    values, other = table_texts(table)
    return round(
        sum(fact_found(f, values, other, _names(table)) == "value" for f in facts) / len(facts), 4
    )


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def summarize(cases: list[dict[str, Any]], drafter: str = "offline") -> dict[str, Any]:
    scored = [c[drafter] for c in cases if c.get(drafter)]
    with_ref = [c for c in cases if c.get("reference")]
    summary = {
        "cases": len(scored),
        "category_coverage": _mean([s["category_coverage"] for s in scored]),
        "facts_used": _mean([s["facts_used"] for s in scored]),
        "facts_in_values": _mean([s["facts_in_values"] for s in scored]),
        "errors": sum(s["errors"] for s in scored),
        "row_findings": sum(s["row_findings"] for s in scored),
        "findings": sum(sum(s["findings"].values()) for s in scored),
        "clean_share": _mean([1.0 if s["errors"] == 0 else 0.0 for s in scored]),
        "reference_findings": sum(sum(c["reference"]["findings"].values()) for c in with_ref),
        "draft_findings_on_referenced": sum(
            sum(c[drafter]["findings"].values()) for c in with_ref if c.get(drafter)
        ),
        "seconds": round(sum(s["seconds"] for s in scored), 2),
        **acceptance_summary(scored),
    }
    if drafter == "llm":
        summary["calls"] = sum(s["llm"]["calls"] for s in scored)
        summary["chars_per_draft"] = _mean([s["llm"]["chars"] for s in scored])
        summary["fallbacks"] = sum(s["llm"]["fell_back"] for s in scored)
        models = sorted({s["llm"]["model"] for s in scored if s["llm"]["model"]})
        summary["model"] = ", ".join(models)
        summary["prompt_version"] = ", ".join(
            sorted({str(s["llm"]["prompt_version"]) for s in scored})
        )
    return summary


def acceptance_summary(scored: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals of the per-case acceptance checks (see draft_checks)."""
    checks = [s["acceptance"] for s in scored if s.get("acceptance")]
    return {
        "passed": sum(c["passed"] for c in checks),
        "passed_share": _mean([1.0 if c["passed"] else 0.0 for c in checks]),
        "row_facts": _mean([c["row_facts"] for c in checks]),
        "forbidden_found": sum(len(c["forbidden_found"]) for c in checks),
        "missing_topics": sum(len(c["missing_topics"]) for c in checks),
        "unmet_findings": sum(len(c["unmet_findings"]) for c in checks),
        "false_b003": sum(c["false_b003"] for c in checks),
        "foreign_rows": sum(len(c["foreign_rows"]) for c in checks),
        "unsourced_rows": sum(len(c["unsourced_rows"]) for c in checks),
        "type_mismatches": sum(not c["type_ok"] for c in checks),
        "fragment_goals": sum(len(c.get("fragment_goals", [])) for c in checks),
    }


def evaluate_drafts(
    case_dir: str | Path = "evals/cases/draft",
    llm: bool = False,
    chat: Any = None,
    progress: Progress | None = None,
    root: str | Path | None = None,
) -> dict[str, Any]:
    """{"cases": [...], "summary": {...}, "llm_summary": {...} when llm}."""
    from assistant.evals.rules_eval import _repo_root

    case_dir = Path(case_dir)
    base = Path(root) if root is not None else _repo_root(case_dir)
    cases = load_draft_cases(case_dir)
    _REFERENCE_CACHE.clear()  # findings depend on the rules as they are now (tests patch them)
    results = []
    for number, case in enumerate(cases, 1):
        if progress:
            progress(f"草稿评测 {number}/{len(cases)}：{case['id']}")
        results.append(evaluate_case(case, base, llm=llm, chat=chat))
    out: dict[str, Any] = {"cases": results, "summary": summarize(results)}
    if llm:
        out["llm_summary"] = summarize(results, "llm")
    return out


__all__ = [
    "Quantity",
    "evaluate_case",
    "evaluate_drafts",
    "fact_found",
    "load_draft_cases",
    "quantities_in",
    "read_quantity",
    "score_draft",
    "summarize",
]
