"""Where a drafted row came from, in words a user reads.

The drafter records provenance for machines ("breakdown: …", "kb: k001", "type: construction
typical indicator", "llm:model (prompt v3)；…"); the grid, the exports and the explanations show
"测算明细第2条 / 知识库：某县某项目 / 本类项目常用指标 / 建议值" instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assistant.model import TargetTable

_LLM = re.compile(r"^llm:[^；;]*?(?:\(prompt [^)]*\))?\s*(?:[；;]\s*(?P<rest>.*))?$", re.S)
_ASCII_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{2,}")


def _norm(text: str) -> str:
    return re.sub(r"[\s:：,，;；。、()（）]", "", text or "").rstrip("…")


def breakdown_number(text: str, table: TargetTable | None) -> int | None:
    """1-based number of the breakdown item the text quotes."""
    if table is None or not text:
        return None
    wanted = _norm(text)
    if not wanted:
        return None
    for number, item in enumerate(table.budget_items, start=1):
        have = _norm(item.text)
        if have and (have.startswith(wanted) or wanted.startswith(have) or wanted in have):
            return number
    for number, item in enumerate(table.budget_items, start=1):
        label = _norm(item.label)
        if label and label in wanted:
            return number
    return None


def kb_project(ref: str, tables: Mapping[str, Mapping[str, Any]] | None) -> str:
    # "k001", "seed000-01 (personnel-pay)", a row id "k001/3" or "k001#3": the table id first
    ref = re.split(r"[\s(（/#]", ref.strip(), maxsplit=1)[0]
    table = (tables or {}).get(ref)
    return str(table["project"]) if table and table.get("project") else ""


def describe(
    provenance: str | None,
    table: TargetTable | None = None,
    tables: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """One provenance string → Chinese words (already Chinese strings pass unchanged)."""
    text = (provenance or "").strip()
    if not text:
        return ""
    kind, sep, rest = text.partition(":")
    kind, rest = kind.strip().lower(), rest.strip()
    if text.lower().startswith("llm:"):
        match = _LLM.match(text)
        inner = (match.group("rest") or "").strip() if match else ""
        said = describe(inner, table, tables) if inner else ""
        return "大模型起草" + (f"（{said}）" if said else "")
    if not sep or not kind.isascii():
        return _no_ids(text)
    if kind == "breakdown":
        if rest.startswith(("测算明细", "资金用途", "项目描述")):
            return rest  # the drafter already cites the item and the clause (测算明细第2条：甲类300人)
        number = breakdown_number(rest, table)
        return f"测算明细第{number}条" if number else "测算明细"
    if kind == "kb":
        project = kb_project(rest, tables)
        return f"知识库：{project}" if project else "知识库中的同类项目"
    if kind == "type":
        return "建议值（请核定）" if "suggested" in rest else "本类项目常用指标"
    if kind == "budget":
        return rest.replace("预算数", "预算数 ") if rest else "预算数"
    if kind == "plan":
        return "资金支出计划"
    if kind in ("purpose", "goal", "goals"):
        return f"项目描述：{rest}" if rest else "项目描述"
    if kind in ("draft", "default"):
        return "本类项目常用指标"
    if kind == "user":
        return "手工添加"
    return _no_ids(rest or text)


def _no_ids(text: str) -> str:
    """Drop leftover internal words (ids, slugs) from a Chinese provenance."""
    cleaned = _ASCII_WORDS.sub("", text).strip(" :：;；,，")
    return cleaned if re.search(r"[\u4e00-\u9fff]", cleaned) else "建议值"


def humanize_table(table: TargetTable, tables: Mapping[str, Mapping[str, Any]] | None) -> None:
    """Rewrite every row's provenance in place (the grid and the exports then show words)."""
    for indicator in table.indicators:
        indicator.provenance = describe(indicator.provenance, table, tables) or None


def kb_tables(service: Any) -> Mapping[str, Mapping[str, Any]]:
    try:
        return getattr(service, "tables", None) or {}
    except Exception:  # noqa: BLE001 - no knowledge base: ids stay unnamed
        return {}
