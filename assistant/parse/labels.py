"""The label cells of a target table's upper part (项目名称, 预算数, 资金用途 …) and goal splitting."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from assistant.parse.normalize import to_simplified

_SPACE = re.compile(r"[\s\u3000]+")
_PAREN = re.compile(r"[（(][^）)]{0,8}[）)]")


# a numbered template row left unfilled: '指标1:', '指标 2：' with nothing after it
TEMPLATE_ROW = re.compile(r"^指标\s*[0-9一二三四五六七八九十LlI]{1,2}\s*[:：]?$")


class Label(Enum):
    PROJECT_NAME = "project"
    CODE = "code"
    UNIT = "unit"
    UNIT_MONEY = "money_unit"
    TOTAL = "total"
    FISCAL = "fiscal"
    OTHER = "other"
    SUM = "sum"
    PURPOSE = "purpose"
    SPENDING = "spending"
    GOALS = "goals"
    PERIOD = "period"


_LABELS: dict[str, Label] = {
    "项目名称": Label.PROJECT_NAME,
    "项目编码": Label.CODE,
    "项目代码": Label.CODE,
    "项目编号": Label.CODE,
    "主管部门": Label.UNIT,
    "实施单位": Label.UNIT,
    "项目实施单位": Label.UNIT,
    "部门名称": Label.UNIT,
    "单位名称": Label.UNIT,
    "预算单位": Label.UNIT,
    "部门单位名称": Label.UNIT,
    "计量单位": Label.UNIT_MONEY,
    "预算数": Label.TOTAL,
    "预算金额": Label.TOTAL,
    "年度预算": Label.TOTAL,
    "年度预算数": Label.TOTAL,
    "预算总额": Label.TOTAL,
    "资金总额": Label.TOTAL,
    "年度资金总额": Label.TOTAL,
    "项目总额": Label.TOTAL,
    "项目资金": Label.TOTAL,
    "财政资金": Label.FISCAL,
    "财政拨款": Label.FISCAL,
    "其中财政资金": Label.FISCAL,
    "其中财政拨款": Label.FISCAL,
    "其他资金": Label.OTHER,
    "其中其他资金": Label.OTHER,
    "合计": Label.SUM,
    "金额合计": Label.SUM,
    "资金用途": Label.PURPOSE,
    "主要用途": Label.PURPOSE,
    "项目资金主要用途": Label.PURPOSE,
    "预算规模及资金用途": Label.PURPOSE,
    "资金用途及测算依据": Label.PURPOSE,
    "测算依据": Label.PURPOSE,
    "项目概况": Label.PURPOSE,
    "项目实施内容": Label.PURPOSE,
    "实施内容": Label.PURPOSE,
    "资金支出计划": Label.SPENDING,
    "累计支出资金": Label.SPENDING,
    "支出计划": Label.SPENDING,
    "资金使用计划": Label.SPENDING,
    "绩效目标": Label.GOALS,
    "项目绩效目标": Label.GOALS,
    "年度绩效目标": Label.GOALS,
    "年度总体目标": Label.GOALS,
    "总体目标": Label.GOALS,
    "年度目标": Label.GOALS,
    "实施期目标": Label.GOALS,
    "年度主要任务": Label.GOALS,
    # only words no indicator row is named by (实施期限 can be a 时效 indicator's name)
    "项目期": Label.PERIOD,
    "项目起止时间": Label.PERIOD,
    "起止时间": Label.PERIOD,
    "项目实施期": Label.PERIOD,
}


# headings forms shorten: 一级 | 二级 | 三级 stand for 一级指标 | 二级指标 | 三级指标
_SHORT_HEADINGS = {"一级": "一级指标", "二级": "二级指标", "三级": "三级指标"}


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    text = to_simplified(_SPACE.sub("", text or ""))  # 項目名稱 reads as 项目名称
    text = _PAREN.sub("", text)
    return text.strip(":：").replace("：", "").replace(":", "")


def heading_word(cell: str) -> str:
    """A header cell's word, with the short forms (一级, 二级, 三级) spelt out."""
    flat = normalize_label(cell)
    return _SHORT_HEADINGS.get(flat, flat)


