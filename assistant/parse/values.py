"""Reading a 指标值 cell into a Target (comparator, number, unit, kind).

Kinds, and how qualitative text is split (rules rely on this):
- GRADE covers (a) graded levels from a closed scale: 是/否, 有/无, 好/较好/一般/差, 优/良/中/差,
  高/较高/中/低, 合格/达标, 达成年度指标…, 显著/明显, 及时/准确/正常; and (b) direction phrases
  such as 有所提高, 得到提升, 进一步改善, 有效改善, 得到保障, 稳步提高. Both keep the text in
  `grade`. `is_vague_grade()` tells (b) from (a): (b) say which way things move but not how far,
  which is what a wording rule should point at.
  Two levels of one scale written together (好/较好, 高/较高) are a graded level too.
- DATE covers single dates (12月底前, 2024.12.31) and date ranges (2021年1月-12月, 2024.1-2024.12,
  1-12月); PERIOD covers durations and cadences (1年, 3个工作日以内, 每季度, 按月). A frequency
  (1次/月, 每月1次) is a MEASURE whose unit ends in a period (次/月), which 时效 accepts.
- TEXT is everything else: prose (实际支出, 人社局批复金额), placeholders, a number followed by
  words that are not a unit. Rules decide which prose is no target at all (V001,
  `rules/value_checks.non_target`). A trailing sentence stop (95%以上。) is not part of a value.
- Units: "个X" collapses to X (19个社区 → 社区, 12个月 → 月, 3个工作日 → 工作日); other
  classifiers keep only the classifier (30名学生 → 名). 百分比 → %, ㎡/平米 → 平方米.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from assistant.model import Comparator, Target, ValueKind
from assistant.parse.textnum import CN_NUMBER, NUMBER, cn_to_int, normalize, to_decimal


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GE, LE, EQ, GT, LT = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.GT, Comparator.LT

# Longest first, so 大于等于 wins over 大于 and >= over >.
_PREFIXES: list[tuple[str, Comparator]] = [
    ("大于或等于", GE), ("小于或等于", LE), ("大于等于", GE), ("小于等于", LE),
    (">=", GE), ("=>", GE), ("<=", LE), ("=<", LE), ("==", EQ),
    ("不低于", GE), ("不少于", GE), ("不小于", GE), ("不高于", LE), ("不超过", LE),
    ("不多于", LE), ("不大于", LE), ("控制在", LE), ("至少", GE), ("最多", LE),
    ("达到", GE), ("高于", GT), ("大于", GT), ("超过", GT), ("多于", GT),
    ("低于", LT), ("小于", LT), ("少于", LT), ("不足", LT), ("不到", LT), ("等于", EQ),
    ("≥", GE), ("≤", LE), ("=", EQ), (">", GT), ("<", LT),
]
_SUFFIXES: list[tuple[str, Comparator]] = [
    ("(含)以上", GE), ("及以上", GE), ("以上", GE), ("之上", GE),
    ("(含)以下", LE), ("及以下", LE), ("以下", LE), ("以内", LE), ("之内", LE),
]

_PERCENT_UNITS = {"%": "%", "百分比": "%", "‰": "‰", "百分点": "个百分点", "个百分点": "个百分点"}
_MONEY_UNITS = {"元": "元", "万元": "万元", "亿元": "亿元", "千元": "千元", "元人民币": "元",
                "万": "万元", "亿": "亿元"}
COUNT_UNITS = _words(
    "人 人次 户 户次 个 次 村 社区 件 份 家 所 座 辆 台 套 株 棵 组 项 场 期 批 批次 篇 条 本 册"
    " 名 位 处 间 栋 张 块 头 只 口 宗 起 部 支 队 床 架 艘 盏 根 眼 架次 班次 人日 课时 学时"
    " 门 类 种 例 单 封 节 轮 所学校 小区 乡镇 街道 个村 吨次 车次 网格 万人 万户 樘 扇 孔 副 顶 匹 片 箱 袋 桶"
)
_MEASURE_UNITS = {
    "平方米": "平方米", "㎡": "平方米", "平米": "平方米", "m2": "平方米", "平方": "平方米",
    "万平方米": "万平方米", "立方米": "立方米", "m3": "立方米", "方": "立方米", "米": "米",
    "m": "米", "公里": "公里", "千米": "公里", "km": "公里", "亩": "亩", "万亩": "万亩",
    "公顷": "公顷", "吨": "吨", "万吨": "万吨", "千克": "千克", "公斤": "千克", "kg": "千克",
    "升": "升", "千瓦": "千瓦", "度": "度", "分": "分", "分贝": "分贝", "兆瓦": "兆瓦",
    "M": "米", "厘米": "厘米", "cm": "厘米", "毫米": "毫米", "mm": "毫米", "倍": "倍",
    "千瓦时": "千瓦时", "kwh": "千瓦时", "kWh": "千瓦时", "兆瓦时": "兆瓦时", "延米": "米",
}
_PERIOD_UNITS = {"年": "年", "月": "月", "周": "周", "天": "天", "日": "日", "工作日": "工作日",
                 "小时": "小时", "分钟": "分钟", "季度": "季度", "学期": "学期"}

_NUM = rf"(?:{NUMBER}|{CN_NUMBER})"
_CORE = re.compile(
    rf"^(?P<num>{_NUM})(?P<u1>%|百分比)?(?:(?P<sep>-|~|至|到|—|–)(?P<num2>{_NUM}))?(?P<unit>.*)$"
)
_DATE = re.compile(
    r"^(?:截至|截止|截止到|于|在)?"
    r"(?:(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号]|底|末|上旬|中旬|下旬|中|初|份)?"
    r"|(?:\d{4}年)?(?:年底|年末|年中|年初|年内|上半年|下半年|第?[一二三四1-4]季度(?:末|底)?)"
    r"|\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{4}年(?:度)?|当年(?:度)?|本年度?)"
    r"(?:前|之前|以前|内|止|截止|底)?(?:完成|完工|前完成|支付|发放|到位)?$"
)
# One end of a date range: 2021年1月, 12月, 2024.1, 2020.12.31, 2023年; a bare month number only
# on the left of 1-12月 (the range as a whole must name 年 or 月, or be dotted dates).
_DATE_POINT = (
    r"(?:\d{4}年(?:度)?)?\d{1,2}月(?:\d{1,2}[日号])?(?:底|末|初)?|\d{4}[./]\d{1,2}(?:[./]\d{1,2})?"
    r"|\d{4}年(?:度)?|\d{1,2}"
)
_DATE_RANGE = re.compile(
    rf"^(?:自|从)?(?:{_DATE_POINT})(?:-|~|至|到|—|–|－|～)(?:{_DATE_POINT})(?:期间|内|止|前)?$"
)
# Frequencies: 每月1次, 每季度一次, 每年2次 (read as 次/月 …, like 1次/月).
_FREQUENCY = re.compile(
    rf"^(?:每|按)(?P<per>月|季度|季|年|半年|周|天|日|学期)(?:度)?(?:开展|检查|巡查|召开|组织)?"
    rf"(?P<num>{NUMBER}|{CN_NUMBER})(?P<unit>次|轮|期|场)$"
)
_PERIOD_WORD = re.compile(
    r"^(?:(?:按|每)(?:月|季|季度|年|半年|周|天|日|学期)(?:度)?(?:发放|支付|拨付|考核|开展)?"
    r"|全年|全年度|长期|常年|半年|一年|持续)$"
)
_PERIOD_NUM = re.compile(rf"^(?P<num>{_NUM})(?P<unit>个?(?:工作日|月|季度)|年|周|天|日|小时|分钟|学期)"
                         r"(?P<tail>内|以内|之内)?$")

_SCALE_GRADES = _words(
    "是 否 有 无 好 较好 很好 良好 一般 较差 差 优 优秀 良 中 中等 合格 不合格 达标 未达标 高 较高"
    " 很高 低 较低 中高 达成年度指标 部分达成年度指标并具有一定效果 未达成年度指标且效果较差"
    " 显著 明显 较明显 完成 全部完成 按时完成 按期完成 已完成 未完成 及时 准确 规范 正常 满意"
    " 优良 良好以上 优秀以上 合格以上 达标以上"
    " 基本满意 不满意 符合 符合要求 达到要求 符合标准 达到标准 安全 稳定 零 全覆盖 不发生 未发生 无发生 不出现 未出现"
)
_GRADE_SUBJECT = re.compile(r"^(?:程度|效果|成效|水平|质量|效益|影响)")
_VAGUE = re.compile(
    r"^(?:得到|有所|进一步|明显|显著|有效|稳步|持续|逐步|不断|大幅|大大|全面|切实|基本|逐年|较大|"
    r"一定程度|较大程度|大力|积极)?(?:得到)?"
    r"(?:提高|提升|改善|增强|加强|促进|保障|优化|健全|完善|增加|降低|减少|下降|上升|巩固|推进|推动|"
    r"改进|好转|增长|保持|维护|落实|稳定|发挥|规范|增进|缓解|拓宽|扩大|加快|运转|正常运转|保证|"
    r"促进发展|发展|提速)(?:了)?$"
    r"|^(?:提高|提升|改善|增强|效果|成效)(?:明显|显著)$|^有利于.{1,6}$|^正常运转$|^基本保障$"
)
_NEGATION = re.compile(r"^(?:不|未|没有)(?!超过|高于|低于|少于|多于|大于|小于|足|到)")
_PLACEHOLDER = re.compile(r"\*\*|××|XX|xx|＊＊|…")
# OCR puts letters where digits were: 'M.8万元', '1O0人', '第O份' (a unit spelt in letters, m2 or
# kWh, follows its digits and is not matched)
_MISREAD = re.compile(
    r"(?:^|(?<=[\u4e00-\u9fff≥≤]))[A-Za-z]\.?\d|\d[OoIl](?![A-Za-z])"
    r"|(?<=[\u4e00-\u9fff])[Oo](?=[\u4e00-\u9fff%％‰]|$)"
)


def _strip_prefix(s: str) -> tuple[Comparator | None, str]:
    for word, comparator in _PREFIXES:
        if s.startswith(word):
            return comparator, s[len(word):]
    return None, s


def is_comparator(cell: str) -> bool:
    """A cell that is a comparator and nothing else (≥, >=, 不低于 …): a value's sign in a
    column of its own."""
    flat = re.sub(r"\s+", "", normalize(cell or ""))
    comparator, rest = _strip_prefix(flat)
    return comparator is not None and not rest


def _strip_suffix(s: str) -> tuple[Comparator | None, str]:
    for word, comparator in _SUFFIXES:
        if s.endswith(word) and len(s) > len(word):
            return comparator, s[: -len(word)]
    return None, s


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    if text[0].isdigit() or text[0] == ".":
        return to_decimal(text)
    value = cn_to_int(text)
    return Decimal(value) if value is not None else None


def _per_unit(unit: str) -> tuple[str, str | None] | None:
    """元/人·月, 万元/村, 元/人*月 → normalised unit cost; None when there is no per-part."""
    match = re.match(r"^(元|万元|千元|亿元)?(?:/|每)\(?(.+?)\)?$", unit)
    if not match:
        return None
    parts = [p for p in re.split(r"[/·.*×・、]", match.group(2)) if p]
    if not parts or any(not re.fullmatch(r"[\u4e00-\u9fff]{1,4}|㎡|m2", p) for p in parts):
        return None
    parts = [_MEASURE_UNITS.get(p, p.removeprefix("个") if len(p) > 1 else p) for p in parts]
    money = match.group(1)
    return (money or "") + "/" + "/".join(parts), None if money else "单价未写货币单位"


def _classify_unit(unit: str) -> tuple[ValueKind, str | None, list[str]]:
    """A unit tail (after the number) → (kind, normalised unit, problems)."""
    problems: list[str] = []
    if not unit:
        return ValueKind.NUMBER, None, problems
    if unit in _PERCENT_UNITS:
        if unit == "百分比":
            problems.append("单位写作“百分比”，应写作“%”")
        return ValueKind.PERCENT, _PERCENT_UNITS[unit], problems
    if unit in _MONEY_UNITS:
        if unit in ("万", "亿"):
            problems.append(f"单位写作“{unit}”，应写明“{unit}元”")
        return ValueKind.MONEY, _MONEY_UNITS[unit], problems
    if unit in ("人/次", "人*次"):
        return ValueKind.COUNT, "人次", problems
    per = _per_unit(unit)
    if per is not None:
        normalised, problem = per
        if problem:
            problems.append(problem)
        return ValueKind.UNIT_COST, normalised, problems
    if "/" in unit and re.fullmatch(r"[\u4e00-\u9fff]{1,3}/[\u4e00-\u9fff]{1,3}", unit):
        return ValueKind.MEASURE, unit, problems  # 批次/千人, 人/天: a rate of two counts
    if unit in _MEASURE_UNITS:
        return ValueKind.MEASURE, _MEASURE_UNITS[unit], problems
    if unit in _PERIOD_UNITS:
        return ValueKind.PERIOD, _PERIOD_UNITS[unit], problems  # 3-5年: a range of years
    if unit in COUNT_UNITS:
        return ValueKind.COUNT, unit.removeprefix("个") if len(unit) > 1 else unit, problems
    if unit.startswith("万") and unit[1:] in COUNT_UNITS | set(_MEASURE_UNITS):
        kind = ValueKind.COUNT if unit[1:] in COUNT_UNITS else ValueKind.MEASURE
        return kind, unit, problems
    if re.fullmatch(r"个[\u4e00-\u9fff]{1,6}", unit):
        rest = unit[1:]
        if rest in _PERIOD_UNITS:
            return ValueKind.PERIOD, rest, problems
        return ValueKind.COUNT, rest, problems
    classifier = unit[:1]
    if classifier in COUNT_UNITS and re.fullmatch(r"[\u4e00-\u9fff]{2,6}", unit):
        return ValueKind.COUNT, classifier, problems
    return ValueKind.TEXT, unit, problems


def _excel_serial_problem(number: Decimal) -> str | None:
    """'44,561' in a 时效 row is an Excel date serial that lost its date format."""
    if number != number.to_integral() or not 36526 <= number <= 54789:
        return None
    day = date(1899, 12, 30) + timedelta(days=int(number))
    return f"数值“{number}”疑似Excel日期序列号（对应{day.isoformat()}），应写明日期"


def _grade(text: str) -> str | None:
    core = text.rstrip("。.!！")
    bare = _GRADE_SUBJECT.sub("", core) or core
    if core in _SCALE_GRADES or bare in _SCALE_GRADES or _VAGUE.match(core):
        return core
    parts = [p for p in re.split(r"[/、或]", core) if p]
    if len(parts) > 1 and all(p in _SCALE_GRADES for p in parts):
        return core  # 好/较好, 高/较高: the accepted levels of a scale
    return None


def is_vague_grade(text: str | Target) -> bool:
    """True for direction-only phrases (有所提高, 得到保障): qualitative but not a graded level."""
    grade = text.grade if isinstance(text, Target) else _grade(normalize(text).strip())
    if not grade:
        return False
    bare = _GRADE_SUBJECT.sub("", grade) or grade
    negated = _NEGATION.sub("", bare)
    parts = [p for p in re.split(r"[/、或]", grade) if p]
    if len(parts) > 1 and all(p in _SCALE_GRADES for p in parts):
        return False
    return grade not in _SCALE_GRADES and bare not in _SCALE_GRADES and negated not in _SCALE_GRADES


def parse_target(raw: str) -> Target:
    """Read a 指标值 cell. Never raises; anything unreadable comes back as TEXT."""
    raw = raw if isinstance(raw, str) else ""
    target = Target(raw=raw)
    s = re.sub(r"\s+", "", normalize(raw))
    if not s:
        return target
    try:
        _fill(target, s)
    except Exception:  # a value cell must never stop a reader; keep it as text
        target.kind = ValueKind.TEXT
    return target


def _fill(target: Target, s: str) -> None:
    if _PLACEHOLDER.search(s):
        target.kind = ValueKind.TEXT
        target.problems.append("指标值含占位符或被遮盖的数字")
        return
    if _MISREAD.search(s):
        target.problems.append("数字中混有字母，疑为识别错误，请核对原件")
    s = s.replace("(含)", "")  # 95%（含）以上 = 95%以上
    s = s.rstrip("。.；;，,") or s  # "95%以上。": the sentence stop is not part of the value
    prefix, rest = _strip_prefix(s)
    suffix, rest = _strip_suffix(rest)
    if prefix and suffix and prefix != suffix:
        target.problems.append("比较符号前后矛盾")
    target.comparator = prefix or suffix

    if _DATE.match(rest) or (
        _DATE_RANGE.match(rest) and re.search(r"年|月|\d{4}[./]", rest)
    ):
        target.kind, target.date = ValueKind.DATE, rest
        return
    frequency = _FREQUENCY.match(rest)
    if frequency:
        target.kind, target.number = ValueKind.MEASURE, _number(frequency.group("num"))
        per = {"季": "季度", "日": "天"}.get(frequency.group("per"), frequency.group("per"))
        target.unit = f"{frequency.group('unit')}/{per}"
        return
    period = _PERIOD_NUM.match(rest)
    if _PERIOD_WORD.match(rest) or period:
        target.kind, target.period = ValueKind.PERIOD, rest
        if period:
            target.number = _number(period.group("num"))
            target.unit = _PERIOD_UNITS[period.group("unit").removeprefix("个")]
            if period.group("tail") and target.comparator is None:
                target.comparator = LE
        return
    core = _CORE.match(rest)
    if core and (_fill_quantity(target, core) or core.group("num")[0].isdigit()):
        return
    target.number = target.upper = target.unit = None
    _fill_words(target, rest)


def _fill_quantity(target: Target, core: re.Match[str]) -> bool:
    """Number + unit. False when the tail is not a unit (the cell is then words)."""
    target.number = _number(core.group("num"))
    target.upper = _number(core.group("num2"))
    unit = core.group("unit").rstrip("。.")
    if core.group("u1") and unit in ("完成", "到位", "覆盖", "达标", "合格"):
        unit = ""  # 100%完成: the word only names what the rate is of
    if core.group("u1") and (not unit or unit == core.group("u1")):
        unit = core.group("u1")
    elif core.group("u1"):  # "100%整改完成为优秀": a sentence, not a value
        target.kind, target.comparator = ValueKind.TEXT, None
        target.number = target.upper = None
        return False
    unit = unit.strip("()（）")
    kind, normalised, problems = _classify_unit(unit)
    if kind == ValueKind.TEXT:
        # a number followed by words: keep the number but the cell is prose
        if target.comparator is not None and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", unit):
            kind = ValueKind.COUNT
            problems.append(f"未识别的计量单位“{unit}”")
        else:
            target.kind, target.comparator = ValueKind.TEXT, None
            target.number = target.upper = target.unit = None
            return False
    target.kind, target.unit = kind, normalised
    target.problems.extend(problems)
    if kind == ValueKind.PERIOD:
        target.period = f"{core.group('num')}{unit}"
    if kind == ValueKind.NUMBER and target.number is not None:
        serial = _excel_serial_problem(target.number)
        if serial:
            target.problems.append(serial)
    if kind == ValueKind.PERCENT and target.unit == "%" and target.number is not None:
        top = target.upper if target.upper is not None else target.number
        if top > 100:
            target.problems.append(f"比率{top}%超过100%")
        elif top == 100 and target.comparator in (GE, GT) and not target.raw.strip().startswith("达到"):
            target.problems.append("比率不能超过100%，“≥100%”应写作“=100%”")
    return True


def _fill_words(target: Target, rest: str) -> None:
    negated = bool(_NEGATION.match(rest))
    grade = _grade(rest)
    if grade is None and negated and _grade(_NEGATION.sub("", rest)) is not None:
        grade = rest  # 不改善, 未达标: a graded (negative) level; V004 decides if it contradicts
    target.negated = negated
    if grade is not None and len(grade) <= 16:
        target.kind, target.grade = ValueKind.GRADE, grade
        return
    target.kind = ValueKind.TEXT
    target.comparator = None


_VALUE_KINDS = frozenset(
    {ValueKind.COUNT, ValueKind.PERCENT, ValueKind.MONEY, ValueKind.UNIT_COST, ValueKind.MEASURE,
     ValueKind.DATE, ValueKind.PERIOD, ValueKind.NUMBER, ValueKind.GRADE}
)


@lru_cache(maxsize=65536)  # readers ask about the same cells many times
def looks_like_value(text: str) -> bool:
    """True when a cell reads as a target value (used by readers to place cells).

    Names, descriptions and basis text (年度工作计划, 上级政策, 社区网格员发放人数) read as
    TEXT and so are False; qualitative grades (是, 较好, 有所提高) are True.
    """
    if not text or not isinstance(text, str) or len(text.strip()) > 40:
        return False
    target = parse_target(text)
    return target.kind in _VALUE_KINDS
