"""In-memory BM25 over character unigrams + bigrams (no chromadb needed).

Character n-grams beat word segmentation for indicator names (jieba splits
domain terms such as 网格员 apart), and need no dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import bm25s
import numpy as np

from .filters import matches, simple_equalities
from .records import KbRecord, MetaValue

# Split on anything that is not a letter/digit/CJK char; bigrams never cross a split.
_SEP = re.compile(r"[^0-9a-z\u00b5\u4e00-\u9fff\u3400-\u4dbf%‰]+")


def char_tokens(text: str) -> list[str]:
    """Character unigrams plus bigrams, lowercased, punctuation dropped."""
    out: list[str] = []
    for seg in _SEP.split(text.lower()):
        if not seg:
            continue
        out.extend(seg)
        out.extend(seg[i : i + 2] for i in range(len(seg) - 1))
    return out


class LexicalIndex:
    """BM25 over a fixed list of records, with the shared metadata filter syntax."""

    def __init__(self, records: Sequence[KbRecord]) -> None:
        self.records: list[KbRecord] = list(records)
        self.position: dict[str, int] = {r.id: i for i, r in enumerate(self.records)}
        self.ids = np.array([r.id for r in self.records], dtype=object)
        self._metas: list[dict[str, MetaValue]] = [r.flat_metadata() for r in self.records]
        self._bm25: bm25s.BM25 | None = None
        # field -> value -> boolean mask; built lazily, reused across queries
        self._columns: dict[str, dict[MetaValue, np.ndarray]] = {}

    def _retriever(self) -> bm25s.BM25:
        if self._bm25 is None:
            corpus = [char_tokens(r.text) or [""] for r in self.records]
            bm = bm25s.BM25()
            if corpus:
                bm.index(corpus, show_progress=False)
            self._bm25 = bm
        return self._bm25

    def _column(self, field: str) -> dict[MetaValue, np.ndarray]:
        col = self._columns.get(field)
        if col is None:
            idx: dict[MetaValue, list[int]] = {}
            for i, m in enumerate(self._metas):
                v = m.get(field)
                if v is not None:
                    # bools and ints would collide as dict keys; tag the bools
                    idx.setdefault((bool, v) if isinstance(v, bool) else v, []).append(i)
            n = len(self.records)
            col = {}
            for v, ids in idx.items():
                mask = np.zeros(n, dtype=bool)
                mask[ids] = True
                col[v] = mask
            self._columns[field] = col
        return col

    def mask(self, f: Mapping[str, Any] | None) -> np.ndarray | None:
        """Boolean mask of records passing the filter; None means "all"."""
        if not f:
            return None
        n = len(self.records)
        eq = simple_equalities(f)
        if eq is not None:
            mask = np.ones(n, dtype=bool)
            for field, value in eq.items():
                key = (bool, value) if isinstance(value, bool) else value
                m = self._column(field).get(key)
                if m is None:
                    return np.zeros(n, dtype=bool)
                mask &= m
            return mask
        return np.fromiter((matches(m, f) for m in self._metas), dtype=bool, count=n)

    def scores(self, query: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every record (0 where filtered out or no overlap)."""
        n = len(self.records)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        bm = self._retriever()
        ids = bm.get_tokens_ids(char_tokens(query))
        if not ids:
            return np.zeros(n, dtype=np.float32)
        s = np.asarray(bm.get_scores(ids), dtype=np.float32)
        if mask is not None:
            s = np.where(mask, s, 0.0).astype(np.float32)
        return s

    def top(self, query: str, n: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(record position, score) of the best `n` records with a positive score."""
        s = self.scores(query, mask)
        if s.size == 0 or n <= 0:
            return []
        n = min(n, s.size)
        cand = np.argpartition(-s, n - 1)[:n]
        cand = cand[np.argsort(-s[cand], kind="stable")]
        return [(int(i), float(s[i])) for i in cand if s[i] > 0]
