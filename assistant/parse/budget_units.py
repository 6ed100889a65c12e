"""The unit vocabulary of budget breakdowns: money, per-units and counted/measured units.

One list serves every reader of 资金用途 text, so a unit is never cut inside a word: 元/公里 is
per 公里 (not 元/公), 元/公里·年 is per 公里 per 年, 万千瓦时 is energy (not 万元), 元/生/天 is
per pupil per day. Units are matched longest first.
"""

from __future__ import annotations

import re

# Multi-character units first; the regexes below sort every list longest first.
MEASURE_UNITS = (
    "万千瓦时", "千瓦时", "兆瓦时", "万kWh", "kWh", "KWh", "kwh", "千瓦", "兆瓦", "kW", "MW",
    "万立方米", "立方米", "m3", "万平方米", "平方米", "平米", "m2", "公顷", "万亩", "亩",
    "公里", "千米", "延米", "km", "米", "万吨", "吨", "公斤", "千克", "kg", "升", "方",
)
COUNT_UNITS = (
    "个工作日", "个社区", "个小区", "个村", "个月", "所学校", "人次", "户次", "架次", "课时", "学时",
    "工作日", "社区", "小区", "个", "人", "户", "村", "次", "件", "份", "家", "所", "座", "辆", "台", "套",
    "株", "棵", "组", "项", "场", "期", "批", "名", "位", "处", "间", "栋", "张", "条", "盏", "根", "块",
    "册", "本", "篇", "种", "头", "只", "羽", "口", "眼", "处", "宗", "单", "例", "床", "辆次", "班",
    "校", "园", "所", "站", "段", "座次", "樘", "扇", "孔", "部", "副", "对", "顶", "架", "艘", "匹", "天", "日", "月", "年", "周", "小时", "季度",
)
# what a price is per: any measured or counted unit, plus nouns priced per head
PER_WORDS = (
    "平方米", "立方米", "千瓦时", "万千瓦时", "kWh", "公里", "千米", "延米", "公顷", "公斤", "千克",
    "人次", "户次", "人·月", "工作日", "社区", "小区", "学生", "学校", "m2", "m3", "km", "kg", "亩",
)


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternative of the words, longest first (so 万千瓦时 wins over 万)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MEASURE_ALT = alternation(MEASURE_UNITS)
# 万 alone is money ("区级10万") only when no unit word follows it (not 万亩, 万千瓦时, 万人)
MONEY = r"(?:亿元|万元|千元|元|万(?![\u4e00-\u9fffA-Za-z²]|\s*[kK][wW])|亿(?![\u4e00-\u9fffA-Za-z]))"
PER_UNIT = rf"(?:{alternation(PER_WORDS + MEASURE_UNITS)}|[\u4e00-\u9fff])"
# 元/人/月, 万元/辆.年, 元/公里·年: per-units joined by / . · (a middle dot never cuts a unit)
PER = rf"(?:/{PER_UNIT}(?:[/.·・]{PER_UNIT})*)?"
COUNT = rf"(?:{alternation(COUNT_UNITS + MEASURE_UNITS)}|%)"
# a count or measure after a number, not a per-unit nor money that follows (3公里/年, 5元)
_NOT_QUANTITY = ("日", "月", "年", "周", "小时", "季度")  # dates and spans: 5月, 2025年
QUANTITY_UNIT = rf"(?:{alternation(tuple(u for u in COUNT_UNITS if u not in _NOT_QUANTITY) + MEASURE_UNITS)})"
PER_SPLIT = re.compile(r"[/.·・]")
CANONICAL_UNIT = {"平米": "平方米", "m2": "平方米", "m3": "立方米", "km": "公里", "千米": "公里", "kg": "公斤",
                  "千克": "公斤", "kWh": "千瓦时", "KWh": "千瓦时", "kwh": "千瓦时", "万kWh": "万千瓦时"}
ENERGY_UNITS = frozenset({"万千瓦时", "千瓦时", "兆瓦时", "万kWh", "kWh", "KWh", "kwh"})


def canonical(unit: str) -> str:
    """One spelling per unit: 平米/m2 → 平方米, kWh → 千瓦时, 个社区 → 社区 (个 kept alone)."""
    unit = CANONICAL_UNIT.get(unit, unit)
    return unit.removeprefix("个") if len(unit) > 1 else unit


def split_per(per: str) -> list[str]:
    """'/公里·年' → ['公里', '年']; units kept whole."""
    return [CANONICAL_UNIT.get(p, p) for p in PER_SPLIT.split(per) if p]


__all__ = ["COUNT", "COUNT_UNITS", "ENERGY_UNITS", "MEASURE_UNITS", "MONEY", "PER", "PER_UNIT",
           "QUANTITY_UNIT", "alternation", "canonical", "split_per"]
