"""The parts of a glued row around its values: the 指标描述 glued after a name, a basis glued
before the next name, a 指标性质 cell scrambled by OCR, a target the OCR mangled between the
unit cell and the actual, a grade ending a row without figures."""

from __future__ import annotations

import re

from assistant.parse.glued_atoms import ATOM, NAME_SUFFIX_NATURE, NAME_SUFFIX_UNIT

_NATURE_WORDS = ("定量指标", "定性指标")


def strip_nature(name: str) -> str:
    """The 指标性质 cell at the end of a name, also when OCR of a vertical cell scrambled its
    characters ('…健全性性标定指')."""
    match = NAME_SUFFIX_NATURE.search(name)
    if match:
        return name[: match.start()]
    tail = sorted(name[-4:])
    if len(name) > 5 and any(tail == sorted(word) for word in _NATURE_WORDS):
        return name[:-4]
    return name


def split_description(text: str) -> str:
    """The name out of name + 指标描述 glued: '…维修维护次数反映办公大楼全年维修维护情况' cuts at
    反映; without that word, at the first 率/度 (with its '(%)') that leaves a description behind:
    '救助覆盖率困难群众基本生活救助是否应救尽救'."""
    parts = _DESCRIPTION.split(text, maxsplit=1)
    if len(parts) == 2:
        return parts[0]
    measure = _MEASURE_END.search(text)
    return text[: measure.end()] if measure and len(text) - measure.end() >= 4 else text


def trailing_text(row: str) -> str:
    """The text after a row's last value: its last column when that column holds words."""
    last = None
    for atom in ATOM.finditer(row):
        if atom.group():
            last = atom
    return row[last.end() :] if last else ""


_BASIS_START = re.compile(r"^(?:按|根据|依据|参照|参考|以)")


def move_basis(rows: list[str], learned: list[str]) -> list[str]:
    """Where the last column holds words (评价标准确定依据), a row's basis is glued before the next
    row's name. The last row before a category word shows a basis whole: learn it, then hand
    the same text, or text of the same shape (按…评价), back to the row before."""
    if not rows:
        return rows
    whole = trailing_text(rows[-1])
    if 2 <= len(whole) <= 40 and whole not in learned:
        learned.append(whole)
    out = [rows[0]]
    for row in rows[1:]:
        cut = _basis_prefix(row, learned)
        out[-1] += row[:cut]
        out.append(row[cut:])
    return out


def _basis_prefix(row: str, learned: list[str]) -> int:
    for basis in learned:
        if row.startswith(basis) and len(row) > len(basis) + 2:
            return len(basis)
    for basis in learned:
        if _BASIS_START.match(basis) and row[:1] == basis[:1] and len(basis) >= 4:
            end = row.find(basis[-2:], 2, 40)
            if end > 0 and len(row) > end + 4:
                return end + 2
    return 0


_MEASURE_END = re.compile(r"(?<=[^\d\s]{2})[率度](?:[（(][^)）]{1,6}[)）])?")
_DESCRIPTION = re.compile(r"(?<=[^\d\s]{3})(?:主要反映|用于反映|反映)(?=[^\d\s]{2})")
_DIGIT_LIKE = "0123456789OoIlZSB〇"


def garbled_target(name: str, tail: str) -> tuple[str, str, str]:
    """(name, unit, garbled target) where the 计量单位 cell is followed by a target the OCR
    mangled: '…次数' 次 '到0次' 43次, '…数量' 份 '第O份' 20份. The row's values carry the unit,
    so the unit cell is the occurrence of that unit before a short remnant: one that ends in the
    unit and holds a digit-like character, or one or two characters glued to the first value."""
    first = ATOM.match(tail)
    unit = NAME_SUFFIX_UNIT.search(first.group()) if first else None
    if unit is None or unit.group() in ("%", "％"):
        return name, "", ""
    word = unit.group()
    for index in range(len(name) - len(word), 1, -1):
        if not name.startswith(word, index):
            continue
        rest = name[index + len(word) :]
        if not rest:
            continue  # the name ends in the unit cell: nothing garbled between
        whole = 1 <= len(rest) <= 4 and rest.endswith(word) and any(c in _DIGIT_LIKE for c in rest)
        if whole or 1 <= len(rest) <= 2 and word not in rest:
            return name[:index], word, rest
        break  # only the unit cell nearest the values counts
    return name, "", ""


def grade_at_end(text: str) -> tuple[str, str]:
    """(name, grade) when a row without figures ends in a graded value ('得到保障', '明显提升');
    the longest such ending wins, and the name keeps at least four characters."""
    from assistant.model import ValueKind
    from assistant.parse.values import parse_target

    for size in range(min(6, len(text) - 4), 1, -1):
        if parse_target(text[-size:]).kind == ValueKind.GRADE:
            return text[:-size], text[-size:]
    return text, ""


