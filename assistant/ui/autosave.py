"""Autosave: every input, the draft and its edits on disk, per browser session.

The session id lives in the page address (`?s=<id>`), so a reload or a restarted server finds
the same file: `<data dir>/sessions/<id>.json`, the data dir being JIXIAO_DATA_DIR or
`$XDG_DATA_HOME/jixiao` (`~/.local/share/jixiao`). Nothing is shared between sessions. The file
is written at the end of every script run when its content changed (atomically, owner-only).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from assistant.model import TargetTable
from assistant.ui import state as ui_state
from assistant.ui.grid import normalize_frame

SESSION_PARAM = "s"
# the draft inputs, the goals box and the review paste: everything a user types
TEXT_KEYS = (
    "in_name", "in_budget", "in_fiscal", "in_other", "in_purpose", "in_goals",
    ui_state.GOALS_KEY, "review_text",
)
_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_LOADED = "autosave_loaded"
_HASH = "autosave_hash"


def data_dir() -> Path:
    """The user's data folder, the same as `jixiao kb add` uses (JIXIAO_DATA_DIR first)."""
    try:
        from assistant.knowledge.user_kb import user_data_dir
    except ImportError:  # an installation without the knowledge part
        explicit = os.environ.get("JIXIAO_DATA_DIR", "").strip()
        if explicit:
            return Path(explicit).expanduser()
        base = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
        return Path(base) / "jixiao"
    return user_data_dir()


def session_id() -> str:
    """This browser session's id, from the address or new (and then put in the address)."""
    current = st.query_params.get(SESSION_PARAM, "")
    if isinstance(current, str) and _ID.match(current):
        return current
    new = secrets.token_urlsafe(12)
    st.query_params[SESSION_PARAM] = new
    return new


def session_file(sid: str) -> Path:
    if not _ID.match(sid):
        raise ValueError("bad session id")
    return data_dir() / "sessions" / f"{sid}.json"


def _frame_records(frame: pd.DataFrame | None) -> list[dict[str, Any]] | None:
    if frame is None:
        return None
    return normalize_frame(frame).to_dict("records")


def snapshot() -> dict[str, Any]:
    """What this session has typed and drafted, as JSON-ready data."""
    data: dict[str, Any] = {
        "inputs": {k: str(st.session_state.get(k) or "") for k in TEXT_KEYS},
    }
    session = ui_state.get_draft()
    if session is not None:
        data["draft"] = {
            "table": session.table.model_dump(mode="json"),
            "rows": _frame_records(session.edited if session.edited is not None else session.base),
            "base_rows": _frame_records(session.base),
            "notices": session.notices,
            "drafter": session.drafter,
            "project_type": session.project_type,
            "version": session.version,
        }
    return data


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)


def save() -> None:
    """Write this session's file when anything changed since the last write."""
    data = snapshot()
    if not any(data["inputs"].values()) and "draft" not in data:
        return  # an untouched page leaves no file behind
    text = json.dumps(data, ensure_ascii=False, default=str)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    if st.session_state.get(_HASH) == digest:
        return
    payload = json.dumps({"saved_at": time.time(), **data}, ensure_ascii=False, default=str)
    try:
        _write(session_file(session_id()), payload)
    except OSError:  # a read-only home must not break the page; the work stays in memory
        return
    st.session_state[_HASH] = digest


def _restore_draft(saved: dict[str, Any]) -> None:
    table = TargetTable.model_validate(saved["table"])
    session = ui_state.start_draft(
        table,
        list(saved.get("notices") or []),
        str(saved.get("drafter") or "saved"),
        str(saved.get("project_type") or ""),
    )
    rows = saved.get("rows")
    if rows is not None:
        session.base = normalize_frame(pd.DataFrame(rows))
    session.version = int(saved.get("version") or 1) + 1  # a fresh editor key: no stale edits
    st.session_state.pop("draft_previous", None)


def restore() -> float | None:
    """On a session's first run, load its file (if any); the time it was saved, else None."""
    if st.session_state.get(_LOADED):
        return None
    st.session_state[_LOADED] = True
    path = session_file(session_id())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for key, value in (data.get("inputs") or {}).items():
        if key in TEXT_KEYS and value:
            st.session_state[key] = value
    if data.get("draft"):
        # a file from an older version: keep the inputs only
        with contextlib.suppress(Exception):
            _restore_draft(data["draft"])
        goals = (data.get("inputs") or {}).get(ui_state.GOALS_KEY)
        if goals is not None:
            st.session_state[ui_state.GOALS_KEY] = goals
    return float(data.get("saved_at") or 0) or None


def forget() -> None:
    """重新开始 (a button callback, so it runs before the widgets): delete this session's
    file and clear what it typed."""
    with contextlib.suppress(OSError, ValueError):
        session_file(session_id()).unlink(missing_ok=True)
    for key in TEXT_KEYS:
        st.session_state[key] = ""
    for key in (ui_state.DRAFT_KEY, "draft_previous", _HASH, "autosave_banner"):
        st.session_state.pop(key, None)


def banner(saved_at: float | None) -> None:
    """After a restore: say so, and offer a clean start."""
    if saved_at is None:
        return
    st.session_state["autosave_banner"] = time.strftime("%m月%d日 %H:%M", time.localtime(saved_at))


def render_banner() -> None:
    when = st.session_state.get("autosave_banner")
    if not when:
        return
    info, clear = st.columns([5, 1], vertical_alignment="center")
    info.info(f"继续上次的编制：已恢复 {when} 自动保存的输入和草稿（每次修改都会自动保存）。")
    clear.button("清空，重新开始", key="autosave_forget", on_click=forget)
