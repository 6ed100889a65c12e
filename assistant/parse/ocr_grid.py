"""OCR boxes + the page image → blocks: rulings found in the image make the cells.

Horizontal rulings are rows of dark pixels much longer than any character stroke; vertical
rulings are columns dark over (almost) the whole height of a band between two horizontal
rulings, which no character is. The rulings give a fine grid; a missing ruling segment between
two fine cells means a merged cell (union-find), whose text goes to its top-left position, the
other positions staying "" as a .docx merge does. Boxes outside the ruled grid are text lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.parse.blocks import Block, Row
from assistant.parse.text_reader import text_blocks

_DARK = 140  # gray level under which a pixel is ink
_WALL = 0.9  # share of a segment that must be ink to be a ruling there
_SLACK = 2  # pixels of skew/thickness tolerated around a ruling


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class _Grid:
    ys: list[tuple[int, int]]  # horizontal rulings: (first, last) pixel row
    xs: list[tuple[int, int]]  # vertical rulings: (first, last) pixel column
    walls_v: np.ndarray  # [band, x index]: a vertical ruling segment in that band
    walls_h: np.ndarray  # [y index, column]: a horizontal ruling segment over that column


def blocks_from_boxes(boxes: list[Box], image: np.ndarray) -> list[Block]:
    gray = image.mean(axis=2) if image.ndim == 3 else image
    grid = _find_grid(gray < _DARK)
    if grid is None:
        return _text(boxes)
    return _grid_blocks(boxes, grid)


# -- rulings -------------------------------------------------------------------------
def _longest_runs(mask: np.ndarray) -> np.ndarray:
    """Longest run of True in each row of `mask`."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    starts = np.argwhere(diff == 1)
    ends = np.argwhere(diff == -1)
    longest = np.zeros(mask.shape[0], dtype=np.int64)
    if len(starts):
        np.maximum.at(longest, starts[:, 0], ends[:, 1] - starts[:, 1])
    return longest


def _thicken(mask: np.ndarray, axis: int) -> np.ndarray:
    """Dilate by _SLACK pixels across `axis`, so a slightly skewed ruling stays one run."""
    out = mask.copy()
    for shift in range(1, _SLACK + 1):
        out |= np.roll(mask, shift, axis=axis) | np.roll(mask, -shift, axis=axis)
    return out


def _group(indices: np.ndarray) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    for index in indices.tolist():
        if groups and index - groups[-1][1] <= _SLACK + 1:
            groups[-1] = (groups[-1][0], index)
        else:
            groups.append((index, index))
    return groups


def _find_grid(dark: np.ndarray) -> _Grid | None:
    height, width = dark.shape
    across = _thicken(dark, axis=0)
    ys = _group(np.flatnonzero(_longest_runs(across) >= max(0.15 * width, 40)))
    if len(ys) < 2:
        return None
    down = _thicken(dark, axis=1)
    columns: list[np.ndarray] = []
    for (_, top), (bottom, _) in zip(ys, ys[1:], strict=False):
        inner = down[top + _SLACK + 1 : bottom - _SLACK]
        columns.append(inner.mean(axis=0) >= _WALL if len(inner) >= 4 else np.zeros(width, bool))
    xs = _group(np.flatnonzero(np.any(columns, axis=0)))
    if len(xs) < 2:
        return None
    walls_v = np.array([[col[a : b + 1].any() for a, b in xs] for col in columns])
    walls_h = np.zeros((len(ys), len(xs) - 1), dtype=bool)
    for i, (a, b) in enumerate(ys):
        rows = across[max(a - _SLACK, 0) : b + _SLACK + 1]
        for c, ((_, left), (right, _)) in enumerate(zip(xs, xs[1:], strict=False)):
            segment = rows[:, left + 1 : right]
            walls_h[i, c] = segment.shape[1] == 0 or segment.mean(axis=1).max() >= _WALL
    return _Grid(ys=ys, xs=xs, walls_v=walls_v, walls_h=walls_h)


