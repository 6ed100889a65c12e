"""Metadata filters, one syntax for both retrievers.

A filter is a dict. Top level: `{field: condition, ...}` (all must hold) plus
optional `$and` / `$or` lists of sub-filters. A condition is a scalar (equality),
a list/tuple/set (membership) or an operator dict such as
`{"$ne": "weak"}`, `{"$in": [...]}`, `{"$gte": 3}`. The same dict is translated
to chromadb's `where` and evaluated in Python for BM25, so both agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .records import KIND_KEY, MetaValue

_OPS = {"$eq", "$ne", "$in", "$nin", "$gt", "$gte", "$lt", "$lte"}


def build_filter(where: Mapping[str, Any] | None, kinds: Sequence[str] | None) -> dict[str, Any]:
    """Combine a user filter and a kinds restriction into one filter dict."""
    f: dict[str, Any] = dict(where or {})
    if kinds:
        kinds = list(kinds)
        cond: Any = {"$in": kinds} if len(kinds) > 1 else kinds[0]
        if KIND_KEY in f:
            f = {"$and": [f, {KIND_KEY: cond}]}
        else:
            f[KIND_KEY] = cond
    return f


def _norm_condition(cond: Any) -> dict[str, Any]:
    if isinstance(cond, Mapping):
        bad = set(cond) - _OPS
        if bad:
            raise ValueError(f"unsupported filter operator(s): {sorted(bad)}")
        return {op: (list(v) if op in ("$in", "$nin") else v) for op, v in cond.items()}
    if isinstance(cond, list | tuple | set | frozenset):
        return {"$in": list(cond)}
    return {"$eq": cond}


def _clauses(f: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Flatten a filter into chromadb clauses (each with exactly one key)."""
    out: list[dict[str, Any]] = []
    for key, cond in f.items():
        if key in ("$and", "$or"):
            subs = [to_chroma_where(s) for s in cond]
            subs = [s for s in subs if s]
            if len(subs) == 1:
                out.append(subs[0])
            elif subs:
                out.append({key: subs})
            continue
        if key.startswith("$"):
            raise ValueError(f"unsupported top-level filter operator: {key}")
        norm = _norm_condition(cond)
        out.extend({key: {op: v}} for op, v in norm.items())
    return out


def to_chroma_where(f: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """chromadb wants one key per dict, so several fields become an `$and`."""
    if not f:
        return None
    clauses = _clauses(f)
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _same(value: MetaValue, arg: Any) -> bool:
    # chromadb keeps bools apart from ints; Python's True == 1 would not
    return isinstance(value, bool) == isinstance(arg, bool) and value == arg


def _check(value: MetaValue | None, op: str, arg: Any) -> bool:
    if op == "$eq":
        return value is not None and _same(value, arg)
    if op == "$ne":
        # chromadb's $ne also matches records missing the key
        return value is None or not _same(value, arg)
    if op == "$in":
        return value is not None and any(_same(value, a) for a in arg)
    if op == "$nin":
        return value is None or not any(_same(value, a) for a in arg)
    if value is None or isinstance(value, str | bool):
        return False
    try:
        if op == "$gt":
            return value > arg
        if op == "$gte":
            return value >= arg
        if op == "$lt":
            return value < arg
        if op == "$lte":
            return value <= arg
    except TypeError:
        return False
    return False


def matches(meta: Mapping[str, MetaValue], f: Mapping[str, Any] | None) -> bool:
    """Evaluate a filter against one record's flat metadata."""
    if not f:
        return True
    for key, cond in f.items():
        if key == "$and":
            if not all(matches(meta, s) for s in cond):
                return False
        elif key == "$or":
            if not any(matches(meta, s) for s in cond):
                return False
        else:
            value = meta.get(key)
            for op, arg in _norm_condition(cond).items():
                if not _check(value, op, arg):
                    return False
    return True


def simple_equalities(f: Mapping[str, Any]) -> dict[str, MetaValue] | None:
    """Return {field: value} when the filter is only plain equalities (fast path)."""
    out: dict[str, MetaValue] = {}
    for key, cond in f.items():
        if key.startswith("$") or isinstance(cond, Mapping | list | tuple | set | frozenset):
            return None
        out[key] = cond
    return out
