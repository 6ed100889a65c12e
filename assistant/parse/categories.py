"""Normalising 一级/二级 category names across the layouts found in published tables.

Older forms say 效果指标 for 效益指标, 环境效益 for 生态效益, 项目完成指标 or 完成指标 for 产出指标,
and nest 满意度 under 效益; the 2021 layout puts 成本指标 at the first level. Everything maps to
the names in `assistant.model.LEVEL2_BY_LEVEL1`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.model import LEVEL2_BY_LEVEL1
from assistant.parse.normalize import to_simplified

_SPACE = re.compile(r"[\s\u3000]+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(]\d+[）)])")

# Stems (the name without 指标 and without spaces) → normalised first level.
_LEVEL1_STEMS = {
    "产出": "产出指标",
    "项目产出": "产出指标",
    "完成": "产出指标",
    "项目完成": "产出指标",
    "产出工作量": "产出指标",
    "效益": "效益指标",
    "效果": "效益指标",
    "项目效益": "效益指标",
    "满意度": "满意度指标",
    "社会公众或服务对象满意度": "满意度指标",
    "服务对象满意度": None,  # ambiguous: a second level; resolved by context
    "成本": "成本指标",
}

_LEVEL2_STEMS = {
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "成本": "成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "环境效益": "生态效益指标",
    "生态环境效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标",
    "社会公众或服务对象满意度": "服务对象满意度指标",
    "社会公众满意度": "服务对象满意度指标",
    "满意度": "服务对象满意度指标",
    "经济成本": "经济成本指标",
    "社会成本": "社会成本指标",
    "生态环境成本": "生态环境成本指标",
    "生态成本": "生态环境成本指标",
    "环境成本": "生态环境成本指标",
}

LEVEL1_OF_LEVEL2 = {
    level2: level1 for level1, level2s in LEVEL2_BY_LEVEL1.items() for level2 in level2s
}


@lru_cache(maxsize=65536)  # every cell of every row is asked whether it is a category
def _stem(text: str) -> str:
    text = to_simplified(_SPACE.sub("", text or ""))  # 產出指標 reads as 产出指标
    text = _NUMBERING.sub("", text)
    text = text.replace("（", "(").replace("）", ")")
    text = re.sub(r"\(.*?\)分?", "", text)  # 产出指标(50分), 成本指标(0-20)分
    if text.endswith("指标"):
        text = text[: -len("指标")]
    elif text.endswith("值") and text[:-1] not in ("完成", "项目完成") and (
        text[:-1] in _LEVEL1_STEMS or text[:-1] in _LEVEL2_STEMS
    ):
        text = text[:-1]  # 产出值, 效益值: a form's heading for the category's values (完成值 is not)
    return text.rstrip("类:：")


def normalize_level1(text: str) -> str | None:
    """The normalised first-level name for a cell, or None when it is not one."""
    stem = _stem(text)
    if not stem:
        return None
    return _LEVEL1_STEMS.get(stem)


def normalize_level2(text: str) -> str | None:
    """The normalised second-level name for a cell, or None when it is not one."""
    stem = _stem(text)
    if not stem:
        return None
    return _LEVEL2_STEMS.get(stem)


def is_level1(text: str) -> bool:
    return normalize_level1(text) is not None


def is_level2(text: str) -> bool:
    return normalize_level2(text) is not None


def level1_for(level2: str, stated_level1: str | None = None) -> str:
    """The first level a normalised second level belongs to.

    成本指标 sits under 产出 in the older layout and at the first level in the 2021 one, so the
    stated first level decides; 满意度 nested under 效益 in old tables reads as 满意度指标.
    """
    if level2 == "成本指标":
        return "成本指标" if stated_level1 == "成本指标" else "产出指标"
    if level2 in ("经济成本指标", "社会成本指标", "生态环境成本指标"):
        return "成本指标"
    return LEVEL1_OF_LEVEL2.get(level2, stated_level1 or "")


def is_category_word(text: str) -> bool:
    """True for header words that are categories of either level."""
    return is_level1(text) or is_level2(text)


# Headings of the evaluation framework that some forms use instead of, or above, the standard
# categories. Rows under them keep the heading as written (raw level) and no normalised level:
# - containers hold the standard categories as their second level (the NDRC form's
#   实施效果指标 | 产出指标 | …);
# - siblings stand beside 产出/效益 in self-evaluation forms (决策, 过程, 项目管理 …);
# - sub-headings are the second level under a sibling (项目立项, 资金投入 …).
_FRAMEWORK_CONTAINERS = {"实施效果"}
_FRAMEWORK_SIBLINGS = {"决策", "项目决策", "过程", "项目过程", "项目管理", "管理"}
_FRAMEWORK_SUBS = {
    "项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "业务管理", "财务管理", "立项",
}


def framework_level(text: str) -> int | None:
    """1 for a framework heading at the first level, 2 for one at the second, else None."""
    stem = _stem(text)
    if stem in _FRAMEWORK_CONTAINERS or stem in _FRAMEWORK_SIBLINGS:
        return 1
    if stem in _FRAMEWORK_SUBS:
        return 2
    return None


def is_framework_container(text: str) -> bool:
    return _stem(text) in _FRAMEWORK_CONTAINERS
