"""The shape the LLM drafter asks for (LLMDraftOut), and the slips of real models it forgives.

The JSON schema sent to the model is the strict one (categories as enums). Validation is
lenient where the meaning is unambiguous: Chinese keys (一级指标, 指标值 …), numbers where text
was asked for, a goal as one string, short or old category names (社会效益, 满意度, 效果指标),
a first level that does not match its second (成本指标 under 成本指标 → 产出指标). What cannot be
read stays an error, and the drafter asks once more.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from assistant.model import ALL_LEVEL2, LEVEL1_NAMES, LEVEL2_BY_LEVEL1

Level1 = Literal[LEVEL1_NAMES]  # type: ignore[valid-type]
Level2 = Literal[ALL_LEVEL2]  # type: ignore[valid-type]

_ROW_KEYS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name", "指标": "name",
    "指标描述": "description", "描述": "description", "指标值": "value", "目标值": "value",
    "指标值确定依据": "basis", "确定依据": "basis", "依据": "basis", "来源": "source", "出处": "source",
    "indicator": "name", "target": "value",
}
_DRAFT_KEYS = {
    "年度绩效目标": "goals", "绩效目标": "goals", "目标": "goals", "goal": "goals",
    "绩效指标": "indicators", "三级指标": "indicators", "指标": "indicators", "rows": "indicators",
}
_TEXT_FIELDS = ("name", "description", "value", "basis", "source")


def _renamed(data: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    out = dict(data)
    for key, value in data.items():
        target = keys.get(str(key).strip())
        if target and target not in out:
            out[target] = value
            out.pop(key)
    return out


def _categories(row: dict[str, Any]) -> dict[str, Any]:
    from assistant.parse.categories import level1_for, normalize_level1, normalize_level2

    level2 = str(row.get("level2") or "").strip()
    if level2 and level2 not in ALL_LEVEL2:
        level2 = normalize_level2(level2) or level2
    level1 = str(row.get("level1") or "").strip()
    if level1 and level1 not in LEVEL1_NAMES:
        level1 = normalize_level1(level1) or level1
    if level2 in ALL_LEVEL2 and level2 not in LEVEL2_BY_LEVEL1.get(level1, ()):
        level1 = level1_for(level2)  # the second level decides (成本指标 sits under 产出指标)
    return {**row, "level1": level1, "level2": level2}


class LLMIndicatorOut(BaseModel):
    """绩效目标表中的一条三级指标。"""

    level1: Level1 = Field(description="一级指标：产出指标、效益指标或满意度指标")
    level2: Level2 = Field(description="二级指标，须属于所填的一级指标")
    name: str = Field(description="三级指标名称")
    description: str = Field(default="", description="指标描述：统计口径或计算方法")
    value: str = Field(description="指标值：比较符+数字+单位，或日期，如 =119人、≤263.75万元")
    basis: str = Field(default="", description="指标值确定依据")
    source: str = Field(default="", description="数字出自哪条测算明细或借鉴的参考示例")

    @model_validator(mode="before")
    @classmethod
    def _forgive(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        row = _renamed(data, _ROW_KEYS)
        for key in _TEXT_FIELDS:
            value = row.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                row[key] = str(value)
            elif value is None and key != "name" and key != "value":
                row.pop(key, None)
        return _categories(row)


class LLMDraftOut(BaseModel):
    """项目支出绩效目标建议稿：年度绩效目标和三级指标。"""

    goals: list[str] = Field(default_factory=list, description="年度绩效目标，1到3句")
    indicators: list[LLMIndicatorOut] = Field(description="三级指标，一般8到14条")

    @model_validator(mode="before")
    @classmethod
    def _forgive(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = _renamed(data, _DRAFT_KEYS)
        goals = out.get("goals")
        if isinstance(goals, str):
            out["goals"] = [goals] if goals.strip() else []
        elif isinstance(goals, list):
            out["goals"] = [g if isinstance(g, str) else str(g) for g in goals if g not in (None, "")]
        elif goals is None:
            out.pop("goals", None)
        return out
