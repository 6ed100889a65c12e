"""R003 (relevance family): a row that does not measure what its category says.

Conservative by design: a row is questioned only when its own words (or its value's shape)
belong to another category: a satisfaction measure under 效益, a technical spec or a quality
rate under 数量, a deadline under 可持续影响, a slogan under 质量, a count under 时效 …
社会效益 and 可持续影响 are broad: any lasting effect fits there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.model import Indicator, Severity, ValueKind
from assistant.parse.textnum import normalize
from assistant.rules.common import cell_evidence, is_placeholder, quote
from assistant.rules.registry import Hit, RuleContext, rule
from assistant.rules.values_lexicon import TIME_NAME

_SATISFACTION = re.compile(r"满意|认可|好评|评价|获得感|幸福感")
_SATISFACTION_MEASURE = re.compile(r"满意(?:度|率)")
_COUNT_NAME = re.compile(r"总数|数量|个数|人数|户数|次数|场次|件数|家数|(?<![率度])数$")
_TIMELY_RATE = re.compile(r"及时率|及时性|按时完成率|按期完成率|准时率|时限")
_PREVENTION = re.compile(r"不出现|不发生|未发生|零发生")
# 质量 rows measure how well: a pass/accuracy/standard word, or a rate. A bare count of work
# done there ("实验室仪器维修维护 ≥4次") is a quantity filed under the wrong heading.
_QUALITY_NAME = re.compile(
    r"合格|达标|质量|准确|标准|规范|完好|成活|优良|合规|验收|精度|误差|等级|评[价估定分]|率|比例|程度|水平|效果"
)
# How well, not how much: a pass/standard rate or a technical spec filed under 数量.
_QUALITY_RATE = re.compile(r"(?:合格|达标|优良|准确|正确|完好|成活|合规|规范|验收通过|满意)率")
_SPEC = re.compile(r"宽度|厚度|强度|标号|精度|纯度|含水率|压实度|平整度|硬度|分辨率|噪声|噪音")
# "Work goes on normally" is a slogan, not a quality: 确保社区工作正常运行, 保障各项工作顺利开展.
_SLOGAN = re.compile(r"(?:顺利|正常|有序|平稳)(?:开展|进行|运行|运转|实施|推进)|^(?:做好|全力|努力|切实)")
# A deadline or a delivery time is 时效, not a lasting effect.
_DELIVERY_TIME = re.compile(r"完成|实施|建设|发放|支付|拨付|办结|工期|竣工|验收|到位")
# "环境" that is not the natural one: 创新创业环境, 营商环境 belong to other effects.
_NON_ECO_ENV = re.compile(r"(?:营商|创业|创新|投资|政务|法治|市场|经营|人文|学习|办公|发展)环境")
_ECO_WORD = re.compile(r"生态|绿化|森林|植被|水土|污染|排放|空气|水质|土壤|节能|低碳|碳|能耗|垃圾|环保|自然")
_MONEY_NAME = re.compile(r"成本|费|金|预算|价|投入|支出|资金|元|额|开支|经费|补助|补贴|工资|标准")
# What an 经济效益 row can be about; a row with none of these has no economic content.
_ECONOMIC = re.compile(
    r"经济|收入|增收|产值|消费|节约|节省|成本|资金|产业|就业|贸易|成交|出口|增长|价格|营业|税|投资|产能|"
    r"粮食|农产品|企业|开发利用|资源|收益|利润|创收|带动|效益|市场|商|费用|利息|补贴"
)
BENEFIT_LEVEL2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")


def _satisfaction_misfit(indicator: Indicator, name: str) -> str | None:
    if indicator.level1 == "满意度指标":
        if not _SATISFACTION.search(name):
            return "满意度指标应衡量服务对象的满意程度，而这一行衡量的不是满意度"
        description = indicator.description
        if description and description.endswith("率") and not _SATISFACTION.search(description):
            return f"名称虽写满意度，描述却是{quote(description)}，衡量的不是满意度"
        return None
    if indicator.level2 in BENEFIT_LEVEL2 and _SATISFACTION_MEASURE.search(name):
        return "满意度是服务对象的评价，应放在满意度指标下，而不是效益指标"
    return None


def _output_misfit(indicator: Indicator, name: str) -> str | None:
    level2, kind = indicator.level2, indicator.target.kind
    if level2 == "时效指标" and not TIME_NAME.search(name):
        if name.endswith("率"):
            return "时效指标应衡量完成时间或及时程度，而这一行的比率与时间无关"
        if _COUNT_NAME.search(name):
            return "时效指标应衡量完成时间或及时程度，而这一行是数量"
    if level2 == "数量指标":
        if _TIMELY_RATE.search(name):
            return "数量指标应衡量交付了多少，而这一行衡量的是及时性，应放在时效指标下"
        if _PREVENTION.search(name):
            return "数量指标应衡量交付了多少，而这一行是要避免发生的结果，属于效益类内容"
        if _QUALITY_RATE.search(name):
            return "数量指标应衡量交付了多少，而这一行是合格、达标一类的比率，应放在质量指标下"
        if _SPEC.search(name) and not _COUNT_NAME.search(name):
            return "数量指标应衡量交付了多少，而这一行是技术规格（宽度、厚度、强度等），应放在质量指标下"
    if level2 == "质量指标":
        if kind == ValueKind.COUNT and not _QUALITY_NAME.search(name):
            return "质量指标应衡量完成得好不好（合格、达标、准确），而这一行是工作次数或数量"
        if _SLOGAN.search(name) and not _QUALITY_NAME.search(name):
            return "质量指标应衡量完成得好不好（合格、达标、准确），而这一行只是“工作正常开展”一类的口号"
    money = kind in (ValueKind.MONEY, ValueKind.UNIT_COST)  # "培训人员 ≤1000元/人" is a cost
    if level2 in ("成本指标", "经济成本指标") and not _MONEY_NAME.search(name) and not money:
        # only money costs: 社会成本/生态环境成本 (2021 layout) are rightly not about money
        return "成本指标应衡量花了多少钱（总成本或单位成本），而这一行写的不是成本"
    return None


def _effect_misfit(indicator: Indicator, name: str) -> str | None:
    level2, kind = indicator.level2, indicator.target.kind
    if level2 == "生态效益指标" and _NON_ECO_ENV.search(name) and not _ECO_WORD.search(name):
        return "生态效益指标应衡量自然环境方面的效果，而这一行说的是营商、创业等社会环境"
    if level2 == "经济效益指标" and not _ECONOMIC.search(name):
        return "经济效益指标应衡量经济方面的效果（收入、节约、产值等），而这一行没有经济内容"
    period = kind == ValueKind.PERIOD and indicator.target.number is not None  # 1年, not 长期
    if level2 == "可持续影响指标" and (kind == ValueKind.DATE or (period and _DELIVERY_TIME.search(name))):
        return "可持续影响指标应衡量长期效果，而这一行是完成时间或期限，应放在时效指标下"
    return None


def category_mismatch(indicator: Indicator) -> str | None:
    """Why the row does not measure what its category says, or None (conservative)."""
    name = normalize(indicator.name)
    if not name or is_placeholder(name):
        return None
    return (
        _satisfaction_misfit(indicator, name)
        or _output_misfit(indicator, name)
        or _effect_misfit(indicator, name)
    )


@rule(
    code="R003",
    slug="wrong-category",
    category="relevance",
    severity=Severity.WARNING,
    title="指标衡量的内容与所在类别不符",
    why=(
        "二级类别决定了一行指标该衡量什么：数量指标看交付了多少，质量指标看完成得好不好，时效指标看"
        "是否按时，成本指标看花了多少钱，满意度指标看服务对象是否满意，效益指标看产出带来的效果。"
        "常见的放错：效益指标下写满意度；数量指标下写合格率或宽度、厚度等技术规格；可持续影响下写"
        "完成时间；质量指标下写“工作正常开展”一类口号。放错类别的指标无法按类别评分，也会掩盖真正"
        "缺少的那一类。"
    ),
    bad="满意度指标写“矛盾纠纷排查率”；数量指标写“路面宽度 4.5米”；可持续影响写“项目完成时间 12月底前”",
    good="满意度指标“被征地农民满意度 90%以上”；质量指标“路面宽度 ≥4.5米”；时效指标“项目完成时限 12月底前”",
    fix_hint="把这一行移到与其内容相符的类别下，或在本类别下改写成真正衡量该类内容的指标。",
    refs=("category-fit", "satisfaction", "timeliness", "output-vs-benefit"),
)
def wrong_category(context: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(context.table.indicators):
        reason = category_mismatch(indicator)
        if reason:
            yield Hit(
                f"{indicator.level2 or indicator.level1}{quote(indicator.name)}：{reason}",
                index,
                cell_evidence(indicator, field="name", level1=indicator.level1, level2=indicator.level2),
            )
