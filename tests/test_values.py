"""Target-value parser on real 指标值 cells from the seeds and the published corpus."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.model import Comparator, ValueKind
from assistant.parse.values import is_vague_grade, looks_like_value, parse_target

K = ValueKind
SEEDS = Path(__file__).parent / "fixtures" / "seeds"

# (raw cell, comparator, number, unit, kind): every 指标值 seen in seeds 000–002 plus values
# from the corpus tables (k012, k021, k024, k026–k032 …), as published.
CASES = [
    ("≥95百分比", "≥", "95", "%", K.PERCENT),
    ("≥95%", "≥", "95", "%", K.PERCENT),
    ("=100%", "=", "100", "%", K.PERCENT),
    ("85%以上", "≥", "85", "%", K.PERCENT),
    ("12月底前", None, None, None, K.DATE),
    ("21个", None, "21", "个", K.COUNT),
    ("得到促进", None, None, None, K.GRADE),
    ("得到增强", None, None, None, K.GRADE),
    ("是", None, None, None, K.GRADE),
    ("≥90%", "≥", "90", "%", K.PERCENT),
    ("基本保障", None, None, None, K.GRADE),
    ("90%", None, "90", "%", K.PERCENT),
    ("≥85%", "≥", "85", "%", K.PERCENT),
    ("得到保障", None, None, None, K.GRADE),
    ("100%", None, "100", "%", K.PERCENT),
    ("95%", None, "95", "%", K.PERCENT),
    ("12月底", None, None, None, K.DATE),
    ("≥80%", "≥", "80", "%", K.PERCENT),
    ("≤10万元", "≤", "10", "万元", K.MONEY),
    ("≤24万元", "≤", "24", "万元", K.MONEY),
    ("大于等于1次", "≥", "1", "次", K.COUNT),
    ("≦50万元", "≤", "50", "万元", K.MONEY),
    ("=149户", "=", "149", "户", K.COUNT),
    ("低于5人次", "<", "5", "人次", K.COUNT),
    ("90%以上", "≥", "90", "%", K.PERCENT),
    ("=19个", "=", "19", "个", K.COUNT),
    ("=20万", "=", "20", "万元", K.MONEY),
    ("低于1次", "<", "1", "次", K.COUNT),
    ("=119人", "=", "119", "人", K.COUNT),
    ("=263.75万元", "=", "263.75", "万元", K.MONEY),
    ("=1400平方米", "=", "1400", "平方米", K.MEASURE),
    ("=50万元", "=", "50", "万元", K.MONEY),
    ("≧85%", "≥", "85", "%", K.PERCENT),
    ("=78人", "=", "78", "人", K.COUNT),
    ("=34.48万元", "=", "34.48", "万元", K.MONEY),
    ("=28个", "=", "28", "个", K.COUNT),
    ("=30万元", "=", "30", "万元", K.MONEY),
    ("≤10%", "≤", "10", "%", K.PERCENT),
    ("=40", "=", "40", None, K.NUMBER),
    ("=6000元", "=", "6000", "元", K.MONEY),
    ("≤1人次", "≤", "1", "人次", K.COUNT),
    ("=9个", "=", "9", "个", K.COUNT),
    ("=5万元", "=", "5", "万元", K.MONEY),
    ("≥6次", "≥", "6", "次", K.COUNT),
    ("≤1年", "≤", "1", "年", K.PERIOD),
    ("≤242.59万元", "≤", "242.59", "万元", K.MONEY),
    ("395人", None, "395", "人", K.COUNT),
    ("1年", None, "1", "年", K.PERIOD),
    ("≤237万元", "≤", "237", "万元", K.MONEY),
    ("≥500次", "≥", "500", "次", K.COUNT),
    ("≥1年", "≥", "1", "年", K.PERIOD),
    ("≤305.48万元", "≤", "305.48", "万元", K.MONEY),
    ("≤67.54万元", "≤", "67.54", "万元", K.MONEY),
    ("得到提升", None, None, None, K.GRADE),
    ("3个", None, "3", "个", K.COUNT),
    ("≤90万元", "≤", "90", "万元", K.MONEY),
    ("进一步改善", None, None, None, K.GRADE),
    ("有所增强", None, None, None, K.GRADE),
    ("5个", None, "5", "个", K.COUNT),
    ("进一步提高", None, None, None, K.GRADE),
    ("1个", None, "1", "个", K.COUNT),
    ("≤52.9万元", "≤", "52.9", "万元", K.MONEY),
    ("有所提升", None, None, None, K.GRADE),
    ("≤12.3万元", "≤", "12.3", "万元", K.MONEY),
    ("正常运转", None, None, None, K.GRADE),
    ("≤20万元", "≤", "20", "万元", K.MONEY),
    ("≤16.94万元", "≤", "16.94", "万元", K.MONEY),
    ("≤230.12万元", "≤", "230.12", "万元", K.MONEY),
    ("有所提高", None, None, None, K.GRADE),
    ("≤100万元", "≤", "100", "万元", K.MONEY),
    ("127人", None, "127", "人", K.COUNT),
    ("得到提高", None, None, None, K.GRADE),
    ("有利于维护", None, None, None, K.GRADE),
    ("≤5万元", "≤", "5", "万元", K.MONEY),
    ("≤50万元", "≤", "50", "万元", K.MONEY),
    ("4个", None, "4", "个", K.COUNT),
    ("≥90辆", "≥", "90", "辆", K.COUNT),
    ("较高", None, None, None, K.GRADE),
    ("≥100百分比", "≥", "100", "%", K.PERCENT),
    ("程度较高", None, None, None, K.GRADE),
    ("≥400平方米", "≥", "400", "平方米", K.MEASURE),
    ("≥98百分比", "≥", "98", "%", K.PERCENT),
    ("100百分比", None, "100", "%", K.PERCENT),
    ("20万元", None, "20", "万元", K.MONEY),
    ("持续影响", None, None, None, K.TEXT),
    ("1人", None, "1", "人", K.COUNT),
    ("≥900件", "≥", "900", "件", K.COUNT),
    ("100元", None, "100", "元", K.MONEY),
    ("≥57个", "≥", "57", "个", K.COUNT),
    ("≥100组", "≥", "100", "组", K.COUNT),
    ("≥98%", "≥", "98", "%", K.PERCENT),
    ("≥4次", "≥", "4", "次", K.COUNT),
    ("≤7工作日", "≤", "7", "工作日", K.PERIOD),
    ("= 44,561", "=", "44561", None, K.NUMBER),
    ("= 24 人/次", "=", "24", "人次", K.COUNT),
    ("= 0 万元/人", "=", "0", "万元/人", K.UNIT_COST),
    ("= 1 万元", "=", "1", "万元", K.MONEY),
    ("= 100 %", "=", "100", "%", K.PERCENT),
    ("=570元/人*月", "=", "570", "元/人/月", K.UNIT_COST),
    ("=5300元/户", "=", "5300", "元/户", K.UNIT_COST),
    (">=17600株", "≥", "17600", "株", K.COUNT),
    ("≤28.40/株", "≤", "28.40", "/株", K.UNIT_COST),
    ("大于等于10157.6平方米", "≥", "10157.6", "平方米", K.MEASURE),
    ("小于等于 90 万元", "≤", "90", "万元", K.MONEY),
    ("大于等于 95 %", "≥", "95", "%", K.PERCENT),
    ("稳步提高", None, None, None, K.GRADE),
    ("有效改善", None, None, None, K.GRADE),
    ("有效提高", None, None, None, K.GRADE),
    ("可控", None, None, None, K.TEXT),
    ("2021年12月31日", None, None, None, K.DATE),
    ("296个", None, "296", "个", K.COUNT),
    ("高中低", None, None, None, K.TEXT),
    ("≥500份", "≥", "500", "份", K.COUNT),
    ("≥10户", "≥", "10", "户", K.COUNT),
    ("≥80万元", "≥", "80", "万元", K.MONEY),
    ("≤65万元", "≤", "65", "万元", K.MONEY),
    ("=9431人", "=", "9431", "人", K.COUNT),
    ("=59人次", "=", "59", "人次", K.COUNT),
    ("=1.32万元", "=", "1.32", "万元", K.MONEY),
    ("≧90%", "≥", "90", "%", K.PERCENT),
    (">92%", ">", "92", "%", K.PERCENT),
    ("≤100%", "≤", "100", "%", K.PERCENT),
    ("实际支出", None, None, None, K.TEXT),
    ("人社局批复金额", None, None, None, K.TEXT),
    ("≥5次", "≥", "5", "次", K.COUNT),
    ("小于等于 1", "≤", "1", None, K.NUMBER),
    ("大于等于 70", "≥", "70", None, K.NUMBER),
    ("=21933人", "=", "21933", "人", K.COUNT),
    ("≤****000元", None, None, None, K.TEXT),
    ("3年", None, "3", "年", K.PERIOD),
]


@pytest.mark.parametrize(("raw", "comparator", "number", "unit", "kind"), CASES)
def test_real_values(raw, comparator, number, unit, kind):
    target = parse_target(raw)
    assert target.raw == raw
    assert target.kind == kind
    assert (target.comparator.value if target.comparator else None) == comparator
    assert target.number == (Decimal(number) if number is not None else None)
    assert target.unit == unit


def test_real_value_list_is_broad():
    assert len(CASES) >= 80
    assert {kind for *_, kind in CASES} >= {K.COUNT, K.PERCENT, K.MONEY, K.UNIT_COST, K.MEASURE,
                                             K.DATE, K.PERIOD, K.NUMBER, K.GRADE, K.TEXT}


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("≥95百分比", "百分比"),
        ("≥100%", "=100%"),
        ("≥100百分比", "=100%"),
        ("120%", "超过100%"),
        ("= 44,561", "2021-12-31"),
        ("=20万", "万元"),
        ("≤28.40/株", "货币单位"),
        ("≥**%", "占位符"),
        ("≤90%以上", "矛盾"),
    ],
)
def test_problems_are_recorded(raw, fragment):
    problems = parse_target(raw).problems
    assert any(fragment in p for p in problems), problems


@pytest.mark.parametrize("raw", ["=100%", "≥95%", "85%以上", "=149户", "12月底前", "是", "=263.75万元"])
def test_clean_values_have_no_problems(raw):
    assert parse_target(raw).problems == []


def test_full_width_and_spacing():
    target = parse_target("＞＝９５．５％")
    assert (target.comparator, target.number, target.unit) == (Comparator.GE, Decimal("95.5"), "%")
    assert parse_target(" ≦ 50 万元 ").money_yuan == Decimal(500000)
    assert parse_target("1400㎡").unit == "平方米"
    assert parse_target("1400平米").unit == "平方米"


def test_ranges():
    target = parse_target("90%-95%")
    assert (target.number, target.upper, target.unit, target.kind) == (
        Decimal(90), Decimal(95), "%", K.PERCENT)
    assert parse_target("90~95%").upper == Decimal(95)


def test_word_comparators():
    assert parse_target("不低于90%").comparator == Comparator.GE
    assert parse_target("不超过5次").comparator == Comparator.LE
    assert parse_target("50万元以内").comparator == Comparator.LE
    assert parse_target("10%以下").comparator == Comparator.LE
    assert parse_target("95%（含）以上").comparator == Comparator.GE
    assert parse_target("少于3次").comparator == Comparator.LT


def test_dates_and_periods():
    for raw in ("12月底前", "12月底", "2024年12月31日", "年底前", "12月31日前", "2024.12.31"):
        target = parse_target(raw)
        assert target.kind == K.DATE and target.date == raw, raw
    assert parse_target("按月").period == "按月"
    assert parse_target("全年").kind == K.PERIOD
    days = parse_target("3个工作日")
    assert (days.kind, days.number, days.unit) == (K.PERIOD, Decimal(3), "工作日")
    assert parse_target("5个工作日内").comparator == Comparator.LE
    assert parse_target("12个月").kind == K.PERIOD


def test_unit_costs():
    for raw, unit in [("1000元/人/月", "元/人/月"), ("4830元/人·月", "元/人/月"),
                      ("5万元/村", "万元/村"), ("40元/人/年", "元/人/年"), ("20万元/年", "万元/年")]:
        target = parse_target(raw)
        assert (target.kind, target.unit) == (K.UNIT_COST, unit), raw


def test_grades_and_vague_phrases():
    for raw in ("是", "否", "好", "较好", "一般", "差", "优", "良", "高", "中", "低",
                "达成年度指标", "显著", "明显"):
        target = parse_target(raw)
        assert target.kind == K.GRADE and target.grade == raw, raw
        assert not is_vague_grade(target), raw
    for raw in ("有所提高", "得到提升", "进一步改善", "有效改善", "得到保障", "稳步提高"):
        target = parse_target(raw)
        assert target.kind == K.GRADE and target.grade == raw, raw
        assert is_vague_grade(target), raw
    assert parse_target("实际支出").grade is None


def test_negation():
    goal = parse_target("不提高服务水平")
    assert goal.negated and goal.kind == K.TEXT
    assert parse_target("不发生").negated
    assert parse_target("不发生").kind == K.GRADE
    assert not parse_target("不超过5次").negated
    assert not parse_target("不低于90%").negated


def test_empty():
    assert parse_target("").kind == K.EMPTY
    assert parse_target("   ").kind == K.EMPTY


@pytest.mark.parametrize(
    "text",
    ["=100%", "≥95百分比", "85%以上", "12月底前", "是", "否", "=263.75万元", "低于5人次",
     "1000元/人/月", "≥1年", "按月", "较好", "有所提高", "=40"],
)
def test_looks_like_value_true(text):
    assert looks_like_value(text)


@pytest.mark.parametrize(
    "text",
    ["年度工作计划", "上级政策", "上级政策、工作经验", "社区网格员发放人数", "资金是否按时发放",
     "该项目实际支出资金与预算资金的比率", "2024县级预算编制通知", "实际支出", "人社局批复金额",
     "得到保障的村级组织数量", "项目完成时限", "满意度", "100%整改完成为优秀", "工资保险发放覆盖率", ""],
)
def test_looks_like_value_false(text):
    assert not looks_like_value(text)


def _seed_rows(path: Path) -> list[list[str]]:
    """Indicator rows of a seed: tab-indented cells, rows split by blank lines."""
    rows, current = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("\t"):
            current.append(line[1:])
        elif not line.strip():
            if current:
                rows.append(current)
            current = []
        elif current:
            current[-1] += "\n" + line
    out, inside = [], False
    for row in rows:
        cells = [c.strip() for c in row]
        if any("绩效指标描述" in c for c in cells):
            inside = True
        elif inside and len(cells) >= 5:
            out.append(cells)
        else:
            inside = False
    return out


@pytest.mark.parametrize("seed", ["000.txt", "001.txt", "002.txt"])
def test_seed_cells_place_correctly(seed):
    rows = _seed_rows(SEEDS / seed)
    assert len(rows) > 20
    for cells in rows:
        value = cells[-2]
        assert looks_like_value(value), value
        assert parse_target(value).kind not in (K.TEXT, K.EMPTY), value
        for other in cells[:-2] + cells[-1:]:
            assert not other or not looks_like_value(other), other


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_target_never_raises(text):
    target = parse_target(text)
    assert target.raw == text
    assert isinstance(looks_like_value(text), bool)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,%=<>≥≤≦≧＞＝-~万元人次个年月日底前以上以下内不低于高否是/·*", max_size=16))
def test_parse_target_never_raises_on_value_like_text(text):
    parse_target(text)


@pytest.mark.parametrize("raw", ["M.8万元", "第O份", "1O0人", "≥9O%", "l5.2吨"])
def test_letters_in_place_of_digits_are_a_problem(raw: str) -> None:
    assert any("字母" in p for p in parse_target(raw).problems), raw


@pytest.mark.parametrize("raw", ["100m2", "500kWh", "≥3km", "I类", "O型", "≥95%", "Ⅲ类水质", "20kg/人"])
def test_units_and_classes_in_letters_are_not_misreads(raw: str) -> None:
    assert not any("字母" in p for p in parse_target(raw).problems), raw
