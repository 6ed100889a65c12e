"""What an indicator header's columns mean: levels, name, the target value, and the extra
columns flat and self-evaluation forms carry (计量单位, 指标性质, 权重, 完成值, 得分).

Forms differ in what they call a column, so a heading is read by its words: any heading with
指标值 or 目标值 is a value column, and when there are several (实施期 and 年度, 年初 and 调整)
the annual/initial target wins; 完成值/实际值 is what was achieved, never the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from assistant.parse.labels import is_value_heading, normalize_label

# name headings; 绩效指标 is also a merged section label left of 指标名称, so it ranks last
_NAME_HEADINGS = ("三级指标", "指标名称", "三级指标名称", "绩效指标名称", "四级指标")
_UNIT_HEADINGS = ("计量单位", "度量单位", "单位", "指标单位")
_NATURE_HEADINGS = ("指标性质", "指标方向", "指标值类型", "方向", "指标属性", "计算符号", "比较符号", "符号")
_WEIGHT_HEADINGS = ("权重", "分值", "指标权重", "指标分值", "权重分", "权重分值", "标准分值")
# a row-number column (序号 1, 2, 3 …): never a value or a name
NUMBER_HEADINGS = ("序号", "编号", "行次", "序列号")
_SCORE_HEADINGS = ("得分", "指标得分", "自评得分", "评分", "评价得分", "实际得分")
# value headings of a span longer than the year, or revised ones: the annual target wins
_LONG_TERM = ("实施期", "实施周期", "周期", "中期", "长期", "总体", "调整")
_ANNUAL = ("年度", "全年", "年初", "当年", "本年")


def is_actual_heading(flat: str) -> bool:
    """全年完成值, 实际完成值, 全年实际值, 实际值, 完成情况 — what was achieved."""
    if any(word in flat for word in ("原因", "说明", "依据", "得分")):
        return False
    return "实际" in flat or "完成值" in flat or flat.endswith("完成情况") or flat == "完成"


def _value_rank(flat: str) -> int:
    if any(word in flat for word in _LONG_TERM):
        return 2
    return 0 if any(word in flat for word in _ANNUAL) else 1


def parse_weight(text: str) -> Decimal | None:
    """'10', '10分', '2.5' → Decimal; anything else None."""
    flat = (text or "").strip().removesuffix("分").strip()
    if not flat or not flat[0].isdigit():
        return None
    try:
        return Decimal(flat)
    except InvalidOperation:
        return None


@dataclass
class HeaderColumns:
    """Positions of the header's columns (None when the header lacks that column)."""

    width: int
    level1: int | None = None
    level2: int | None = None
    name: int | None = None
    description: int | None = None
    value: int | None = None
    basis: int | None = None
    unit: int | None = None
    nature: int | None = None
    weight: int | None = None
    actual: int | None = None
    score: int | None = None
    section: int | None = None  # a merged label column such as 绩效指标 left of the names
    number: int | None = None  # 序号: the row's number, read by `rows.drop_row_number`
    long_term: int | None = None  # 实施期/中期指标值 beside the annual 年度指标值
    # forms may carry both 指标值类型 (定量/定性) and 指标方向 (正向/反向): all are kept, and the
    # cell that reads as a direction is used
    natures: list[int] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def flat(self) -> bool:
        """No 一级/二级 columns: levels, if any, come from category cells or nothing."""
        return self.level1 is None and self.level2 is None

    @property
    def extended(self) -> bool:
        """The header has typed columns beyond name/value (units, weights, actuals …)."""
        return any(c is not None for c in (self.unit, self.nature, self.weight, self.actual, self.score))

    def roles(self) -> list[str]:
        """Each column's role left to right ('' for columns we do not read)."""
        roles = [""] * self.width
        for role in ("number", "section", "level1", "level2", "name", "description", "value", "basis",
                     "unit", "nature", "weight", "actual", "score", "long_term"):
            index = getattr(self, role)
            if index is not None and index < self.width:
                roles[index] = role
        for index in self.natures:
            roles[index] = "nature"
        return roles

    @classmethod
    def from_cells(cls, cells: list[str]) -> HeaderColumns:
        header = cls(width=len(cells))
        names: list[int] = []
        weak_names: list[int] = []
        level2s: list[int] = []
        values: list[tuple[int, int]] = []
        for index, cell in enumerate(cells):
            flat = normalize_label(cell)
            if not flat:
                continue
            if flat in NUMBER_HEADINGS:
                header.number = index if header.number is None else header.number
            elif flat == "一级指标":
                header.level1 = index if header.level1 is None else header.level1
            elif flat == "二级指标":
                level2s.append(index)
            elif flat in _NAME_HEADINGS:
                names.append(index)
            elif flat == "绩效指标":
                weak_names.append(index)
            elif is_actual_heading(flat):
                header.actual = index if header.actual is None else header.actual
            elif "依据" in flat or flat in ("绩效标准", "评价标准", "备注"):
                if header.basis is None:
                    header.basis = index
            elif is_value_heading(flat):
                values.append((_value_rank(flat), index))
            elif "描述" in flat or "解释" in flat or flat in ("指标内容", "指标说明"):
                if header.description is None:
                    header.description = index
            elif flat in _UNIT_HEADINGS:
                header.unit = index if header.unit is None else header.unit
            elif flat in _NATURE_HEADINGS:
                header.nature = index if header.nature is None else header.nature
                header.natures.append(index)
            elif flat in _WEIGHT_HEADINGS:
                header.weight = index if header.weight is None else header.weight
            elif flat in _SCORE_HEADINGS:
                header.score = index if header.score is None else header.score
            else:
                header.extra[flat] = index
        if values:
            header.value = min(values)[1]
            # the multi-year target beside the annual one: kept, never the value
            long_term = [index for rank, index in values if rank == 2 and index != header.value]
            header.long_term = long_term[0] if long_term else None
        if not names:
            names, weak_names = weak_names, []
        if weak_names and names and weak_names[0] < names[0]:
            header.section = weak_names[0]
        # repeated column sets (实施期 | 年度): the name and 二级 belonging to the chosen value
        before = [i for i in names if header.value is None or i < header.value]
        header.name = before[-1] if before else (names[0] if names else None)
        level2_before = [i for i in level2s if header.name is None or i < header.name]
        header.level2 = level2_before[-1] if level2_before else (level2s[0] if level2s else None)
        return header
