"""R001 by the knowledge base: does anything carry this indicator for this project?

An indicator is relevant when its specific words are supported by
- the project's own text (name, 用途, goals, budget-item labels), or
- the KB for the project's type (classified by retrieval + taxonomy keywords): the good rows and
  table texts of that type, and the taxonomy's keywords and typical indicators.
Words many types use (完成, 数量, 满意, 资金 …) are generic and prove nothing either way; they
are learnt from the KB (a bigram in many types' vocabularies), not listed. A row whose specific
words come from another type's vocabulary and from nowhere near this project is template
residue (新增粮食产能 in a 防火 table), in any sector.

The project's own table never counts as support for itself: KB tables with the same project
name are left out, so the seeds in the KB do not vouch for their own rows.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.model import Indicator, TargetTable
from assistant.rules.common import bigrams

_DISABLED = [0]
_RUN = re.compile(r"[\u4e00-\u9fff]+")
_DOC_NUMBER = re.compile(r"[\w]*字?[【\[]\d{4}[】\]]\d*号")
_PLACEHOLDER_GOAL = re.compile(r"^\d*[.、．]?\s*目标内容\s*\d*$")

GENERIC_SHARE = 0.2  # a bigram in this share of the types' vocabularies (at least 6) is generic
RELATED_TYPE_SHARE = 0.5  # other types scoring at least this share of the best also support
MAX_FOREIGN_COVERAGE = 0.2  # at most this share of the name supported: the row is foreign


@contextlib.contextmanager
def kb_disabled() -> Iterator[None]:
    """Within this block R001 does not consult the KB (used while building the KB itself)."""
    from assistant.rules.relevance import clear_verdicts

    _DISABLED[0] += 1
    clear_verdicts()
    try:
        yield
    finally:
        _DISABLED[0] -= 1
        clear_verdicts()


def squash(text: str) -> str:
    return "".join(_RUN.findall(_DOC_NUMBER.sub("", text or "")))


def own_text(table: TargetTable) -> str:
    goals = [g for g in table.goals if not _PLACEHOLDER_GOAL.match(g.strip())]
    items = [item.label or item.text for item in table.budget_items]
    return " ".join([_DOC_NUMBER.sub("", table.project), table.purpose, *goals, *items])


# ------------------------------------------------------------------ KB vocabularies


@lru_cache(maxsize=1)
def _type_sources() -> dict[str, list[tuple[str, str]]]:
    """type → [(table id or '', text)] of everything the KB says about that type."""
    from .kb import load_tables, load_taxonomy

    out: dict[str, list[tuple[str, str]]] = {}
    for type_ in load_taxonomy()["types"]:
        texts = out.setdefault(type_["id"], [])
        texts.append(("", " ".join(type_["keywords"])))
        texts.append(("", type_.get("description", "")))
        for items in type_["typical_indicators"].values():
            texts.extend(("", item["name"]) for item in items)
    for table in load_tables():
        texts = out.setdefault(table.get("project_type") or "", [])
        texts.append((table["id"], " ".join([squash(table["project"]), table.get("purpose") or "",
                                             *table.get("goals", [])])))
        for row in table["indicators"]:
            if row["quality"] == "good":
                texts.append((table["id"], f"{row['name']} {row.get('description') or ''}"))
    out.pop("", None)
    return out


@lru_cache(maxsize=1)
def _type_bigrams() -> dict[str, dict[str, frozenset[str]]]:
    """type → source table id ('' for the taxonomy) → bigrams, computed once."""
    out: dict[str, dict[str, frozenset[str]]] = {}
    for type_id, texts in _type_sources().items():
        by_table: dict[str, set[str]] = {}
        for tid, text in texts:
            by_table.setdefault(tid, set()).update(bigrams(text))
        out[type_id] = {tid: frozenset(bs) for tid, bs in by_table.items()}
    return out


@lru_cache(maxsize=256)
def type_vocabulary(type_id: str, exclude: tuple[str, ...] = ()) -> frozenset[str]:
    parts = _type_bigrams().get(type_id, {})
    return frozenset().union(*(bs for tid, bs in parts.items() if tid not in exclude))


@lru_cache(maxsize=1)
def framework_bigrams() -> frozenset[str]:
    """The indicator framework's own words (category names such as 生态效益指标, 服务对象满意度):
    they describe any indicator and are never foreign to a project."""
    from assistant.model import ALL_LEVEL2, LEVEL1_NAMES

    texts = [*ALL_LEVEL2, *LEVEL1_NAMES]
    return frozenset(b for text in texts for b in bigrams(text))


@lru_cache(maxsize=1)
def generic_bigrams() -> frozenset[str]:
    counts: dict[str, int] = {}
    for type_id in _type_sources():
        for b in type_vocabulary(type_id):
            counts[b] = counts.get(b, 0) + 1
    least = max(6, round(GENERIC_SHARE * len(_type_sources())))
    return frozenset(b for b, n in counts.items() if n >= least) | framework_bigrams()


@lru_cache(maxsize=1)
def known_bigrams() -> frozenset[str]:
    return frozenset(b for type_id in _type_sources() for b in type_vocabulary(type_id))


@lru_cache(maxsize=512)
def same_project_tables(project: str) -> tuple[str, ...]:
    from .kb import load_tables

    key = squash(project)
    if not key:
        return ()
    return tuple(t["id"] for t in load_tables() if squash(t["project"]) == key)


# ------------------------------------------------------------------------ scoring


@dataclass
class Assessment:
    """The KB's view of one row."""

    relevant: bool
    coverage: float
    project_type: str
    type_name: str
    support_types: list[str]
    unsupported: list[str]  # the name's words nothing carries
    anchors: list[str] = field(default_factory=list)  # specific words the project/type carries
    foreign_types: list[str] = field(default_factory=list)  # types whose KB knows those words
    nearest: list[dict[str, Any]] = field(default_factory=list)
    classify_evidence: dict[str, Any] = field(default_factory=dict)

    def reason(self) -> str:
        words = "、".join(f"“{w}”" for w in self.unsupported[:3])
        where = ""
        if self.foreign_types:
            from .kb import type_names

            names = type_names()
            where = "，这些词属于" + "、".join(names.get(t, t) for t in self.foreign_types[:3]) + "类项目"
        return (f"{words}在项目名称、资金用途和绩效目标中都没有依据，知识库里“{self.type_name}”类项目的"
                f"优质指标和常见指标也不用这些词{where}")


