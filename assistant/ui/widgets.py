"""Pieces both the draft and the review page show: a finding, a rule's rationale, an explanation."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import streamlit as st

from assistant.model import Document, Finding, Severity
from assistant.report.format import SEVERITY_LABEL
from assistant.ui import services

# Markdown badges, not emoji: a machine with only a CJK font shows emoji as boxes.
_BADGE_COLOR = {Severity.ERROR: "red", Severity.WARNING: "orange", Severity.INFO: "blue"}


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
        st.markdown(
            f"- 不好的写法：{record.get('bad', '')}\n- 较好的写法：{record.get('good', '')}"
        )


def _explanation_cached(
    document: Document,
    table_index: int,
    indicator_index: int,
    findings: Sequence[Finding] | None,
    narrative: bool,
) -> Any:
    """Explanations cost a few retrievals: keep them per row content (and its findings)."""
    table = document.tables[table_index]
    row = table.indicators[indicator_index]
    own = [
        f.code for f in findings or [] if f.table == table_index and f.indicator == indicator_index
    ]
    key = hashlib.sha1(
        json.dumps(
            [table.project, table.purpose[:200], row.model_dump(mode="json"), own, narrative],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()
    cache: dict[str, Any] = st.session_state.setdefault("explain_cache", {})
    if key not in cache:
        if len(cache) > 200:
            cache.clear()
        cache[key] = services.explain(
            document,
            table_index,
            indicator_index,
            findings=None if findings is None else list(findings),
            narrative=narrative,
        )
    return cache[key]


def render_explanation(
    document: Document,
    table_index: int,
    indicator_index: int,
    findings: Sequence[Finding] | None = None,
    show_rules: bool = True,
    narrative: bool = False,
) -> None:
    """Why the row is weak: its findings, the guidance behind the rules, 3 better alternatives."""
    try:
        explanation = _explanation_cached(
            document, table_index, indicator_index, findings, narrative
        )
    except Exception as exc:  # noqa: BLE001 - one failed explanation must not break the page
        st.warning(f"解释生成失败：{exc}")
        return
    if explanation is None:
        st.info(f"指标解释与参考写法{services.UNAVAILABLE}。")
        return
    data = as_dict(explanation)
    if data.get("narrative"):
        st.write(data["narrative"])
    guidance: dict[str, dict[str, Any]] = {}
    for finding in data.get("findings") or []:
        f = as_dict(finding)
        if show_rules:
            st.markdown(f"**{f.get('code', '')}　{f.get('title', '')}**：{f.get('why', '')}")
        for section in f.get("guidance") or []:
            g = as_dict(section)
            guidance.setdefault(str(g.get("id", "")), g)
    if guidance:
        st.markdown("**依据的指引**")
        for g in guidance.values():
            st.markdown(f"- **{g.get('title', '')}**：{_short(g.get('text', ''))}")
    alternatives = data.get("alternatives") or []
    if alternatives:
        st.markdown("**更好的写法（参考）**")
        for number, alt in enumerate(alternatives[:3], start=1):
            st.markdown(f"{number}. {_alternative_line(as_dict(alt))}")
    else:
        st.caption(data.get("note") or "知识库中没有找到可参考的写法。")
    if data.get("type_name"):
        st.caption(f"参考依据：项目类型判断为“{data['type_name']}”，在同类项目的表中查找。")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _alternative_line(a: dict[str, Any]) -> str:
    line = f"**{a.get('name', '')}**"
    if a.get("value"):
        line += f"　{a['value']}"
    if a.get("level2"):
        line += f"（{a['level2']}）"
    if a.get("description"):
        line += f"：{_short(a['description'], 60)}"
    if a.get("adapted"):
        line += f"〔{a['adapted']}〕"
    line += f"　——来源：{_alternative_source(a)}"
    return line


def _alternative_source(a: dict[str, Any]) -> str:
    """知识库：某县某项目（网址） / 本类项目常用指标 / 本项目资金用途: never an internal id."""
    source = str(a.get("source") or "")
    if a.get("project") and not source.startswith("taxonomy:"):
        url = str(a.get("source_url") or "")
        return f"知识库：{a['project']}" + (f"（{url}）" if url.startswith("http") else "")
    if source.startswith("taxonomy:") or not source:
        return "本类项目常用指标"
    return source if re.search(r"[\u4e00-\u9fff]", source) else "本类项目常用指标"


def render_findings(
    findings: Sequence[Finding],
    document: Document,
    row_of: Callable[[Finding], int | None] | None = None,
) -> None:
    """One line per finding; under it a "为什么" expander with the rationale and alternatives."""
    if not findings:
        st.success("未发现问题")
        return
    for number, f in enumerate(findings):
        row = row_of(f) if row_of is not None else f.indicator
        place = "整表" if row is None else f"第{row + 1}行"
        label = SEVERITY_LABEL.get(f.severity, str(f.severity))
        badge = f":{_BADGE_COLOR.get(f.severity, 'gray')}-badge[{label}]"
        st.markdown(f"{badge} **{f.code}** {place}：{f.message}")
        with st.expander("为什么", expanded=False):
            render_rule(f.code)
            if (
                f.indicator is not None
                and f.table < len(document.tables)
                and f.indicator < len(document.tables[f.table].indicators)
            ):
                render_explanation(document, f.table, f.indicator, findings, show_rules=False)
        if number >= 40:
            st.caption(f"另有 {len(findings) - number - 1} 条未列出，请导出报告查看全部。")
            break


def rule_titles(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, Chinese title) for each distinct code, in first-seen order."""
    out = []
    for code in dict.fromkeys(codes):
        record = services.rule_record(code)
        out.append((code, str(record["title"]) if record else "（未知规则）"))
    return out


def rule_legend(codes: Iterable[str]) -> None:
    """图例 under a chart or table that shows rule codes: each code with its Chinese title."""
    pairs = rule_titles(codes)
    if pairs:
        st.caption("规则说明：" + "；".join(f"{code} {title}" for code, title in pairs))
