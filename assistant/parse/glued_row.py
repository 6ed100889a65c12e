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

from assistant.parse.budget_units import COUNT_UNITS, MEASURE_UNITS

ROW_ROLES = {"value", "value2", "actual", "weight", "score", "rate", "core", "basis", "unit",
             "nature", "other"}
_VALUE_ROLES = {"value", "value2", "actual", "rate", "other"}
_NUMERIC_ROLES = {"weight", "score"}
# how much an empty column costs: weights and scores are always filled in a scored form
_EMPTY_COST = {"value": 2.0, "actual": 1.0, "weight": 3.0, "score": 3.0, "rate": 2.5,
               "value2": 0.0, "other": 0.5, "core": 0.5, "basis": 0.0, "unit": 0.0, "nature": 0.0}

# single characters that also begin words ('日常', '部门', '方案') never end a glued number
_WORD_STARTS = {"日", "月", "年", "周", "口", "眼", "对", "单", "副", "顶", "校", "园", "站", "段", "部",
                "方", "升", "宗", "社区", "小区", "个社区", "个小区", "所学校"}
_UNITS = sorted(
    {u for u in COUNT_UNITS + MEASURE_UNITS if u not in _WORD_STARTS} | {"%", "％", "‰", "万元", "亿元", "元", "万粒", "粒", "万亩", "亩", "公顷", "件", "人次", "万人", "人", "个", "次", "份", "篇", "吨", "起", "公里", "千米", "平方米", "㎡", "米", "户", "家", "所", "株", "台", "套", "项", "场", "天", "小时", "个月", "期", "批", "册", "种", "只", "头", "处", "座", "间", "村", "辆", "条", "本", "名", "位", "棵", "学时", "课时", "班"},
    key=len, reverse=True,
)
_UNIT = "(?:" + "|".join(re.escape(u) for u in _UNITS) + r")(?:/[\u4e00-\u9fff]{1,3})?"
_COMPARATOR = r"(?:>=|<=|大于等于|小于等于|不低于|不高于|不少于|不超过|[≥≤=<>﹦＝≧≦＞＜])"
_DATE = r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末)?(?:前|以前|之前)?(?:完成)?|\d{1,2}月(?:底|末|份)?(?:前)?(?:完成)?"
_ATOM = re.compile(
    "(?P<date>" + _DATE + ")"
    r"|(?P<guard>\d{1,2}?(?=\d{4}年|\d{1,2}月))"  # a weight glued before a date
    "|(?P<num>" + _COMPARATOR + r"?\d+(?:\.\d+)*(?:" + _UNIT + r")?(?:以上|以下|以内|内)?)"
)
_GRADES = sorted(
    ["合格", "达标", "是", "否", "好", "较好", "高", "较高", "优", "良", "中", "差", "优秀", "良好", "显著", "明显", "有效", "持续有效", "及时", "准确", "完成", "已完成", "基本达到", "达到", "提高", "提升", "改善", "无", "有"],
    key=len, reverse=True,
)
_NAME_SUFFIX_NATURE = re.compile(r"(定量指标|定性指标|定量|定性|正向指标|反向指标|正向|反向)$")
_NAME_SUFFIX_UNIT = re.compile("(" + _UNIT + ")$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
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


def _valid_number(text: str) -> bool:
    return bool(_NUMBER.match(text)) and not (len(text) > 1 and text[0] == "0" and text[1] != ".")


def _required(roles: list[str]) -> int:
    return sum(1 for r in roles if r in _VALUE_ROLES | _NUMERIC_ROLES and r != "value2")


def _in_name(run: str, atom: re.Match[str], start: int) -> bool:
    """A number that belongs to the name: at the row's start ('5000吨稻谷…'), or inside a list
    ('稻谷、500吨成品粮')."""
    before = run[atom.start() - 1] if atom.start() > start else ""
    after = run[atom.end() : atom.end() + 1]
    return atom.start() == start or before in "、，,/（(" or (after != "" and after in "、，,）)")


_NATURE_WORDS = ("定量指标", "定性指标")


def _strip_nature(name: str) -> str:
    """The 指标性质 cell at the end of a name, also when OCR of a vertical cell scrambled its
    characters ('…健全性性标定指')."""
    match = _NAME_SUFFIX_NATURE.search(name)
    if match:
        return name[: match.start()]
    tail = sorted(name[-4:])
    if len(name) > 5 and any(tail == sorted(word) for word in _NATURE_WORDS):
        return name[:-4]
    return name


def _capacity(atom: str) -> int:
    """Columns an atom can fill: a bare digit run ('2810810', '0.4100.110') holds several."""
    if re.fullmatch(r"[\d.]+", atom):
        return max(1, sum(c.isdigit() for c in atom) - atom.count("."))
    return 1


def _row_unit(name: str) -> str:
    """The 计量单位 cell at the end of a row's name ('…面积万亩', '…完成率%定量指标')."""
    name = _strip_nature(name)
    suffix = _NAME_SUFFIX_UNIT.search(name)
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
        atom = _ATOM.search(run, pos)
        while atom is not None and not atom.group():
            atom = _ATOM.search(run, atom.end() + 1) if atom.end() < len(run) else None
        a_start, a_end = (atom.start(), atom.end()) if atom else (len(run), len(run))
        text = atom.group() if atom else ""
        if atom is not None and unit_column:
            unit = _NAME_SUFFIX_UNIT.search(re.sub(r"(?:以上|以下|以内|内)$", "", text))
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
        if repeated and (size >= 2 or not text[-1].isdigit()):
            return len(text) - 2 * size
    return len(text)


def _value_candidates(s: str, role: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for size in range(min(40, len(s) // 2), 0, -1):
        if s[:size] == s[size : 2 * size] and (size >= 2 or not s[0].isdigit()):
            out.append((s[:size], 0.5))
            break
    comparator = re.match(_COMPARATOR, s)
    body = s[comparator.end() :] if comparator else s
    prefix = comparator.group() if comparator else ""
    digits = re.match(r"\d+(?:\.\d+)?", body)
    if digits:
        run = digits.group()
        for end in range(len(run), 0, -1):
            number = run[:end]
            if not _valid_number(number):
                continue
            rest = body[end:]
            if end == len(run):
                for unit in _UNITS:
                    if rest.startswith(unit):
                        unit_match = re.match(_UNIT + r"(?:以上|以下|以内|内)?", rest)
                        whole = unit_match.group() if unit_match else unit
                        out.append((prefix + number + whole, 0.2))
                        break
            # '100%' read as '1' and '00%': a number's own unit keeps its digits together
            torn = end < len(run) and re.match(_UNIT, body[len(run) :]) is not None
            out.append((prefix + number, -2.0 if torn else 0.0))
    date = re.match(_DATE, s)
    if date:
        out.append((date.group(), 0.2))
    for grade in _GRADES:
        if s.startswith(grade):
            out.append((grade, 0.3))
    text = re.match(r"[^\d%％‰.][^\d]{0,39}", s)  # text never starts with a number's sign
    if text and not digits:  # one character that is no grade is a remnant, not a target
        out.append((text.group(), -0.4 if len(text.group()) > 1 else -1.5))
    if role != "value":  # an OCR-mangled actual: '^80%', '5=50%'
        mangled = re.match(r"[^\d%]{0,2}\d?[^\d%.]{1,2}\d+(?:\.\d+)?%", s)
        if mangled:
            out.append((mangled.group(), -0.6))
    # a number whose first digits the OCR misread ('M.8万元', '到0次'): kept as written
    mangled = re.match(r"[^\d%]{1,2}\d+(?:\.\d+)?(?:" + _UNIT + ")", s)
    if mangled and not comparator:
        out.append((mangled.group(), -0.6))
    return out


def _numeric_candidates(s: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    digits = re.match(r"\d+(?:\.\d+)?", s)
    if digits:
        run = digits.group()
        for end in range(1, len(run) + 1):
            number = run[:end]
            if _valid_number(number) and Decimal(number) <= 100:
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
        found = [(s, 0.0)] if re.match(r"[^\d%.]", s) and not re.match(_UNIT + "|[年月日]", s) else []
    return found + [("", -_EMPTY_COST.get(role, 0.5))]


def _amount(text: str) -> tuple[Decimal, str] | None:
    match = re.match(_COMPARATOR + r"?(\d+(?:\.\d+)?)(.*)$", text)
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


_EXTRA_COLUMN = re.compile(r"\d+(?:\.\d+)?(?:%|％|" + _UNIT + ")")


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
        (m.start() for m in _ATOM.finditer(row, skip) if m.group() and not _in_name(row, m, skip)),
        len(row),
    )
    for back in range(1, 4):  # '…收入工5%工5%': the repeated target begins inside the name
        seg = row[start - back :] if start - back > skip + 1 else ""
        if re.match(_UNIT, seg):
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
            name = _strip_nature(name)
        if "unit" in tail_roles:
            # the 指标性质 cell sits between the unit cell and a garbled target ('场定量指标到')
            bare = re.sub(r"(?:定量指标|定性指标)(?=.{1,4}$)", "", name) if "nature" in tail_roles else name
            found, unit, garbled = _garbled_target(bare, tail)
            name = found if unit else name
            tail = garbled + tail
        suffix = None if unit else _NAME_SUFFIX_UNIT.search(name)
        if suffix and "unit" in tail_roles and len(name) > len(suffix.group()) + 1:
            unit, name = suffix.group(), name[: suffix.start()]
    value_roles = [r for r in tail_roles if r not in ("unit", "nature")]
    if not tail:
        name, value = _grade_at_end(name)  # '困难群众基本生活得到保障': no figure, a grade ends it
        return name, value, "", "", bool(value)
    chosen = _assign(tail[:160], value_roles, mode)  # bounded: a row's columns are short
    value, actual = chosen.get("value", ""), chosen.get("actual", "")
    if unit and _valid_number(value):
        value += unit
    if unit and _valid_number(actual):
        actual += unit
    uncertain = _digits_split(tail, value_roles, chosen)
    return name, value, chosen.get("weight", ""), actual, uncertain


# a page's repeated 绩效指标 heading (the first column's merged cell) glued before a name
_PAGE_HEADING = re.compile(r"^绩效指标(?=[^\d%]{5})")
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
    for atom in _ATOM.finditer(row):
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


def _garbled_target(name: str, tail: str) -> tuple[str, str, str]:
    """(name, unit, garbled target) where the 计量单位 cell is followed by a target the OCR
    mangled: '…次数' 次 '到0次' 43次, '…数量' 份 '第O份' 20份. The row's values carry the unit,
    so the unit cell is the occurrence of that unit before a short remnant: one that ends in the
    unit and holds a digit-like character, or one or two characters glued to the first value."""
    first = _ATOM.match(tail)
    unit = _NAME_SUFFIX_UNIT.search(first.group()) if first else None
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


def _grade_at_end(text: str) -> tuple[str, str]:
    """(name, grade) when a row without figures ends in a graded value ('得到保障', '明显提升');
    the longest such ending wins, and the name keeps at least four characters."""
    from assistant.model import ValueKind
    from assistant.parse.values import parse_target

    for size in range(min(6, len(text) - 4), 1, -1):
        if parse_target(text[-size:]).kind == ValueKind.GRADE:
            return text[:-size], text[-size:]
    return text, ""


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
