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

from assistant.llm.base import ChatModel, LLMError, LLMResult
from assistant.draft.llm_context import (
    classify_project,
    default_service,
    kb_examples,
    service_examples,
)
from assistant.draft.prompt import (
    DEFAULT_MAX_PROMPT_CHARS,
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
        goals_row_found=True,
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
    # latency_s: time spent waiting for the model; elapsed_s (set by the caller): wall time
    total["latency_s"] = round(total.get("latency_s", 0.0) + float(result.usage.get("latency_s", 0.0)), 3)


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
        from assistant.llm.base import make_chat_model

        settings = settings if settings is not None else get_settings()
        chat = make_chat_model(settings)
    if chat is None:
        notice = "未配置大模型（需设置 JIXIAO_LLM_BASE_URL 和 JIXIAO_LLM_MODEL），已使用离线草稿。"
        return _fallback(project_input, service, [notice], {})

    from assistant.draft.facts import extract_facts

    project = project_input
    facts = extract_facts(project.purpose, project.budget_yuan)
    kb = service if service is not None else default_service()
    type_id, type_name = classify_project(project, kb)
    query = f"{project.name} {project.purpose[:300]}"
    examples = service_examples(kb, query, type_id, project.name) or kb_examples(project.name, type_id)
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
        "latency_s": 0.0,
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
            usage["elapsed_s"] = round(time.monotonic() - started, 3)
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
    usage["elapsed_s"] = round(time.monotonic() - started, 3)
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
