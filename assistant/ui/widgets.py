"""Pieces both the draft and the review page show: a finding, a rule's rationale, an explanation."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from assistant.model import Document, Finding, Severity
from assistant.report.format import SEVERITY_LABEL
from assistant.ui import services

_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}


def as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dict):
        return value
    return {"text": str(value)}


def render_rule(code: str) -> None:
    """The rule's rationale, in the rule's own words, with its bad and good example."""
    record = services.rule_record(code)
    if record is None:
        st.caption(f"未找到规则 {code} 的说明")
        return
    st.markdown(f"**{code}　{record['title']}**")
    st.write(record["why"])
    if record.get("fix_hint"):
        st.markdown(f"**怎么改：** {record['fix_hint']}")
    if record.get("bad") or record.get("good"):
        st.markdown(f"- 不好的写法：{record.get('bad', '')}\n- 较好的写法：{record.get('good', '')}")


def _explanation_cached(document: Document, table_index: int, indicator_index: int, service: Any) -> Any:
    """Explanations cost a few retrievals: keep them per row content for the session."""
    table = document.tables[table_index]
    row = table.indicators[indicator_index]
    key = hashlib.sha1(
        json.dumps([table.project, table.purpose[:200], row.model_dump(mode="json")],
                   ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()
    cache: dict[str, Any] = st.session_state.setdefault("explain_cache", {})
    if key not in cache:
        cache[key] = services.explain(document, table_index, indicator_index, service)
    return cache[key]


def render_explanation(
    document: Document, table_index: int, indicator_index: int, service: Any, show_rules: bool = True
) -> None:
    """Why the row is weak: its findings, the guidance behind the rules, 3 better alternatives."""
    try:
        explanation = _explanation_cached(document, table_index, indicator_index, service)
    except Exception as exc:  # noqa: BLE001 - one failed explanation must not break the page
        st.warning(f"解释生成失败：{exc}")
        return
    if explanation is None:
        st.info(f"指标解释与参考写法{services.UNAVAILABLE}。")
        return
    data = as_dict(explanation)
    summary = data.get("summary") or data.get("text") or data.get("explanation")
    if summary:
        st.write(summary)
    if show_rules:
        for finding in data.get("findings") or []:
            f = as_dict(finding)
            st.markdown(f"- **{f.get('code', '')}** {f.get('message', '')}")
    guidance = data.get("guidance") or []
    if guidance:
        st.markdown("**依据的指引**")
        for section in guidance:
            s = as_dict(section)
            title = s.get("title") or s.get("id") or ""
            st.markdown(f"- **{title}**（{s.get('id', '')}）：{_short(s.get('text') or s.get('summary') or '')}")
    alternatives = data.get("alternatives") or []
    if alternatives:
        st.markdown("**更好的写法（参考）**")
        for number, alt in enumerate(alternatives, start=1):
            a = as_dict(alt)
            st.markdown(f"{number}. {_alternative_line(a)}")
    elif not guidance:
        st.caption("知识库中没有找到可参考的写法。")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _alternative_line(a: dict[str, Any]) -> str:
    name = a.get("name") or a.get("indicator") or a.get("text") or ""
    value = a.get("value") or ""
    level2 = a.get("level2") or ""
    source = a.get("source") or a.get("project") or a.get("table_id") or ""
    reason = a.get("reason") or a.get("why") or ""
    line = f"**{name}**" + (f"　{value}" if value else "") + (f"（{level2}）" if level2 else "")
    if reason:
        line += f"：{reason}"
    if source:
        line += f"　——来源：{source}"
    return line


def render_findings(
    findings: Sequence[Finding],
    document: Document,
    service: Any,
    row_of: Callable[[Finding], int | None] | None = None,
    key: str = "findings",
) -> None:
    """One line per finding; under it a "为什么" expander with the rationale and alternatives."""
    if not findings:
        st.success("未发现问题")
        return
    for number, f in enumerate(findings):
        row = row_of(f) if row_of is not None else f.indicator
        place = "整表" if row is None else f"第{row + 1}行"
        label = SEVERITY_LABEL.get(f.severity, str(f.severity))
        st.markdown(f"{_ICON.get(f.severity, '')} **{f.code}**［{label}］{place}：{f.message}")
        with st.expander("为什么", expanded=False):
            render_rule(f.code)
            if f.indicator is not None and f.table < len(document.tables) and f.indicator < len(
                document.tables[f.table].indicators
            ):
                render_explanation(document, f.table, f.indicator, service, show_rules=False)
        if number >= 40:
            st.caption(f"另有 {len(findings) - number - 1} 条未列出，请导出报告查看全部。")
            break
