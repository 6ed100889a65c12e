"""The keyword index for large record sets (`keyword_index()` picks it from `ARRAYS_FROM` records):
the same BM25 as litebm25.py, with the postings in numpy arrays.

A query touches only the postings of its own tokens (gathered, summed per record with one
`bincount`), never every record's text or metadata; metadata filters become boolean masks built from per-field
value columns (`$eq`, `$ne`, `$in`, `$nin` on plain fields) or, for anything else, evaluated
once per filter and remembered. The top k is exact, ties broken by record position as in
LiteBM25.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .filters import _norm_condition, matches
from .litebm25 import FILTERS_KEPT, K1, B, char_tokens
from .records import KbRecord, MetaValue


def _key(value: Any) -> Any:
    # bools and ints would collide as dict keys; chromadb keeps them apart
    return (bool, value) if isinstance(value, bool) else value


class ArrayBM25:
    def __init__(self, records: Sequence[KbRecord]) -> None:
        self.records = list(records)
        self.metas: list[dict[str, MetaValue]] = [r.flat_metadata() for r in self.records]
        vocab: dict[str, int] = {}
        docs, tokens, tfs, lengths = array("i"), array("i"), array("f"), array("f")
        for i, record in enumerate(self.records):
            counts = Counter(char_tokens(record.text))
            lengths.append(sum(counts.values()))
            for tok, n in counts.items():
                docs.append(i)
                tokens.append(vocab.setdefault(tok, len(vocab)))
                tfs.append(n)
        self.vocab = vocab
        n_docs = len(self.records)
        doc = np.frombuffer(docs, dtype=np.int32)
        tok = np.frombuffer(tokens, dtype=np.int32)
        tf = np.frombuffer(tfs, dtype=np.float32).astype(np.float64)
        length = np.frombuffer(lengths, dtype=np.float32).astype(np.float64)
        avg = float(length.mean()) if n_docs else 1.0
        df = np.bincount(tok, minlength=len(vocab)).astype(np.float64)
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        weight = idf[tok] * (tf * (K1 + 1) / (tf + K1 * (1 - B + B * length[doc] / avg)))
        order = np.argsort(tok, kind="stable")
        self.docs = doc[order]
        self.weights = weight[order]
        self.offsets = np.concatenate([[0], np.cumsum(df.astype(np.int64))])
        self._columns: dict[str, dict[Any, np.ndarray]] = {}
        self._filters: OrderedDict[str, np.ndarray] = OrderedDict()

    # ----------------------------------------------------------------- filters
    def _column(self, field: str) -> dict[Any, np.ndarray]:
        column = self._columns.get(field)
        if column is None:
            positions: dict[Any, list[int]] = {}
            for i, meta in enumerate(self.metas):
                value = meta.get(field)
                if value is not None:
                    positions.setdefault(_key(value), []).append(i)
            column = {}
            for value, where in positions.items():
                mask = np.zeros(len(self.records), dtype=bool)
                mask[where] = True
                column[value] = mask
            self._columns[field] = column
        return column

    def _field_mask(self, field: str, cond: Any) -> np.ndarray | None:
        """The records passing one field's condition, or None when it needs the slow path."""
        n = len(self.records)
        column = self._column(field)
        mask = np.ones(n, dtype=bool)
        for op, arg in _norm_condition(cond).items():
            if op == "$eq":
                mask &= column.get(_key(arg), np.zeros(n, dtype=bool))
            elif op == "$ne":
                mask &= ~column.get(_key(arg), np.zeros(n, dtype=bool))
            elif op in ("$in", "$nin"):
                anyof = np.zeros(n, dtype=bool)
                for value in arg:
                    if _key(value) in column:
                        anyof |= column[_key(value)]
                mask &= anyof if op == "$in" else ~anyof
            else:
                return None
        return mask

    def mask(self, where: Mapping[str, Any] | None) -> np.ndarray | None:
        if not where:
            return None
        key = json.dumps(where, sort_keys=True, ensure_ascii=False, default=str)
        cached = self._filters.get(key)
        if cached is not None:
            self._filters.move_to_end(key)
            return cached
        mask: np.ndarray | None = np.ones(len(self.records), dtype=bool)
        for field, cond in where.items():
            part = None if field.startswith("$") else self._field_mask(field, cond)
            if part is None:
                mask = None
                break
            mask &= part
        if mask is None:  # $and/$or, ranges: evaluated record by record, once per filter
            mask = np.fromiter((matches(m, where) for m in self.metas), dtype=bool, count=len(self.metas))
        self._filters[key] = mask
        if len(self._filters) > FILTERS_KEPT:
            self._filters.popitem(last=False)
        return mask

    # ------------------------------------------------------------------ search
    def top(self, query: str, k: int, where: Mapping[str, Any] | None = None) -> list[tuple[int, float]]:
        if k <= 0:
            return []
        ids = [self.vocab[t] for t in set(char_tokens(query)) if t in self.vocab]
        if not ids:
            return []
        spans = [(int(self.offsets[i]), int(self.offsets[i + 1])) for i in ids]
        docs = np.concatenate([self.docs[a:b] for a, b in spans])
        weights = np.concatenate([self.weights[a:b] for a, b in spans])
        allowed = self.mask(where)
        if allowed is not None:
            keep = allowed[docs]
            docs, weights = docs[keep], weights[keep]
        if docs.size == 0:
            return []
        # summed per record in one dense pass over the gathered postings (no sort, no loop)
        scores = np.bincount(docs, weights=weights, minlength=len(self.records))
        touched = np.flatnonzero(scores > 0)
        if touched.size > k:  # everything tied with the k-th best, then exact order
            values = scores[touched]
            threshold = np.partition(values, values.size - k)[values.size - k]
            touched = touched[values >= threshold]
        ranked = sorted(touched.tolist(), key=lambda i: (-scores[i], i))[:k]
        return [(i, float(scores[i])) for i in ranked]
