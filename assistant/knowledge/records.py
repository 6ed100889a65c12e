"""Knowledge-base records: the unit the retrieval service indexes and returns.

Records are the source of truth; chromadb only holds their vectors. This module
must stay free of chromadb so lexical search loads fast.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

RecordKind = Literal["indicator", "table", "guidance"]
MetaValue = str | int | float | bool

# Reserved metadata key: the record kind is also stored there so filters can use it.
KIND_KEY = "kind"


class KbRecord(BaseModel):
    """One searchable item: an indicator row, a whole table or a guidance section."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    text: str
    kind: RecordKind
    metadata: dict[str, MetaValue] = Field(default_factory=dict)

    @field_validator("metadata")
    @classmethod
    def _no_reserved(cls, v: dict[str, MetaValue]) -> dict[str, MetaValue]:
        if KIND_KEY in v:
            raise ValueError(f"metadata key {KIND_KEY!r} is reserved; use KbRecord.kind")
        return v

    def flat_metadata(self) -> dict[str, MetaValue]:
        """Metadata as stored in chromadb and used by filters (kind included)."""
        return {**self.metadata, KIND_KEY: self.kind}


class Hit(BaseModel):
    """A search result. `score` is the fused rank score (higher is better, only
    comparable within one result list); `vector_score` is cosine similarity and
    `bm25_score` the raw BM25 score, each None when that retriever missed it."""

    id: str
    text: str
    kind: RecordKind
    metadata: dict[str, MetaValue]
    score: float
    vector_score: float | None = None
    bm25_score: float | None = None


def check_unique_ids(records: Iterable[KbRecord]) -> None:
    seen: set[str] = set()
    for r in records:
        if r.id in seen:
            raise ValueError(f"duplicate KbRecord id: {r.id!r}")
        seen.add(r.id)


def records_hash(records: Iterable[KbRecord], salt: str = "") -> str:
    """Order-independent content hash of the records (+ e.g. the embedding identity)."""
    h = hashlib.sha256(salt.encode("utf-8"))
    for r in sorted(records, key=lambda r: r.id):
        line = json.dumps([r.id, r.kind, r.text, r.metadata], ensure_ascii=False, sort_keys=True)
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()
