"""How a workbook cell reads as shown: number formats (percent, words around the number, dates
written with 年/月/日) and the text of a cell value under such a format.

calamine gives values without their formats; `xlsx_reader` finds each cell's format code (from
styles.xml, or through xlrd for .xls) and `shown_format` says what that code changes in how the
cell reads; `cell_text` then writes the value so: 0.95 → "95%", 300 → "≥300公里", 2024-12-01 →
"2024年12月".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# built-in number formats 9 (0%) and 10 (0.00%)
_BUILTIN_PERCENT = {9: 0, 10: 2}
# built-in Chinese date formats (zh-CN): year and month, month and day, the full date
_BUILTIN_DATES = {
    **dict.fromkeys((27, 36, 50, 52, 57), "yyyy年m月"),
    **dict.fromkeys((28, 29, 51, 53, 54, 58), "m月d日"),
    31: "yyyy年m月d日",
}
_DATE_TOKEN = re.compile(r"yyyy|yy|mm|m|dd|d|[年月日\-/. ]", re.IGNORECASE)


@dataclass(frozen=True)
class Template:
    """A number format with words around the number (≥0"%", 0"人次", "不低于"0.0): shown so."""

    prefix: str
    decimals: int | None  # None: as many as the value has (General)
    suffix: str
    percent: bool = False  # the value is shown ×100
    trim: bool = False  # 0.## drops trailing zeros


# (row, col) 0-based → decimals shown (a percent format), the date pattern shown (年月日), or
# the words a number format writes around the number
Shown = int | str | Template
Percents = dict[tuple[int, int], Shown]
_FORMAT_TOKEN = re.compile(r'"[^"]*"|\\.|_.|\*.|General|[#0?,]+(?:\.[#0?]*)?|\.[#0?]+|.', re.IGNORECASE)


def builtin_shown(fmt_id: int) -> Shown | None:
    """What a built-in number format (by its id) changes in how a cell reads, as `shown_format`."""
    return _BUILTIN_PERCENT.get(fmt_id, _BUILTIN_DATES.get(fmt_id))


def cell_text(value: object, percent_decimals: Shown | None = None) -> str:
    """A cell value as the sheet shows it: `percent_decimals` is a percent format's decimals, or
    the pattern of a date format written with 年/月/日 (2024年12月 is a month, not 2024-12-01)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        if isinstance(percent_decimals, int):
            return _percent(value, percent_decimals)
        if isinstance(percent_decimals, Template):
            return _templated(value, percent_decimals)
        return _number(value)
    if isinstance(value, dt.date) and isinstance(percent_decimals, str):
        return _date(value, percent_decimals)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"  # drops binary noise: 0.1 + 0.2 shows as 0.3, as in Excel
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def _percent(value: float | int, decimals: int) -> str:
    try:
        scaled = (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except InvalidOperation:
        return _number(value)
    text = format(scaled, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")  # 95.00% reads as 95%
    return text + "%"


def _date(value: dt.date, pattern: str) -> str:
    parts = []
    for token in _DATE_TOKEN.findall(pattern):
        low = token.lower()
        if low in ("yyyy", "yy"):
            parts.append(f"{value.year:04d}" if low == "yyyy" else f"{value.year % 100:02d}")
        elif low in ("mm", "m"):
            parts.append(f"{value.month:02d}" if low == "mm" else str(value.month))
        elif low in ("dd", "d"):
            parts.append(f"{value.day:02d}" if low == "dd" else str(value.day))
        else:
            parts.append(token)
    return "".join(parts)


def _templated(value: float | int, template: Template) -> str:
    try:
        number = Decimal(repr(value)) * (100 if template.percent else 1)
        if template.decimals is None:
            text = _number(float(number))
        else:
            text = format(number.quantize(Decimal(1).scaleb(-template.decimals), ROUND_HALF_UP), "f")
    except (InvalidOperation, ValueError, OverflowError):
        return _number(value)  # not finite, or too long to round: the bare number
    if template.decimals is not None and template.trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{template.prefix}{text}{'%' if template.percent else ''}{template.suffix}"


def shown_format(code: str) -> Shown | None:
    """What a number format changes in how a cell reads: a percent's decimals, or the pattern
    of a date written with 年/月/日 (yyyy"年"m"月" → yyyy年m月); None for others (dates in
    other formats read as 2024-12-31)."""
    template = _number_template(code)
    if template is not None:
        return template
    decimals = _format_percent_decimals(code)
    if decimals is not None:
        return decimals
    section = re.sub(r"\[[^\]]*\]", "", code.split(";")[0])
    if "DBNum" in code or not any(mark in section for mark in "年月日"):
        return None  # [DBNum1] writes the digits as Chinese numerals: left as the date
    pattern = re.sub(r'"([^"]*)"', r"\1", section).replace("\\", "")
    if _DATE_TOKEN.sub("", pattern) or not re.search(r"[ymdYMD]", pattern):
        return None  # times, weekdays or other words: not a plain date
    return pattern


def _number_template(code: str) -> Template | None:
    """The words a number format writes before and after its one number ('"≥"0%' → ≥ …%,
    '0"人次"' → … 人次); None for formats without words, dates, times, text and exponents."""
    section = re.sub(r"\[[^\]]*\]", "", code.split(";")[0])
    before: list[str] = []
    after: list[str] = []
    number = None
    percent = False
    for token in _FORMAT_TOKEN.findall(section):
        if token.startswith('"'):
            word = token[1:-1]
        elif token.startswith("\\"):
            word = token[1:]
        elif token[0] in "_*":
            continue  # padding to a character's width, or fill: no text
        elif token.lower() == "general" or token[0] in "#0?,.":
            if number is not None:
                return None  # fractions, several numbers: not a plain number
            number = token
            continue
        elif token == "%":
            percent = True
            continue
        elif token.lower() in "ymdhsabe@/:" or token.isascii() and token.isalpha():
            return None  # dates, times, text (@), exponents
        else:
            word = token  # a sign or word written bare (≥0, 0人)
        (before if number is None else after).append(word)
    words = "".join(before + after).strip()
    if number is None or not words:
        return None
    fraction = number.split(".", 1)[1] if "." in number else ""
    return Template(
        prefix="".join(before),
        decimals=None if number.lower() == "general" else sum(ch in "0#?" for ch in fraction),
        suffix="".join(after),
        percent=percent,
        trim="#" in fraction,
    )


def _format_percent_decimals(code: str) -> int | None:
    """Decimals of a percent number format ('0.0%' → 1), None when it is not a percent."""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).split(";")[0]
    if "%" not in section:
        return None
    fraction = section.split(".", 1)[1] if "." in section else ""
    return len(re.match(r"[0#?]*", fraction).group(0))  # type: ignore[union-attr]
