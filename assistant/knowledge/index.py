"""The retrieval service: chromadb vectors + in-memory BM25, fused by RRF.

The records list is the source of truth. chromadb only stores their vectors, in
collections whose metadata carries a content hash of the records and the embedding
identity, so a search can never run against vectors of other records. Which collection
is in use is stored in chromadb too (`store.py`: a pointer switched after each build), so
several clients of one server agree, and a build never drops a collection in use.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..config import Settings, get_settings
from . import store
from .filters import build_filter
from .lexical import LexicalIndex
from .records import Hit, KbRecord, check_unique_ids, records_hash

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
SearchMode = Literal["hybrid", "bm25", "vector"]

COLLECTION_PREFIX = store.PREFIX
RRF_K = 60  # the usual reciprocal-rank-fusion constant; damps rank differences
# ef_construction 40 builds about twice as fast as chromadb's 100 with the same recall@30 (0.94
# on 20k synthetic records); chromadb's other HNSW defaults serve filtered queries best
HNSW = {"space": "cosine", "ef_construction": 40}


_CLIENT_LOCK = threading.RLock()

class KnowledgeIndex:
    """Hybrid search over KbRecords.

    Storage: `chromadb.HttpClient` when JIXIAO_CHROMA_HOST is set, otherwise
    `chromadb.PersistentClient(path or JIXIAO_CHROMA_PATH or <home>/chroma)`.
    The state (which collection, which content hash, which version) lives in chromadb
    itself (`store.py`); `state_dir` is the embedded folder.
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
        # chromadb's client registry is not safe when two threads (two app sessions at first
        # start) create a client for the same folder at once: one lock for the whole process
        with _CLIENT_LOCK:
            if self._client is None:
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                cs = ChromaSettings(anonymized_telemetry=False)
                if self.remote:
                    self._client = store.connect(self.settings.chroma_host or "", self.port, cs)
                else:
                    self.state_dir.mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(path=str(self.state_dir), settings=cs)
        return self._client

    @property
    def port(self) -> int:
        return self.settings.chroma_port or 8000

    @property
    def where(self) -> str:
        """Which index this is, for people: the server's address or the embedded folder."""
        if self.remote:
            return store.describe(self.settings.chroma_host or "", self.port)
        return f"本地索引 {self.state_dir}"

    def _guard(self) -> Any:
        """Connection errors and timeouts → IndexUnavailable with a Chinese message."""
        return store.unavailable(self.where)

    def content_hash(self, records: Sequence[KbRecord]) -> str:
        from .embedding import embedding_identity

        return records_hash(records, salt=embedding_identity(self.embedding))

    @staticmethod
    def collection_name(content_hash: str) -> str:
        """A fresh name for a build of this content: builds never reuse a collection."""
        return f"{COLLECTION_PREFIX}{content_hash[:24]}-{uuid.uuid4().hex[:8]}"

    @property
    def retire_after(self) -> float:
        """Seconds a replaced collection is kept: a server has other users, a folder has not."""
        return store.RETIRE_AFTER if self.remote else 0.0

    def read_manifest(self) -> dict[str, Any] | None:
        """The index in use, as stored in chromadb (the pointer's metadata), or None."""
        with self._guard():
            return store.read_pointer(self.client)

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
        with self._guard():
            return self._build(recs, progress, batch_size)

    def _build(self, recs: list[KbRecord], progress: Progress | None, batch_size: int) -> int:
        """Fill a new collection, mark it complete, switch the pointer, then clean up."""
        assert self._hash is not None
        name = self.collection_name(self._hash)
        client = self.client
        total = len(recs)
        started = time.time()
        coll = client.create_collection(
            name=name,
            embedding_function=self.embedding,
            configuration={"hnsw": HNSW},
            metadata=store.collection_metadata(self._hash, total, False, built_at=started),
        )
        try:
            batch_size = max(1, min(batch_size, int(client.get_max_batch_size())))
        except Exception:  # older servers lack the call; the default is safe
            batch_size = max(1, batch_size)
        if progress:
            progress(0, total)
        # Only ids and vectors go to chromadb: texts and metadata stay with our records (the
        # source of truth; filters run on them), which halves the write cost. The next batch
        # is embedded in a thread while chromadb stores the current one.
        starts = range(0, total, batch_size)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jixiao-embed") as embedder:
            def embed(start: int) -> Any:
                return self.embedding([r.text for r in recs[start : start + batch_size]])

            pending = embedder.submit(embed, 0) if total else None
            for start in starts:
                assert pending is not None
                vectors = pending.result()
                if start + batch_size < total:
                    pending = embedder.submit(embed, start + batch_size)
                coll.upsert(ids=[r.id for r in recs[start : start + batch_size]], embeddings=vectors)
                if progress:
                    progress(min(start + batch_size, total), total)
        meta = store.collection_metadata(
            self._hash, total, True, built_at=started, jixiao_embedding=self.embedding.name()
        )
        coll.modify(metadata=meta)
        store.switch_pointer(client, name, meta)
        store.clean_up(client, name, self.retire_after)
        self._collection = coll
        log.info("built knowledge index %s with %d records", name, total)
        return total

    def _drop(self, name: str) -> None:
        from chromadb.errors import NotFoundError

        with contextlib.suppress(NotFoundError, ValueError):
            self.client.delete_collection(name)

    def _open(self, name: str) -> Any:
        """A complete collection of the loaded records' content by name, else None."""
        from chromadb.errors import NotFoundError

        try:
            coll = self.client.get_collection(name, embedding_function=self.embedding)
        except (NotFoundError, ValueError):
            return None
        if not store.is_usable(coll.metadata, self._hash or ""):
            return None
        try:  # an interrupted or damaged build: treat as missing
            return coll if coll.count() == len(self.records) else None
        except NotFoundError:  # dropped meanwhile by another client's clean-up
            return None

    def _open_current(self) -> Any:
        """The collection the pointer names, when it holds the loaded records; else any complete
        collection of them (another content's build may have moved the pointer); else None."""
        pointer = store.read_pointer(self.client)
        if pointer and pointer.get("hash") == self._hash:
            coll = self._open(str(pointer["collection"]))
            if coll is not None:
                return coll
        for coll in self.client.list_collections():
            if coll.name.startswith(COLLECTION_PREFIX) and store.is_usable(coll.metadata, self._hash or ""):
                found = self._open(coll.name)
                if found is not None:
                    return found
        return None

    def is_current(self, records: Sequence[KbRecord] | None = None) -> bool:
        """True when the stored index matches the records (and is complete)."""
        if records is not None:
            self.set_records(records)
        with self._guard():
            return self._open_current() is not None

    def ensure(
        self, records: Sequence[KbRecord] | None = None, progress: Progress | None = None
    ) -> bool:
        """Make the index match the records. Returns True when it had to rebuild."""
        if records is not None:
            self.set_records(records)
        self.records  # noqa: B018 - raises a clear error when nothing is loaded
        with self._guard():
            coll = self._open_current()
        if coll is not None:
            self._collection = coll
            return False
        self.build(progress=progress)
        return True

    def status(self, records: Sequence[KbRecord]) -> dict[str, Any]:
        """Which index is used and whether it holds these records (`jixiao kb status`)."""
        return store.status(self, records)

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
        res = self._query(qv, n, kw)
        ids = res["ids"][0] if res["ids"] else []
        dists = res["distances"][0] if res.get("distances") else []
        # chromadb's cosine distance is 1 - cosine similarity
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=False)]

    def _query(self, qv: Any, n: int, kw: dict[str, Any]) -> Any:
        """One vector query; when the collection was dropped meanwhile (a rebuild elsewhere
        retired it: "does not exist", or "missing segment" while the drop is under way),
        resolve the pointer again and retry once."""
        from chromadb.errors import ChromaError

        with self._guard():
            try:
                return self._collection.query(query_embeddings=qv, n_results=n, include=["distances"], **kw)
            except (ChromaError, ValueError) as exc:
                if not self._gone(exc):
                    raise
                self._collection = None
                self.ensure()
                return self._collection.query(query_embeddings=qv, n_results=n, include=["distances"], **kw)

    def _gone(self, exc: Exception) -> bool:
        """Did the query fail because our collection was dropped?"""
        from chromadb.errors import NotFoundError

        if isinstance(exc, NotFoundError) or "does not exist" in str(exc):
            return True
        try:
            self.client.get_collection(self._collection.name, embedding_function=None)
        except Exception:  # noqa: BLE001 - not there any more (or going): re-resolve
            return True
        return False

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
