"""知识库 tab: search the curated tables' indicators, filter, open a whole table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.model import ALL_LEVEL2
from assistant.ui import services
from assistant.ui.kb_add import hit_row, on_add, relevant

KIND_LABEL = {"indicator": "指标", "table": "表", "guidance": "指引"}
QUALITY_LABEL = {"good": "较好", "weak": "待改进", "mixed": "部分较好", "": ""}
NOT_FOUND = "未找到相近的指标，换个说法或放宽筛选试试。"


def type_names() -> dict[str, str]:
    names = services.optional("assistant.knowledge.kb", "type_names")
    try:
        return names() if names else {}
    except Exception:  # noqa: BLE001 - the taxonomy file is data; a bad one only loses the filter
        return {}


def search_frame(hits: list[Any], types: dict[str, str]) -> pd.DataFrame:
    rows = []
    for hit in hits:
        meta = hit.metadata
        rows.append(
            {
                "类型": KIND_LABEL.get(hit.kind, hit.kind),
                "内容": hit.text if len(hit.text) <= 120 else hit.text[:119] + "…",
                "指标值": meta.get("value", ""),
                "二级指标": meta.get("level2", ""),
                "项目": meta.get("project", ""),
                "项目类型": types.get(
                    str(meta.get("project_type", "")), meta.get("project_type", "")
                ),
                "质量": QUALITY_LABEL.get(str(meta.get("quality") or ""), "—"),
            }
        )
    return pd.DataFrame(rows)


def table_frame(table: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "一级指标": r.get("level1", ""),
                "二级指标": r.get("level2", ""),
                "三级指标": r.get("name", ""),
                "绩效指标描述": r.get("description", ""),
                "指标值": r.get("value", ""),
                "指标值确定依据": r.get("basis", ""),
                "质量": QUALITY_LABEL.get(r.get("quality") or "", "—"),
                "问题": "、".join(r.get("codes", [])),
            }
            for r in table.get("indicators", [])
        ]
    )


def _show_table(table: dict[str, Any], types: dict[str, str]) -> None:
    with st.container(border=True, key="kb_table_view"):
        st.markdown(
            f"**{table.get('project', '')}**　{table.get('budget_wan') or '—'} 万元　"
            f"类型：{types.get(table.get('project_type', ''), '—')}　"
            f"整表质量：{QUALITY_LABEL.get(table.get('table_quality') or '', '—')}"
        )
        if table.get("purpose"):
            st.caption(table["purpose"][:400])
        for goal in table.get("goals", []):
            st.markdown(f"- {goal}")
        st.dataframe(table_frame(table), hide_index=True, width="stretch")
        source = str(table.get("source") or "")
        # a web address says where the table was published; internal file names say nothing
        st.caption(f"来源：{source}" if source.startswith("http") else "来源：本地收录的表（无网址）")


def _table_label(table: dict[str, Any], types: dict[str, str]) -> str:
    extra = "，".join(
        x for x in (types.get(table.get("project_type", ""), ""),
                    f"{table['budget_wan']}万元" if table.get("budget_wan") else "") if x
    )
    return f"{table.get('project', '')}（{extra}）" if extra else str(table.get("project", ""))


def _add_to_draft(hits: list[Any], tables: dict[str, dict[str, Any]]) -> None:
    """Pick one found indicator and append it to the current draft's grid."""
    message = st.session_state.pop("kb_add_message", None)
    if message:
        st.success(message)
    if not hits:
        return
    # keyed by what the user reads: the same row from the same table is offered once
    rows: dict[str, dict[str, str]] = {}
    for hit in hits:
        row = hit_row(hit, tables)
        rows.setdefault(f"{row['三级指标']}　{row['指标值']}（{row['来源']}）", row)
    pick, add = st.columns([4, 1], vertical_alignment="bottom")
    choice = pick.selectbox(
        "把找到的指标加入当前草稿",
        list(rows),
        index=None,
        key="kb_add_pick",
        placeholder="选择一条指标",
    )
    add.button(
        "加入当前草稿",
        key="kb_add",
        disabled=choice is None,
        width="stretch",
        on_click=on_add,
        args=(rows,),
    )


def render(service: Any) -> None:
    st.subheader("知识库")
    if service is None:
        st.info(f"知识库检索{services.UNAVAILABLE}。")
        return
    types = type_names()
    query_col, type_col, level_col = st.columns([3, 2, 2])
    query = query_col.text_input(
        "搜索指标或项目", key="kb_query", placeholder="例如：网格员工资发放人数"
    )
    type_id = type_col.selectbox(
        "项目类型", ["", *types], format_func=lambda t: types.get(t, "全部"), key="kb_type"
    )
    level2 = level_col.selectbox(
        "二级指标", ["", *ALL_LEVEL2], format_func=lambda x: x or "全部", key="kb_level2"
    )
    kinds = st.multiselect(
        "范围",
        ["indicator", "table", "guidance"],
        default=["indicator", "table"],
        format_func=KIND_LABEL.get,
        key="kb_kinds",
    )
    where: dict[str, Any] = {}
    if type_id:
        where["project_type"] = type_id
    if level2:
        where["level2"] = level2
    hits: list[Any] = []
    if query.strip():
        try:
            hits = service.search(query, k=20, where=where or None, kinds=kinds or None)
        except Exception as exc:  # noqa: BLE001 - show the failure, keep the page
            st.error(f"检索失败：{exc}")
        hits = [h for h in hits if relevant(query, h.text)]  # the relevance floor
    if query.strip() and not hits:
        st.info(NOT_FOUND)
    if hits:
        st.dataframe(search_frame(hits, types), hide_index=True, width="stretch")
        _add_to_draft([h for h in hits if h.kind == "indicator"], getattr(service, "tables", {}) or {})
    tables: dict[str, dict[str, Any]] = getattr(service, "tables", {}) or {}
    found_ids = [str(h.metadata.get("table_id")) for h in hits if h.metadata.get("table_id")]
    choices = list(dict.fromkeys(found_ids)) or [
        tid for tid, t in tables.items() if not type_id or t.get("project_type") == type_id
    ]
    choices = [c for c in choices if c in tables]
    picked = st.selectbox(
        "打开知识库中的表",
        choices,
        index=None,
        key="kb_open",
        format_func=lambda tid: _table_label(tables[tid], types),
        placeholder=f"共 {len(choices)} 个表可选",
    )
    if picked:
        _show_table(tables[picked], types)