class RelevanceScorer:
    """Scores rows against the KB; one instance per process is enough (see `get_scorer`)."""

    def __init__(self, service: Any = None) -> None:
        self._service = service
        self._types: dict[tuple[str, str], tuple[str, list[str], dict[str, Any]]] = {}

    @property
    def service(self) -> Any:
        if self._service is None:
            from .service import get_service

            self._service = get_service("bm25")
        return self._service

    def project_types(self, table: TargetTable) -> tuple[str, list[str], dict[str, Any]]:
        """(best type, supporting types, classification evidence) for a table, cached."""
        key = (table.project, table.purpose)
        if key not in self._types:
            exclude = same_project_tables(table.project)
            best, _, evidence = self.service.classify(table.project, table.purpose, exclude=exclude)
            scores = evidence.get("scores", {})
            top = scores.get(best, 0.0)
            support = [t for t, s in scores.items() if t and s >= RELATED_TYPE_SHARE * top]
            self._types[key] = (best, support or ([best] if best else []), evidence)
        return self._types[key]

    def _vocabulary(self, table: TargetTable, support_types: list[str], exclude: Any) -> set[str]:
        """The project's own bigrams plus its types' KB bigrams; built once per table text."""
        key = (table.project, table.purpose, tuple(table.goals), tuple(support_types))
        cache = self.__dict__.setdefault("_vocab_cache", {})
        if key not in cache:
            vocab: set[str] = set(bigrams(own_text(table)))
            for type_id in support_types:
                vocab |= type_vocabulary(type_id, exclude)
            if len(cache) > 512:
                cache.clear()
            cache[key] = vocab
        return cache[key]

    def assess(self, table: TargetTable, indicator: Indicator, nearest: bool = False) -> Assessment | None:
        name = indicator.name
        runs = _RUN.findall(name or "")
        if not runs or not table.project:
            return None
        best, support_types, evidence = self.project_types(table)
        if not best:
            return None
        exclude = same_project_tables(table.project)
        vocab = self._vocabulary(table, support_types, exclude)
        generic = generic_bigrams()
        ok_chars = 0
        total = 0
        # one specific word the project or its type carries anchors the row (防洪 in a long
        # 防汛 sentence); generic words anchor nothing
        anchors = sorted(b for b in bigrams(name) if b not in generic and b in vocab)
        unsupported: list[str] = []
        for run in runs:
            covered = [False] * len(run)
            for i in range(len(run) - 1):
                b = run[i : i + 2]
                if b in generic or b in vocab:
                    covered[i] = covered[i + 1] = True
            total += len(run)
            ok_chars += sum(covered)
            unsupported.extend(_gaps(run, covered))
        coverage = ok_chars / total if total else 1.0
        foreign = _foreign_types(unsupported, support_types)
        relevant = bool(anchors) or coverage > MAX_FOREIGN_COVERAGE or not foreign
        from .kb import type_names

        result = Assessment(
            relevant=relevant,
            coverage=round(coverage, 3),
            project_type=best,
            type_name=type_names().get(best, best),
            support_types=support_types,
            unsupported=unsupported,
            anchors=anchors,
            foreign_types=foreign,
            classify_evidence=evidence,
        )
        if nearest:
            hits = self.service.similar_indicators(
                f"{name} {indicator.description}", project_type=best, k=3, exclude_tables=exclude
            )
            result.nearest = [{"name": h.text, "value": h.metadata.get("value"),
                               "source": h.metadata.get("table_id") or h.metadata.get("source")}
                              for h in hits]
        return result


