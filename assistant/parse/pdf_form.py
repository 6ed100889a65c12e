"""The labelled form part of a PDF dump's project table (项目编码, 项目名称, 预算数 … 绩效目标).

The labels of the form are broken over lines like any other cell; `form_blocks` puts them back
together and emits one Row per label (the three budget amounts on one Row, the purpose text
under them on its own). Also the page marks (— 2 —, 共 3 页 第 2 页) that both the form and the
indicator grid skip.
"""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.pdf_grid import is_page_mark, split_cells

_NUMBERED = re.compile(r"^(?:\d+[.．、]|[（(]\d+[）)]|[一二三四五六七八九十]+、)")
_AMOUNT = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$|^[-—/－]$")
_CODE_PIECE = re.compile(r"^[0-9A-Za-z\-]+$")
_UNIT_CELL = re.compile(r"^(?:金额)?单位[：:](.+)$")
_PAGE_COUNT = re.compile(r"^共\s*\d+\s*页\s*[,，/]?\s*第\s*\d+\s*页$")

# Form labels (without spaces, full-width colon) → the label emitted in the Row.
_LABELS = {
    "项目编码": "项目编码",
    "项目代码": "项目编码",
    "项目名称": "项目名称",
    "预算规模及资金用途": "",  # a group label over 预算数 … and the purpose text
    "预算数": "预算数",
    "预算金额": "预算数",
    "其中：财政资金": "其中：财政资金",
    "其中：财政拨款": "其中：财政资金",
    "其他资金": "其他资金",
    "资金用途": "资金用途",
    "累计支出资金": "资金支出计划",
    "资金支出计划": "资金支出计划",
    "支出计划": "资金支出计划",
    "绩效目标": "绩效目标",
    "年度绩效目标": "绩效目标",
    "年度目标": "绩效目标",
    "主管部门": "主管部门",
    "实施单位": "实施单位",
}
_BUDGET_LABELS = ("预算数", "其中：财政资金", "其他资金")


def form_key(text: str) -> str:
    """A cell as a label is looked up: without spaces, with a full-width colon."""
    return re.sub(r"\s+", "", text).replace(":", "：")


def _is_label_prefix(text: str) -> bool:
    key = form_key(text)
    return bool(key) and any(label.startswith(key) for label in _LABELS)


def is_page_line(line: str) -> bool:
    """A page mark (— 2 —) or page count (共 3 页 第 2 页) on its own line."""
    return is_page_mark(line) or bool(_PAGE_COUNT.match(line.strip()))


def _cell_stream(form: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, cell) in order, with a label broken over lone lines put back together."""
    lines = [(n, [c for c, _ in split_cells(line)]) for n, line in form if not is_page_line(line)]
    stream: list[tuple[int, str]] = []
    k = 0
    while k < len(lines):
        number, cells = lines[k]
        k += 1
        if len(cells) == 1 and form_key(cells[0]) not in _LABELS and _is_label_prefix(cells[0]):
            text = cells[0]
            for j in range(k, min(k + 3, len(lines))):
                text += lines[j][1][0]
                if not _is_label_prefix(text):
                    break
                if form_key(text) in _LABELS:
                    stream.append((number, text))
                    stream.extend((lines[j][0], c) for c in lines[j][1][1:])
                    k = j + 1
                    cells = []
                    break
                if len(lines[j][1]) > 1:
                    break
        stream.extend((number, c) for c in cells)
    return stream


def form_blocks(form: list[tuple[int, str]]) -> list[Block]:
    """Rows for the labelled part of a table (code, name, budget, purpose, plan, goal)."""
    blocks: list[Block] = []
    stream = _cell_stream(form)
    budget: dict[str, str] = {}
    budget_line = 0
    purpose: list[tuple[int, str]] = []

    def flush_budget() -> None:
        if budget:
            cells = [v for name in _BUDGET_LABELS for v in (name, budget.get(name, ""))]
            blocks.append(Row(cells, line=budget_line))
            budget.clear()

    def flush() -> None:
        flush_budget()
        if purpose:
            blocks.append(Row(["资金用途", _join_lines(purpose)], line=purpose[0][0]))
            purpose.clear()

    def following(k: int, same_line: bool) -> tuple[list[tuple[int, str]], int]:
        """Cells after k up to the next label (only on k's line when same_line)."""
        got: list[tuple[int, str]] = []
        j = k + 1
        while j < len(stream) and _LABELS.get(form_key(stream[j][1])) is None:
            if same_line and stream[j][0] != stream[k][0]:
                break
            got.append(stream[j])
            j += 1
        return got, j

    k = 0
    while k < len(stream):
        number, cell = stream[k]
        label = _LABELS.get(form_key(cell))
        if label is None:
            unit = _UNIT_CELL.match(form_key(cell))
            if unit:  # "单位：万元": the money unit of the whole table
                flush()
                blocks.append(Row(["计量单位", unit.group(1)], line=number))
            elif (
                re.fullmatch(r"\d{3,}", cell)
                and k + 1 < len(stream)
                and any(_UNIT_CELL.match(form_key(c)) for n, c in stream[k + 1 : k + 3] if n == number)
            ):  # "989001 正定县城区街道办事处本级 单位：万元": the budget unit's code and name
                cells = ["单位编码", cell, "单位名称", stream[k + 1][1]]
                blocks.append(Row(cells, line=number))
                k += 1
            elif budget or purpose:  # after the amounts: the purpose text under them
                flush_budget()
                purpose.append((number, cell))
            else:
                blocks.append(Para(cell, number))
            k += 1
            continue
        if label not in _BUDGET_LABELS and (label != "资金用途" or not purpose):
            flush()
        if label == "":
            k += 1
        elif label in _BUDGET_LABELS:
            budget_line = budget_line if budget else number
            nxt = stream[k + 1][1] if k + 1 < len(stream) else ""
            budget[label] = nxt if _AMOUNT.match(nxt) else ""
            k += 2 if budget[label] else 1
        elif label == "项目编码":
            j = k + 1
            while j < len(stream) and _CODE_PIECE.match(stream[j][1]):
                j += 1
            blocks.append(Row(["项目编码", "".join(c for _, c in stream[k + 1 : j])], line=number))
            k = j
        elif label == "资金用途":
            got, k = following(k, same_line=False)
            purpose.extend(got)
        elif label == "资金支出计划":
            got, k = following(k, same_line=False)
            rows: dict[int, list[str]] = {}
            for n, c in got:
                rows.setdefault(n, []).append(c)
            plan = list(rows.values())
            blocks.append(Row(["资金支出计划", *(plan[0] if plan else [])], line=number))
            for extra in plan[1:]:
                blocks.append(Row(["", *extra], line=number))
        elif label == "绩效目标":
            got, k = following(k, same_line=False)
            blocks.append(Row(["绩效目标", _join_lines(got)], line=number))
        else:
            got, k = following(k, same_line=True)
            if not got and k < len(stream) and _LABELS.get(form_key(stream[k][1])) is None:
                got, k = [stream[k]], k + 1
            blocks.append(Row([label, " ".join(c for _, c in got)], line=number))
    flush()
    return blocks


def _join_lines(cells: list[tuple[int, str]]) -> str:
    """Text broken over lines, rejoined: numbered items start new lines, the rest run on."""
    out = ""
    last_line = None
    for number, cell in cells:
        if last_line == number:
            out += " " + cell
        elif out and _NUMBERED.match(cell):
            out += "\n" + cell
        else:
            out += cell
        last_line = number
    return out
