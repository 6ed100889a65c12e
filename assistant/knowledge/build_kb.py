"""Build the curated KB tables: `python -m assistant.knowledge.build_kb` (developers only).

Parses every table of the seeds and of knowledge_base/corpus/k*.txt with the project's own
readers, runs the rules on each and writes assistant/data/knowledge_base/tables/<id>.json
(shipped in the package). A row is "weak"
when it earns an error or warning finding. The output is committed data: run time only loads it
(assistant/knowledge/kb.py), so the readers' and rules' behaviour at build time is frozen in.

Corpus pages the reader cannot turn into indicator rows still give a table with their purpose
and goal text (zero indicators): they help classification.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.knowledge.kb import TABLES_DIR, keyword_type
from assistant.model import Document, Finding, Severity, TargetTable, wan
from assistant.parse import read_path, read_text

# Developer inputs live in the repository checkout, not in the package.
ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT / "tests" / "fixtures" / "seeds"
SOURCE_DIR = ROOT / "knowledge_base"
CORPUS_DIR = SOURCE_DIR / "corpus"

# Where a page says what the money is for / what it should achieve (for unparsed pages).
_PURPOSE_AT = re.compile(r"项目概况|资金用途|主要用途|项目内容|实施内容|主要内容|项目简介|项目理由|立项依据")
_GOAL_AT = re.compile(r"(?:年度绩效目标|年度目标|总体目标|绩效目标|项目目标)(?![表申自设])")
# Headings a reader may take for a goal: not goals.
_HEADING = re.compile(r"^(?:中期|长期|年度|预期|总体|年初设定|实施期)?(?:滚动)?目标.{0,16}$|^绩效\s*指标$|表|公章|发布")
_SPACE = re.compile(r"\s+")
_JUNK_NAMES = re.compile(r"^(?:表\d+|金额|专项资金|部门（?单位）?整体|部门单位整体)?$")


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _snippet(text: str, pattern: re.Pattern[str], size: int) -> str:
    match = pattern.search(text)
    if not match:
        return ""
    return text[match.end() : match.end() + size].lstrip("：:，, ")


def page_summary(body: str) -> tuple[str, list[str]]:
    """(purpose, goals) from a page's raw text when the reader found no indicator rows."""
    flat = _SPACE.sub(" ", body).strip()
    purpose = _snippet(flat, _PURPOSE_AT, 300) or flat[:300]
    goal = _snippet(flat, _GOAL_AT, 200)
    return purpose, [goal] if goal else []


def clean_goals(goals: list[str]) -> list[str]:
    out = []
    for goal in goals:
        text = _SPACE.sub(" ", goal).strip()
        if len(text.replace(" ", "")) >= 6 and not _HEADING.search(text[:12]):
            out.append(text)
    return out


def row_quality(findings: list[Finding]) -> tuple[str, list[str]]:
    codes = sorted({f.code for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)})
    return ("weak" if codes else "good"), codes


def table_json(
    table: TargetTable,
    findings: list[Finding],
    *,
    table_id: str,
    source: str,
    sector: str,
    project: str,
    project_type: str,
    table_quality: str,
    file: str,
) -> dict[str, Any]:
    """The KB shape of one table (findings are this table's own)."""
    rows = []
    for index, indicator in enumerate(table.indicators):
        quality, codes = row_quality([f for f in findings if f.indicator == index])
        rows.append(
            {
                "level1": indicator.level1,
                "level2": indicator.level2,
                "name": indicator.name,
                "description": indicator.description,
                "value": indicator.target.raw,
                "basis": indicator.basis,
                "quality": quality,
                "codes": codes,
            }
        )
    return {
        "id": table_id,
        "source": source,
        "file": file,
        "sector": sector,
        "project_type": project_type,
        "table_quality": table_quality,
        "project": project,
        "budget_wan": _num(wan(table.budget_total_yuan)),
        "purpose": table.purpose,
        "goals": clean_goals(table.goals),
        "budget_items": [
            {
                "label": item.label,
                "amount_wan": _num(wan(item.amount_yuan)),
                "quantities": [f"{q.value.normalize():f}{q.unit}" for q in item.quantities],
            }
            for item in table.budget_items
        ],
        "indicators": rows,
    }


