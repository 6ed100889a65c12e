"""The LLM drafter: prompt → structured answer → TargetTable → validators → repair → Draft.

The model proposes; our code decides what is kept. Instruction sentences found in the paste
are taken out of the prompt and reported (assistant.draft.injection); budget figures come from
the input, never from the model; every row is parsed with the same value parser the readers
use and checked by the same rules as a published table. Errors and the warnings that matter
(assistant.draft.llm_guard.REPAIR_WARNINGS) go back to the model at most twice (MAX_REPAIRS);
an unparsable answer gets one more chance. Then goals and rows repeating an injected
instruction are removed, rows with numbers nothing in the input states (and no 建议值 mark)
are dropped, and an answer still missing a required category or rows is merged into the
offline draft. Any other LLMError falls back to the offline drafter, with a notice. Every
draft records its trace (Draft.trace).
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from assistant.draft.injection import (
    REMOVED_MARK,
    InjectionScan,
    find_injections,
    injection_notice,
    strip_injections,
)
from assistant.draft.llm_context import (
    classify_project,
    default_service,
    kb_examples,
    service_examples,
)
from assistant.draft.llm_guard import (
    build_trace,
    correct_from_offline,
    drop_ungrounded,
    errors_of,
    merge_notice,
    merge_with_offline,
    missing_parts,
    remove_injected,
    structure_lines,
    summary_notice,
    to_repair,
    ungrounded_rows,
)
from assistant.draft.llm_schema import LLMDraftOut, LLMIndicatorOut  # noqa: F401 - re-exported
from assistant.draft.prompt import (
    DEFAULT_MAX_PROMPT_CHARS,
    build_draft_messages,
    build_repair_message,
)
from assistant.llm.base import ChatModel, LLMError, UsageTotals
from assistant.model import (
    Document,
    Draft,
    Finding,
    Indicator,
    TargetTable,
)

log = logging.getLogger(__name__)

MAX_REPAIRS = 2
DRAFTER_LLM = "llm"
DRAFTER_FALLBACK = "offline (llm fallback)"
DRAFTER_MERGED = "offline+llm"  # the offline draft with the model's grounded rows
INVALID_RETRY = "你上一次的回答无法按要求解析，请只输出一个符合格式的 JSON 对象，不要加其他文字。问题："
MAX_PROMPT_ENV = "JIXIAO_LLM_MAX_PROMPT_CHARS"

_KIND_WORDS = {
    "timeout": "超时",
    "http": "服务返回错误",
    "connection": "无法连接",
    "invalid": "回答无法解析",
    "refused": "拒绝回答",
}


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


# -- fallback ----------------------------------------------------------------------------


def offline_draft(project: Any, service: Any = None) -> Draft:
    """The one offline drafter every face uses (assistant.draft.drafter): a fallback or a merge
    gives the same offline rows as `jixiao draft` and the app. `service` (a caller's index)
    serves the prompt's examples only."""
    from assistant.draft.drafter import draft_project

    del service
    return draft_project(project)


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


def cleaned_input(project: Any, scan: InjectionScan) -> Any:
    """The project input with instruction sentences taken out of name, purpose and goals."""
    if not scan:
        return project
    goals = [g for g in (strip_injections(g).replace(REMOVED_MARK, "").strip() for g in project.goals) if g]
    return project.model_copy(update={
        "name": strip_injections(project.name).replace(REMOVED_MARK, "").strip() or project.name,
        "purpose": strip_injections(project.purpose),
        "goals": goals,
    })


# -- the drafter -------------------------------------------------------------------------


def _score(table: TargetTable, findings: list[Finding]) -> tuple[int, int, int]:
    """Lower is better: errors, then warnings that matter, then missing parts."""
    return len(errors_of(findings)), len(to_repair(findings)), len(missing_parts(table))


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

    scan = find_injections(project_input)
    project = cleaned_input(project_input, scan)
    facts = extract_facts(project.purpose, project.budget_yuan)
    kb = service if service is not None else default_service()
    type_id, type_name = classify_project(project, kb)
    query = f"{project.name} {project.purpose[:300]}"
    examples = service_examples(kb, query, type_id, project.name) or kb_examples(project.name, type_id)
    bundle = build_draft_messages(
        project, facts, f"{type_name}（{type_id}）" if type_name else type_id, examples,
        max_prompt_chars(settings, max_chars),
    )
    totals = UsageTotals(model=getattr(chat, "model", ""), method=getattr(chat, "method", ""))
    notices = ([injection_notice(scan)] if scan else []) + list(bundle.notices)
    messages = list(bundle.messages)
    best: tuple[TargetTable, list[Finding]] | None = None
    removed: list[str] = []
    retried_invalid = False
    started = time.monotonic()

    def usage() -> dict[str, Any]:
        return {**totals.as_dict(), "prompt_version": bundle.version, "examples": bundle.examples_used,
                "elapsed_s": round(time.monotonic() - started, 3), "repairs": max(0, totals.calls - 1)}

    for attempt in range(MAX_REPAIRS + 1):
        totals.started()
        try:
            result = chat.structured(messages, LLMDraftOut)
        except LLMError as err:
            if err.kind == "invalid" and attempt < MAX_REPAIRS and not retried_invalid:
                # an unparsable answer (broken tool arguments, prose) gets one more chance
                retried_invalid = True
                notices.append(f"大模型第{attempt + 1}次的回答无法解析（{err.message}），已请它按格式重答。")
                said = [{"role": "assistant", "content": err.raw_text}] if err.raw_text else []
                messages = [*messages, *said, {"role": "user", "content": INVALID_RETRY + err.message}]
                continue
            totals.error = err.kind
            if best is None:
                draft = _fallback(project, service, [failure_notice(err, chat), *notices], usage())
                draft.trace = build_trace(usage(), project_input, draft.table, scan, removed, fell_back=True)
                return draft
            notices.append(f"第{attempt + 1}次请求大模型修正时失败（{err.message}），保留上一版草稿。")
            break
        totals.add(result)
        answer, removed_now = remove_injected(result.parsed, scan)
        removed += [r for r in removed_now if r not in removed]
        table = to_table(answer, project, facts, result.model, bundle.version)
        findings = run_checks(table)
        # keep the version with fewest problems; a repair can make things worse
        if best is None or _score(table, findings) <= _score(*best):
            best = (table, findings)
        todo, extra = to_repair(findings), structure_lines(table)
        if (not todo and not extra) or attempt == MAX_REPAIRS:
            break
        messages = [
            *messages,
            {"role": "assistant", "content": result.raw_text},
            {"role": "user", "content": build_repair_message(todo, table, extra)},
        ]
    assert best is not None
    return _finish(best, project, project_input, service, scan, removed, notices, usage(), type_id)


def _finish(
    best: tuple[TargetTable, list[Finding]], project: Any, project_input: Any, service: Any,
    scan: InjectionScan, removed: list[str], notices: list[str], usage: dict[str, Any], type_id: str,
) -> Draft:
    table, findings = best
    if removed:
        notices.append(f"大模型草稿中照搬资料内指令的{len(removed)}处内容已删除：" + "；".join(removed[:3]) + "。")
    offline_box: list[Draft] = []

    def offline() -> Draft:  # drafted once, only when needed
        if not offline_box:
            offline_box.append(offline_draft(project, service))
        return offline_box[0]

    corrected: list[str] = []
    if ungrounded_rows(table):
        table, corrected = correct_from_offline(table, offline().table)
    if corrected:
        notices.append(
            "大模型写的数字与测算明细不一致，已按测算明细更正（两者都记在该行的依据中）："
            + "；".join(corrected[:5]) + "。"
        )
    table, dropped = drop_ungrounded(table)
    if corrected or dropped:
        findings = run_checks(table)
    if dropped:
        removed += [f"指标{d}（数字在资料中找不到出处）" for d in dropped]
        notices.append(
            f"大模型写的{len(dropped)}条指标的数字在测算明细、预算和目标中都找不到出处，也未标“建议值”，"
            "已删除：" + "、".join(dropped[:5]) + "。"
        )
    drafter = DRAFTER_LLM
    missing = missing_parts(table)
    if missing:
        table, joined = merge_with_offline(table, findings, offline().table)
        findings = run_checks(table)
        notices.append(merge_notice(missing, table, joined))
        drafter = DRAFTER_MERGED
    remaining = errors_of(to_repair(findings))  # the model's own, not the breakdown's
    if remaining and drafter == DRAFTER_LLM:
        codes = "、".join(sorted({f.code for f in remaining}))
        notices.append(
            f"大模型草稿经{usage['repairs']}次修正后仍有{len(remaining)}处错误（{codes}），"
            "已在检查结果中列出，请逐条核对修改。"
        )
    trace = build_trace(usage, project_input, table, scan, removed, fell_back=drafter != DRAFTER_LLM)
    notices.append(summary_notice(trace))
    return Draft(
        table=table,
        findings=findings,
        notices=notices,
        drafter=drafter,
        project_type=type_id,
        usage=usage,
        trace=trace,
    )


# The name assistant.draft's lazy export (and the draft command) look for.
llm_draft = draft_with_llm
