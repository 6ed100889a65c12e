"""Typical 数量 rows whose figure the text states: the taxonomy names the sector's measure with an
open figure (全年供餐天数 =N天, 安装路灯数量 =N盏); when the 资金用途 states exactly one figure in
that unit, in a clause that shares words with the row's name (按全年在校220天计算), the row takes
it and cites the clause. Counts of people stay with the breakdown's own facts (who is counted is
not something a unit can tell).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.draft.rows import Candidate, describe
from assistant.draft.topics import fits_project
from assistant.parse.textnum import normalize
from assistant.rules.common import bigrams

_OPEN = re.compile(r"^([=≥≤])N([\u4e00-\u9fff]{1,3})(?:（[^）]*）)?$")
_PEOPLE = ("人", "户", "人次", "户次")
_CONTEXT = 24  # characters before the figure that must share a word with the row's name


def _stated(text: str, unit: str) -> list[re.Match[str]]:
    """Figures in this unit, not per-unit rates (每天, 元/天) and not part of a larger unit."""
    pattern = rf"(?<![\d./每])(\d+(?:\.\d+)?)\s*{re.escape(unit)}(?![/／])"
    return [m for m in re.finditer(pattern, text)
            if not re.match(r"[\u4e00-\u9fff]?/", text[m.end():m.end() + 2])]


def filled_counts(
    type_: dict[str, Any], project: str, purpose: str, text: str, group: str = "数量指标"
) -> list[Candidate]:
    """The type's open rows of `group` (数量指标; 时效指标 for day counts) the text fills."""
    rows: list[Candidate] = []
    clean = normalize(purpose)
    for item in type_.get("typical_indicators", {}).get(group, []):
        shape = _OPEN.match(item["value"])
        if not shape or shape.group(2) in _PEOPLE or not fits_project(item["name"], text):
            continue
        found = _stated(clean, shape.group(2))
        if len({m.group(1) for m in found}) != 1:
            continue  # none, or several figures: which one the row means is not ours to guess
        match = found[0]
        clause = re.split(r"[，。；;,]", clean[:match.start()])[-1][-_CONTEXT:] + match.group(0)
        if not bigrams(item["name"]) & bigrams(clause):
            continue
        value = f"{shape.group(1)}{match.group(1)}{shape.group(2)}"
        rows.append(Candidate(group, item["name"], value, describe(item["name"], group, project),
                              f"资金用途测算：{clause}", f"资金用途：{clause}"))
    return rows


__all__ = ["filled_counts"]
