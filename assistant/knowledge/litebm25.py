"""A pure-Python BM25 over KbRecords (no numpy, no bm25s): the rules' fast path.

An inverted index over character unigrams + bigrams (the same tokens as lexical.py) with each
posting's BM25 contribution precomputed. A query never walks every record: its tokens are taken
rarest-first (highest possible contribution first) and, once the k-th best score so far is above
what all remaining tokens together could add, the common tokens' long posting lists are skipped;
the candidates still in reach get only those tokens' contributions, looked up (MaxScore, exact
top-k). Metadata filters are evaluated once per record per filter and remembered, so a
repeated filter costs nothing. Imports in no time, which keeps `jixiao check` (R001 asks for a
project type per table) fast. Results match LexicalIndex's ranking closely but not bit for bit;
the hybrid index stays the reference for search.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from .filters import matches
from .records import KbRecord

_SEP = re.compile(r"[^0-9a-z\u00b5\u4e00-\u9fff\u3400-\u4dbf%‰]+")
K1, B = 1.5, 0.75
FILTERS_KEPT = 32  # distinct filters whose per-record answers are remembered


def char_tokens(text: str) -> list[str]:
    out: list[str] = []
    for seg in _SEP.split(text.lower()):
        if seg:
            out.extend(seg)
            out.extend(seg[i : i + 2] for i in range(len(seg) - 1))
    return out


class LiteBM25:
    def __init__(self, records: Sequence[KbRecord]) -> None:
        self.records = list(records)
        self.metas = [r.flat_metadata() for r in self.records]
        counts = [Counter(char_tokens(r.text)) for r in self.records]
        self.lengths = [sum(c.values()) for c in counts]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        frequency: Counter[str] = Counter()
        for c in counts:
            frequency.update(c.keys())
        n_docs = len(self.records)
        self.idf = {tok: math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) for tok, df in frequency.items()}
        # token → (record positions ascending, their BM25 contributions)
        self.postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, c in enumerate(counts):
            for tok, tf in c.items():
                docs, weights = self.postings.setdefault(tok, ([], []))
                docs.append(i)
                weights.append(self._impact(tok, tf, i))
        self.max_impact = {tok: max(weights) for tok, (_, weights) in self.postings.items()}
        self._filters: OrderedDict[str, dict[int, bool]] = OrderedDict()
        self._lookups: dict[str, dict[int, float]] = {}

    def _impact(self, tok: str, tf: int, i: int) -> float:
        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[i] / self.avg))
        return self.idf[tok] * norm

    def _lookup(self, tok: str) -> dict[int, float]:
        """Record position → contribution for one (common) token, built once when needed."""
        table = self._lookups.get(tok)
        if table is None:
            docs, weights = self.postings[tok]
            table = self._lookups[tok] = dict(zip(docs, weights, strict=True))
        return table

    def _memo(self, where: Mapping[str, Any] | None) -> dict[int, bool] | None:
        if not where:
            return None
        key = json.dumps(where, sort_keys=True, ensure_ascii=False, default=str)
        memo = self._filters.get(key)
        if memo is None:
            memo = self._filters[key] = {}
            if len(self._filters) > FILTERS_KEPT:
                self._filters.popitem(last=False)
        else:
            self._filters.move_to_end(key)
        return memo

    def top(self, query: str, k: int, where: Mapping[str, Any] | None = None) -> list[tuple[int, float]]:
        if k <= 0:
            return []
        memo = self._memo(where)
        metas = self.metas

        def allowed(i: int) -> bool:
            ok = memo.get(i)  # type: ignore[union-attr]
            if ok is None:
                ok = memo[i] = matches(metas[i], where)  # type: ignore[index]
            return ok

        tokens = sorted((t for t in set(char_tokens(query)) if t in self.idf),
                        key=lambda t: (-self.max_impact[t], t))
        reach = sum(self.max_impact[t] for t in tokens)  # what the tokens not yet walked can add
        scores: dict[int, float] = {}
        walked = 0
        for tok in tokens:
            if len(scores) >= k and reach < heapq.nlargest(k, scores.values())[-1]:
                break  # no record outside `scores` can reach the top k any more
            docs, weights = self.postings[tok]
            get = scores.get
            for i, w in zip(docs, weights, strict=True):
                if memo is None or allowed(i):
                    scores[i] = get(i, 0.0) + w
            reach -= self.max_impact[tok]
            walked += 1
        rest = tokens[walked:]
        if rest:
            threshold = heapq.nlargest(k, scores.values())[-1]
            kept = {i: s for i, s in scores.items() if s + reach >= threshold}
            for tok in rest:
                docs, weights = self.postings[tok]
                if len(kept) * 8 < len(docs):  # few candidates: look them up
                    lookup = self._lookup(tok)
                    for i in kept:
                        kept[i] += lookup.get(i, 0.0)
                else:
                    for i, w in zip(docs, weights, strict=True):
                        if i in kept:
                            kept[i] += w
            scores = kept
        ranked = heapq.nsmallest(k, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(i, s) for i, s in ranked if s > 0]


ARRAYS_FROM = 5_000  # records; below this the pure-Python index answers in a millisecond


def keyword_index(records: Sequence[KbRecord]) -> Any:
    """LiteBM25 for a knowledge base of ordinary size (no numpy import: `check` starts fast),
    the numpy-backed ArrayBM25 (same scores, same interface) for large record sets."""
    records = list(records)
    if len(records) < ARRAYS_FROM:
        return LiteBM25(records)
    from .bm25_arrays import ArrayBM25

    return ArrayBM25(records)
