"""Knowledge-base search helpers: the relevance floor, and adding a found row to the draft."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd
import streamlit as st

from assistant.ui import state as ui_state
from assistant.ui.grid import (
    COL_ACCEPT,
    COL_BASIS,
    COL_DESC,
    COL_LEVEL1,
    COL_LEVEL2,
    COL_NAME,
    COL_SOURCE,
    COL_VALUE,
    normalize_frame,
)

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
MIN_SHARE = 0.3  # of the query's character pairs a hit must contain


def _pairs(text: str) -> set[str]:
    out: set[str] = set()
    for word in _WORD.findall(text.lower()):
        if len(word) == 1:
            continue
        out.update(word[i : i + 2] for i in range(len(word) - 1))
    return out


def relevant(query: str, text: str) -> bool:
    """The relevance floor: a hit shares at least 30% of the query's character pairs (and at
    least one). Retrieval always returns its top k; nonsense must return nothing."""
    wanted = _pairs(query)
    if not wanted:
        return False
    shared = len(wanted & _pairs(text))
    return shared >= max(1, math.ceil(MIN_SHARE * len(wanted)))


def hit_row(hit: Any, tables: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The found indicator as a grid row (the KB table's own row when it can be found)."""
    meta = hit.metadata
    table = tables.get(str(meta.get("table_id", ""))) or {}
    rows = table.get("indicators") or []
    position = meta.get("row")
    row: dict[str, Any] = {}
    if isinstance(position, int) and 0 <= position < len(rows):
        row = rows[position]
    name = row.get("name") or hit.text.split("：")[0].split("（")[0]
    project = meta.get("project") or table.get("project") or ""
    return {
        COL_ACCEPT: True,
        COL_LEVEL1: row.get("level1") or meta.get("level1", ""),
        COL_LEVEL2: row.get("level2") or meta.get("level2", ""),
        COL_NAME: name,
        COL_DESC: row.get("description", ""),
        COL_VALUE: row.get("value") or meta.get("value", ""),
        COL_BASIS: row.get("basis", ""),
        COL_SOURCE: f"知识库：{project}" if project else "知识库",
    }


def add_row_to_draft(row: dict[str, Any]) -> str:
    """Append `row` to the current draft's grid, keeping every edit made so far."""
    session = ui_state.get_draft()
    if session is None:
        return "还没有草稿：请先在“编制”页生成草稿，再加入指标。"
    current = session.edited if session.edited is not None else session.base
    frame = pd.concat([normalize_frame(current), pd.DataFrame([row])], ignore_index=True)
    session.base = normalize_frame(frame)
    session.edited = None
    session.version += 1  # a new editor key: the grid starts from the new base
    return f"已把“{row[COL_NAME]} {row[COL_VALUE]}”加入当前草稿（编制页表格末行），请核对后采纳。"


def on_add(rows: dict[str, dict[str, str]]) -> None:
    """on_click of 加入当前草稿: runs before the page, so the 编制 grid shows the new row."""
    choice = st.session_state.get("kb_add_pick")
    if choice in rows:
        st.session_state["kb_add_message"] = add_row_to_draft(rows[choice])
