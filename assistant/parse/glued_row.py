"""One glued row → name, target, weight, actual.

`tail_atoms` cuts the text between category words into rows: a name, then value shapes
(comparator + number + unit, percents, dates, repeated target/actual pairs); numbers glued to
the name's own words (`5000吨稻谷、500吨成品粮储备到位率`) stay in the name. `split_row_tail`
assigns a row's tail to the header's columns, choosing among the ways a digit run can be cut
(`2810810` = target 28, weight 10, actual 8, score 10) by the table's constraints: a score is at
most its weight, the target and the actual usually agree, weights repeat across rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assistant.parse.glued_atoms import (
    ATOM,
    COMPARATOR,
    DATE,
    NAME_SUFFIX_UNIT,
    UNIT,
    valid_number,
)
from assistant.parse.glued_cells import (
    garbled_target,
    grade_at_end,
    split_description,
    strip_nature,
)

ROW_ROLES = {"value", "value2", "actual", "weight", "score", "rate", "core", "basis", "unit",
             "nature", "other"}
_VALUE_ROLES = {"value", "value2", "actual", "rate", "other"}
_NUMERIC_ROLES = {"weight", "score"}
# how much an empty column costs: weights and scores are always filled in a scored form
_EMPTY_COST = {"value": 2.0, "actual": 1.0, "weight": 3.0, "score": 3.0, "rate": 2.5,
               "value2": 0.0, "other": 0.5, "core": 0.5, "basis": 0.0, "unit": 0.0, "nature": 0.0}

_GRADES = sorted(
    ["合格", "达标", "是", "否", "好", "较好", "高", "较高", "优", "良", "中", "差", "优秀", "良好", "显著", "明显", "有效", "持续有效", "及时", "准确", "完成", "已完成", "基本达到", "达到", "提高", "提升", "改善", "无", "有"],
    key=len, reverse=True,
)
_MARKER = re.compile(r"指标[1-9一二三四五LlI][:：]?")


@dataclass
class Cell:
    level1: str
    level2: str
    name: str
    value: str
    weight: str
    actual: str
    uncertain: bool = False
    raw: str = ""


def _required(roles: list[str]) -> int:
    return sum(1 for r in roles if r in _VALUE_ROLES | _NUMERIC_ROLES and r != "value2")


def _in_name(run: str, atom: re.Match[str], start: int) -> bool:
    """A number that belongs to the name: at the row's start ('5000吨稻谷…'), or inside a list
    ('稻谷、500吨成品粮')."""
    before = run[atom.start() - 1] if atom.start() > start else ""
    after = run[atom.end() : atom.end() + 1]
    return atom.start() == start or before in "、，,/（(" or (after != "" and after in "、，,）)")


def _capacity(atom: str) -> int:
    """Columns an atom can fill: a bare digit run ('2810810', '0.4100.110') holds several."""
    if re.fullmatch(r"[\d.]+", atom):
        return max(1, sum(c.isdigit() for c in atom) - atom.count("."))
    return 1


def _row_unit(name: str) -> str:
    """The 计量单位 cell at the end of a row's name ('…面积万亩', '…完成率%定量指标')."""
    name = strip_nature(name)
    suffix = NAME_SUFFIX_UNIT.search(name)
    return suffix.group() if suffix and len(name) > len(suffix.group()) + 1 else ""


