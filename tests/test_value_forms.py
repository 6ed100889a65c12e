"""A table of value forms that are ordinary targets: none may draw V001 (no usable target) or
V002 (kind does not fit the category). Each row: 一级, 二级, 三级指标, 指标值."""

from __future__ import annotations

import pytest

from assistant.model import Document, Indicator, TargetTable, ValueKind
from assistant.parse import read_text
from assistant.parse.values import parse_target
from assistant.rules import check

OUT, EFFECT = "产出指标", "效益指标"

FORMS: list[tuple[str, str, str, str]] = [
    # date ranges and dotted dates under 时效
    (OUT, "时效指标", "项目实施期限", "2021年1月-12月"),
    (OUT, "时效指标", "项目实施期限", "2024.1-2024.12"),
    (OUT, "时效指标", "补贴期限", "2020.1.1-2020.12.31"),
    (OUT, "时效指标", "实施时间", "1-12月"),
    (OUT, "时效指标", "实施时间", "2023年1月至2023年12月"),
    (OUT, "时效指标", "完成时间", "2024.12"),
    (OUT, "时效指标", "完成时间", "2024.12.31前"),
    (OUT, "时效指标", "完成时间", "2024年12月31日前"),
    (OUT, "时效指标", "完成时间", "12月底前完成"),
    (OUT, "时效指标", "实施时间", "2023年1月1日至2023年12月31日"),
    (OUT, "时效指标", "完成时间", "年底前"),
    (OUT, "时效指标", "办结时限", "30天内"),
    (EFFECT, "可持续影响指标", "受益年限", "3-5年"),
    # frequencies and periods under 时效
    (OUT, "时效指标", "巡查频次", "1次/月"),
    (OUT, "时效指标", "巡查频次", "≥2次/年"),
    (OUT, "时效指标", "考核周期", "每季度"),
    (OUT, "时效指标", "资金发放时间", "按月"),
    (OUT, "时效指标", "资金发放时间", "按月发放"),
    (OUT, "时效指标", "检查频次", "每月1次"),
    (OUT, "时效指标", "检查频次", "每季度一次"),
    (OUT, "时效指标", "项目周期", "1年"),
    (OUT, "时效指标", "办结时限", "3个工作日以内"),
    (OUT, "时效指标", "巡查频次", "2次/季度"),
    (OUT, "时效指标", "巡查频次", "每年1次"),
    # grades
    (OUT, "质量指标", "工程质量", "优良"),
    (OUT, "质量指标", "验收结果", "合格"),
    (OUT, "质量指标", "排放标准", "达标"),
    (EFFECT, "社会效益指标", "群众生活条件", "好/较好"),
    (EFFECT, "社会效益指标", "社会影响", "高/较高"),
    (EFFECT, "可持续影响指标", "长效管护机制", "健全"),
    (EFFECT, "社会效益指标", "服务水平", "较好"),
    # comparators written out or in ASCII
    (OUT, "质量指标", "验收合格率", ">=95%"),
    (OUT, "成本指标", "项目总成本", "<=50万元"),
    (OUT, "质量指标", "验收合格率", "不低于95%"),
    (OUT, "数量指标", "培训人数", "不少于300人"),
    (OUT, "成本指标", "项目总成本", "不超过120万元"),
    (OUT, "成本指标", "项目总成本", "120万元以内"),
    (OUT, "质量指标", "验收合格率", "95%以上"),
    (OUT, "数量指标", "培训人次", "300人次以上"),
    # units
    (OUT, "数量指标", "道路宽度", "4.5M"),
    (OUT, "数量指标", "路面厚度", "≥18厘米"),
    (EFFECT, "经济效益指标", "产量提高", "≥1.5倍"),
    (EFFECT, "经济效益指标", "年发电量", "≥12万千瓦时"),
    (OUT, "数量指标", "新增装机容量", "50千瓦"),
    (OUT, "成本指标", "物业服务费", "≤3.2万元/月"),
    (OUT, "成本指标", "补贴标准", "71.86元/平方米"),
    (OUT, "成本指标", "人均补助", "1000元/人"),
    (OUT, "成本指标", "人均补助标准", "0.5万元/人·年"),
    (OUT, "质量指标", "考核得分", "≥90分"),
    (OUT, "数量指标", "硬化道路长度", "2公里"),
    (OUT, "数量指标", "新建面积", "1200㎡"),
    # comparator / number / unit in separate cells, joined by a space
    (OUT, "数量指标", "培训人数", "≥ 300 人"),
    (OUT, "质量指标", "验收合格率", "= 100 %"),
    (OUT, "时效指标", "完成及时率", "≥ 95 %"),
]


def _document(level1: str, level2: str, name: str, value: str) -> Document:
    row = Indicator(level1=level1, level2=level2, name=name, target=parse_target(value))
    table = TargetTable(project="示例项目", indicators=[row])
    return Document(source="forms", tables=[table])


@pytest.mark.parametrize(("level1", "level2", "name", "value"), FORMS, ids=[f[3] for f in FORMS])
def test_value_form_is_a_target(level1: str, level2: str, name: str, value: str) -> None:
    target = parse_target(value)
    assert target.kind not in (ValueKind.TEXT, ValueKind.EMPTY), target
    found = check(_document(level1, level2, name, value), select=["V001", "V002"])
    assert not found, [f.message for f in found]


def test_money_per_month_is_money() -> None:
    target = parse_target("3.2万元/月")
    assert target.kind == ValueKind.UNIT_COST and target.unit == "万元/月"
    assert target.money_yuan is not None or target.unit.startswith("万元")


def test_split_comparator_number_unit_columns_join() -> None:
    # pipe rows with comparator, number and unit in their own cells (as web tables publish them)
    text = (
        "项目名称 | 示例道路项目\n"
        "| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |\n"
        "| 产出指标 | 数量指标 | 硬化道路长度 | ≥ | 2 | 公里 |\n"
        "| 产出指标 | 时效指标 | 完成及时率 | ≥ | 95 | % |\n"
        "| 效益指标 | 社会效益指标 | 群众出行条件 | ﹦ | 100 | % |\n"
    )
    document = read_text(text)
    rows = [r for t in document.tables for r in t.indicators]
    assert [(r.target.comparator and r.target.comparator.value, str(r.target.number), r.target.unit)
            for r in rows] == [("≥", "2", "公里"), ("≥", "95", "%"), ("=", "100", "%")]
    assert not check(document, select=["V001", "V002"])
