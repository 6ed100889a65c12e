"""Small helpers shared by the rule families (and the budget/relevance helpers).

Keep these stable: other rule modules import them. Messages quote the offending cell text
exactly, so `quote()` never rewrites the text it is given.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from assistant.model import Indicator, TargetTable, wan
from assistant.parse.textnum import normalize

# Punctuation and spacing that do not change what a cell says (for "is this the same text").
_NOISE = re.compile(r"[\s\u3000,，.。;；:：、!！?？'\"“”‘’()（）\[\]【】《》<>〈〉·•\-—_/\\|]+")

# Placeholders left by export templates: 目标内容1, 指标1, 请输入…, **, XX.
_PLACEHOLDER = re.compile(
    r"^(?:\d+[.、．]?)?(?:目标内容|绩效目标|目标|指标名称|指标内容|指标值|内容|请输入|请填写|填写|示例|例)"
    r"\s*\d*$|^[*＊×xX…\.。\-—_/\s]+$|\*\*|××|XX|＊＊"
)


# What is left of a template value cell when nobody filled the number in: "≥ %", "公里", "≤".
_COMPARATOR_WORDS = re.compile(r"[≥≤=<>≧≦＞＜＝]|大于|小于|等于|不低于|不少于|不超过|不高于|以上|以下|以内")
_UNIT_ONLY_TEXT = (
    "% ％ 百分比 元 万元 亿元 人 人次 户 个 次 村 件 份 家 所 座 辆 台 套 株 棵 项 场 期 批 篇 条 名 处 间"
    " 平方米 平米 ㎡ 立方米 米 公里 千米 亩 万亩 公顷 吨 万吨 千克 公斤 年 月 天 日 工作日 小时 万人 万户"
)
_UNIT_ONLY = frozenset(_UNIT_ONLY_TEXT.split())


def is_unfilled_value(raw: str | None) -> bool:
    """True for a value cell holding only a comparator and/or a unit: the number was never
    filled in ("≥ %", "公里", "≤")."""
    s = re.sub(r"\s+", "", normalize(raw or ""))
    if not s or re.search(r"\d", s):
        return False
    rest = _COMPARATOR_WORDS.sub("", s)
    return rest == "" or rest in _UNIT_ONLY


def quote(text: str | None) -> str:
    """Quote a cell exactly as published (empty cells read as （空）)."""
    return f"“{text}”" if text else "（空）"


def fmt_wan(yuan: Decimal | None) -> str:
    """元 → '263.75万元' (as the tables show money); '' when unknown."""
    value = wan(yuan)
    return "" if value is None else f"{value:f}万元"


def fmt_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = value.normalize()
    return f"{value:f}" if value != value.to_integral() else f"{value.quantize(Decimal(1)):f}"


def squash(text: str | None) -> str:
    """Text for comparison: NFKC, no punctuation or spaces."""
    return _squash(text or "")


@lru_cache(maxsize=65536)
def _squash(text: str) -> str:
    return _NOISE.sub("", normalize(text))


def is_placeholder(text: str | None) -> bool:
    """True for template leftovers such as 目标内容1, 指标1, ** or XX."""
    s = normalize(text or "").strip()
    return bool(s) and bool(_PLACEHOLDER.search(s))


def row_name(indicator: Indicator) -> str:
    """The row's name for messages: the 三级指标, or its value when the name is empty."""
    return indicator.name or indicator.description or indicator.target.raw or "（无名称）"


def cell_evidence(indicator: Indicator, field: str = "value", **extra: Any) -> dict[str, Any]:
    """Evidence for a finding on one cell: the exact text, which field, plus compared numbers."""
    text = {
        "value": indicator.target.raw,
        "name": indicator.name,
        "description": indicator.description,
        "basis": indicator.basis,
        "level2": indicator.raw_level2 or indicator.level2,
        "level1": indicator.raw_level1 or indicator.level1,
    }.get(field, "")
    evidence: dict[str, Any] = {"cell": text, "field": field, "name": indicator.name}
    for key, value in extra.items():
        evidence[key] = fmt_number(value) if isinstance(value, Decimal) else value
    return evidence


def row_text(indicator: Indicator) -> str:
    """Name and description together: what the row says it measures."""
    return f"{indicator.name} {indicator.description}".strip()


def table_text(table: TargetTable) -> str:
    """The table's own words about its purpose: project name, 用途 text and goals."""
    return " ".join([table.project, table.purpose, *table.goals])


def bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese runs in a text (a cheap notion of shared wording)."""
    runs = re.findall(r"[\u4e00-\u9fff]+", normalize(text or ""))
    return {run[i : i + 2] for run in runs for i in range(len(run) - 1)}
