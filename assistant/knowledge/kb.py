"""The knowledge base at run time: LOAD the curated JSON (never parse the corpus here).

- `load_tables()`: assistant/data/knowledge_base/tables/*.json, written by `python -m assistant.knowledge.build_kb`.
- `load_guidance()`: the `## <id> <title>` sections of assistant/data/knowledge_base/guidance/*.md, with the
  rule codes from guidance/INDEX.json.
- `load_taxonomy()`: the project types (44) with keywords and typical indicators.
- `records()`: everything above as KbRecords for the retrieval index.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.data import GUIDANCE_DIR, KB_DIR, TABLES_DIR  # noqa: F401 - re-exported

from .records import KbRecord

_SECTION = re.compile(r"^## (\S+)\s+(.*)$")
_RULES_LINE = re.compile(r"^相关规则[:：]")
_DOC_NUMBER = re.compile(r"[\w]*字?[【\[]\d{4}[】\]]\d*号")


def _read_tables(base: Path) -> tuple[dict[str, Any], ...]:
    return tuple(
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(base.glob("*.json"))
    )


@lru_cache(maxsize=4)
def load_tables(folder: str | None = None) -> tuple[dict[str, Any], ...]:
    """Every curated table, sorted by id (cached: the files are data, not user input).

    Without `folder`: the packaged tables, then the user's own (`jixiao kb add`, user_kb.py)."""
    if folder:
        return _read_tables(Path(folder))
    from .user_kb import read_user_tables

    return _read_tables(TABLES_DIR) + read_user_tables()


def clear_caches() -> None:
    """Forget loaded tables (after `kb add`, or when a test points JIXIAO_DATA_DIR elsewhere)."""
    load_tables.cache_clear()


def tables_by_id(folder: str | None = None) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in load_tables(folder)}


@lru_cache(maxsize=2)
def load_taxonomy(path: str | None = None) -> dict[str, Any]:
    return json.loads(Path(path or KB_DIR / "taxonomy.json").read_text(encoding="utf-8"))


def type_names() -> dict[str, str]:
    return {t["id"]: t["name"] for t in load_taxonomy()["types"]}


@lru_cache(maxsize=2)
def load_guidance(folder: str | None = None) -> tuple[dict[str, Any], ...]:
    """Sections {id, title, text, rules, file}; `text` is the body without the rules line."""
    base = Path(folder) if folder else GUIDANCE_DIR
    index = {e["id"]: e for e in json.loads((base / "INDEX.json").read_text(encoding="utf-8"))}
    sections: list[dict[str, Any]] = []
    for path in sorted(base.glob("*.md")):
        current: dict[str, Any] | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _SECTION.match(line)
            if match:
                current = {"id": match.group(1), "title": match.group(2).strip(), "lines": [],
                           "file": path.name}
                sections.append(current)
            elif current is not None and not _RULES_LINE.match(line):
                current["lines"].append(line)
    out = []
    for s in sections:
        entry = index.get(s["id"], {})
        out.append({
            "id": s["id"],
            "title": s["title"],
            "text": "\n".join(s["lines"]).strip(),
            "rules": list(entry.get("rules", [])),
            "file": s["file"],
        })
    return tuple(out)


def guidance_by_id() -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in load_guidance()}


def keyword_scores(text: str) -> dict[str, float]:
    """Taxonomy keyword score per type; longer keywords are more specific and weigh more."""
    text = _DOC_NUMBER.sub("", text or "")
    scores: dict[str, float] = {}
    for type_ in load_taxonomy()["types"]:
        hits = [k for k in type_["keywords"] if k and k in text]
        # a keyword inside a longer matched keyword (工资 in 村干部工资) does not count twice
        hits = [k for k in hits if not any(k != h and k in h for h in hits)]
        score = sum({1: 0.3, 2: 1.0, 3: 1.3}.get(len(k), 1.6) for k in hits)
        if score:
            scores[type_["id"]] = round(score, 3)
    return scores


def keyword_type(text: str) -> str | None:
    scores = keyword_scores(text)
    return max(scores, key=lambda k: scores[k]) if scores else None


def indicator_text(row: dict[str, Any]) -> str:
    """The short text an indicator record is searched by."""
    description = row.get("description") or ""
    body = f"{row['name']}：{description}" if description and description != row["name"] else row["name"]
    return f"{body}（{row.get('level2') or row.get('level1') or ''}）"


def table_text(table: dict[str, Any]) -> str:
    """Name, purpose, goals and the good rows' names: what the table is about. Weak rows are
    left out (template residue would make a 防火 table look like a farm table)."""
    good = [r["name"] for r in table["indicators"] if r["quality"] == "good" and r.get("name")]
    return " ".join([table["project"], (table.get("purpose") or "")[:400], *table.get("goals", []),
                     *good])


def records(folder: str | None = None) -> list[KbRecord]:
    """KbRecords for indicators (KB rows + taxonomy typical indicators), tables and guidance."""
    out: list[KbRecord] = []
    for table in load_tables(folder):
        tid = table["id"]
        for i, row in enumerate(table["indicators"]):
            if not row.get("name"):
                continue
            out.append(KbRecord(
                id=f"ind:{tid}:{i}",
                text=indicator_text(row),
                kind="indicator",
                metadata={
                    "project_type": table.get("project_type") or "",
                    "level1": row.get("level1") or "",
                    "level2": row.get("level2") or "",
                    "quality": row["quality"],
                    "table_id": tid,
                    "project": table["project"],
                    "value": row.get("value") or "",
                    "codes": ",".join(row.get("codes", [])),
                    "source": table.get("source") or "",
                    "row": i,
                },
            ))
        out.append(KbRecord(
            id=f"tab:{tid}",
            text=table_text(table),
            kind="table",
            metadata={
                "project_type": table.get("project_type") or "",
                "table_id": tid,
                "project": table["project"],
                "source": table.get("source") or "",
                "quality": table.get("table_quality") or "",
                "indicators": len(table["indicators"]),
            },
        ))
    for type_ in load_taxonomy()["types"]:
        n = 0
        for group, items in type_["typical_indicators"].items():
            for item in items:
                level2 = item.get("level2") or group
                out.append(KbRecord(
                    id=f"tax:{type_['id']}:{n}",
                    text=f"{item['name']}（{level2}）",
                    kind="indicator",
                    metadata={
                        "project_type": type_["id"],
                        "level1": _level1_of(level2),
                        "level2": level2,
                        "quality": "good",
                        "table_id": "",
                        "project": type_["name"],
                        "value": item.get("value") or "",
                        "codes": "",
                        "source": f"taxonomy:{type_['id']}",
                        "row": n,
                    },
                ))
                n += 1
    for section in load_guidance():
        out.append(KbRecord(
            id=f"guide:{section['id']}",
            text=f"{section['title']} {section['text']}",
            kind="guidance",
            metadata={"section": section["id"], "file": section["file"],
                      "rules": ",".join(section["rules"])},
        ))
    return out


def _level1_of(level2: str) -> str:
    from assistant.model import LEVEL2_BY_LEVEL1

    for level1, names in LEVEL2_BY_LEVEL1.items():
        if level2 in names:
            return level1
    return ""