def _gaps(run: str, covered: list[bool]) -> list[str]:
    out, start = [], None
    for i, ok in enumerate([*covered, True]):
        if not ok and start is None:
            start = i
        elif ok and start is not None:
            out.append(run[start:i])
            start = None
    return out


def _foreign_types(words: Iterable[str], own: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for word in words:
        for b in bigrams(word):
            for type_id in _type_sources():
                if type_id not in own and b in type_vocabulary(type_id):
                    counts[type_id] = counts.get(type_id, 0) + 1
    # ties in taxonomy order: `bigrams` is a set, so insertion order changes from run to run
    order = {type_id: n for n, type_id in enumerate(_type_sources())}
    return sorted(counts, key=lambda t: (-counts[t], order[t]))


# Vague effect phrases (带动消费情况, 常年坚持) are weak rather than foreign: V001 speaks to them.
_EFFECT_PHRASE = re.compile(r"情况|带动|促进|提升|提高|增强|改善|效果|影响|坚持|水平")


def _kb_alone_may_decide(table: TargetTable, indicator: Indicator) -> bool:
    """The KB's bigram view flags a row on its own only where it is reliable: project tables
    (a department table covers all of a unit's work) and concrete metrics, not effect phrases."""
    return table.kind != "department" and not _EFFECT_PHRASE.search(indicator.name)


@lru_cache(maxsize=1)
def get_scorer() -> RelevanceScorer:
    return RelevanceScorer()


def kb_scorer(table: TargetTable, indicator: Indicator) -> Any:
    """The R001 scorer hook (assistant.rules.relevance.register_scorer).

    Unrelated when the KB finds the row foreign (nothing near the project carries its words,
    another type's KB does), or when the domain vocabulary finds a foreign domain word; the
    KB's view (type found, words unsupported) goes into the evidence either way. None when
    the KB is unavailable: the vocabulary scorer then decides alone."""
    if _DISABLED[0]:
        return None
    from .service import kb_available

    if not kb_available():
        return None
    assessment = get_scorer().assess(table, indicator)
    if assessment is None:
        return None
    from assistant.rules.relevance import Verdict, lexicon_scorer

    evidence = {
        "project_type": assessment.project_type,
        "coverage": assessment.coverage,
        "unsupported": assessment.unsupported,
        "foreign_types": assessment.foreign_types[:3],
    }
    if not assessment.relevant and _kb_alone_may_decide(table, indicator):
        return Verdict(True, assessment.reason(), evidence)
    vocabulary = lexicon_scorer(table, indicator)
    if vocabulary is not None and vocabulary.unrelated:
        reason = f"{vocabulary.reason}（知识库判断本项目属于“{assessment.type_name}”类）"
        return Verdict(True, reason, {**vocabulary.evidence, **evidence})
    return Verdict(False, "", evidence)
