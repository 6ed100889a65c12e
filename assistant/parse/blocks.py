"""The common shape every layout reader produces: paragraphs and table rows in document order.

Readers only split their input into cells; `assistant.parse.assemble` turns the blocks into
tables by what the cells mean (category names, labels, value shapes), whatever the layout was.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Para:
    """A line of running text outside any table (titles, headings, prose)."""

    text: str
    line: int = 0  # 1-based line (text) or paragraph index (docx)


@dataclass
class Row:
    """One table row: its cells left to right. Empty strings keep column positions where the
    layout preserves them (merged-cell continuations, blank cells)."""

    cells: list[str] = field(default_factory=list)
    line: int = 0
    table: int | None = None  # index of the physical table (docx) when known
    uncertain: bool = False  # cells rebuilt by inference (glued digits split by constraints)


Block = Para | Row
