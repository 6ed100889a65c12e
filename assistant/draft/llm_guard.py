"""What the LLM drafter does with an answer before anyone sees it.

- `remove_injected`: goals and rows that repeat an instruction found in the paste are removed.
- `to_repair`: the findings sent back to the model: errors, and the warnings that matter
  (a number without a source, a row foreign to the project, a row in the wrong category, a
  missing category).
- `drop_ungrounded`: after the last round, rows whose count, measure, amount or unit cost the
  input does not state, and that the model did not mark 建议值, are dropped.
- `missing_parts` / `merge_with_offline`: an answer still missing a required category, or with
  fewer than MIN_ROWS rows, is not handed over as it is: the offline draft carries the table
  and the model's grounded rows join it.
- `build_trace`: the draft's record (model, prompt version, input hash, tokens, calls, rows' origins).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from assistant.draft.injection import InjectionScan, repeats_injection, row_text
from assistant.model import (
    ALL_LEVEL2,
    DraftTrace,
    Finding,
    Severity,
    TargetTable,
    ValueKind,
    row_origin,
)

# warnings worth a repair round, besides every error
REPAIR_WARNINGS = frozenset({"B006", "R001", "R002", "R003", "S002"})
MIN_ROWS = 6
REQUIRED_OUTPUTS = ("数量指标", "质量指标", "时效指标", "成本指标")
_CHECKED = (ValueKind.COUNT, ValueKind.MEASURE, ValueKind.MONEY, ValueKind.UNIT_COST)
_NAME = re.compile(r"[\s（）()，,、：:“”\"]+")


def remove_injected(answer: Any, scan: InjectionScan) -> tuple[Any, list[str]]:
    """The answer without goals and rows that repeat an instruction of the paste."""
    if not scan:
        return answer, []
    removed: list[str] = []
    goals = []
    for goal in answer.goals:
        if repeats_injection(goal, scan):
            removed.append(f"目标“{goal[:40]}”（照搬资料中的指令）")
        else:
            goals.append(goal)
    rows = []
    for row in answer.indicators:
        if repeats_injection(row_text(row), scan):
            removed.append(f"指标“{row.name[:30]}”{row.value}（照搬资料中的指令）")
        else:
            rows.append(row)
    if not removed:
        return answer, []
    return answer.model_copy(update={"goals": goals, "indicators": rows}), removed


def to_repair(findings: list[Finding]) -> list[Finding]:
    """What the model can fix: findings on its rows (errors, and the warnings that matter) and
    on the table's structure. Findings on the user's own breakdown (a sum that does not add
    up) are the user's to fix: asking the model again would only cost a call."""
    return [f for f in findings
            if (f.indicator is not None or f.code.startswith("S"))
            and (f.severity == Severity.ERROR or (f.severity == Severity.WARNING and f.code in REPAIR_WARNINGS))]


def errors_of(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR]


def missing_parts(table: TargetTable) -> list[str]:
    """Required categories the table lacks, and a note when it has too few rows."""
    level2 = {i.level2 for i in table.indicators}
    level1 = {i.level1 for i in table.indicators}
    missing = [name for name in REQUIRED_OUTPUTS if name not in level2]
    missing += [name for name in ("效益指标", "满意度指标") if name not in level1]
    if len(table.indicators) < MIN_ROWS:
        missing.append(f"至少{MIN_ROWS}条指标（现有{len(table.indicators)}条）")
    return missing


def structure_lines(table: TargetTable) -> list[str]:
    """Extra lines for the repair message: what the table as a whole still lacks."""
    missing = missing_parts(table)
    return [f"- [结构] 草稿缺少：{'、'.join(missing)}。请补齐，每类至少一条。"] if missing else []


def ungrounded_rows(table: TargetTable) -> list[int]:
    from assistant.rules.grounding import has_breakdown, is_suggested, ungrounded_numbers

    if has_breakdown(table):
        return sorted({u.indicator for u in ungrounded_numbers(table, strict=True)})
    # no breakdown to check against: only the budget itself is a source
    budget = table.budget_total_yuan
    rows = []
    for index, row in enumerate(table.indicators):
        target = row.target
        if target.kind not in _CHECKED or target.number in (None, Decimal(0)) or is_suggested(row):
            continue
        amount = target.number * (Decimal(10000) if (target.unit or "").startswith("万") else 1)
        if budget is None or amount != budget:
            rows.append(index)
    return rows


_FACT_SOURCES = ("breakdown:", "budget:")


def correct_from_offline(table: TargetTable, offline: TargetTable) -> tuple[TargetTable, list[str]]:
    """Model rows whose number the input does not state, where the offline draft has the same
    indicator with a figure read from the breakdown or the budget: the offline figure is taken,
    and both are shown (in the row's 依据 and in the returned notes)."""
    bad = [i for i in ungrounded_rows(table) if row_origin(table.indicators[i]) == "model"]
    if not bad:
        return table, []
    rows = list(table.indicators)
    notes = []
    for index in bad:
        row = rows[index]
        match = next((o for o in offline.indicators
                      if (o.provenance or "").startswith(_FACT_SOURCES) and o.target.kind == row.target.kind
                      and o.target.number is not None and _same_row(row, o)), None)
        if match is None:
            continue
        said = f"大模型原写“{row.value}”，已按测算明细改为“{match.value}”"
        rows[index] = row.model_copy(update={
            "target": match.target.model_copy(),
            "basis": f"{row.basis}（{said}）" if row.basis else said,
            "provenance": f"{row.provenance}；更正：{match.provenance}",
        })
        notes.append(f"“{row.name}”{row.value}→{match.value}")
    return table.model_copy(update={"indicators": rows}), notes


