"""效益 rows for a project whose description states no effect, and the stated implementation period.

A type with a natural effect (afforestation raises forest cover, a new facility serves for years)
should not fall back to "no complaints". The taxonomy's typical 效益 indicators name that effect
but leave the figure open (≥N个百分点); when the description gives the figure ("林草覆盖率提高
2个百分点", "由40%提高到45%") the row takes it, otherwise a suggested figure fills the N and the row
is marked as a suggestion for the user to confirm. Suggested figures are ours, written for this
product; rows counting people or money (受益人口 ≥N人) get none: only the project can say how many.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.draft.rows import SUGGESTED, Candidate, describe, fits_project, value_ok
from assistant.parse.textnum import normalize

# taxonomy 效益 row name → the figure suggested for its N (scale-free measures only)
SUGGESTED_EFFECTS: dict[str, str] = {
    "项目区林草覆盖率提高": "≥0.5个百分点",
    "设施设计使用年限": "≥10年",
    "设备使用年限": "≥5年",
    "业务线上办理率": "≥90%",
    "设施利用率": "≥80%",
    "河段水质达标率": "≥90%",
    "因补贴发放引发信访人次": "=0人次",
}

# A suggested effect row naming one of these fits only a project whose text mentions the anchor
# (a pest forecast is forestry work but plants no trees, so forest cover is not its effect).
_EFFECT_TOPICS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"林草|植被|森林覆盖"), re.compile(r"造林|营造林|植树|绿化|种草|林草|退耕|抚育|封山育林|补植")),
    (re.compile(r"水质"), re.compile(r"河|湖|水库|水源|水质")),
    (re.compile(r"设施"), re.compile(r"建设|新建|改建|修建|设施|工程")),
    (re.compile(r"设备"), re.compile(r"设备|购置|采购")),
]

_RISE_POINTS = re.compile(r"([\u4e00-\u9fff]{2,10}率)(?:提高|提升|增加|增长)了?\s*(\d+(?:\.\d+)?)\s*个?百分点")
_RISE_FROM_TO = re.compile(
    r"([\u4e00-\u9fff]{2,10}率)(?:由|从)\s*(\d+(?:\.\d+)?)\s*%\s*(?:提高|提升|增加|增长)(?:到|至)\s*(\d+(?:\.\d+)?)\s*%"
)
_REACH = re.compile(r"([\u4e00-\u9fff]{2,10}率)(?:达到|达|不低于|保持在?)\s*(\d+(?:\.\d+)?)\s*%\s*(?:以上|及以上)?")
# 项目期2022年3月至2023年11月 / 建设期2023年4月–2024年2月 / 2024年1月至12月
_PERIOD = re.compile(
    r"(20\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|—|–|-|－|~|～)\s*"
    r"(?:(20\d{2})\s*年)?\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?"
)


def stated_rate_effects(purpose: str) -> list[Candidate]:
    """效益 rows from a rate change the description states, with its own figure."""
    text = normalize(purpose)
    rows: list[Candidate] = []
    for match in _RISE_FROM_TO.finditer(text):
        name, start, end = _rate_name(match.group(1)), match.group(2), match.group(3)
        rows.append(Candidate(_effect_level2(name), name, f"≥{end}%",
                              f"项目实施后{name}由{start}%提高到{end}%，按年度监测数据核定",
                              f"项目描述：{match.group(0)}", f"breakdown: {match.group(0)}"))
    for match in _REACH.finditer(text):  # 粪污综合利用率达到85%以上
        name = _rate_name(match.group(1))
        if any(r.name == name for r in rows):
            continue
        rows.append(Candidate(_effect_level2(name), name, f"≥{match.group(2)}%",
                              f"项目实施后{name}达到的水平，按年度监测和验收数据核定",
                              f"项目描述：{match.group(0)}", f"资金用途：{match.group(0)}"))
    for match in _RISE_POINTS.finditer(text):
        rate = _rate_name(match.group(1))
        name = f"{rate}提高"
        rows.append(Candidate(_effect_level2(name), name, f"≥{match.group(2)}个百分点",
                              f"项目实施后{rate}较实施前提高的百分点数，按年度监测数据核定",
                              f"项目描述：{match.group(0)}", f"breakdown: {match.group(0)}"))
    return rows


def _rate_name(raw: str) -> str:
    """'建成后项目区林草覆盖率' → '项目区林草覆盖率': the measure, without the clause around it."""
    return re.sub(r"^.*?(?:建成后|完成后|实施后)|^(?:使|将|可|预计|力争)+", "", raw) or raw


def _effect_level2(name: str) -> str:
    if re.search(r"林|草|植被|绿|水质|生态|环境|粪污|污水|垃圾|利用率", name):
        return "生态效益指标"
    if re.search(r"收入|增收|产值", name):
        return "经济效益指标"
    return "社会效益指标"


def _fits_effect(name: str, text: str) -> bool:
    return all(not topic.search(name) or anchor.search(text) for topic, anchor in _EFFECT_TOPICS)


def suggested_effects(type_: dict[str, Any], project: str, pay: bool, text: str) -> list[Candidate]:
    """The type's typical 效益 rows whose figure is open (N), with a suggested figure."""
    rows = []
    for item in type_.get("typical_indicators", {}).get("效益指标", []):
        name = item["name"]
        value = SUGGESTED_EFFECTS.get(name)
        level2 = item.get("level2") or "社会效益指标"
        if "N" not in item["value"] or value is None or not value_ok(value, level2):
            continue
        if not fits_project(name, text) or not _fits_effect(name, text):
            continue
        description = (f"项目实施后{name.removesuffix('提高')}较实施前提高的百分点数，按年度监测数据核定"
                       if value.endswith("百分点") else describe(name, level2, project, pay))
        rows.append(Candidate(level2, name, value, description,
                              f"参照同类项目（{SUGGESTED}）", f"type: {type_['id']} suggested effect",
                              suggested=True))
    return rows


def stated_period_end(purpose: str) -> tuple[int, int, int | None] | None:
    """(year, month, day) where a stated implementation period ends: '2022年3月至2023年11月' →
    (2023, 11, None)."""
    match = _PERIOD.search(normalize(purpose))
    if match is None:
        return None
    start_year, start_month = int(match.group(1)), int(match.group(2))
    end_year = int(match.group(3)) if match.group(3) else start_year
    end_month = int(match.group(4))
    end_day = int(match.group(5)) if match.group(5) else None
    if not 1 <= start_month <= 12 or not 1 <= end_month <= 12 or not 1 <= (end_day or 1) <= 31:
        return None
    if (end_year, end_month) < (start_year, start_month) or end_year - start_year > 5:
        return None
    return end_year, end_month, end_day


def period_deadline(purpose: str) -> tuple[int, str] | None:
    """(year, point) for the completion row: (2023, '11月底'); December is 12月31日."""
    end = stated_period_end(purpose)
    if end is None:
        return None
    year, month, day = end
    if day:
        return year, f"{month}月{day}日"
    return year, "12月31日" if month == 12 else f"{month}月底"


__all__ = ["SUGGESTED_EFFECTS", "period_deadline", "stated_period_end", "stated_rate_effects",
           "suggested_effects"]
