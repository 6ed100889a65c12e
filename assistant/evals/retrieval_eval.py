"""The retrieval eval: does a project's description find KB tables of the same type?

Cases (evals/cases/retrieval/cases.json, generated from the KB by `generate_cases`): for each
KB table with a project type, its name + purpose is the query and its type the expected answer.
The table itself is excluded from the results; a type with no other table in the KB cannot be
found and is left out (listed under `skipped`). Scores: hit@1, hit@5 (a table of the expected
type among the top 1 / 5) and MRR (1 / rank of the first such table), per type and overall.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.knowledge.kb import load_tables
from assistant.knowledge.service import KnowledgeService, clean_query

CASES_PATH = Path(__file__).resolve().parents[2] / "evals" / "cases" / "retrieval" / "cases.json"
TARGET_HIT5 = 0.9


class TypeScore(BaseModel):
    project_type: str
    cases: int = 0
    hit1: float = 0.0
    hit5: float = 0.0
    mrr: float = 0.0


class RetrievalReport(BaseModel):
    mode: str
    cases: int
    overall: TypeScore
    per_type: dict[str, TypeScore] = Field(default_factory=dict)
    misses: list[dict[str, Any]] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump()


def generate_cases(tables: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Cases from the KB: one per table whose type has at least one other table."""
    tables = list(tables if tables is not None else load_tables())
    per_type = Counter(t.get("project_type") for t in tables if t.get("project_type"))
    cases, skipped = [], []
    for t in tables:
        type_id = t.get("project_type")
        if not type_id:
            continue
        if per_type[type_id] < 2:
            skipped.append(t["id"])
            continue
        query = clean_query(f"{t['project']} {(t.get('purpose') or '')[:300]}")
        cases.append({"table_id": t["id"], "query": query, "expected_type": type_id})
    return {"note": "由 assistant.evals.retrieval_eval.generate_cases 从知识库生成：查询为表名+资金用途，"
                    "期望检索到同类项目的表（排除该表自身）。", "cases": cases, "skipped": skipped}


def write_cases(path: Path = CASES_PATH) -> dict[str, Any]:
    data = generate_cases()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def load_cases(path: str | Path | None = None) -> dict[str, Any]:
    p = Path(path) if path else CASES_PATH
    if p.is_dir():
        p = p / "cases.json"
    if not p.exists():
        return generate_cases()
    return json.loads(p.read_text(encoding="utf-8"))


def evaluate_retrieval(
    cases_path: str | Path | None = None,
    service: KnowledgeService | None = None,
    k: int = 5,
) -> RetrievalReport:
    data = load_cases(cases_path)
    service = service or KnowledgeService("bm25")
    tables = {t["id"]: t for t in load_tables()}
    sums: dict[str, list[float]] = {}
    misses = []
    for case in data["cases"]:
        expected = case["expected_type"]
        hits = service.table_hits(case["query"], k=k, exclude=[case["table_id"]])
        types = [str(h.metadata.get("project_type") or "") for h in hits]
        rank = next((i + 1 for i, t in enumerate(types) if t == expected), None)
        row = sums.setdefault(expected, [0, 0.0, 0.0, 0.0])
        row[0] += 1
        row[1] += rank == 1
        row[2] += rank is not None
        row[3] += 1.0 / rank if rank else 0.0
        if rank != 1:
            misses.append({"table_id": case["table_id"], "expected": expected, "rank": rank,
                           "project": tables.get(case["table_id"], {}).get("project", ""),
                           "got": [f"{h.metadata.get('table_id')}:{t}" for h, t in zip(hits, types, strict=True)]})
    per_type = {t: _score(t, v) for t, v in sorted(sums.items())}
    total = [sum(v[i] for v in sums.values()) for i in range(4)]
    return RetrievalReport(mode=service.mode, cases=int(total[0]), overall=_score("overall", total),
                           per_type=per_type, misses=misses, skipped=list(data.get("skipped", [])))


def _score(name: str, v: list[float]) -> TypeScore:
    n = v[0] or 1
    return TypeScore(project_type=name, cases=int(v[0]), hit1=round(v[1] / n, 4),
                     hit5=round(v[2] / n, 4), mrr=round(v[3] / n, 4))


def format_report(report: RetrievalReport) -> str:
    lines = [f"检索评测（{report.mode}）：{report.cases} 个查询（表名+资金用途 → 同类项目的表，排除自身）", ""]
    header = f"{'项目类型':<26}{'数量':>5}{'hit@1':>8}{'hit@5':>8}{'MRR':>8}"
    lines += [header, "-" * len(header)]
    for s in [*report.per_type.values(), report.overall]:
        lines.append(f"{s.project_type:<26}{s.cases:>5}{s.hit1:>8.3f}{s.hit5:>8.3f}{s.mrr:>8.3f}")
    verdict = "达标" if report.overall.hit5 >= TARGET_HIT5 else "未达标"
    lines += ["", f"目标 hit@5 ≥ {TARGET_HIT5}：{verdict}"]
    if report.skipped:
        lines.append(f"知识库中没有其他同类表、无法评测的表：{', '.join(report.skipped)}")
    missed5 = [m for m in report.misses if m["rank"] is None]
    if missed5:
        lines += ["", "前5条中没有同类表的查询："]
        lines += [f"  {m['table_id']} {m['project'][:24]}（期望 {m['expected']}）→ {', '.join(m['got'])}"
                  for m in missed5]
    return "\n".join(lines)


if __name__ == "__main__":
    write_cases()
    print(format_report(evaluate_retrieval()))
