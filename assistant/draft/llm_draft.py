"""The LLM drafter: prompt → structured answer → TargetTable → validators → repair → Draft.

The model proposes; our code decides what is kept. Budget figures come from the input, never
from the model; every row is parsed with the same value parser the readers use and checked by
the same rules as a published table. Error-level findings go back to the model at most twice
(MAX_REPAIRS); what still fails stays in `Draft.findings` with a notice. Any LLMError falls
back to the offline drafter, with a notice naming what went wrong.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.draft.llm import ChatModel, LLMError, LLMResult
from assistant.draft.prompt import (
    DEFAULT_MAX_PROMPT_CHARS,
    MAX_EXAMPLES,
    ExampleRow,
    build_draft_messages,
    build_repair_message,
)
from assistant.model import (
    ALL_LEVEL2,
    LEVEL1_NAMES,
    Document,
    Draft,
    Finding,
    Indicator,
    Severity,
    TargetTable,
)

log = logging.getLogger(__name__)

MAX_REPAIRS = 2
DRAFTER_LLM = "llm"
DRAFTER_FALLBACK = "offline (llm fallback)"
MAX_PROMPT_ENV = "JIXIAO_LLM_MAX_PROMPT_CHARS"

Level1 = Literal[LEVEL1_NAMES]  # type: ignore[valid-type]
Level2 = Literal[ALL_LEVEL2]  # type: ignore[valid-type]

_KIND_WORDS = {
    "timeout": "超时",
    "http": "服务返回错误",
    "connection": "无法连接",
    "invalid": "回答无法解析",
    "refused": "拒绝回答",
}


class LLMIndicatorOut(BaseModel):
    """绩效目标表中的一条三级指标。"""

    level1: Level1 = Field(description="一级指标：产出指标、效益指标或满意度指标")
    level2: Level2 = Field(description="二级指标，须属于所填的一级指标")
    name: str = Field(description="三级指标名称")
    description: str = Field(default="", description="指标描述：统计口径或计算方法")
    value: str = Field(description="指标值：比较符+数字+单位，或日期，如 =119人、≤263.75万元")
    basis: str = Field(default="", description="指标值确定依据")
    source: str = Field(default="", description="数字出自哪条测算明细或借鉴的参考示例")


class LLMDraftOut(BaseModel):
    """项目支出绩效目标建议稿：年度绩效目标和三级指标。"""

    goals: list[str] = Field(default_factory=list, description="年度绩效目标，1到3句")
    indicators: list[LLMIndicatorOut] = Field(description="三级指标，一般8到14条")


# -- inputs ------------------------------------------------------------------------------


def max_prompt_chars(settings: Any = None, explicit: int | None = None) -> int:
    """Argument > settings.llm_max_prompt_chars > $JIXIAO_LLM_MAX_PROMPT_CHARS > 12000."""
    for value in (explicit, getattr(settings, "llm_max_prompt_chars", None), os.environ.get(MAX_PROMPT_ENV)):
        try:
            if value not in (None, "") and int(value) > 0:  # type: ignore[arg-type]
                return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return DEFAULT_MAX_PROMPT_CHARS


def _service_examples(service: Any, query: str, type_id: str) -> list[ExampleRow]:
    """Good rows from the knowledge service (or any retriever the offline drafter accepts)."""
    if service is None:
        return []
    raw: list[Any] = []
    try:
        if hasattr(service, "similar_indicators"):
            try:
                raw = list(service.similar_indicators(query, project_type=type_id, k=MAX_EXAMPLES))
            except TypeError:
                raw = list(service.similar_indicators(query))
        else:
            from assistant.draft.retrieval import retrieve_rows

            raw = list(retrieve_rows(service, query, type_id, k=MAX_EXAMPLES))
    except Exception as exc:  # noqa: BLE001 - retrieval is a hint; never fail the draft over it
        log.warning("knowledge service failed: %s", exc)
        return []
    return [row for row in (_example(item) for item in raw) if row is not None]


def _example(item: Any) -> ExampleRow | None:
    """A row from a dict, a RetrievedRow-like object or a search hit (fields in metadata)."""
    fields: dict[str, Any] = dict(item) if isinstance(item, dict) else {
        k: getattr(item, k, None) for k in ("name", "value", "level2", "project", "source", "text")
    }
    meta = item.get("metadata") if isinstance(item, dict) else getattr(item, "metadata", None)
    if isinstance(meta, dict):
        fields = {**meta, **{k: v for k, v in fields.items() if v}}
    name = fields.get("name") or str(fields.get("text") or "").split("：")[0].split("（")[0]
    value, level2 = fields.get("value"), fields.get("level2")
    if not (name and value and level2):
        return None
    source = fields.get("project") or fields.get("source") or fields.get("table_id") or ""
    return ExampleRow(level2=str(level2), name=str(name), value=str(value), source=str(source))


def _kb_examples(project_name: str, type_id: str) -> list[ExampleRow]:
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
    typical, rows = _spread(typical), _spread(rows)
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


def _classify(project: Any, service: Any) -> tuple[str, str]:
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


# -- answer → table ----------------------------------------------------------------------


def provenance_of(model: str, version: str, source: str) -> str:
    base = f"llm:{model} (prompt {version})"
    return f"{base}；{source.strip()}" if source.strip() else base


def to_table(answer: LLMDraftOut, project: Any, facts: Any, model: str, version: str) -> TargetTable:
    """The model's rows in our table; name, budget, purpose and breakdown from the input."""
    from assistant.parse.values import parse_target

    indicators = [
        Indicator(
            level1=row.level1,
            level2=row.level2,
            raw_level1=row.level1,
            raw_level2=row.level2,
            name=row.name.strip(),
            description=row.description.strip(),
            target=parse_target(row.value.strip()),
            basis=row.basis.strip(),
            provenance=provenance_of(model, version, row.source),
        )
        for row in answer.indicators
    ]
    user_goals = [g for g in project.goals if g.strip()]
    model_goals = [g.strip() for g in answer.goals if g.strip()]
    return TargetTable(
        project=project.name,
        unit_name=project.unit_name,
        year=project.year,
        budget_total_yuan=project.budget_yuan,
        budget_fiscal_yuan=project.fiscal_yuan,
        budget_other_yuan=project.other_yuan,
        purpose=project.purpose,
        budget_items=list(getattr(facts, "items", []) or []),
        spending_plan=project.spending_plan,
        goals=user_goals or model_goals,
        indicators=indicators,
    )


