"""Context for the LLM drafter's prompt: the project type and good example rows.

Examples come from the knowledge service (assistant.knowledge.service) when it is available,
else from the curated tables and the taxonomy's typical indicators directly. Either way the
project's own published table is skipped, rows come from the project's own type only, and a row
is shown only when our rules find no error or warning on it (`follow_the_rules`: an example
breaking the prompt's own rules, "≦50万元", "90%以上", teaches the model to break them); the
taxonomy's patterns keep their N (a figure to fill in from the breakdown), checked with 1 for N.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from assistant.draft.prompt import MAX_EXAMPLES, ExampleRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Found(ExampleRow):
    """An example with what filtering needs (its project, the KB source id)."""

    project: str = ""
    kb_source: str = ""
    project_type: str = ""


def default_service() -> Any:
    """The knowledge service (BM25 mode: no index to build), or None when unavailable."""
    try:
        from assistant.knowledge.service import get_service

        return get_service("bm25")
    except Exception as exc:  # noqa: BLE001 - the taxonomy fallback still works
        log.warning("knowledge service unavailable: %s", exc)
        return None


def service_examples(service: Any, query: str, type_id: str, project_name: str) -> list[ExampleRow]:
    """Good rows from the knowledge service (or any retriever the offline drafter accepts).
    Rows of the project's own curated table are skipped; real rows must hold a value we
    would accept (taxonomy patterns keep their N)."""
    if service is None:
        return []
    try:
        if hasattr(service, "similar_indicators"):
            raw = list(service.similar_indicators(query, project_type=type_id or None, k=MAX_EXAMPLES * 2))
        else:
            from assistant.draft.retrieval import retrieve_rows

            raw = list(retrieve_rows(service, query, type_id, k=MAX_EXAMPLES * 2))
    except Exception as exc:  # noqa: BLE001 - retrieval is a hint; never fail the draft over it
        log.warning("knowledge service failed: %s", exc)
        return []
    from assistant.draft.rows import value_ok

    rows: list[ExampleRow] = []
    for item in raw:
        row = _example(item)
        if row is None or row.project == project_name:
            continue
        if type_id and row.project_type and row.project_type != type_id:
            continue  # another sector's rows teach another sector's indicators
        if not row.kb_source.startswith("taxonomy:") and not value_ok(row.value, row.level2):
            continue
        rows.append(row)
    return _spread(follow_the_rules(rows))[:MAX_EXAMPLES]


_N_SLOT = re.compile(r"(?<![A-Za-z])N(?![A-Za-z])")


def follow_the_rules(rows: list[ExampleRow]) -> list[ExampleRow]:
    """The rows on which our rules find no error and no warning (checked together in one
    table, each under its own category; a pattern's N checked as 1)."""
    if not rows:
        return rows
    from assistant.model import LEVEL2_BY_LEVEL1, Document, Indicator, Severity, TargetTable
    from assistant.parse.values import parse_target
    from assistant.rules import check

    level1_of = {l2: l1 for l1, names in LEVEL2_BY_LEVEL1.items() for l2 in names}
    indicators = [
        Indicator(level1=level1_of.get(r.level2, ""), level2=r.level2, raw_level1=level1_of.get(r.level2, ""),
                  raw_level2=r.level2, name=r.name, target=parse_target(_N_SLOT.sub("1", r.value)))
        for r in rows
    ]
    try:
        findings = check(Document(source="examples", tables=[TargetTable(project="参考示例", indicators=indicators)]))
    except Exception as exc:  # noqa: BLE001 - never lose the examples over a rule failure
        log.warning("checking examples failed: %s", exc)
        return rows
    flagged = {f.indicator for f in findings
               if f.indicator is not None and f.severity in (Severity.ERROR, Severity.WARNING)}
    return [r for i, r in enumerate(rows) if i not in flagged and prompt_rules_ok(r)]


# what the system prompt itself asks of a value (section 二): a comparator, a number, a unit
_LOOSE = re.compile(r"以上|以下|不低于|不高于|不少于|不超过|≦|≧|左右|约|大约|控制在|预算内|实际")
_COMPARATOR = re.compile(r"^\s*[=≥≤><]")
_DATE_LIKE = re.compile(r"\d{4}年|\d{1,2}月|日前|月底|年底|前完成|期限")


def prompt_rules_ok(row: ExampleRow) -> bool:
    """An example that keeps the prompt's own rules: "≥90%" yes, "90%以上", "90%", "≦50万元",
    "控制在预算内" no."""
    value = row.value.strip()
    if _LOOSE.search(value) or _LOOSE.search(row.name) and row.level2 == "成本指标":
        return False
    if re.search(r"\d|N", value) and not _COMPARATOR.match(value) and not _DATE_LIKE.search(value):
        return False
    return not (row.level2 == "服务对象满意度指标" and value.startswith("≤"))


def _example(item: Any) -> _Found | None:
    """A row from a dict, a RetrievedRow-like object or a search hit (fields in metadata)."""
    fields: dict[str, Any] = dict(item) if isinstance(item, dict) else {
        k: getattr(item, k, None)
        for k in ("name", "value", "level2", "project", "source", "text", "project_type")
    }
    meta = item.get("metadata") if isinstance(item, dict) else getattr(item, "metadata", None)
    if isinstance(meta, dict):
        fields = {**meta, **{k: v for k, v in fields.items() if v}}
    value, level2 = fields.get("value"), fields.get("level2")
    # index hits carry the row as text "name：description（level2）"
    text = str(fields.get("text") or "")
    text = text.removesuffix(f"（{level2}）") if level2 else text
    name = fields.get("name") or text.split("：")[0]
    if not (name and value and level2):
        return None
    project, source = str(fields.get("project") or ""), str(fields.get("source") or "")
    if source.startswith("taxonomy:"):
        shown = f"知识库“{project}”类典型指标"
    else:
        shown = f"{project}（{source}）" if project and source else project or source
    return _Found(str(level2), str(name), str(value), shown, project=project, kb_source=source,
                  project_type=str(fields.get("project_type") or ""))


def kb_examples(project_name: str, type_id: str) -> list[ExampleRow]:
    """Without a service: good rows of same-type curated tables, then the taxonomy's typical
    indicators. The project's own table (if curated) is skipped: copying it teaches nothing."""
    rows: list[ExampleRow] = []
    try:
        from assistant.draft.rows import value_ok
        from assistant.knowledge.kb import load_tables, load_taxonomy

        for table in load_tables():
            if table.get("project_type") != type_id or table.get("project") == project_name:
                continue
            for row in table.get("indicators", []):
                # "good" rows still include bare 是 / 90%: show only values we would accept
                if (row.get("quality") == "good" and not row.get("codes") and row.get("name")
                        and value_ok(row.get("value") or "", row.get("level2") or "")):
                    rows.append(ExampleRow(row.get("level2") or "", row["name"], row["value"],
                                           f"{table['project']}（{table.get('source') or table['id']}）"))
        types = {t["id"]: t for t in load_taxonomy()["types"]}
    except Exception as exc:  # noqa: BLE001 - the KB folder may be absent in a slim install
        log.warning("knowledge base unavailable: %s", exc)
        return rows[:MAX_EXAMPLES]
    typical: list[ExampleRow] = []
    type_ = types.get(type_id)
    if type_:
        for group, items in type_["typical_indicators"].items():
            for item in items:
                typical.append(ExampleRow(item.get("level2") or group, item["name"], item["value"],
                                          f"知识库“{type_['name']}”类典型指标"))
    # half typical patterns, half real rows; each spread over the categories
    typical, rows = _spread(follow_the_rules(typical)), _spread(follow_the_rules(rows))
    half = MAX_EXAMPLES // 2
    picked = typical[:half] + rows[: MAX_EXAMPLES - min(half, len(typical))]
    return (picked + typical[half:])[:MAX_EXAMPLES]


def _spread(rows: list[ExampleRow]) -> list[ExampleRow]:
    """Unique rows, round-robin over level2, so a short list still shows every category."""
    groups: dict[str, list[ExampleRow]] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row.name, row.value) not in seen:
            seen.add((row.name, row.value))
            groups.setdefault(row.level2, []).append(row)
    out: list[ExampleRow] = []
    while any(groups.values()):
        for items in groups.values():
            if items:
                out.append(items.pop(0))
    return out


def classify_project(project: Any, service: Any) -> tuple[str, str]:
    """(type id, Chinese name): the service's classifier when it has one, else taxonomy keywords."""
    if service is not None and hasattr(service, "classify"):
        try:
            result = service.classify(project.name, project.purpose)
            type_id = getattr(result, "type_id", None) or (result if isinstance(result, str) else None)
            if type_id:
                from assistant.draft.classify import project_types

                name = getattr(result, "name", "") or project_types().get(type_id, {}).get("name", "")
                return str(type_id), str(name)
        except Exception as exc:  # noqa: BLE001 - fall back to keywords
            log.warning("knowledge service classify failed: %s", exc)
    from assistant.draft.classify import classify

    # a retriever with similar_tables() votes, as in the offline drafter
    result = classify(project.name, project.purpose, service)
    return result.type_id, result.name
