"""`jixiao eval parse`: how well the readers read labelled documents.

Two sets: the dev set (`evals/cases/parse/devset`: raw text and labels for every row, in
layouts the seeds lack) and the seeds (`tests/fixtures/seeds` with the rule labels'
rows). Scored per document and overall:

- rows found: a labelled row counts when some parsed row of the document has the same name
  and the same value, compared after folding that does not change meaning (spaces, full/half
  width, traditional→simplified, injected pinyin, comparator spellings);
- spurious: parsed rows that match no label (precision of rows);
- levels right: of the found rows whose label gives a level, those whose 一级/二级 agree;
- project and budget right: per labelled table, matched to the parsed table with the closest
  project name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.model import Document, TargetTable

_PINYIN = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]{1,7}[)）]")
_SCORE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
_COMPARATORS = {"≧": "≥", "≦": "≤", "﹦": "=", "＝": "=", "＞": ">", "＜": "<"}


_T2S: Any = None


def to_simplified(text: str) -> str:
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    return _T2S.convert(text)


def fold(text: str | None) -> str:
    """Text as compared: what a reader may normalise without changing what the cell says."""
    if not text:
        return ""
    text = _PINYIN.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(">=", "≥").replace("<=", "≤")
    for raw, same in _COMPARATORS.items():
        text = text.replace(raw, same)
    text = re.sub(r"\s+", "", text)
    return to_simplified(text).strip("|:：;；,，.。")


def fold_level(text: str | None) -> str:
    from assistant.parse.categories import normalize_level1, normalize_level2

    if not text:
        return ""
    flat = _SCORE.sub("", fold(text))
    return normalize_level2(flat) or normalize_level1(flat) or flat


@dataclass
class DocScore:
    id: str
    family: str
    rows: int = 0
    found: int = 0
    parsed: int = 0
    spurious: int = 0
    level_rows: int = 0
    levels_right: int = 0
    tables: int = 0
    project_right: int = 0
    budget_tables: int = 0
    budget_right: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    wrong_levels: list[dict[str, Any]] = field(default_factory=list)
    header_misses: list[str] = field(default_factory=list)
    error: str = ""


def _level_ok(label: str | None, raw: str, normalised: str) -> bool:
    if not label:
        return True
    want = fold_level(label)
    return want in (fold_level(raw), fold_level(normalised), fold(raw))


def _best_table(label: dict[str, Any], tables: list[TargetTable]) -> TargetTable | None:
    if not tables:
        return None
    want = fold(label.get("project"))

    def overlap(table: TargetTable) -> int:
        have = fold(table.project)
        return len(set(want) & set(have)) if have else -1

    return max(tables, key=overlap)


def score_document(
    doc_id: str, family: str, labels: list[dict[str, Any]], document: Document, check_project: bool = True
) -> DocScore:
    """`check_project` is off for the seeds: their rule labels name tables descriptively."""
    score = DocScore(id=doc_id, family=family)
    parsed = [(ti, ind) for ti, table in enumerate(document.tables) for ind in table.indicators]
    score.parsed = len(parsed)
    used: set[int] = set()
    for label in labels:
        score.tables += 1
        table = _best_table(label, document.tables)
        if not check_project or (table is not None and fold(table.project) == fold(label.get("project"))):
            score.project_right += 1
        else:
            score.header_misses.append(f"项目名称：应为 {label.get('project')!r}，读到 {table.project if table else None!r}")
        want_budget = label.get("budget_wan")
        if want_budget is not None:
            score.budget_tables += 1
            have = table.budget_wan if table else None
            if have is not None and abs(Decimal(str(want_budget)) - have) <= Decimal("0.01"):
                score.budget_right += 1
            else:
                score.header_misses.append(f"预算：应为 {want_budget} 万元，读到 {have}")
        for row in label.get("indicators") or label.get("rows") or []:
            score.rows += 1
            name, value = fold(row.get("name")), fold(row.get("value"))
            hit = next(
                (
                    k
                    for k, (_, ind) in enumerate(parsed)
                    if k not in used and fold(ind.name) == name and fold(ind.target.raw) == value
                ),
                None,
            )
            if hit is None:
                score.missed.append({"name": row.get("name"), "value": row.get("value")})
                continue
            used.add(hit)
            score.found += 1
            indicator = parsed[hit][1]
            if row.get("level1") or row.get("level2"):
                score.level_rows += 1
                ok = _level_ok(row.get("level1"), indicator.raw_level1, indicator.level1) and _level_ok(
                    row.get("level2"), indicator.raw_level2, indicator.level2
                )
                if ok:
                    score.levels_right += 1
                else:
                    score.wrong_levels.append(
                        {
                            "name": row.get("name"),
                            "want": [row.get("level1"), row.get("level2")],
                            "got": [indicator.raw_level1 or indicator.level1, indicator.raw_level2 or indicator.level2],
                        }
                    )
    score.spurious = score.parsed - len(used)
    return score


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 1.0


def _summary(scores: list[DocScore]) -> dict[str, Any]:
    rows = sum(s.rows for s in scores)
    found = sum(s.found for s in scores)
    parsed = sum(s.parsed for s in scores)
    return {
        "documents": len(scores),
        "rows": rows,
        "rows_found": found,
        "row_recall": _ratio(found, rows),
        "row_precision": _ratio(found, parsed) if parsed else 0.0,
        "level_accuracy": _ratio(sum(s.levels_right for s in scores), sum(s.level_rows for s in scores)),
        "project_accuracy": _ratio(sum(s.project_right for s in scores), sum(s.tables for s in scores)),
        "budget_accuracy": _ratio(sum(s.budget_right for s in scores), sum(s.budget_tables for s in scores)),
    }


def _read(path: Path) -> Document:
    from assistant.parse import read_path

    return read_path(path)


def evaluate_devset(folder: Path) -> list[DocScore]:
    scores = []
    for label_path in sorted((folder / "labels").glob("*.json")):
        data = json.loads(label_path.read_text(encoding="utf-8"))
        raw = folder / "raw" / f"{label_path.stem}.txt"
        try:
            document = _read(raw)
        except Exception as exc:  # noqa: BLE001 - one unreadable document must not stop the eval
            document = Document(source=str(raw))
            error = f"{type(exc).__name__}: {exc}"
        else:
            error = ""
        score = score_document(data["id"], data.get("layout", ""), data["tables"], document)
        score.error = error
        scores.append(score)
    return scores


def evaluate_seeds(rules_folder: Path, root: Path) -> list[DocScore]:
    scores = []
    for label_path in sorted(rules_folder.glob("seed_*.json")):
        data = json.loads(label_path.read_text(encoding="utf-8"))
        document = _read(root / data["document"])
        scores.append(score_document(label_path.stem, "seed", data["tables"], document, check_project=False))
    return scores


def _family_summaries(scores: list[DocScore]) -> dict[str, Any]:
    families = sorted({s.family for s in scores})
    return {family: _summary([s for s in scores if s.family == family]) for family in families}


def evaluate_parse(root: Path, devset: Path | None = None) -> dict[str, Any]:
    devset = devset or root / "evals" / "cases" / "parse" / "devset"
    dev = evaluate_devset(devset)
    seeds = evaluate_seeds(root / "evals" / "cases" / "rules", root)
    return {
        "devset": {**_summary(dev), "families": _family_summaries(dev)},
        "seeds": _summary(seeds),
        "documents": [s.__dict__ for s in dev + seeds],
    }


def format_parse_report(data: dict[str, Any]) -> str:
    lines = ["读取评测（行：名称与指标值都对才算读到）"]
    for part in ("devset", "seeds"):
        s = data[part]
        lines.append(
            f"  {part}: 行 {s['rows_found']}/{s['rows']} = {s['row_recall']:.3f}，"
            f"行精确率 {s['row_precision']:.3f}，层级 {s['level_accuracy']:.3f}，"
            f"项目名称 {s['project_accuracy']:.3f}，预算 {s['budget_accuracy']:.3f}"
        )
    for family, s in data["devset"]["families"].items():
        lines.append(f"    {family}: 行 {s['rows_found']}/{s['rows']}，层级 {s['level_accuracy']:.2f}")
    for doc in data["documents"]:
        if not (doc["missed"] or doc["wrong_levels"] or doc["header_misses"] or doc["error"] or doc["spurious"]):
            continue
        lines.append(
            f"  {doc['id']} ({doc['family']}): 读到 {doc['found']}/{doc['rows']}，多读 {doc['spurious']}"
            + (f"，错误 {doc['error']}" if doc["error"] else "")
        )
        lines.extend(f"    漏读 {m['name']} | {m['value']}" for m in doc["missed"])
        lines.extend(f"    层级 {w['name']}：应为 {w['want']}，读到 {w['got']}" for w in doc["wrong_levels"])
        lines.extend(f"    {h}" for h in doc["header_misses"])
    return "\n".join(lines)
