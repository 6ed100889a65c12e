"""The one retrieval service over the knowledge base: CLI, app, rules, explainer and evals use it.

Two speeds:
- `mode="bm25"`: a keyword BM25 over the KB records only (litebm25: no chromadb, numpy or
  bm25s import; ~0.1 s to set up; a query walks only its rarest tokens' postings; large record
  sets get the numpy-backed bm25_arrays). The rules (R001) use this so `jixiao check` stays fast.
- `mode="hybrid"`: chromadb vectors + BM25 fused (KnowledgeIndex). `index()` builds or reuses
  the vector collection; it rebuilds only when the KB content hash changes.

`get_service()` caches one service per (mode, path) for the process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .buildlock import build_lock
from .filters import build_filter
from .kb import guidance_by_id, keyword_scores, load_guidance, records, tables_by_id, type_names
from .litebm25 import LiteBM25, keyword_index
from .records import Hit, KbRecord

Mode = Literal["bm25", "hybrid"]
Progress = Callable[[int, int], None]

_DOC_NUMBER = re.compile(r"[\w]*字?[【\[]\d{4}[】\]]\d*号")
CLASSIFY_K = 7  # tables that vote on a project's type
KEYWORD_SHARE = 0.5  # weight of taxonomy keywords against retrieval votes
KEYWORD_BOOST = 0.5  # lift for tables whose type the query's taxonomy keywords point at
RERANK_POOL = 30  # candidates the keyword lift may reorder


class Classification(NamedTuple):
    """`classify()`'s answer; unpacks as (type_id, score, evidence)."""

    type_id: str
    score: float
    evidence: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.evidence.get("type_name") or "")


def clean_query(text: str) -> str:
    """Document numbers (怀财字【2024】7号) say nothing about a project: drop them."""
    return _DOC_NUMBER.sub("", text or "").strip()


