"""A pure-Python BM25 over KbRecords (no numpy, no bm25s): the rules' fast path.

The KB has about a thousand records; an inverted index over character unigrams + bigrams (the
same tokens as lexical.py) answers a query in a millisecond and imports in no time, which keeps
`jixiao check` (R001 asks for a project type per table) fast. Results match LexicalIndex's
ranking closely but not bit for bit; the hybrid index stays the reference for search.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .filters import matches
from .records import KbRecord

_SEP = re.compile(r"[^0-9a-z\u00b5\u4e00-\u9fff\u3400-\u4dbf%‰]+")
K1, B = 1.5, 0.75


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
        self.postings: dict[str, list[tuple[int, int]]] = {}
        lengths = []
        for i, r in enumerate(self.records):
            counts = Counter(char_tokens(r.text))
            lengths.append(sum(counts.values()))
            for tok, n in counts.items():
                self.postings.setdefault(tok, []).append((i, n))
        self.lengths = lengths
        self.avg = (sum(lengths) / len(lengths)) if lengths else 1.0
        n_docs = len(self.records)
        self.idf = {
            tok: math.log(1 + (n_docs - len(p) + 0.5) / (len(p) + 0.5))
            for tok, p in self.postings.items()
        }

    def top(self, query: str, k: int, where: Mapping[str, Any] | None = None) -> list[tuple[int, float]]:
        scores: dict[int, float] = {}
        allowed: dict[int, bool] = {}
        for tok in set(char_tokens(query)):
            idf = self.idf.get(tok)
            if idf is None:
                continue
            for i, tf in self.postings[tok]:
                ok = allowed.get(i)
                if ok is None:
                    ok = allowed[i] = matches(self.metas[i], where)
                if not ok:
                    continue
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[i] / self.avg))
                scores[i] = scores.get(i, 0.0) + idf * norm
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(i, s) for i, s in ranked[:k] if s > 0]