def run_checks(table: TargetTable) -> list[Finding]:
    from assistant.rules import check

    return check(Document(source="draft", title=table.project, tables=[table]))


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR]


# -- fallback ----------------------------------------------------------------------------


def offline_draft(project: Any, service: Any = None) -> Draft:
    """The offline drafter's draft (imported late: it is another module's business)."""
    from assistant.draft.offline import draft_offline

    return draft_offline(project, retriever=service)


def failure_notice(err: LLMError, chat: Any) -> str:
    if err.kind == "timeout":
        timeout = getattr(chat, "timeout", None)
        seconds = f"（{timeout:g}秒）" if isinstance(timeout, int | float) else ""
        return f"大模型调用超时{seconds}，已改用离线草稿。"
    if err.kind == "http" and err.status:
        return f"大模型服务返回 HTTP {err.status} 错误，已改用离线草稿。详情：{err.message}"
    word = _KIND_WORDS.get(err.kind, err.kind)
    return f"大模型调用失败（{word}），已改用离线草稿。详情：{err.message}"


def _fallback(project: Any, service: Any, notices: list[str], usage: dict[str, Any]) -> Draft:
    draft = offline_draft(project, service)
    draft.drafter = DRAFTER_FALLBACK if usage.get("calls") else draft.drafter
    draft.notices = [*notices, *draft.notices]
    if usage:
        draft.usage = {**draft.usage, "llm": usage}
    return draft


