"""DataFrame ⇄ TargetTable for the editable grid, and the edit path the grid goes through.

The grid holds every suggested row plus the user's choice (采纳). Only accepted, non-empty
rows become the table that is checked and exported; `row_map` keeps, for each exported
indicator, its row in the grid so findings can point at the row the user sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assistant.model import ALL_LEVEL2, LEVEL1_NAMES, Document, Finding, Indicator, TargetTable
from assistant.report.format import SEVERITY_LABEL

COL_LEVEL1 = "一级指标"
COL_LEVEL2 = "二级指标"
COL_NAME = "三级指标"
COL_DESC = "绩效指标描述"
COL_VALUE = "指标值"
COL_BASIS = "指标值确定依据"
COL_SOURCE = "来源"
COL_ACCEPT = "采纳"
TEXT_COLUMNS = (COL_LEVEL1, COL_LEVEL2, COL_NAME, COL_DESC, COL_VALUE, COL_BASIS, COL_SOURCE)
COLUMNS = (*TEXT_COLUMNS, COL_ACCEPT)
# The columns whose content makes a row: a row with all of them blank is an unused new row.
_CONTENT = (COL_NAME, COL_DESC, COL_VALUE)

FINDING_COLUMNS = ("规则", "级别", "行", "指标", "说明", "建议")


def level1_options() -> list[str]:
    # 产出/效益/满意度 first: that is the layout nearly every table uses.
    return [name for name in LEVEL1_NAMES if name != "成本指标"] + ["成本指标"]


def level2_options() -> list[str]:
    return list(ALL_LEVEL2)


def table_to_frame(table: TargetTable) -> pd.DataFrame:
    """One grid row per indicator, all accepted."""
    rows = [
        {
            COL_LEVEL1: i.level1,
            COL_LEVEL2: i.level2,
            COL_NAME: i.name,
            COL_DESC: i.description,
            COL_VALUE: i.target.raw,
            COL_BASIS: i.basis,
            COL_SOURCE: i.provenance or "",
            COL_ACCEPT: True,
        }
        for i in table.indicators
    ]
    return empty_frame() if not rows else pd.DataFrame(rows, columns=list(COLUMNS))


def empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in TEXT_COLUMNS})
    frame[COL_ACCEPT] = pd.Series(dtype="bool")
    return frame


def _text(value: Any) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _accepted(value: Any) -> bool:
    # A new row added in the grid has no value yet: count it as accepted, since the user typed it.
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        return value.strip() not in ("不采纳", "否", "False", "false", "0")
    return bool(value)


def normalize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every expected column present, text as str, 采纳 as bool, a clean 0..n-1 index."""
    out = frame.copy().reset_index(drop=True)
    for column in TEXT_COLUMNS:
        out[column] = out[column].map(_text) if column in out else ""
    out[COL_ACCEPT] = out[COL_ACCEPT].map(_accepted) if COL_ACCEPT in out else True
    return out[list(COLUMNS)].astype({COL_ACCEPT: bool})


def apply_editor_state(frame: pd.DataFrame, state: Mapping[str, Any] | None) -> pd.DataFrame:
    """Apply a data_editor edit state ({edited_rows, added_rows, deleted_rows}) to `frame`.

    This is what st.data_editor does to its input; having it here lets tests and callers
    reproduce an edit without a browser.
    """
    out = normalize_frame(frame)
    if not state:
        return out
    for key, changes in (state.get("edited_rows") or {}).items():
        row = int(key)
        if 0 <= row < len(out):
            for column, value in (changes or {}).items():
                if column in out.columns:
                    out.at[row, column] = value
    added = [dict(r) for r in state.get("added_rows") or []]
    if added:
        out = pd.concat([out, pd.DataFrame(added)], ignore_index=True)
    deleted = {int(r) for r in state.get("deleted_rows") or []}
    if deleted:
        out = out.drop(index=[r for r in deleted if r in out.index])
    return normalize_frame(out)


def _indicator(row: Mapping[str, Any], grid_row: int) -> Indicator:
    from assistant.parse.categories import level1_for, normalize_level1, normalize_level2
    from assistant.parse.values import parse_target

    raw1, raw2 = _text(row.get(COL_LEVEL1)), _text(row.get(COL_LEVEL2))
    level2 = normalize_level2(raw2) or raw2
    level1 = normalize_level1(raw1) or raw1
    if not level1 and level2:
        level1 = level1_for(level2)
    return Indicator(
        level1=level1,
        level2=level2,
        raw_level1=raw1,
        raw_level2=raw2,
        name=_text(row.get(COL_NAME)),
        description=_text(row.get(COL_DESC)),
        target=parse_target(_text(row.get(COL_VALUE))),
        basis=_text(row.get(COL_BASIS)),
        provenance=_text(row.get(COL_SOURCE)) or None,
    )


def frame_to_table(
    frame: pd.DataFrame, base: TargetTable, goals: Sequence[str] | None = None
) -> tuple[TargetTable, list[int]]:
    """The exported table (accepted, non-empty rows) and the grid row of each indicator."""
    norm = normalize_frame(frame)
    indicators: list[Indicator] = []
    row_map: list[int] = []
    for position, row in enumerate(norm.to_dict("records")):
        if not row[COL_ACCEPT] or not any(row[c] for c in _CONTENT):
            continue
        indicators.append(_indicator(row, position))
        row_map.append(position)
    update: dict[str, Any] = {"indicators": indicators}
    if goals is not None:
        update["goals"] = [g for g in goals if g.strip()]
    return base.model_copy(update=update), row_map


def goals_from_text(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass
class CheckedGrid:
    """The exported table, its findings (indices into the table) and the row mapping."""

    table: TargetTable
    findings: list[Finding]
    row_map: list[int] = field(default_factory=list)

    @property
    def document(self) -> Document:
        return Document(title=self.table.project, tables=[self.table])

    def grid_row(self, finding: Finding) -> int | None:
        """The 0-based grid row a finding points at (None for a table-level finding)."""
        if finding.indicator is None or finding.indicator >= len(self.row_map):
            return None
        return self.row_map[finding.indicator]


def check_frame(
    frame: pd.DataFrame, base: TargetTable, goals: Sequence[str] | None = None
) -> CheckedGrid:
    """Re-check what would be exported: the same rule engine as the CLI."""
    from assistant.rules import check

    table, row_map = frame_to_table(frame, base, goals)
    return CheckedGrid(table=table, findings=check(Document(tables=[table])), row_map=row_map)


def findings_frame(
    findings: Sequence[Finding],
    tables: Sequence[TargetTable],
    row_of: Any = None,
) -> pd.DataFrame:
    """Findings as a table for display; `row_of(finding)` gives the 0-based row shown."""
    rows = []
    for f in findings:
        table = tables[f.table] if 0 <= f.table < len(tables) else None
        name = ""
        if table is not None and f.indicator is not None and f.indicator < len(table.indicators):
            name = table.indicators[f.indicator].name
        row = row_of(f) if row_of is not None else f.indicator
        rows.append(
            {
                "规则": f.code,
                "级别": SEVERITY_LABEL.get(f.severity, str(f.severity)),
                "行": "表" if row is None else str(row + 1),
                "指标": name,
                "说明": f.message,
                "建议": f.hint,
            }
        )
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
