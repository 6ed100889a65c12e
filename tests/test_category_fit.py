"""R003 beyond the first cases: satisfaction under 效益, quality rates and specs under 数量, a
deadline under 可持续影响, a slogan under 质量; and what stays quiet."""

from __future__ import annotations

import pytest

from assistant.model import Indicator
from assistant.parse.values import parse_target
from assistant.rules.category_fit import category_mismatch


def _row(level1: str, level2: str, name: str, value: str) -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, target=parse_target(value))


@pytest.mark.parametrize(("level1", "level2", "name", "value", "word"), [
    ("效益指标", "社会效益指标", "受益群众满意度", "≥90%", "满意度"),
    ("产出指标", "数量指标", "工程验收合格率", "100%", "合格"),
    ("产出指标", "数量指标", "路面宽度", "4.5米", "技术规格"),
    ("效益指标", "可持续影响指标", "项目完成时间", "12月底前", "时效"),
    ("效益指标", "可持续影响指标", "工程建设工期", "1年", "时效"),
    ("产出指标", "质量指标", "确保社区工作正常运行", "是", "口号"),
    ("产出指标", "时效指标", "资助人数覆盖率", "100%", "比率"),
])
def test_misfiled_rows_are_r003(level1: str, level2: str, name: str, value: str, word: str) -> None:
    reason = category_mismatch(_row(level1, level2, name, value))
    assert reason and word in reason


@pytest.mark.parametrize(("level1", "level2", "name", "value"), [
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"),
    ("产出指标", "数量指标", "硬化道路长度", "2公里"),
    ("产出指标", "数量指标", "补贴发放覆盖率", "100%"),  # coverage under 数量: V002 only
    ("效益指标", "可持续影响指标", "工程使用年限", "≥20年"),  # how long benefits last
    ("效益指标", "可持续影响指标", "长效管护", "长期"),
    ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ("产出指标", "时效指标", "资金到位率", "100%"),
    ("产出指标", "时效指标", "法定审限内结案率", "≥95%"),
    ("产出指标", "成本指标", "设施农业种植人员(县内培训)", "≤1000元/人"),  # money is a cost
    ("效益指标", "经济效益指标", "利息费用保障率", "100%"),
])
def test_rows_in_their_category_are_quiet(level1: str, level2: str, name: str, value: str) -> None:
    assert category_mismatch(_row(level1, level2, name, value)) is None