class KnowledgeService:
    """Search, classification and guidance over the curated KB (see module docstring)."""

    def __init__(
        self,
        mode: Mode = "bm25",
        *,
        path: str | Path | None = None,
        settings: Any = None,
        embedding: Any = None,
        kb_records: Sequence[KbRecord] | None = None,
    ) -> None:
        self.mode: Mode = mode
        self.path = path
        self.settings = settings
        self.embedding = embedding
        self._records = list(kb_records) if kb_records is not None else None
        self._index: Any = None
        self.last_rebuilt = False  # did the last index() call have to rebuild?
        self._ensured = False

    # ----------------------------------------------------------------- records
    @property
    def records(self) -> list[KbRecord]:
        if self._records is None:
            self._records = records()
        return self._records

    @cached_property
    def lexical(self) -> LiteBM25:
        """The keyword index: pure Python for the curated KB, numpy arrays from 5,000 records."""
        return keyword_index(self.records)

    @cached_property
    def table_lexical(self) -> LiteBM25:
        """Table records only: classification needs just these (~90), so it stays instant."""
        return keyword_index([r for r in self.records if r.kind == "table"])

    @cached_property
    def tables(self) -> dict[str, dict[str, Any]]:
        return tables_by_id()

    def index(self, progress: Progress | None = None, force: bool = False) -> Any:
        """The hybrid KnowledgeIndex, built when the KB content changed (else reused)."""
        if self._index is None:
            from .index import KnowledgeIndex

            self._index = KnowledgeIndex(self.path, settings=self.settings, embedding=self.embedding)
        # one build per index folder: others wait (seeing the builder's progress), then reuse it
        with build_lock(self._index.state_dir, progress) as shared_progress:
            if force:
                self._index.build(self.records, progress=shared_progress)
                self.last_rebuilt = True
            else:
                self.last_rebuilt = bool(self._index.ensure(self.records, progress=shared_progress))
        self._ensured = True
        return self._index

    def is_ready(self) -> bool:
        """bm25 needs nothing built; hybrid needs a current vector index."""
        if self.mode == "bm25":
            return True
        return self._index is not None and bool(self._index.is_current(self.records))

    # ------------------------------------------------------------------ search
    def search(
        self,
        query: str,
        k: int = 5,
        where: Mapping[str, Any] | None = None,
        kinds: Sequence[str] | None = None,
    ) -> list[Hit]:
        query = clean_query(query)
        if not query or k <= 0:
            return []
        if self.mode == "hybrid":
            # ensure() hashes every record: do it once, not on every query
            index = self._index if self._ensured else self.index()
            return index.search(query, k=k, where=where, kinds=kinds)
        lex = self.table_lexical if list(kinds or ()) == ["table"] else self.lexical
        hits = []
        for pos, score in lex.top(query, k, build_filter(where, kinds)):
            r = lex.records[pos]
            hits.append(Hit(id=r.id, text=r.text, kind=r.kind, metadata=dict(r.metadata),
                            score=round(score, 6), bm25_score=score))
        return hits

    def table_hits(self, query: str, k: int = 5, exclude: Sequence[str] = ()) -> list[Hit]:
        """KB tables most similar to a project description (name + purpose).

        Text similarity picks candidates; the taxonomy keywords found in the query then lift
        tables of the matching type (shared boilerplate such as 保障/正常运转 otherwise lets
        any type win)."""
        hits = self.search(query, k=RERANK_POOL + len(exclude), kinds=["table"])
        hits = [h for h in hits if h.metadata.get("table_id") not in exclude]
        if not hits:
            return []
        keywords = keyword_scores(clean_query(query))
        top_kw = max(keywords.values(), default=0.0) or 1.0
        top_score = max(h.score for h in hits) or 1.0

        def combined(hit: Hit) -> float:
            kw = keywords.get(str(hit.metadata.get("project_type") or ""), 0.0) / top_kw
            return hit.score / top_score + KEYWORD_BOOST * kw

        ranked = sorted(hits, key=lambda h: -combined(h))[:k]
        return [h.model_copy(update={"score": round(combined(h), 6)}) for h in ranked]

    def similar_tables(self, query: str, k: int = 3) -> list[str]:
        """Project types of the k most similar tables (best first): the drafter's vote."""
        return [str(h.metadata.get("project_type") or "") for h in self.table_hits(query, k)]

    def similar_indicators(
        self,
        query: str,
        project_type: str | None = None,
        level2: str | None = None,
        quality: str | None = "good",
        k: int = 5,
        exclude_tables: Sequence[str] = (),
    ) -> list[Hit]:
        """Indicator rows (KB rows and taxonomy typical indicators) like the query."""
        where: dict[str, Any] = {}
        if project_type:
            where["project_type"] = project_type
        if level2:
            where["level2"] = level2
        if quality:
            where["quality"] = quality
        if exclude_tables:
            where["table_id"] = {"$nin": list(exclude_tables)}
        return self.search(query, k=k, where=where, kinds=["indicator"])

    # ---------------------------------------------------------- classification
    def classify(
        self, name: str, purpose: str = "", exclude: Sequence[str] = ()
    ) -> Classification:
        """(type id, score 0–1, evidence): top-k similar tables vote, taxonomy keywords weigh in."""
        query = clean_query(f"{name} {purpose[:400]}")
        hits = self.table_hits(query, k=CLASSIFY_K, exclude=exclude)
        votes: dict[str, float] = {}
        for rank, hit in enumerate(hits):
            type_id = str(hit.metadata.get("project_type") or "")
            if type_id:
                votes[type_id] = votes.get(type_id, 0.0) + 1.0 / (rank + 1)
        keywords = keyword_scores(query)
        total_votes = sum(votes.values()) or 1.0
        total_kw = sum(keywords.values()) or 1.0
        scores = {
            t: (1 - KEYWORD_SHARE) * votes.get(t, 0.0) / total_votes
            + KEYWORD_SHARE * keywords.get(t, 0.0) / total_kw
            for t in set(votes) | set(keywords)
        }
        if not scores:
            return Classification("", 0.0, {"tables": [], "keywords": {}, "scores": {}})
        best = max(scores, key=lambda t: (scores[t], votes.get(t, 0.0)))
        evidence = {
            "type_name": type_names().get(best, ""),
            "tables": [
                {"table_id": h.metadata.get("table_id"), "project": h.metadata.get("project"),
                 "project_type": h.metadata.get("project_type"), "score": h.score}
                for h in hits
            ],
            "keywords": keywords,
            "scores": {t: round(s, 3) for t, s in sorted(scores.items(), key=lambda kv: -kv[1])},
        }
        return Classification(best, round(scores[best], 3), evidence)

    # ---------------------------------------------------------------- guidance
    def guidance(self, section_id: str) -> dict[str, Any] | None:
        return guidance_by_id().get(section_id)

    def guidance_for_rule(self, code: str) -> list[dict[str, Any]]:
        """Sections that list the rule, the rule's own refs first."""
        code = code.upper()
        refs: tuple[str, ...] = ()
        try:
            from assistant.rules import load_rules

            rule = load_rules().get(code)
            refs = rule.refs if rule else ()
        except Exception:  # the rules are optional here; the index still answers
            refs = ()
        sections = {s["id"]: s for s in load_guidance()}
        ordered = [sections[r] for r in refs if r in sections]
        ordered += [s for s in load_guidance() if code in s["rules"] and s not in ordered]
        return ordered


@lru_cache(maxsize=4)
def get_service(mode: Mode = "bm25", path: str | None = None) -> KnowledgeService:
    """The process-wide service (records and BM25 are built once)."""
    return KnowledgeService(mode, path=path)


@lru_cache(maxsize=1)
def kb_available() -> bool:
    """True when curated tables are present (a fresh checkout always has them)."""
    from .kb import TABLES_DIR

    return TABLES_DIR.is_dir() and any(TABLES_DIR.glob("*.json"))
