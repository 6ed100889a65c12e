"""The rules eval on the dev set: `check` on the raw published texts of
`evals/cases/parse/devset`, scored against each row's `codes` and each table's `table_codes`.

The dev set's labels are made for the reading eval, so rows are matched the way
`parse_eval` matches them: same name and same value after folding (spaces, widths,
traditional script, comparator spellings). Only rows that are read are scored: a labelled
row the reader missed, and a parsed row no label matches, are counted apart
(`unread`, `unlabelled`) and never scored; reading is the parse eval's business. Tables marked
`truncated` (the stored page stops before the table ends) have the missing-category codes
judged only where labelled, as the corpus cases do. Table codes are scored on the parsed table that holds most of the table's matched rows (or, with none
matched, the one with the closest project name).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.evals.parse_eval import fold
from assistant.evals.rules_eval import (
    Misalignment,
    RulesReport,
    _compare,
    _findings_by_place,
    name_similarity,
)
from assistant.model import Document
from assistant.parse import read_path
from assistant.rules import check

DEVSET = Path("evals/cases/parse/devset")
_CUT_CODES: tuple[str, ...] = ("S001", "S002")


def _parsed_rows(document: Document) -> list[tuple[int, int, str, str]]:
    return [
        (ti, ri, fold(ind.name), fold(ind.target.raw))
        for ti, table in enumerate(document.tables)
        for ri, ind in enumerate(table.indicators)
    ]


def _table_for(label: dict[str, Any], hits: list[int], document: Document) -> int | None:
    if hits:
        return Counter(hits).most_common(1)[0][0]
    if not document.tables:
        return None
    scores = [name_similarity(label.get("project") or "", t.project) for t in document.tables]
    best = max(range(len(scores)), key=lambda i: scores[i])
    return best if scores[best] > 0 else None


def evaluate_devset_document(doc_id: str, data: dict[str, Any], document: Document, report: RulesReport,
                             codes: set[str] | None = None) -> tuple[int, int]:
    """Score one dev-set document into `report`; returns (rows read, rows not read)."""
    places = _findings_by_place(check(document))
    parsed = _parsed_rows(document)
    used: set[int] = set()
    read = unread = 0
    for lt in data.get("tables", []):
        project = lt.get("project") or ""
        matched: list[tuple[dict[str, Any], int]] = []
        for row in lt.get("indicators", []):
            name, value = fold(row.get("name")), fold(row.get("value"))
            hit = next((k for k, p in enumerate(parsed) if k not in used and p[2] == name and p[3] == value), None)
            if hit is None:
                unread += 1
                continue
            used.add(hit)
            matched.append((row, hit))
        read += len(matched)
        ti = _table_for(lt, [parsed[k][0] for _, k in matched], document)
        where = {"document": doc_id, "table": ti, "project": project}
        table_codes = set(lt.get("table_codes") or [])
        found = places.get((ti, None), {}) if ti is not None else {}
        if lt.get("truncated"):
            # the stored page stops partway: what the cut removed is not judged unless labelled
            cut = _CUT_CODES + (("S004",) if ti is not None and not document.tables[ti].indicators else ())
            found = {c: f for c, f in found.items() if c in table_codes or c not in cut}
        if ti is None:
            report.misalignments.append(Misalignment(document=doc_id, kind="table",
                                                     detail=f"标注表“{project}”在解析结果中找不到"))
        _compare(report, table_codes, found, {**where, "row": None}, {}, codes)
        for row, k in matched:
            row_ti, ri = parsed[k][0], parsed[k][1]
            note = row.get("note", "")
            _compare(report, set(row.get("codes") or []), places.get((row_ti, ri), {}),
                     {**where, "table": row_ti, "row": ri, "row_name": row.get("name", ""),
                      "cell": row.get("value", "")},
                     {c: note for c in row.get("codes") or []}, codes)
    return read, unread


def evaluate_devset_rules(folder: str | Path | None = None, root: str | Path | None = None,
                          codes: Iterable[str] | None = None) -> RulesReport:
    """Score every dev-set document; `report.cases` lists the ids, and one misalignment line per
    document says how many labelled rows were read."""
    base = Path(root) if root is not None else Path.cwd()
    folder = Path(folder) if folder is not None else base / DEVSET
    wanted = set(codes) if codes else None
    report = RulesReport()
    for label_path in sorted((folder / "labels").glob("*.json")):
        data = json.loads(label_path.read_text(encoding="utf-8"))
        doc_id = label_path.stem
        report.cases.append(doc_id)
        try:
            document = read_path(folder / "raw" / f"{doc_id}.txt")
        except Exception as exc:  # noqa: BLE001 - one unreadable document must not stop the eval
            report.misalignments.append(Misalignment(document=doc_id, kind="document",
                                                     detail=f"无法读取：{type(exc).__name__}: {exc}"))
            continue
        read, unread = evaluate_devset_document(doc_id, data, document, report, wanted)
        if unread:
            report.misalignments.append(Misalignment(
                document=doc_id, kind="row", detail=f"标注{read + unread}行，读到{read}行，未读到的行不计分"))
    return report