def tail_atoms(run: str, roles: list[str]) -> list[str]:
    """The text between two category words → one string per row (name + tail)."""
    required = _required(roles)
    ends_in_text = bool(roles) and roles[-1] in ("basis", "other")
    core_last = bool(roles) and roles[-1] == "core"
    unit_column = "unit" in roles
    rows: list[str] = []
    start = 0  # where the current row starts
    tail_count = 0  # value atoms seen in the current row's tail
    at = 0
    capacity = 0  # columns the tail's atoms can fill: a bare digit run can hold several
    row_unit = ""

    def gap_closes(gap: str, more: bool) -> bool:
        short = tail_count < 2 or len(gap) <= 2  # two characters are a garbled value, not a name
        if short and capacity < required and len(gap) <= 40:
            return False  # the row still lacks columns: the text is a value (合格, 是)
        return more or not ends_in_text

    pos = 0
    while True:
        atom = ATOM.search(run, pos)
        while atom is not None and not atom.group():
            atom = ATOM.search(run, atom.end() + 1) if atom.end() < len(run) else None
        a_start, a_end = (atom.start(), atom.end()) if atom else (len(run), len(run))
        text = atom.group() if atom else ""
        if atom is not None and unit_column:
            unit = NAME_SUFFIX_UNIT.search(re.sub(r"(?:以上|以下|以内|内)$", "", text))
            own = row_unit if tail_count else _row_unit(run[start:a_start])
            if unit and own and unit.group() not in (own, "%", "％") and re.match(r"\d", unit.group()) is None:
                a_end = a_start + unit.start()  # the unit is the next row's first word
                text = run[a_start:a_end]
        gap = run[at:a_start]
        if gap and tail_count:
            if core_last and gap[0] in "是否":
                gap, at = gap[1:], at + 1
            if gap and gap_closes(gap, atom is not None):
                rows.append(run[start:at])
                start, tail_count, capacity, row_unit = at, 0, 0, ""
        if atom is None:
            break
        in_name = not tail_count and _in_name(run, atom, start)
        if not in_name:
            if not tail_count:
                row_unit = _row_unit(run[start:a_start])
            tail_count += 1
            capacity += _capacity(text)
        at = pos = a_end
    rows.append(run[start:])
    return [r for r in rows if r]