# -- cells -----------------------------------------------------------------------------
def _grid_blocks(boxes: list[Box], grid: _Grid) -> list[Block]:
    bands = len(grid.ys) - 1
    spans: dict[int, tuple[int, int]] = {}  # band → (first, last) ruling index inside the table
    for band in range(bands):
        present = np.flatnonzero(grid.walls_v[band])
        if len(present) >= 2:
            spans[band] = (int(present[0]), int(present[-1]))
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the top-left cell anchors the merge

    for band, (first, last) in spans.items():
        for column in range(first, last):
            parent[(band, column)] = (band, column)
    for band, (first, last) in spans.items():
        for column in range(first, last):
            if column + 1 < last and not grid.walls_v[band, column + 1]:
                union((band, column), (band, column + 1))
            if (band + 1, column) in parent and not grid.walls_h[band + 1, column]:
                union((band, column), (band + 1, column))
    texts: dict[tuple[int, int], list[Box]] = {}
    outside: list[Box] = []
    for box in boxes:
        cell = _cell_of(box, grid, spans)
        if cell is None or cell not in parent:
            outside.append(box)
        else:
            texts.setdefault(find(cell), []).append(box)
    table_rows: list[tuple[float, Row]] = []
    for band in sorted(spans):
        first, last = spans[band]
        cells = ["" for _ in range(len(grid.xs) - 1)]
        for column in range(first, last):
            if find((band, column)) == (band, column):
                cells[column] = _cell_text(texts.get((band, column), []))
        table_rows.append((grid.ys[band][0], Row(cells=cells)))
    rows = _drop_empty_columns([row for _, row in table_rows])
    items: list[tuple[float, Row | str]] = [(top, row) for (top, _), row in zip(table_rows, rows, strict=True)]
    items += [(min(b.y0 for b in line), _line_text(line)) for line in _lines(outside)]
    items.sort(key=lambda item: item[0])
    return _flatten([item for _, item in items])


def _flatten(items: list[Row | str]) -> list[Block]:
    """Rows as they are; runs of text lines between them through the text reader."""
    out: list[Block] = []
    pending: list[str] = []
    for item in items:
        if isinstance(item, str):
            pending.append(item)
            continue
        if pending:
            out.extend(text_blocks("\n".join(pending)))
            pending = []
        out.append(item)
    if pending:
        out.extend(text_blocks("\n".join(pending)))
    for number, block in enumerate(out, start=1):
        block.line = number
    return out


def _cell_of(box: Box, grid: _Grid, spans: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
    band = next((i for i in range(len(grid.ys) - 1) if grid.ys[i][1] <= box.cy < grid.ys[i + 1][0]), None)
    if band is None or band not in spans:
        return None
    column = next((c for c in range(len(grid.xs) - 1) if grid.xs[c][1] <= box.cx < grid.xs[c + 1][0]), None)
    return None if column is None else (band, column)


def _drop_empty_columns(rows: list[Row]) -> list[Row]:
    """Fine-grid columns that anchor no cell in any row (another table's rulings) are dropped."""
    if not rows:
        return rows
    width = max(len(r.cells) for r in rows)
    keep = [c for c in range(width) if any(c < len(r.cells) and r.cells[c] for r in rows)]
    return [Row(cells=[r.cells[c] if c < len(r.cells) else "" for c in keep]) for r in rows]


# -- text lines ------------------------------------------------------------------------
def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into lines: a box joins a line it overlaps vertically by half its height."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        for line in reversed(lines[-3:]):
            top, bottom = min(b.y0 for b in line), max(b.y1 for b in line)
            overlap = min(bottom, box.y1) - max(top, box.y0)
            if overlap >= 0.5 * min(box.y1 - box.y0, bottom - top):
                line.append(box)
                break
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _line_text(line: list[Box]) -> str:
    """Boxes of one line; a gap wider than a character becomes two spaces (a column gap)."""
    out = line[0].text
    for prev, box in zip(line, line[1:], strict=False):
        size = max(prev.y1 - prev.y0, 1.0)
        joiner = "  " if box.x0 - prev.x1 > size else ("" if not (prev.text[-1:].isascii() and box.text[:1].isascii()) else " ")
        out += joiner + box.text
    return out


def _cell_text(boxes: list[Box]) -> str:
    return "\n".join(_line_text(line).replace("  ", " ") for line in _lines(boxes))


def _text(boxes: list[Box]) -> list[Block]:
    text = "\n".join(_line_text(line) for line in _lines(boxes))
    return text_blocks(text) if text.strip() else []

