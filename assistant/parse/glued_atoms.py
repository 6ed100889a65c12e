"""The vocabulary of glued rows: units, comparators, dates and the value atoms they form.

Shared by `glued_row` (assigning a row's tail to columns) and `glued_cells` (the parts of a
row around its values: a name's description, a basis, an OCR-garbled target).
"""

from __future__ import annotations

import re

from assistant.parse.budget_units import COUNT_UNITS, MEASURE_UNITS

# single characters that also begin words ('日常', '部门', '方案') never end a glued number
WORD_STARTS = {
    "日", "月", "年", "周", "口", "眼", "对", "单", "副", "顶", "校", "园", "站", "段", "部", "方", "升", "宗",
    "社区", "小区", "个社区", "个小区", "所学校",
}
# the budget vocabulary's units, and the counting words tables add (万粒, 起, 学时 …)
UNITS = sorted(
    {u for u in COUNT_UNITS + MEASURE_UNITS if u not in WORD_STARTS}
    | {"%", "％", "‰", "万元", "亿元", "元", "万粒", "粒", "万亩", "人次", "万人", "起", "㎡", "个月", "学时", "课时",
       "班", "公顷", "千米", "平方米", "棵", "种次", "人日"},
    key=len, reverse=True,
)
UNIT = "(?:" + "|".join(re.escape(u) for u in UNITS) + r")(?:/[\u4e00-\u9fff]{1,3})?"
COMPARATOR = r"(?:>=|<=|大于等于|小于等于|不低于|不高于|不少于|不超过|[≥≤=<>﹦＝≧≦＞＜])"
DATE = r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末)?(?:前|以前|之前)?(?:完成)?|\d{1,2}月(?:底|末|份)?(?:前)?(?:完成)?"
ATOM = re.compile(
    "(?P<date>" + DATE + ")"
    r"|(?P<guard>\d{1,2}?(?=\d{4}年|\d{1,2}月))"  # a weight glued before a date
    "|(?P<num>(?:各|约)?" + COMPARATOR + r"?\d+(?:\.\d+)*(?:" + UNIT + r")?(?:以上|以下|以内|内)?)"
)
NAME_SUFFIX_NATURE = re.compile(r"(定量指标|定性指标|定量|定性|正向指标|反向指标|正向|反向)$")
NAME_SUFFIX_UNIT = re.compile("(" + UNIT + ")$")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def valid_number(text: str) -> bool:
    return bool(NUMBER.match(text)) and not (len(text) > 1 and text[0] == "0" and text[1] != ".")


