"""The rows under a glued table's header: category words set the levels, 指标N markers start
rows, and the text between them holds one or more rows (`glued_row` splits each)."""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Row
from assistant.parse.glued_cells import move_basis
from assistant.parse.glued_row import ROW_ROLES, Cell, settle_weights, split_row_tail, tail_atoms
from assistant.parse.labels import TEMPLATE_ROW

_BARE_LEVEL2 = ("服务对象满意度", "社会公众满意度", "经济效益", "社会效益", "生态效益", "可持续影响")


def indicator_rows(tokens: list[tuple[str, str]], roles: list[str]) -> list[Block]:
    """Rows under the header: category words set the levels, markers start rows, the text
    between them holds one or more rows."""
    tail_roles = [r for r in roles if r in ROW_ROLES]
    tokens = _structural(tokens)
    level1 = level2 = ""
    in_section = False
    cells: list[Cell] = []
    marker = ""
    has_markers = any(kind == "marker" and text[2:3] in "23" for kind, text in tokens)
    previous = ""
    learned: list[str] = []  # bases seen whole, to cut the ones glued before a name
    basis_last = bool(tail_roles) and tail_roles[-1] == "basis" and "description" in roles
    for kind, text in tokens:
        if kind in ("cat", "marker", "section") and marker:  # '指标1:指标2:': numbered, never filled
            cells.append(Cell(level1, level2, marker, "", "", ""))
            marker = ""
        if kind == "cat":
            word = re.sub(r"[（(].*$", "", text)
            word = word[:-2] + "指标" if word.endswith("目标") else word
            from assistant.parse.categories import normalize_level1, normalize_level2

            under_output = normalize_level1(level1) == "产出指标"  # 成本指标 under 产出 is a 二级
            if normalize_level1(word) and not (normalize_level2(word) and level1 and (
                    under_output or (not level2 and previous == "cat"))):
                level1, level2 = word, ""
            else:
                level2 = word
            in_section = False
        elif kind == "section":
            in_section, level1, level2 = True, "", ""
        elif kind == "marker":
            marker = text
        elif kind == "text" and not in_section:
            if previous == "cat" and has_markers and re.match(r"[1-9]\D", text):
                # '生态效益指标1病害…': the category word ate the 指标 of the marker 指标1
                marker, text = "指标" + text[0], text[1:]
            if previous == "cat" and level1 and not level2:
                bare = next((w for w in _BARE_LEVEL2 if text.startswith(w)), "")
                if bare and len(text) > len(bare):
                    level2, text = bare + "指标", text[len(bare) :]
            found = tail_atoms(text, tail_roles)
            found = move_basis(found, learned) if basis_last else found
            for number, row in enumerate(found):
                row = marker + row if number == 0 else row
                name, value, weight, actual, uncertain = split_row_tail(row, roles)
                cells.append(Cell(level1, level2, name, value, weight, actual, uncertain, row))
            marker = ""
        elif kind == "text":
            marker = ""  # criteria text of a scoring section: not a template row
        previous = kind
    if marker:
        cells.append(Cell(level1, level2, marker, "", "", ""))
    return [
        Row(cells=[c.level1, c.level2, c.name, c.value, c.weight, c.actual], uncertain=c.uncertain)
        for c in settle_weights(cells, roles)
        if (c.value or c.weight or c.actual or TEMPLATE_ROW.match(c.name))
        and "。" not in c.name.rstrip("。")  # a sentence is a remark or description, never a name
        and re.sub(r"^指标\w[:：]?", "", c.name) not in _TOTALS
    ]


_TOTALS = {"总分", "合计", "总计", "小计"}


def _structural(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Under the header only category words, sections and markers cut the run: labels and
    header words are ordinary text there (任务完成率 holds 完成率), except a page's repeated
    绩效指标 heading before a category word."""
    out: list[tuple[str, str]] = []
    for index, (kind, text) in enumerate(tokens):
        if kind in ("head", "label"):
            following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
            if text == "绩效指标" and following == "cat":
                continue
            kind = "text"
        if kind == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + text)
        else:
            out.append((kind, text))
    return out
