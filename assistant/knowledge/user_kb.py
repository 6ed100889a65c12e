"""The user's own knowledge base, beside the packaged one: `jixiao kb add DIR`.

The packaged data (assistant/data, possibly in a read-only site-packages) is never written.
User tables live in `<data dir>/knowledge_base/tables/<id>.json`, where the data dir is
`JIXIAO_DATA_DIR`, else the platform's user data folder: `$XDG_DATA_HOME/jixiao` or
`~/.local/share/jixiao` on Linux, `~/Library/Application Support/jixiao` on macOS,
`%APPDATA%\\jixiao` on Windows. `kb.load_tables()` reads both folders, so retrieval, the
drafter's examples, R001 and `jixiao kb build` (the content hash changes) use both.

`add_folder()` accepts our KB table JSON (the shape of assistant/data/knowledge_base/tables)
and every document a reader understands (.docx, .pdf, .xlsx, .html, .txt, our document JSON …):
documents are parsed and checked like the corpus in `build_kb`, each table becoming one entry.
Ids get a `user-` prefix so they never shadow a packaged table; adding a file again replaces
its tables.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ID_PREFIX = "user-"
_UNSAFE = re.compile(r"[^\w.-]+")


def user_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("JIXIAO_DATA_DIR", "").strip():
        return Path(env["JIXIAO_DATA_DIR"].strip()).expanduser()
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":
        return Path(env.get("APPDATA") or home / "AppData" / "Roaming") / "jixiao"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "jixiao"
    xdg = env.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else home / ".local" / "share") / "jixiao"


def user_tables_dir(environ: Mapping[str, str] | None = None) -> Path:
    return user_data_dir(environ) / "knowledge_base" / "tables"


def read_user_tables(folder: Path | None = None) -> tuple[dict[str, Any], ...]:
    """The user's tables, sorted by file name; a file edited by hand into something else is
    skipped with a warning on stderr rather than breaking every command."""
    base = folder or user_tables_dir()
    out = []
    for path in sorted(base.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"jixiao: 跳过用户知识库文件 {path}：{exc}", file=sys.stderr)
            continue
        if not is_kb_table(data) or not data.get("id"):
            print(f"jixiao: 跳过用户知识库文件 {path}：不是知识库表格式", file=sys.stderr)
            continue
        out.append(data)
    return tuple(out)


@dataclass
class AddResult:
    """What `add_folder` did: table ids written, files skipped with the reason (Chinese)."""

    folder: Path
    added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _safe_id(text: str) -> str:
    return ID_PREFIX + (_UNSAFE.sub("_", text).strip("_") or "table")


def is_kb_table(data: Any) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("project"), str)
            and isinstance(data.get("indicators"), list))


def normalise_table(data: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """A KB table JSON with every field run time reads, under a `user-` id."""
    from .kb import keyword_type

    rows = []
    for row in data["indicators"]:
        if not isinstance(row, dict) or not str(row.get("name") or "").strip():
            continue
        rows.append({
            "level1": str(row.get("level1") or ""),
            "level2": str(row.get("level2") or ""),
            "name": str(row["name"]).strip(),
            "description": str(row.get("description") or ""),
            "value": str(row.get("value") or ""),
            "basis": str(row.get("basis") or ""),
            "quality": "weak" if row.get("quality") == "weak" else "good",
            "codes": [str(c) for c in row.get("codes") or []],
        })
    raw_id = str(data.get("id") or fallback_id)
    project = data["project"].strip()
    purpose = str(data.get("purpose") or "")
    return {
        "id": raw_id if raw_id.startswith(ID_PREFIX) else _safe_id(raw_id),
        "source": str(data.get("source") or "user"),
        "file": str(data.get("file") or ""),
        "sector": str(data.get("sector") or ""),
        "project_type": str(data.get("project_type") or keyword_type(f"{project} {purpose}") or ""),
        "table_quality": str(data.get("table_quality") or ""),
        "project": project,
        "budget_wan": data.get("budget_wan"),
        "purpose": purpose,
        "goals": [str(g) for g in data.get("goals") or []],
        "budget_items": list(data.get("budget_items") or []),
        "indicators": rows,
    }


def document_tables(path: Path) -> list[dict[str, Any]]:
    """KB tables from a document any reader understands (raises ParseError when unreadable)."""
    from assistant.parse import read_path

    from .build_kb import _classify, _findings, table_json

    document = read_path(path)
    findings = _findings(document)
    tables = [(i, t) for i, t in enumerate(document.tables) if t.indicators]
    out = []
    for n, (index, table) in enumerate(tables):
        suffix = f"-{n + 1}" if len(tables) > 1 else ""
        out.append(table_json(
            table,
            [f for f in findings if f.table == index],
            table_id=_safe_id(f"{path.stem}{suffix}"),
            source=f"user:{path.name}",
            sector="",
            project=table.project or path.stem,
            project_type=_classify(table.project or path.stem, table.purpose),
            table_quality="",
            file=str(path),
        ))
    return out


def _tables_of(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            data = None
        items = data if isinstance(data, list) else [data]
        if data is not None and items and all(is_kb_table(x) for x in items):
            many = len(items) > 1
            return [normalise_table(x, f"{path.stem}-{n + 1}" if many else path.stem)
                    for n, x in enumerate(items)]
    return document_tables(path)


def add_folder(folder: str | Path, dest: Path | None = None) -> AddResult:
    """Read every file of `folder` (or one file) into the user KB folder `dest`."""
    from .kb import clear_caches

    source = Path(folder)
    if not source.exists():
        raise FileNotFoundError(f"找不到 {source}")
    dest = dest or user_tables_dir()
    result = AddResult(folder=dest)
    files = [source] if source.is_file() else sorted(
        p for p in source.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts)
    )
    for path in files:
        try:
            tables = _tables_of(path)
        except Exception as exc:  # one unreadable file never stops the rest
            result.skipped.append((str(path), f"无法读取：{exc}"))
            continue
        if not tables:
            result.skipped.append((str(path), "没有找到含指标的绩效目标表"))
            continue
        dest.mkdir(parents=True, exist_ok=True)
        for table in tables:
            text = json.dumps(table, ensure_ascii=False, indent=1) + "\n"
            (dest / f"{table['id']}.json").write_text(text, encoding="utf-8")
            result.added.append(table["id"])
    clear_caches()
    return result
