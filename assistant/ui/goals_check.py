"""绩效目标 against the grid: rewrite the goals from the accepted rows, and find goal lines that
still mention rows the user rejected, deleted or renamed."""

from __future__ import annotations

import re

import pandas as pd

from assistant.model import TargetTable
from assistant.ui.grid import COL_ACCEPT, COL_NAME, normalize_frame

_OUTPUT = ("数量指标", "质量指标", "时效指标")
_OUTCOME = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标")
_SIGNS = (("≥", "不低于"), ("≤", "不高于"), (">", "高于"), ("<", "低于"), ("=", ""), ("＝", ""))


def _value_words(value: str) -> str:
    value = (value or "").strip()
    for sign, words in _SIGNS:
        if value.startswith(sign):
            return words + value[len(sign):].strip()
    return value


def _phrase(name: str, value: str) -> str:
    words = _value_words(value)
    if words in ("是", "否", ""):
        return name
    return f"{name}{words}"


def regenerate_goals(table: TargetTable, year: int | None = None) -> list[str]:
    """1–2 goal sentences from the accepted rows: what is delivered, then what it achieves."""
    project = table.project or "本项目"
    year = year or table.year
    rows = [i for i in table.indicators if i.name]
    output = [i for i in rows if i.level2 in _OUTPUT][:3]
    outcome = [i for i in rows if i.level2 in _OUTCOME][:3]
    goals: list[str] = []
    when = f"{year}年" if year else "年度内"
    if output:
        goals.append(
            f"{when}完成{project}，" + "，".join(_phrase(i.name, i.value) for i in output) + "。"
        )
    if outcome:
        goals.append("通过项目实施，" + "，".join(_phrase(i.name, i.value) for i in outcome) + "。")
    return goals or [f"{when}按计划完成{project}。"]


def _names(frame: pd.DataFrame | None, accepted_only: bool) -> set[str]:
    if frame is None or frame.empty:
        return set()
    norm = normalize_frame(frame)
    if accepted_only:
        norm = norm[norm[COL_ACCEPT]]
    return {n for n in norm[COL_NAME] if len(n) >= 2}


def stale_mentions(
    goals: list[str], base: pd.DataFrame, edited: pd.DataFrame | None
) -> list[str]:
    """Chinese warnings: goal N mentions a row that is no longer accepted under that name."""
    gone = _names(base, accepted_only=False) - _names(edited, accepted_only=True)
    warnings = []
    for number, goal in enumerate(goals, start=1):
        hits = sorted(n for n in gone if re.search(re.escape(n), goal))
        if hits:
            names = "、".join(f"“{n}”" for n in hits)
            warnings.append(f"绩效目标第{number}条提到{names}，该指标已不采纳、删除或改名")
    return warnings