def _findings(document: Document) -> list[Finding]:
    from assistant.knowledge.relevance import kb_disabled
    from assistant.rules import check

    # The KB must not judge itself: R001 uses only the vocabulary while building.
    with kb_disabled():
        return check(document)


def _classify(project: str, purpose: str) -> str:
    return keyword_type(f"{project} {purpose}") or ""


def seed_tables(meta: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for path in sorted(SEEDS_DIR.glob("[0-9][0-9][0-9].txt")):
        seed = path.stem
        document = read_path(path)
        findings = _findings(document)
        entries = [m for m in meta if m.get("kind") == "seed" and m.get("file") == f"seed_{seed}"]
        for index, table in enumerate(document.tables):
            entry = entries[index] if len(entries) == len(document.tables) else {}
            project = table.project
            if _JUNK_NAMES.match(project) and entry.get("project"):
                project = entry["project"]
            out.append(
                table_json(
                    table,
                    [f for f in findings if f.table == index],
                    table_id=f"seed{seed}-{index + 1:02d}",
                    source=f"seed {seed}",
                    sector=entry.get("sector", ""),
                    project=project,
                    project_type=entry.get("project_type") or _classify(project, table.purpose),
                    table_quality=entry.get("quality", ""),
                    file=f"tests/fixtures/seeds/{path.name}",
                )
            )
    return out


def corpus_tables(meta: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_file = {m["file"]: m for m in meta if m.get("kind") == "corpus"}
    out = []
    for path in sorted(CORPUS_DIR.glob("k*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        source = lines[0].removeprefix("# source:").strip() if lines else ""
        sector = lines[1].removeprefix("# sector:").strip() if len(lines) > 1 else ""
        body = "\n".join(lines[2:])
        entry = by_file.get(path.name, {})
        try:
            document = read_text(body, path.name)
        except Exception as exc:  # a page the reader rejects still gives its text
            print(f"{path.name}: {exc}", file=sys.stderr)
            document = Document(source=path.name)
        findings = _findings(document)
        parsed = [(i, t) for i, t in enumerate(document.tables) if t.indicators]
        subprojects = entry.get("projects") or []
        if not parsed:
            purpose, goals = page_summary(body)
            for table in document.tables:
                goals.extend(g for g in table.goals if g.strip())
                purpose = table.purpose or purpose
            table = TargetTable(project=entry.get("project", ""), purpose=purpose, goals=goals)
            parsed_rows: list[tuple[int, TargetTable]] = [(-1, table)]
        else:
            parsed_rows = parsed
        for n, (index, table) in enumerate(parsed_rows):
            sub = subprojects[n] if len(subprojects) == len(parsed_rows) else {}
            name = sub.get("project") or entry.get("project") or table.project
            if len(parsed_rows) > 1 and not sub and not _JUNK_NAMES.match(table.project):
                name = table.project
            suffix = f"-{n + 1}" if len(parsed_rows) > 1 else ""
            out.append(
                table_json(
                    table,
                    [f for f in findings if f.table == index],
                    table_id=f"{path.stem}{suffix}",
                    source=source,
                    sector=sector or entry.get("sector", ""),
                    project=name,
                    project_type=sub.get("project_type")
                    or entry.get("project_type")
                    or _classify(name, table.purpose),
                    table_quality=sub.get("quality") or entry.get("quality", ""),
                    file=f"knowledge_base/corpus/{path.name}",
                )
            )
    return out


def build(out_dir: Path = TABLES_DIR) -> list[dict[str, Any]]:
    meta = json.loads((SOURCE_DIR / "corpus_meta.json").read_text(encoding="utf-8"))
    tables = seed_tables(meta) + corpus_tables(meta)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.json"):
        old.unlink()
    for table in tables:
        path = out_dir / f"{table['id']}.json"
        path.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从种子表和语料重建 assistant/data/knowledge_base/tables/*.json")
    parser.add_argument("--out", default=str(TABLES_DIR))
    args = parser.parse_args(argv)
    tables = build(Path(args.out))
    rows = [r for t in tables for r in t["indicators"]]
    good = sum(r["quality"] == "good" for r in rows)
    print(f"写入 {len(tables)} 张表，{len(rows)} 行指标（good {good}，weak {len(rows) - good}）→ {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
