"""Session-state helpers: what the draft page keeps between reruns.

Streamlit reruns the whole script on every interaction. The grid's input DataFrame (`base`)
must stay the same object between reruns or the editor would lose the user's edits, so it is
replaced only when a new draft is generated or a saved draft is loaded; then the editor key
changes (`version`) so its edit state starts empty, and the previous work is kept as a copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from assistant.model import TargetTable
from assistant.ui.grid import normalize_frame, table_to_frame

DRAFT_KEY = "draft_session"
GOALS_KEY = "draft_goals_text"


@dataclass
class DraftSession:
    """The current draft: base table (budget, purpose), grid input, notices."""

    table: TargetTable
    base: pd.DataFrame
    version: int = 1
    notices: list[str] = field(default_factory=list)
    drafter: str = "offline"
    project_type: str = ""
    edited: pd.DataFrame | None = None  # the grid's latest output, for exports and the copy

    @property
    def editor_key(self) -> str:
        return f"draft_editor_{self.version}"


@dataclass
class SavedCopy:
    session: DraftSession
    goals_text: str


def get_draft() -> DraftSession | None:
    return st.session_state.get(DRAFT_KEY)


def start_draft(
    table: TargetTable,
    notices: list[str] | None = None,
    drafter: str = "offline",
    project_type: str = "",
) -> DraftSession:
    """Install a new draft; the previous one (with its edits) is kept as `draft_previous`."""
    previous = get_draft()
    version = 1
    if previous is not None:
        version = previous.version + 1
        st.session_state["draft_previous"] = SavedCopy(
            session=previous, goals_text=st.session_state.get(GOALS_KEY, "")
        )
    session = DraftSession(
        table=table,
        base=table_to_frame(table),
        version=version,
        notices=list(notices or []),
        drafter=drafter,
        project_type=project_type,
    )
    st.session_state[DRAFT_KEY] = session
    st.session_state[GOALS_KEY] = "\n".join(table.goals)
    return session


def restore_previous() -> bool:
    """Swap back to the copy kept when the last draft replaced it (edits included)."""
    saved: SavedCopy | None = st.session_state.get("draft_previous")
    current = get_draft()
    if saved is None:
        return False
    old = saved.session
    base = normalize_frame(old.edited) if old.edited is not None else old.base
    version = (current.version if current else old.version) + 1
    restored = DraftSession(
        table=old.table,
        base=base,
        version=version,
        notices=old.notices,
        drafter=old.drafter,
        project_type=old.project_type,
    )
    if current is not None:
        st.session_state["draft_previous"] = SavedCopy(
            session=current, goals_text=st.session_state.get(GOALS_KEY, "")
        )
    else:
        st.session_state.pop("draft_previous", None)
    st.session_state[DRAFT_KEY] = restored
    st.session_state[GOALS_KEY] = saved.goals_text
    return True


def has_previous() -> bool:
    return st.session_state.get("draft_previous") is not None


def seen_upload(slot: str, file_id: Any) -> bool:
    """True when this upload was already handled (uploads persist across reruns)."""
    key = f"seen_upload_{slot}"
    if st.session_state.get(key) == file_id:
        return True
    st.session_state[key] = file_id
    return False
