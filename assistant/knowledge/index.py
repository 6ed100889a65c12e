"""The retrieval service: chromadb vectors + in-memory BM25, fused by RRF.

The records list is the source of truth. chromadb only stores their vectors, in
a collection whose name carries a content hash of the records and the embedding
identity, so a search can never run against vectors of other records.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..config import Settings, get_settings
from .filters import build_filter
from .lexical import LexicalIndex
from .records import Hit, KbRecord, check_unique_ids, records_hash

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
SearchMode = Literal["hybrid", "bm25", "vector"]

MANIFEST_NAME = "jixiao-index.json"
COLLECTION_PREFIX = "jixiao-kb-"
RRF_K = 60  # the usual reciprocal-rank-fusion constant; damps rank differences


class KnowledgeIndex:
    """Hybrid search over KbRecords.

    Storage: `chromadb.HttpClient` when JIXIAO_CHROMA_HOST is set, otherwise
    `chromadb.PersistentClient(path or JIXIAO_CHROMA_PATH or <home>/chroma)`.
    The manifest (hash of the indexed records) lives in `state_dir`: the chroma
    folder itself, or `<path or home>/chroma-remote` for a server.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        embedding: Any = None,
        client: Any = None,
        records: Sequence[KbRecord] | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        if embedding is None:
            from .embedding import make_embedding

            embedding = make_embedding(self.settings)
        self.embedding = embedding
        self._client = client
        self.remote = client is None and self.settings.chroma_remote
        if self.remote:
            base = Path(path) if path is not None else self.settings.home
            self.state_dir = base / "chroma-remote"
        else:
            self.state_dir = Path(path) if path is not None else self.settings.resolved_chroma_path
        self._records: list[KbRecord] | None = None
        self._lexical: LexicalIndex | None = None
        self._hash: str | None = None
        self._collection: Any = None
        if records is not None:
            self.set_records(records)

    # ---------------------------------------------------------------- plumbing
    @property
    def client(self) -> Any:
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            cs = ChromaSettings(anonymized_telemetry=False)
            if self.remote:
                self._client = chromadb.HttpClient(
                    host=self.settings.chroma_host,
                    port=self.settings.chroma_port or 8000,
                    settings=cs,
                )
            else:
                self.state_dir.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.state_dir), settings=cs)
        return self._client

    def content_hash(self, records: Sequence[KbRecord]) -> str:
        from .embedding import embedding_identity

        return records_hash(records, salt=embedding_identity(self.embedding))

    @staticmethod
    def collection_name(content_hash: str) -> str:
        return f"{COLLECTION_PREFIX}{content_hash[:32]}"

    @property
    def manifest_path(self) -> Path:
        return self.state_dir / MANIFEST_NAME

    def read_manifest(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write_manifest(self, data: dict[str, Any]) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.manifest_path)  # atomic: readers never see half a file

    # ----------------------------------------------------------------- records
    def set_records(self, records: Sequence[KbRecord]) -> None:
        """Load records for searching (BM25 is rebuilt lazily; vectors need ensure())."""
        records = list(records)
        check_unique_ids(records)
        self._records = records
        self._lexical = None
        self._hash = self.content_hash(records)
        self._collection = None

    @property
    def records(self) -> list[KbRecord]:
        if self._records is None:
            raise RuntimeError(
                "知识库索引尚未加载记录：请先调用 ensure(records) 或 build(records)。"
            )
        return self._records

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex(self.records)
        return self._lexical

    @property
    def current_hash(self) -> str | None:
        return self._hash

    # ------------------------------------------------------------------- build
    def build(
        self,
        records: Sequence[KbRecord] | None = None,
        progress: Progress | None = None,
        batch_size: int = 1000,
    ) -> int:
        """(Re)create the vector collection for the records; returns the count."""
        if records is not None:
            self.set_records(records)
        recs = self.records
        assert self._hash is not None
        name = self.collection_name(self._hash)
        client = self.client
        self._drop(name)
        coll = client.create_collection(
            name=name,
            embedding_function=self.embedding,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"jixiao_hash": self._hash},
        )
        try:
            batch_size = max(1, min(batch_size, int(client.get_max_batch_size())))
        except Exception:  # older servers lack the call; the default is safe
            batch_size = max(1, batch_size)
        total = len(recs)
        if progress:
            progress(0, total)
        for start in range(0, total, batch_size):
            chunk = recs[start : start + batch_size]
            texts = [r.text for r in chunk]
            coll.upsert(
                ids=[r.id for r in chunk],
                documents=texts,
                embeddings=self.embedding(texts),
                metadatas=[r.flat_metadata() for r in chunk],
            )
            if progress:
                progress(min(start + batch_size, total), total)
        previous = (self.read_manifest() or {}).get("collection")
        self._write_manifest(
            {
                "version": 1,
                "hash": self._hash,
                "collection": name,
                "count": total,
                "embedding": self.embedding.name(),
                "embedding_config": self.embedding.get_config(),
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        if previous and previous != name:
            self._drop(previous)
        self._collection = coll
        log.info("built knowledge index %s with %d records", name, total)
        return total

    def _drop(self, name: str) -> None:
        from chromadb.errors import NotFoundError

        with contextlib.suppress(NotFoundError, ValueError):
            self.client.delete_collection(name)

    def _open_current(self) -> Any:
        """The collection for the loaded records if it is complete, else None."""
        from chromadb.errors import NotFoundError

        assert self._hash is not None
        try:
            coll = self.client.get_collection(
                self.collection_name(self._hash), embedding_function=self.embedding
            )
        except (NotFoundError, ValueError):
            return None
        # an interrupted build leaves a partial collection: treat as missing
        return coll if coll.count() == len(self.records) else None

    def is_current(self, records: Sequence[KbRecord] | None = None) -> bool:
        """True when the stored index matches the records (and is complete)."""
        if records is not None:
            self.set_records(records)
        m = self.read_manifest()
        return bool(m and m.get("hash") == self._hash and self._open_current() is not None)

    def ensure(
        self, records: Sequence[KbRecord] | None = None, progress: Progress | None = None
    ) -> bool:
        """Make the index match the records. Returns True when it had to rebuild."""
        if records is not None:
            self.set_records(records)
        self.records  # noqa: B018 - raises a clear error when nothing is loaded
        m = self.read_manifest()
        if m and m.get("hash") == self._hash:
            coll = self._open_current()
            if coll is not None:
                self._collection = coll
                return False
        self.build(progress=progress)
        return True

    # ------------------------------------------------------------------ search
    def _vector_top(self, query: str, n: int, mask: np.ndarray | None) -> list[tuple[str, float]]:
        if self._collection is None:
            self.ensure()
        lex = self.lexical
        kw: dict[str, Any] = {}
        size = len(lex.records)
        if mask is not None:
            size = int(mask.sum())
            if size == 0:
                return []
            # The filter is evaluated on our records (the source of truth) and handed
            # to chromadb as an id allow-list: at 10k records this is ~10x faster than
            # chromadb's own `where` (SQLite metadata scan) and means the same thing.
            kw["ids"] = lex.ids[mask].tolist()
        n = min(n, size)
        if n <= 0:
            return []
        qv = self.embedding.embed_query([query])
        res = self._collection.query(query_embeddings=qv, n_results=n, include=["distances"], **kw)
        ids = res["ids"][0] if res["ids"] else []
        dists = res["distances"][0] if res.get("distances") else []
        # chromadb's cosine distance is 1 - cosine similarity
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=False)]

    def search(
        self,
        query: str,
        k: int = 5,
        where: Mapping[str, Any] | None = None,
        kinds: Sequence[str] | None = None,
        *,
        mode: SearchMode = "hybrid",
        candidates: int | None = None,
    ) -> list[Hit]:
        """Top-k records for the query. `where` filters metadata (see filters.py),
        `kinds` restricts record kinds; both apply to BM25 and vectors alike."""
        if not query.strip() or k <= 0:
            return []
        lex = self.lexical
        f = build_filter(where, kinds)
        n = candidates or max(30, 4 * k)
        mask = lex.mask(f)
        bm: list[tuple[int, float]] = []
        if mode != "vector":
            bm = lex.top(query, n, mask)
        vec: list[tuple[str, float]] = []
        if mode != "bm25":
            vec = self._vector_top(query, n, mask)

        fused: dict[int, float] = {}
        bm_score: dict[int, float] = {}
        vec_score: dict[int, float] = {}
        for rank, (pos, s) in enumerate(bm):
            fused[pos] = fused.get(pos, 0.0) + 1.0 / (RRF_K + rank + 1)
            bm_score[pos] = s
        for rank, (rid, s) in enumerate(vec):
            pos = lex.position.get(rid)
            if pos is None:  # cannot happen with a hash-named collection; be safe
                continue
            fused[pos] = fused.get(pos, 0.0) + 1.0 / (RRF_K + rank + 1)
            vec_score[pos] = s
        top_bm = max(bm_score.values(), default=0.0) or 1.0

        def tiebreak(pos: int) -> float:
            return vec_score.get(pos, 0.0) + bm_score.get(pos, 0.0) / top_bm

        order = sorted(fused, key=lambda p: (-fused[p], -tiebreak(p), p))[:k]
        hits: list[Hit] = []
        for pos in order:
            r = lex.records[pos]
            hits.append(
                Hit(
                    id=r.id,
                    text=r.text,
                    kind=r.kind,
                    metadata=dict(r.metadata),
                    score=round(fused[pos], 6),
                    vector_score=vec_score.get(pos),
                    bm25_score=bm_score.get(pos),
                )
            )
        return hits
