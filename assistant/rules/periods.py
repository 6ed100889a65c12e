"""Project time for the review-point rules: (year, month) points in a text, the project period
(the 项目期 cell, or one stated in the 用途 text or goals), and the span a deadline must fall in."""

from __future__ import annotations

import re

from assistant.model import TargetTable
from assistant.parse.textnum import normalize
from assistant.rules.common import quote

_POINT = re.compile(r"(20\d\d)\s*(?:年|[.．/／-](?=\s*\d))\s*(?:(\d{1,2})\s*(?:月|(?=[.．/／-])|$))?|(\d{1,2})\s*月")


def points(text: str) -> list[tuple[int, int | None]]:
    """(year, month) in order; a month without a year takes the year before it."""
    points: list[tuple[int, int | None]] = []
    year: int | None = None
    for match in _POINT.finditer(normalize(text or "")):
        if match.group(1):
            year = int(match.group(1))
            month = int(match.group(2)) if match.group(2) else None
        elif year is not None:
            month = int(match.group(3))
        else:
            continue
        if month is not None and not 1 <= month <= 12:
            month = None
        points.append((year, month))
    return points


# a period stated in the 用途/概况 text: 项目期2022年3月至2023年11月, 实施期：2024年1月-6月
_TEXT_PERIOD = re.compile(
    r"(?:项目期|实施期|建设期|项目周期|实施周期|起止时间)(?:限)?[为：:]?\s*"
    r"(20\d\d\s*年\s*\d{1,2}\s*月\s*[至到—\-~－]+\s*(?:20\d\d\s*年\s*)?\d{1,2}\s*月)"
)


def project_period(table: TargetTable) -> str:
    """The 项目期 as written: the cell, else a period stated in the 用途 text or goals."""
    if table.period.strip():
        return table.period
    match = _TEXT_PERIOD.search(normalize(" ".join([table.purpose, *table.goals])))
    return match.group(1) if match else ""


def project_span(table: TargetTable) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """The project's first and last (year, month), and where they come from: the 项目期 cell, a
    period stated in the 用途 text, else the budget year."""
    period = project_period(table)
    found = points(period)
    if found:
        start, end = found[0], found[-1]
        return (start[0], start[1] or 1), (end[0], end[1] or 12), f"项目期{quote(period)}"
    if table.year is not None:
        return (table.year, 1), (table.year, 12), f"本表年度{table.year}年"
    return None


def fmt_month(point: tuple[int, int]) -> str:
    return f"{point[0]}年{point[1]}月"