def drop_ungrounded(table: TargetTable) -> tuple[TargetTable, list[str]]:
    """Model rows whose number nothing in the input states, and that are not marked 建议值."""
    bad = {i for i in ungrounded_rows(table) if row_origin(table.indicators[i]) == "model"}
    if not bad:
        return table, []
    dropped = [f"“{row.name}”{row.value}" for i, row in enumerate(table.indicators) if i in bad]
    kept = [row for i, row in enumerate(table.indicators) if i not in bad]
    return table.model_copy(update={"indicators": kept}), dropped


def _key(name: str) -> str:
    return _NAME.sub("", name or "")


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _same_row(row: Any, other: Any) -> bool:
    """The same indicator in other words: same name, one name inside the other, or most of the
    shorter name's character pairs in the longer (工资足额发放率 ~ 绩效工资及保险足额发放率), in
    the same category."""
    a, b = _key(row.name), _key(other.name)
    if a == b:
        return True
    if row.level2 != other.level2 or not a or not b:
        return False
    if a in b or b in a:
        return True
    small, large = sorted((_bigrams(a), _bigrams(b)), key=len)
    return len(small & large) / len(small) >= 0.6


def _order(level2: str) -> int:
    return ALL_LEVEL2.index(level2) if level2 in ALL_LEVEL2 else len(ALL_LEVEL2)


def merge_with_offline(
    model_table: TargetTable, model_findings: list[Finding], offline: TargetTable
) -> tuple[TargetTable, int]:
    """The offline table plus the model's rows that carry no error and repeat no offline row,
    ordered by category. Returns the table and how many model rows joined."""
    flagged = {f.indicator for f in errors_of(model_findings) if f.indicator is not None}
    joining = [row for i, row in enumerate(model_table.indicators)
               if i not in flagged and not any(_same_row(row, other) for other in offline.indicators)]
    rows = sorted([*offline.indicators, *joining], key=lambda row: _order(row.level2))
    goals = offline.goals or model_table.goals
    return offline.model_copy(update={"indicators": rows, "goals": goals}), len(joining)


def merge_notice(missing: list[str], table: TargetTable, joined: int) -> str:
    origins = [row_origin(row) for row in table.indicators]
    model_rows = [str(i + 1) for i, o in enumerate(origins) if o == "model"]
    where = f"第{'、'.join(model_rows)}条来自大模型，" if model_rows else ""
    return (
        f"大模型的答复缺少{'、'.join(missing)}，不能单独成表：已改用离线草稿，"
        f"并合入大模型的{joined}条有出处的指标。{where}"
        f"其余{origins.count('offline')}条来自离线起草（见每条的“来源”）。"
    )


def input_hash(project: Any) -> str:
    data = {
        "name": getattr(project, "name", ""),
        "budget_yuan": str(getattr(project, "budget_yuan", None)),
        "purpose": getattr(project, "purpose", ""),
        "goals": list(getattr(project, "goals", []) or []),
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_trace(
    usage: dict[str, Any],
    project: Any,
    table: TargetTable | None,
    scan: InjectionScan,
    removed: list[str],
    *,
    fell_back: bool,
) -> DraftTrace:
    return DraftTrace(
        model=str(usage.get("model") or ""),
        method=str(usage.get("method") or ""),
        prompt_version=str(usage.get("prompt_version") or ""),
        input_hash=input_hash(project),
        tokens_in=usage.get("prompt_tokens"),
        tokens_out=usage.get("completion_tokens"),
        chars_in=int(usage.get("prompt_chars", 0)),
        chars_out=int(usage.get("completion_chars", 0)),
        calls=int(usage.get("calls", 0)),
        repairs=max(0, int(usage.get("calls", 0)) - 1),
        examples=int(usage.get("examples", 0)),
        row_origins=[row_origin(row) for row in table.indicators] if table is not None else [],
        injections=[f"{i.field}：{i.text}" for i in scan.injections],
        removed=list(removed),
        fell_back=fell_back,
        error=str(usage.get("error") or ""),
    )


def summary_notice(trace: DraftTrace) -> str:
    """One line every LLM draft ends with: who wrote what, checked against what."""
    model_rows, offline_rows = trace.row_origins.count("model"), trace.row_origins.count("offline")
    rows = f"{model_rows}条指标来自大模型" + (f"、{offline_rows}条来自离线起草" if offline_rows else "")
    return (
        f"本草稿由大模型 {trace.model or '（未知）'} 起草（提示词 {trace.prompt_version}，调用{trace.calls}次）："
        f"{rows}；数字已与测算明细、预算数和目标核对，请逐条审核后使用。"
    )
