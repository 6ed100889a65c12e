"""Shared helpers for reading numbers out of Chinese table text.

Cells come with full-width digits and symbols (１２０％, ＞＝), thousands separators and
Chinese numerals; both the target-value and the budget parsers normalise them the same way.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

WAN = Decimal(10000)
MONEY_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": WAN,
    "亿元": WAN * WAN,
    # bare 万/亿 in breakdown text ("区级10万") still mean money there
    "万": WAN,
    "亿": WAN * WAN,
}

# A number: digits with optional thousands groups and decimals. Thousands groups need exactly
# three digits after each comma so "119,1000" is not read as one number.
NUMBER = r"(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)"

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMBER = r"[零〇一二两三四五六七八九十百]+"


@lru_cache(maxsize=65536)
def normalize(text: str, keep_comma: bool = False) -> str:
    """NFKC (full-width → ASCII, ㎡ → m2), comparator look-alikes folded.

    keep_comma keeps the Chinese comma "，" as it is: in prose "119，1000" are two numbers.
    """
    if not text:
        return ""
    if keep_comma:
        out = "".join(ch if ch == "，" else unicodedata.normalize("NFKC", ch) for ch in text)
    else:
        out = unicodedata.normalize("NFKC", text)
    return out.replace("≧", "≥").replace("≦", "≤").replace("⩾", "≥").replace("⩽", "≤")


def to_decimal(digits: str) -> Decimal | None:
    """'1,448,468' → Decimal; None when it is not a number."""
    try:
        return Decimal(digits.replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def cn_to_int(text: str) -> int | None:
    """Small Chinese numerals: 一, 两, 十二, 二十, 三百 → int (None when not one)."""
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def decimal_places(digits: str) -> int:
    digits = digits.replace(",", "")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def half_unit(digits: str, factor: Decimal) -> Decimal:
    """Half of the last written decimal place, in 元: '52.16' 万元 → 50元.

    Used as the tolerance when a stated figure is compared with a computed one, so that
    rounding to the stated precision is not reported as a mismatch.
    """
    return tidy(Decimal(5) * Decimal(10) ** (-(decimal_places(digits) + 1)) * factor)


def tidy(value: Decimal) -> Decimal:
    """521600.00 → 521600 (whole 元 print without decimals); 11.48 stays."""
    try:
        return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    except InvalidOperation:  # beyond the context precision: leave as it is
        return value


_NUMBER_RE = re.compile(NUMBER)


def first_number(text: str) -> Decimal | None:
    match = _NUMBER_RE.search(text or "")
    return to_decimal(match.group(0)) if match else None
