"""Retrieval as an optional input of the drafters: similar good indicator rows for a project.

The drafter accepts anything with `similar_rows(query, project_type, k)` (a `Retriever`), or a
plain callable `(query, project_type) -> rows`; rows may be `RetrievedRow`s or dicts with the
same keys. `IndexRetriever` adapts the knowledge index (assistant.knowledge.index), reading its
indicator records' metadata leniently because the record layout is owned elsewhere. Without a
retriever the drafter uses the taxonomy's typical indicators alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class RetrievedRow:
    level2: str
    name: str
    value: str
    level1: str = ""
    description: str = ""
    basis: str = ""
    source: str = ""  # KB table / record id, shown as provenance
    project_type: str = ""


@runtime_checkable
class Retriever(Protocol):
    def similar_rows(self, query: str, project_type: str | None, k: int = 8) -> list[RetrievedRow]:
        ...


def _as_row(item: Any) -> RetrievedRow | None:
    if isinstance(item, RetrievedRow):
        return item
    if isinstance(item, dict):
        name, value, level2 = item.get("name"), item.get("value"), item.get("level2")
        if not (name and value and level2):
            return None
        return RetrievedRow(
            level2=str(level2), name=str(name), value=str(value), level1=str(item.get("level1") or ""),
            description=str(item.get("description") or ""), basis=str(item.get("basis") or ""),
            source=str(item.get("source") or item.get("table") or item.get("id") or ""),
            project_type=str(item.get("project_type") or ""),
        )
    return None


def retrieve_rows(retriever: Any, query: str, project_type: str | None, k: int = 12) -> list[RetrievedRow]:
    """Rows from whatever retriever was given; [] when none, or when it fails (it is a hint)."""
    if retriever is None:
        return []
    try:
        if isinstance(retriever, Retriever):
            raw: Iterable[Any] = retriever.similar_rows(query, project_type, k)
        elif callable(retriever):
            raw = retriever(query, project_type)
        else:
            return []
        rows = [_as_row(item) for item in raw]
    except Exception:  # noqa: BLE001 - a broken index must not stop an offline draft
        return []
    return [row for row in rows if row is not None][:k]


def _name_of(text: str, level2: str) -> tuple[str, str]:
    """An indicator record's text is "name：description（level2）"; split it back."""
    if level2 and text.endswith(f"（{level2}）"):
        text = text[: -len(level2) - 2]
    name, _, description = text.partition("：")
    return name.strip(), description.strip()


class IndexRetriever:
    """Adapter: KnowledgeIndex.search(...) hits of kind "indicator" → RetrievedRow."""

    def __init__(self, index: Any, good_only: bool = True) -> None:
        self.index = index
        self.good_only = good_only

    def _search(self, query: str, k: int, where: dict[str, Any] | None, kinds: list[str]) -> list[Any]:
        try:
            return list(self.index.search(query, k=k, where=where, kinds=kinds))
        except Exception:  # noqa: BLE001 - filters unknown to the index: retry without them
            return list(self.index.search(query, k=k, kinds=kinds)) if where else []

    def similar_rows(self, query: str, project_type: str | None, k: int = 8) -> list[RetrievedRow]:
        if hasattr(self.index, "similar_indicators"):  # the knowledge service: filters built in
            try:
                hits = list(self.index.similar_indicators(
                    query, project_type=project_type, quality="good" if self.good_only else None, k=k * 2))
            except Exception:  # noqa: BLE001 - retrieval is a hint
                hits = []
        else:
            where = {"project_type": project_type} if project_type else None
            hits = self._search(query, k * 2, where, ["indicator"])
        rows: list[RetrievedRow] = []
        for hit in hits:
            meta = dict(getattr(hit, "metadata", {}) or {})
            if self.good_only and meta.get("quality") not in (None, "", "good"):
                continue
            if str(meta.get("source") or "").startswith("taxonomy:"):
                continue  # the drafter already offers the taxonomy's typical rows
            name, description = _name_of(str(getattr(hit, "text", "")), str(meta.get("level2") or ""))
            row = _as_row({"name": name, "description": description, **meta,
                           "source": meta.get("table_id") or meta.get("source") or getattr(hit, "id", "")})
            if row is not None:
                rows.append(row)
        return rows[:k]

    def similar_tables(self, query: str, k: int = 3) -> list[str]:
        """Project types of the most similar KB tables (votes for classification)."""
        return [
            str((getattr(hit, "metadata", {}) or {}).get("project_type") or "")
            for hit in self._search(query, k, None, ["table"])
        ]


RowFunction = Callable[[str, "str | None"], Iterable[Any]]
