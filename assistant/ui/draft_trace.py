"""The LLM draft's record in the app: a collapsible panel under the notices, and the same record
in the saved JSON. Rows' origins are re-read from the table being edited, so a row the user
added (no provenance) shows as the user's."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.model import DraftTrace, Indicator, TargetTable, row_origin

TRACE_KEY = "draft_trace"
_ORIGIN_WORDS = {"model": "大模型", "offline": "离线起草", "user": "用户"}


def remember(trace: DraftTrace | None) -> None:
    st.session_state[TRACE_KEY] = trace


def origin(indicator: Indicator) -> str:
    # the app shows provenance in words: 大模型起草（…）
    if (indicator.provenance or "").startswith("大模型起草"):
        return "model"
    return row_origin(indicator)


def current(table: TargetTable | None) -> DraftTrace | None:
    """The stored trace with the rows' origins of the table as it is now."""
    trace: DraftTrace | None = st.session_state.get(TRACE_KEY)
    if trace is None or table is None:
        return trace
    return trace.model_copy(update={"row_origins": [origin(row) for row in table.indicators]})


def summary(trace: DraftTrace) -> list[str]:
    tokens = (f"{trace.tokens_in} / {trace.tokens_out}" if trace.tokens_in is not None
              else f"服务未报告（字符 {trace.chars_in} / {trace.chars_out}）")
    counts = {word: trace.row_origins.count(key) for key, word in _ORIGIN_WORDS.items()}
    lines = [
        f"- 模型：{trace.model or '（未知）'}" + (f"（输出方式 {trace.method}）" if trace.method else ""),
        f"- 提示词版本：{trace.prompt_version or '（无）'}；参考示例 {trace.examples} 条",
        f"- 输入摘要（SHA-256 前16位）：`{trace.input_hash}`",
        f"- 令牌（输入 / 输出）：{tokens}",
        f"- 调用次数：{trace.calls}（其中修正 {trace.repairs} 次）",
        "- 各行来源：" + "，".join(f"{word} {n} 条" for word, n in counts.items()),
    ]
    if trace.fell_back:
        lines.append("- 表格以离线草稿为主" + (f"（大模型调用失败：{trace.error}）" if trace.error else ""))
    lines += [f"- 资料中的疑似指令（已忽略）：{text}" for text in trace.injections[:5]]
    lines += [f"- 已删除：{text}" for text in trace.removed[:8]]
    return lines


def panel(table: TargetTable | None) -> None:
    trace = current(table)
    if trace is None:
        return
    with st.expander("起草记录（大模型）", expanded=False):
        st.markdown("\n".join(summary(trace)))
        if table is not None and table.indicators:
            rows: list[dict[str, Any]] = [
                {"行": i + 1, "三级指标": row.name, "来源": _ORIGIN_WORDS[o]}
                for i, (row, o) in enumerate(zip(table.indicators, trace.row_origins, strict=False))
            ]
            st.dataframe(rows, hide_index=True, width="stretch")
