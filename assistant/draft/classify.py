"""Which kind of project is this? Taxonomy keywords over the name and the purpose text.

The name and the purpose are weighed separately: a name alone misleads (城镇建设工作经费 spends
its money on refuse collection), so keywords found in the purpose count about as much as the
name's, and a type both agree on wins. Longer keywords are more specific and weigh more; one-
character keywords (台, 亩, 吨) barely count. Retrieval, when given, adds the types of the most
similar knowledge-base tables as votes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.data import TAXONOMY_PATH
from assistant.parse.textnum import normalize

FALLBACK_TYPE = "operating"
NAME_WEIGHT = 1.5
PURPOSE_WEIGHT = 1.0
BOTH_BONUS = 0.5  # a keyword in both name and purpose
STACK_DECAY = 0.7  # each further keyword of a type in one text counts this much less
VOTE_WEIGHT = 0.5  # a similar KB table's vote, for a type the text already points at
SECONDARY_SHARE = 0.15  # items holding this share of the money bring their own type in
NAMED_SHARE = 0.7  # a type the name states in a specific phrase, scoring this share of the best
# building anew and keeping up what exists are never one project's two kinds of work
EXCLUSIVE = [frozenset({"construction", "road-maintenance"}), frozenset({"construction", "facility-repair"})]


@dataclass
class Classification:
    type_id: str
    name: str  # Chinese type name
    score: float
    matched: list[str] = field(default_factory=list)
    runner_up: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    # other types the breakdown's own items belong to (street lights and their electricity)
    secondary: list[str] = field(default_factory=list)


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> dict[str, Any]:
    return json.loads(Path(path or TAXONOMY_PATH).read_text(encoding="utf-8"))


def project_types() -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in load_taxonomy()["types"]}


def _keyword_weight(keyword: str) -> float:
    # 1 char: 0.3; 2 chars: 1; 3+: 1.3, 4+: 1.6 (specific phrases)
    return {1: 0.3, 2: 1.0, 3: 1.3}.get(len(keyword), 1.6)


def _clean(text: str) -> str:
    # document numbers such as 怀财字【2024】7号 say nothing about the project
    return re.sub(r"[\w]*字?[【\[]\d{4}[】\]]\d*号", "", normalize(text or ""))


def _covered(keyword: str, hits: list[str]) -> bool:
    """Do not count 工资 again when 村干部工资 already matched."""
    return any(keyword != h and keyword in h for h in hits)


def _text_score(keywords: list[str], text: str, weight: float) -> tuple[float, list[str]]:
    """Keywords found, the strongest counting in full and each further one less: a sentence
    stacking one type's vocabulary (用电量…千瓦时…电价…电费) does not outweigh a project's name."""
    hits = [k for k in keywords if k in text]
    weights = sorted((_keyword_weight(k) for k in hits if not _covered(k, hits)), reverse=True)
    return weight * sum(w * STACK_DECAY ** min(i, 3) for i, w in enumerate(weights)), hits


def _purpose_parts(purpose: str) -> list[tuple[str, float]]:
    """The purpose as (text, weight) pieces: with a priced breakdown, each item weighs by its
    share of the money, so the item that takes most of the budget decides the type."""
    from assistant.parse.budget import parse_budget_items

    try:
        items = [i for i in parse_budget_items(purpose) if i.level == 1]
    except Exception:  # the breakdown is free text; fall back to the whole purpose
        items = []
    priced = [i for i in items if i.amount_yuan]
    total = sum(float(i.amount_yuan or 0) for i in priced)
    if len(priced) < 2 or len(priced) != len(items) or total <= 0:
        return [(purpose, 1.0)]
    return [(_clean(i.text), len(priced) * float(i.amount_yuan or 0) / total) for i in priced]


def score_types(name: str, purpose: str) -> dict[str, tuple[float, list[str]]]:
    name_text = _clean(name)
    parts = _purpose_parts(_clean(purpose))
    results: dict[str, tuple[float, list[str]]] = {}
    for type_ in load_taxonomy()["types"]:
        keywords = type_["keywords"]
        score, in_name = _text_score(keywords, name_text, NAME_WEIGHT)
        matched = list(in_name)
        for text, weight in parts:
            part_score, hits = _text_score(keywords, text, PURPOSE_WEIGHT * weight)
            score += part_score + BOTH_BONUS * len(set(hits) & set(in_name))
            matched.extend(hits)
        results[type_["id"]] = (round(score, 3), list(dict.fromkeys(matched)))
    return results


def classify(name: str, purpose: str, retriever: Any = None) -> Classification:
    """The project's taxonomy type; `retriever` (optional) votes with similar KB tables.

    A vote only confirms a type the text already points at: the KB holds tables of some types
    only, and a near table of another sector must not decide what this project is. A supporting
    type (utilities: electricity for street lights or a pump station) yields first place to the
    type the name names, and is then one of the secondary types.
    """
    scores = score_types(name, purpose)
    if retriever is not None:
        for type_id, vote in _retrieval_votes(retriever, f"{name} {purpose}").items():
            if scores.get(type_id, (0.0, []))[0] > 0:
                score, matched = scores[type_id]
                scores[type_id] = (round(score + VOTE_WEIGHT * vote, 3), matched)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1][0])
    types = project_types()
    ranked = _support_yields(ranked, name, types)
    best_id, (best, matched) = ranked[0]
    if best <= 0:
        best_id, matched = FALLBACK_TYPE, []
    return Classification(
        type_id=best_id,
        name=types[best_id]["name"],
        score=best,
        matched=matched,
        runner_up=ranked[1][0] if len(ranked) > 1 and ranked[1][1][0] > 0 else "",
        scores={k: v[0] for k, v in ranked if v[0] > 0},
        secondary=[t for t in dict.fromkeys([*item_types(name, purpose), *_named_types(name, scores, best)])
                   if t != best_id and frozenset({t, best_id}) not in EXCLUSIVE],
    )


def _named_types(name: str, scores: dict[str, tuple[float, list[str]]], best: float) -> list[str]:
    """Other kinds of work the name states in a specific phrase (农村饮水工程维修养护: repairs), when
    their whole score comes near the best one."""
    name_text = _clean(name)
    named = []
    for type_ in load_taxonomy()["types"]:
        score = scores.get(type_["id"], (0.0, []))[0]
        if type_["id"] == FALLBACK_TYPE or score < NAMED_SHARE * best:
            continue
        hits = [k for k in type_["keywords"] if k in name_text]
        if any(len(k) >= 4 and not _covered(k, hits) for k in hits):
            named.append(type_["id"])
    return named


Ranked = list[tuple[str, tuple[float, list[str]]]]


def _support_yields(ranked: Ranked, name: str, types: dict[str, dict[str, Any]]) -> Ranked:
    if len(ranked) < 2 or not types[ranked[0][0]].get("supporting"):
        return ranked
    name_text = _clean(name)
    own = _text_score(types[ranked[0][0]]["keywords"], name_text, 1.0)[0]
    for position, (type_id, (score, _)) in enumerate(ranked[1:], 1):
        if score <= 0 or types[type_id].get("supporting") or type_id == FALLBACK_TYPE:
            continue
        named = _text_score(types[type_id]["keywords"], name_text, 1.0)[0]
        if named >= 1.0 and named >= own:
            return [ranked[position], *ranked[:position], *ranked[position + 1 :]]
        break
    return ranked


def item_types(name: str, purpose: str) -> list[str]:
    """Types of the breakdown's priced items, each holding at least SECONDARY_SHARE of the money
    (largest share first): a project that mixes kinds of work has one type per kind."""
    shares: dict[str, float] = {}
    for text, weight in _purpose_parts(_clean(purpose)):
        if weight == 1.0 and text == _clean(purpose):
            return []  # no priced breakdown: nothing to compose
        best, best_score = "", 0.0
        for type_ in load_taxonomy()["types"]:
            score = _text_score(type_["keywords"], text, 1.0)[0]
            if score > best_score:
                best, best_score = type_["id"], score
        if best and best_score >= 1.0 and best != FALLBACK_TYPE:
            shares[best] = shares.get(best, 0.0) + weight
    count = len(_purpose_parts(_clean(purpose))) or 1
    return [t for t, w in sorted(shares.items(), key=lambda kv: -kv[1]) if w / count >= SECONDARY_SHARE]


def _retrieval_votes(retriever: Any, query: str) -> dict[str, float]:
    """Types of the most similar KB tables: 1.0 for the best, less for the next ones."""
    try:
        tables = retriever.similar_tables(query, k=3) if hasattr(retriever, "similar_tables") else []
    except Exception:  # retrieval is a hint: never fail the draft over it
        return {}
    votes: dict[str, float] = {}
    for rank, type_id in enumerate(t for t in tables if t):
        votes[type_id] = votes.get(type_id, 0.0) + 1.0 / (rank + 1)
    return votes
