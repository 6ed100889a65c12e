"""The rules eval: run `check` on hand-labelled documents and score every rule code.

Label files (evals/cases/rules/*.json, format in evals/cases/README.md) list every table and
every indicator row of a document with the codes it deserves. Tables and rows are aligned with
the parsed document in order, checked by project name and by row name + value; an alignment that
does not hold up is reported, never silently scored. Each (table, row, code) counts once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.model import Document, Finding
from assistant.parse import ParseError, read_path
from assistant.rules import check
from assistant.rules.common import bigrams, squash

FAMILIES = ("S", "V", "B", "R", "Q")
_TABLE_MATCH = 0.34  # project names at least this similar are the same table
_ROW_MATCH = 0.5


class CodeStats(BaseModel):
    code: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: CodeStats) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def summary(self) -> dict[str, Any]:
        return {"code": self.code, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


class Miss(BaseModel):
    """One disagreement: a finding with no label (FP) or a label with no finding (FN)."""

    kind: str  # "FP" | "FN"
    code: str
    document: str
    table: int | None = None
    project: str = ""
    row: int | None = None  # None = table-level
    row_name: str = ""
    cell: str = ""  # the row's 指标值 as published
    expected: list[str] = Field(default_factory=list)
    found: list[str] = Field(default_factory=list)
    detail: str = ""  # the finding's message (FP) or the label's note (FN)


class Misalignment(BaseModel):
    document: str
    kind: str  # table | row | document
    detail: str


class RulesReport(BaseModel):
    cases: list[str] = Field(default_factory=list)
    per_code: dict[str, CodeStats] = Field(default_factory=dict)
    misses: list[Miss] = Field(default_factory=list)
    misalignments: list[Misalignment] = Field(default_factory=list)

    def combined(self, families: Iterable[str] | None = None, name: str = "") -> CodeStats:
        """Micro-averaged stats over the codes of the given families (all codes when None)."""
        prefixes = tuple(families) if families is not None else None
        total = CodeStats(code=name or ("+".join(prefixes) if prefixes else "overall"))
        for code, stats in self.per_code.items():
            if prefixes is None or code.startswith(prefixes):
                total.add(stats)
        return total

    @property
    def per_family(self) -> dict[str, CodeStats]:
        return {f: self.combined([f], f) for f in FAMILIES if any(c.startswith(f) for c in self.per_code)}

    @property
    def overall(self) -> CodeStats:
        return self.combined(None, "overall")

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "overall": self.overall.summary(),
            "per_family": {k: v.summary() for k, v in self.per_family.items()},
            "per_code": {k: v.summary() for k, v in sorted(self.per_code.items())},
            "misses": [m.model_dump() for m in self.misses],
            "misalignments": [m.model_dump() for m in self.misalignments],
        }


def name_similarity(a: str, b: str) -> float:
    """0..1: equal squashed text 1; else the share of the shorter name's bigrams in the other."""
    sa, sb = squash(a), squash(b)
    if sa == sb:
        return 1.0
    if not sa or not sb:
        return 0.0
    if sa in sb or sb in sa:
        return 0.9
    ga, gb = bigrams(sa), bigrams(sb)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def align(left: Sequence[Any], right: Sequence[Any], score: Callable[[Any, Any], float],
          threshold: float) -> list[tuple[int | None, int | None]]:
    """Order-preserving alignment maximising total similarity (pairs under threshold not used).

    When both sides have the same length, pairs are taken in order (the labeller and the reader
    both keep document order); the caller verifies each pair and reports doubtful ones.
    """
    if len(left) == len(right):
        return [(i, i) for i in range(len(left))]
    n, m = len(left), len(right)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = score(left[i], right[j])
            pair = best[i + 1][j + 1] + s if s >= threshold else -1.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        s = score(left[i], right[j])
        if s >= threshold and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((k, None) for k in range(i, n))
    pairs.extend((None, k) for k in range(j, m))
    return pairs


def _table_score(label: dict[str, Any], table: Any) -> float:
    """Project names, or for department tables the unit name (labels name those by unit)."""
    project = label.get("project", "")
    return max(name_similarity(project, table.project),
               name_similarity(project, table.unit_name) if table.unit_name else 0.0)


def _label_row_score(label: dict[str, Any], indicator: Any) -> float:
    name = name_similarity(label.get("name", ""), indicator.name)
    value = 1.0 if squash(label.get("value", "")) == squash(indicator.target.raw) else 0.0
    return 0.75 * name + 0.25 * value


def _stats(report: RulesReport, code: str) -> CodeStats:
    return report.per_code.setdefault(code, CodeStats(code=code))


def _compare(report: RulesReport, expected: set[str], found: dict[str, Finding], where: dict[str, Any],
             notes: dict[str, str], codes: set[str] | None) -> None:
    expected = {c for c in expected if _wanted(c, codes)}
    found_codes = {c for c in found if _wanted(c, codes)}
    for code in expected | found_codes:
        stats = _stats(report, code)
        if code in expected and code in found_codes:
            stats.tp += 1
            continue
        kind = "FN" if code in expected else "FP"
        if kind == "FN":
            stats.fn += 1
            detail = notes.get(code, "")
        else:
            stats.fp += 1
            detail = found[code].message
        report.misses.append(Miss(kind=kind, code=code, expected=sorted(expected), found=sorted(found_codes),
                                  detail=detail, **where))


def _wanted(code: str, codes: set[str] | None) -> bool:
    """"B" selects a family, "B00" a prefix, "B001" one code (as `check --select` does)."""
    return codes is None or any(code.startswith(prefix) for prefix in codes)