def label_of(cell: str) -> Label | None:
    """The label a cell is, or None for a value or prose cell."""
    if not cell or len(cell) > 24:
        return None
    return _LABELS.get(normalize_label(cell))


def find_label(cells: list[str]) -> tuple[int, Label] | None:
    for index, cell in enumerate(cells):
        label = label_of(cell)
        if label is not None:
            return index, label
    return None


def is_value_heading(flat: str) -> bool:
    """指标值, 年度指标值, 全年指标值, 目标值, 指标值（2024年）… but not 指标值确定依据/指标值类型,
    nor what was achieved (实际完成指标值)."""
    if any(word in flat for word in ("依据", "说明", "类型", "解释", "来源", "实际", "完成")):
        return False
    return (
        "指标值" in flat or flat.endswith(("目标值", "数值")) or flat in ("目标值", "预期值", "期望值", "年度值")
    )


_NAME_HEADINGS = {"指标名称", "三级指标", "三级指标名称", "绩效指标名称"}
_FLAT_EXTRAS = ("计量单位", "度量单位", "指标性质", "指标方向", "权重", "分值", "完成值", "实际值", "得分")


# column headings forms word differently (全年完成值, 未完成原因和改进措施, 权重得分, 单位, 实施进度),
# read by their endings once a header run has begun
_COLUMN_HEADING = re.compile(
    r"^(?:计量|度量)?单位$|^.{0,10}(?:指标|指标值|完成值|实际值|目标值|数值|得分|分值|权重|原因|措施|依据|说明"
    r"|备注|进度|情况|性质|方向|原因分析)$"
)


def is_column_heading(cell: str) -> bool:
    """A header cell by its ending; never a category word or a value."""
    from assistant.parse.categories import framework_level, is_category_word
    from assistant.parse.values import looks_like_value

    flat = normalize_label(cell)
    return (
        bool(_COLUMN_HEADING.match(flat))
        and not is_category_word(cell)
        and not framework_level(cell)
        and not looks_like_value(cell)
    )


def is_header_row(cells: list[str]) -> bool:
    """The indicator grid's header: 一级指标 | 二级指标 | 三级指标 | … | 指标值, or a flat one
    without levels: 指标名称 | 计量单位 | 指标性质 | 指标值 | 权重 | 全年完成值 | 得分."""
    flat = {heading_word(c) for c in cells if c}
    has_level1 = "一级指标" in flat
    others = {"二级指标", "三级指标", "指标值", "绩效指标"} & flat
    # 一级 | 二级 written short also begin a wrapped header's fragments (一级 / 指标): only with
    # a value heading beside them is the row a header
    short = any(normalize_label(c) in _SHORT_HEADINGS for c in cells if c)
    if has_level1 and others and (not short or any(is_value_heading(f) for f in flat)):
        return True
    if not any(is_value_heading(f) for f in flat):
        return False
    if flat & _NAME_HEADINGS:
        return True
    # 绩效指标 names the rows only when the other headings show an indicator grid
    return "绩效指标" in flat and any(word in f for f in flat for word in _FLAT_EXTRAS)


_GOAL_SPLIT = re.compile(
    r"(?:^|(?<=[\s；;。]))(?:目标\s*\d{1,2}\s*[:：、.．]?|[（(]?\d{1,2}\s*[)）.．、](?!\d))"
)


def split_goals(text: str) -> list[str]:
    """Split a 绩效目标 cell into goals: '目标1…；目标2…', '1.…\\n2.…' or one per line."""
    text = (text or "").strip()
    if not text:
        return []
    if _GOAL_SPLIT.search(text):
        parts = [p.strip(" \n；;，,") for p in _GOAL_SPLIT.split(text)]
    else:
        parts = text.split("\n")
    goals = [re.sub(r"\s+", " ", p).strip(" ；;") for p in parts if p.strip(" \n；;，,")]
    # a lead-in ('…达成以下目标：') introduces the goals after it; it is not a goal itself
    return [g for i, g in enumerate(goals) if not (g.endswith((":", "：")) and i + 1 < len(goals))]