# -- the drafter -------------------------------------------------------------------------


def _add_usage(total: dict[str, Any], result: LLMResult[Any]) -> None:
    total["model"] = result.model
    for key in ("prompt_chars", "completion_chars", "prompt_tokens", "completion_tokens"):
        if key in result.usage:
            total[key] = total.get(key, 0) + int(result.usage[key])  # type: ignore[literal-required]


def draft_with_llm(
    project_input: Any,
    chat: ChatModel | None = None,
    settings: Any = None,
    service: Any = None,
    *,
    max_chars: int | None = None,
) -> Draft:
    """Draft a table with the configured model; fall back to the offline draft on failure."""
    if chat is None:
        from assistant.config import get_settings
        from assistant.draft.llm import make_chat_model

        settings = settings if settings is not None else get_settings()
        chat = make_chat_model(settings)
    if chat is None:
        notice = "未配置大模型（需设置 JIXIAO_LLM_BASE_URL 和 JIXIAO_LLM_MODEL），已使用离线草稿。"
        return _fallback(project_input, service, [notice], {})

    from assistant.draft.facts import extract_facts

    project = project_input
    facts = extract_facts(project.purpose, project.budget_yuan)
    type_id, type_name = _classify(project, service)
    query = f"{project.name} {project.purpose[:300]}"
    examples = _service_examples(service, query, type_id) or _kb_examples(project.name, type_id)
    bundle = build_draft_messages(
        project, facts, f"{type_name}（{type_id}）" if type_name else type_id, examples,
        max_prompt_chars(settings, max_chars),
    )
    usage: dict[str, Any] = {
        "model": getattr(chat, "model", ""),
        "method": getattr(chat, "method", ""),
        "prompt_version": bundle.version,
        "calls": 0,
        "prompt_chars": 0,
        "completion_chars": 0,
        "examples": bundle.examples_used,
    }
    notices = list(bundle.notices)
    messages = list(bundle.messages)
    best: tuple[TargetTable, list[Finding]] | None = None
    started = time.monotonic()
    for attempt in range(MAX_REPAIRS + 1):
        usage["calls"] += 1
        try:
            result = chat.structured(messages, LLMDraftOut)
        except LLMError as err:
            usage["latency_s"] = round(time.monotonic() - started, 3)
            usage["error"] = err.kind
            if best is None:
                return _fallback(project, service, [*notices, failure_notice(err, chat)], usage)
            notices.append(f"第{attempt + 1}次请求大模型修正时失败（{err.message}），保留上一版草稿。")
            break
        _add_usage(usage, result)
        table = to_table(result.parsed, project, facts, result.model, bundle.version)
        findings = run_checks(table)
        errors = errors_of(findings)
        # keep the version with fewest errors; a repair can make things worse
        if best is None or len(errors) <= len(errors_of(best[1])):
            best = (table, findings)
        if not errors:
            break
        if attempt == MAX_REPAIRS:
            break
        messages = [
            *messages,
            {"role": "assistant", "content": result.raw_text},
            {"role": "user", "content": build_repair_message(errors, table)},
        ]
    usage["latency_s"] = round(time.monotonic() - started, 3)
    assert best is not None
    table, findings = best
    usage["repairs"] = usage["calls"] - 1
    remaining = errors_of(findings)
    if remaining:
        codes = "、".join(sorted({f.code for f in remaining}))
        notices.append(
            f"大模型草稿经{usage['repairs']}次修正后仍有{len(remaining)}处错误（{codes}），"
            "已在检查结果中列出，请逐条核对修改。"
        )
    return Draft(
        table=table,
        findings=findings,
        notices=notices,
        drafter=DRAFTER_LLM,
        project_type=type_id,
        usage=usage,
    )


# The name assistant.draft's lazy export (and the draft command) look for.
llm_draft = draft_with_llm