def _tandem_end(text: str) -> int:
    """Start of a repeated pair at the end of a name ('…质量等合格合格' → at 合格合格)."""
    for size in range(min(40, len(text) // 2), 0, -1):
        repeated = text[-2 * size : -size] == text[-size:] and len(text) - 2 * size >= 2
        if repeated and (size >= 2 or "\u4e00" <= text[-1] <= "\u9fff"):  # not 11, not PP
            return len(text) - 2 * size
    return len(text)


_COMPARATOR_AT = re.compile(COMPARATOR)
_DIGITS_AT = re.compile(r"\d+(?:\.\d+)?")
_UNIT_AT = re.compile(UNIT)
_UNIT_TAIL = re.compile(UNIT + r"(?:以上|以下|以内|内)?")
_DATE_AT = re.compile(DATE)
_TEXT_AT = re.compile(r"[^\d%％‰.][^\d]{0,39}")  # text never starts with a number's sign
_MANGLED_ACTUAL = re.compile(r"[^\d%]{0,2}\d?[^\d%.]{1,2}\d+(?:\.\d+)?%")  # '^80%', '5=50%'
_MANGLED = re.compile(r"[^\d%]{1,2}\d+(?:\.\d+)?(?:" + UNIT + ")")  # 'M.8万元', '到0次'
_WORDS_AT = re.compile(r"[^\d%.]")
_UNIT_OR_DATE_AT = re.compile(UNIT + "|[年月日]")
_GRADES_BY_FIRST: dict[str, list[str]] = {}
for _grade in _GRADES:
    _GRADES_BY_FIRST.setdefault(_grade[0], []).append(_grade)


def _value_candidates(s: str, role: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for size in range(min(40, len(s) // 2), 0, -1):
        if s[:size] == s[size : 2 * size] and (size >= 2 or not s[0].isdigit()):
            out.append((s[:size], 0.5))
            break
    comparator = _COMPARATOR_AT.match(s)
    body = s[comparator.end() :] if comparator else s
    prefix = comparator.group() if comparator else ""
    digits = _DIGITS_AT.match(body)
    if digits:
        run = digits.group()
        # '100%' read as '1' and '00%': a number's own unit keeps its digits together
        unit_after_run = _UNIT_AT.match(body, len(run)) is not None
        for end in range(len(run), 0, -1):
            number = run[:end]
            if not valid_number(number):
                continue
            if end == len(run):
                unit = _UNIT_TAIL.match(body, end)
                if unit:
                    out.append((prefix + number + unit.group(), 0.2))
            out.append((prefix + number, -2.0 if end < len(run) and unit_after_run else 0.0))
    date = _DATE_AT.match(s)
    if date:
        out.append((date.group(), 0.2))
    for grade in _GRADES_BY_FIRST.get(s[:1], ()):
        if s.startswith(grade):
            out.append((grade, 0.3))
    text = _TEXT_AT.match(s)
    if text and not digits:  # one character that is no grade is a remnant, not a target
        out.append((text.group(), -0.4 if len(text.group()) > 1 else -1.5))
    if role != "value":
        mangled = _MANGLED_ACTUAL.match(s)
        if mangled:
            out.append((mangled.group(), -0.6))
    mangled = _MANGLED.match(s)  # a number whose first digits the OCR misread: kept as written
    if mangled and not comparator:
        out.append((mangled.group(), -0.6))
    return out


def _numeric_candidates(s: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    digits = _DIGITS_AT.match(s)
    if digits:
        run = digits.group()
        for end in range(1, len(run) + 1):
            number = run[:end]
            if not number.endswith(".") and Decimal(number) > 100:
                break  # longer prefixes only grow
            if valid_number(number):
                out.append((number, 0.0))
    elif s[:2] in ("IO", "lO", "l0", "I0", "1O"):
        out.append(("10", -0.5))  # OCR reads 10 as IO
    return out


def _candidates(s: str, role: str) -> list[tuple[str, float]]:
    if role in _NUMERIC_ROLES:
        found = _numeric_candidates(s)
    elif role in _VALUE_ROLES:
        found = _value_candidates(s, role)
    elif role == "core":
        found = [(s[0], 0.0)] if s[:1] in ("是", "否") else []
    else:  # basis and other text: the rest, when it reads as words
        found = [(s, 0.0)] if _WORDS_AT.match(s) and not _UNIT_OR_DATE_AT.match(s) else []
    return found + [("", -_EMPTY_COST.get(role, 0.5))]


def _amount(text: str) -> tuple[Decimal, str] | None:
    match = re.match(COMPARATOR + r"?(\d+(?:\.\d+)?)(.*)$", text)
    if not match:
        return None
    try:
        return Decimal(match.group(1)), match.group(2)
    except InvalidOperation:
        return None


def _pair_bonus(role: str, text: str, value: str, weight: str, mode: Decimal | None) -> float:
    """What a column's choice says about the others: weights repeat and a score is at most its
    weight; the actual usually equals the target or is near it."""
    if not text:
        return 0.0
    if role == "weight":
        w = Decimal(text)
        return (-1.0 if w == 0 or w > 40 else 0.0) + (1.5 if mode is not None and w == mode else 0.0)
    if role == "score" and weight:
        w, g = Decimal(weight), Decimal(text)
        return 0.7 if g == w else (0.3 if g <= w else -4.0)
    if role == "actual" and value:
        if text == value:
            return 2.0
        a, b = _amount(value), _amount(text)
        if a and b and a[1] == b[1] and a[0] and b[0] and Decimal("0.5") <= b[0] / a[0] <= 2:
            return 0.3
    return 0.0


_EXTRA_COLUMN = re.compile(r"\d+(?:\.\d+)?(?:%|％|" + UNIT + ")")


def _assign(tail: str, roles: list[str], mode: Decimal | None) -> dict[str, str]:
    """Best assignment of the tail to the roles (memoised search: linear in the tail for a
    fixed header)."""
    memo: dict[tuple[int, int, str, str], tuple[float, tuple[tuple[str, str], ...]]] = {}

    def best(i: int, p: int, value: str, weight: str) -> tuple[float, tuple[tuple[str, str], ...]]:
        key = (i, p, value, weight)
        if key in memo:
            return memo[key]
        if i == len(roles):
            return (-3.0 * (len(tail) - p), ())
        role = roles[i]
        result: tuple[float, tuple[tuple[str, str], ...]] = (float("-inf"), ())
        for text, bonus in _candidates(tail[p:], role):
            local = bonus + _pair_bonus(role, text, value, weight, mode)
            end = p + len(text)
            if text and 0 < end < len(tail) and tail[end - 1].isdigit() and tail[end].isdigit():
                local -= 0.3  # cutting a digit run is inference: only when the columns need it
            sub = best(
                i + 1,
                p + len(text),
                text if role == "value" else value,
                text if role == "weight" else weight,
            )
            if local + sub[0] > result[0]:
                result = (local + sub[0], ((role, text),) + sub[1])
        extra = _EXTRA_COLUMN.match(tail, p) if i and not tail[p - 1].isdigit() else None
        if extra:  # a column the header does not name ('…100%100%8' with one 100% too many)
            sub = best(i, extra.end(), value, weight)
            if sub[0] - 1.5 > result[0]:
                result = (sub[0] - 1.5, sub[1])
        memo[key] = result
        return result

    chosen: dict[str, str] = {}
    for role, text in best(0, 0, "", "")[1]:
        chosen.setdefault(role, text)
    return chosen


def split_row_tail(row: str, roles: list[str], mode: Decimal | None = None) -> tuple[str, str, str, str, bool]:
    """(name, value, weight, actual, uncertain) of one row string."""
    tail_roles = [r for r in roles if r in ROW_ROLES]
    marker = _MARKER.match(row)
    skip = marker.end() if marker else 0  # '指标1' residue is part of the name as written
    start = next(
        (m.start() for m in ATOM.finditer(row, skip) if m.group() and not _in_name(row, m, skip)),
        len(row),
    )
    for back in range(1, 4):  # '…收入工5%工5%': the repeated target begins inside the name
        seg = row[start - back :] if start - back > skip + 1 else ""
        if re.match(UNIT, seg):
            break
        if any(seg[:size] == seg[size : 2 * size] for size in range(back + 1, min(40, len(seg) // 2) + 1)):
            start -= back
            break
    name, tail = row[:start], row[start:]
    cut = _tandem_end(name)
    name, tail = name[:cut], name[cut:] + tail
    name = _PAGE_HEADING.sub("", name)
    if "description" in roles:
        name = split_description(name)
    unit = ""
    if "unit" in tail_roles or "nature" in tail_roles:
        if "nature" in tail_roles:
            name = strip_nature(name)
        if "unit" in tail_roles:
            # the 指标性质 cell sits between the unit cell and a garbled target ('场定量指标到')
            bare = re.sub(r"(?:定量指标|定性指标)(?=.{1,4}$)", "", name) if "nature" in tail_roles else name
            found, unit, garbled = garbled_target(bare, tail)
            name = found if unit else name
            tail = garbled + tail
        suffix = None if unit else NAME_SUFFIX_UNIT.search(name)
        if suffix and "unit" in tail_roles and len(name) > len(suffix.group()) + 1:
            unit, name = suffix.group(), name[: suffix.start()]
        misread = None if unit or "unit" not in tail_roles else _MISREAD_UNIT.search(name)
        first = ATOM.match(tail)
        counted = NAME_SUFFIX_UNIT.search(first.group()) if first else None
        if misread and counted and counted.group() not in ("%", "％"):
            name = name[: misread.start()]  # the unit cell in OCR letters ('…数量tot扁' 2200篇)
    value_roles = [r for r in tail_roles if r not in ("unit", "nature")]
    if not tail:
        name, value = grade_at_end(name)  # '困难群众基本生活得到保障': no figure, a grade ends it
        return name, value, "", "", bool(value)
    chosen = _assign(tail[:160], value_roles, mode)  # bounded: a row's columns are short
    value, actual = chosen.get("value", ""), chosen.get("actual", "")
    if unit and valid_number(value):
        value += unit
    if unit and valid_number(actual):
        actual += unit
    uncertain = _digits_split(tail, value_roles, chosen)
    return name, value, chosen.get("weight", ""), actual, uncertain


# a 计量单位 cell the OCR turned into letters, a stray character after them at most
_MISREAD_UNIT = re.compile(r"(?<=[\u4e00-\u9fff]{3})[A-Za-z]{2,4}[\u4e00-\u9fff]?$")
# a page's repeated 绩效指标 heading (the first column's merged cell) glued before a name
_PAGE_HEADING = re.compile(r"^(?:项目)?绩效指标(?=[^\d%]{5})")
def _digits_split(tail: str, roles: list[str], chosen: dict[str, str]) -> bool:
    """Whether a column boundary fell between two digits: the split was inferred."""
    at = 0
    for role in roles:
        text = chosen.get(role, "") if role not in ("value2", "other") else ""
        found = tail.find(text, at) if text else -1
        if found >= 0:
            at = found + len(text)
            if 0 < at < len(tail) and tail[at - 1].isdigit() and tail[at].isdigit():
                return True
    return False


def settle_weights(cells: list[Cell], roles: list[str]) -> list[Cell]:
    """Weights repeat across a table's rows: re-split the uncertain rows knowing the common one."""
    weights = Counter(c.weight for c in cells if c.weight and not c.uncertain)
    if not weights:
        weights = Counter(c.weight for c in cells if c.weight)
    if not weights:
        return cells
    mode = Decimal(weights.most_common(1)[0][0])
    for cell in cells:
        if cell.uncertain and cell.raw:
            name, value, weight, actual, _ = split_row_tail(cell.raw, roles, mode)
            cell.name, cell.value, cell.weight, cell.actual = name, value, weight, actual
    return cells