def _findings_by_place(findings: list[Finding]) -> dict[tuple[int, int | None], dict[str, Finding]]:
    places: dict[tuple[int, int | None], dict[str, Finding]] = {}
    for finding in findings:
        places.setdefault((finding.table, finding.indicator), {}).setdefault(finding.code, finding)
    return places


def evaluate_document(label: dict[str, Any], document: Document, report: RulesReport,
                      codes: set[str] | None = None) -> None:
    """Score one labelled document against `check(document)` into `report`."""
    doc_name = label.get("document", document.source)
    places = _findings_by_place(check(document))
    label_tables = label.get("tables", [])
    table_pairs = align(label_tables, document.tables, _table_score, _TABLE_MATCH)
    if len(label_tables) != len(document.tables):
        report.misalignments.append(Misalignment(
            document=doc_name, kind="document",
            detail=f"标注有{len(label_tables)}张表，解析得到{len(document.tables)}张表"))
    for li, pi in table_pairs:
        if li is None or pi is None:
            _unmatched_table(report, doc_name, label_tables, document, li, pi, places, codes)
            continue
        lt, table = label_tables[li], document.tables[pi]
        if _table_score(lt, table) < _TABLE_MATCH:
            report.misalignments.append(Misalignment(
                document=doc_name, kind="table",
                detail=f"第{pi + 1}张表：标注项目“{lt.get('project', '')}”，解析项目“{table.project}”，按顺序对齐"))
        where = {"document": doc_name, "table": pi, "project": table.project or lt.get("project", "")}
        table_notes = {entry["code"]: entry.get("note", "") for entry in lt.get("table_codes", [])}
        table_found = places.get((pi, None), {})
        if lt.get("truncated"):
            # an excerpt cut partway: what the cut removed (whole categories) is not judged
            table_found = {c: f for c, f in table_found.items() if c not in _CUT_CODES}
        _compare(report, set(table_notes), table_found, {**where, "row": None},
                 table_notes, codes)
        rows = lt.get("rows", [])
        for lr, pr in align(rows, table.indicators, _label_row_score, _ROW_MATCH):
            label_row = rows[lr] if lr is not None else None
            indicator = table.indicators[pr] if pr is not None else None
            if label_row is None or indicator is None:
                text = (f"标注行“{label_row.get('name', '')}”在解析结果中找不到" if label_row is not None
                        else f"解析行“{indicator.name}”（{indicator.target.raw}）不在标注中")
                report.misalignments.append(Misalignment(document=doc_name, kind="row",
                                                         detail=f"{where['project']}：{text}"))
            expected = set(label_row.get("codes", [])) if label_row else set()
            found = places.get((pi, pr), {}) if pr is not None else {}
            row_where = {**where, "row": pr,
                         "row_name": indicator.name if indicator else label_row.get("name", ""),
                         "cell": indicator.target.raw if indicator else label_row.get("value", "")}
            _compare(report, expected, found, row_where, label_row.get("notes", {}) if label_row else {}, codes)


_CUT_CODES = ("S001", "S002")


def _unmatched_table(report, doc_name, label_tables, document, li, pi, places, codes) -> None:  # noqa: ANN001
    """A labelled table the reader did not find (all its codes missed), or an unlabelled parsed
    table (all its findings unconfirmed)."""
    if li is not None:
        lt = label_tables[li]
        report.misalignments.append(Misalignment(document=doc_name, kind="table",
                                                 detail=f"标注表“{lt.get('project', '')}”在解析结果中找不到"))
        where = {"document": doc_name, "table": None, "project": lt.get("project", "")}
        notes = {e["code"]: e.get("note", "") for e in lt.get("table_codes", [])}
        _compare(report, set(notes), {}, {**where, "row": None}, notes, codes)
        for row in lt.get("rows", []):
            _compare(report, set(row.get("codes", [])), {},
                     {**where, "row": None, "row_name": row.get("name", ""), "cell": row.get("value", "")},
                     row.get("notes", {}), codes)
        return
    table = document.tables[pi]
    report.misalignments.append(Misalignment(document=doc_name, kind="table",
                                             detail=f"解析表“{table.project}”不在标注中"))
    where = {"document": doc_name, "table": pi, "project": table.project}
    for (ti, row), found in places.items():
        if ti != pi:
            continue
        indicator = table.indicators[row] if row is not None else None
        _compare(report, set(), found, {**where, "row": row, "row_name": indicator.name if indicator else "",
                                        "cell": indicator.target.raw if indicator else ""}, {}, codes)


def load_cases(case_dir: str | Path) -> list[tuple[Path, dict[str, Any]]]:
    paths = sorted(Path(case_dir).glob("*.json"))
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in paths]


def evaluate_rules(case_dir: str | Path = "evals/cases/rules", root: str | Path | None = None,
                   codes: Iterable[str] | None = None) -> RulesReport:
    """Score every labelled document in `case_dir`. Document paths in the labels are relative to
    `root` (default: the repository root, i.e. the parent of `evals/`)."""
    case_dir = Path(case_dir)
    base = Path(root) if root is not None else _repo_root(case_dir)
    wanted = set(codes) if codes else None
    report = RulesReport()
    for path, label in load_cases(case_dir):
        report.cases.append(path.name)
        try:
            document = read_path(base / label["document"])
        except ParseError as error:  # every label of an unreadable document is a miss
            report.misalignments.append(Misalignment(document=label["document"], kind="document",
                                                     detail=f"无法读取：{error}"))
            document = Document(source=label["document"])
        evaluate_document(label, document, report, wanted)
    return report


def _repo_root(case_dir: Path) -> Path:
    for parent in [case_dir.resolve(), *case_dir.resolve().parents]:
        if (parent / "pyproject.toml").exists():
            return parent
    return Path.cwd()
