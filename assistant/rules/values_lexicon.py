"""Word lists behind the value rules: which names are rates of good or bad things, which
rows are about pay, which rates fit a time or cost row. Kept apart so the rules stay short."""

from __future__ import annotations

import re

# 时效 rows may carry a rate only when the rate is about timeliness.
TIMELY = re.compile(
    r"及时|按时|按期|准时|如期|限时|时效|进度|规定时[间限]内|期限内|逾期|超期|提前|按计划|当年|年内|当期"
    r"|到位率"
)
# Names that are about time at all (a 时效 row without any of these measures something else: R003).
TIME_NAME = re.compile(
    r"及时|时限|时间|期限|日期|时效|进度|按时|按期|周期|工作日|时长|天数|截止|准时|完成期|当年|当期|年内|月内|"
    r"按计划|限期|逾期|延期|超期|到位|限内"
)
# 成本 rows may carry a rate only when it is explicitly a cost-control rate.
COST_RATE = re.compile(
    r"成本(?:控制|节约|节省|降低|下降|超支|支出)?(?:执行)?率|节约率|节支率|超支率|结余率|降低率|下降率"
)
COST_FLOOR_RATE = re.compile(r"节约率|节支率|降低率|下降率")
# Rates that measure something bad: a target for them is a cap (≤).
CAP_RATE = re.compile(
    r"(?:发生|事故|投诉|差错|错误|损耗|故障|失误|流失|不合格|超支|空置|返工|误差|死亡|发病|感染"
    r"|复发|辍学|违规|违纪|逾期|结余|闲置|缺勤|退回|漏报|误报|失败|偏差|损失|污染|超标|返贫"
    r"|犯罪|发案|案发|破损|丢失|差评|拖欠|缺陷)率"
)
# Rates that measure something good: a target for them is a floor (≥).
FLOOR_RATE = re.compile(
    r"满意|(?:完成|覆盖|合格|达标|及时|知晓|到位|发放|执行|准确|正确|开展|在岗|到会|参与|使用|利用"
    r"|普及|通过|办结|受理|回复|处理|兑现|完好|出勤|保障|参保|回收|成活|达成|落实|支付|拨付|入学"
    r"|巩固|治愈|就业|按时|运行|缴纳|征缴|响应|解决|化解|结案|审核|送达|上报|录入|掌握|整改)率"
)
# Counts of bad events: 信访人次, 事故起数 … are capped too.
CAP_COUNT = re.compile(r"事故|投诉|信访|上访|群体性事件|差错|故障|违规|违纪|安全事件|突发事件|失误")
CAP_COUNT_EXCEPT = re.compile(r"处理|办结|化解|调处|受理|排查|办理|答复|回复|宣传|培训|演练")

# Pay, subsidies and insurance: what policy requires to be paid in full.
PAY_SUBJECT = re.compile(
    r"工资|薪酬|薪金|报酬|补贴|补助|津贴|保险|社保|养老金|抚恤|救助金|慰问金|奖金|考核奖|过渡费"
    r"|补偿款|补偿金|公积金|生活费|困难补助|低保金|保障金"
)
PAY_DELIVERY = re.compile(r"发放|缴纳|缴费|支付|到位|兑现|拨付|足额")
PAY_EXCEPT = re.compile(r"满意|知晓|征缴|征收|参保|宣传|培训|合规|规范|准确|合格|审核")

# What a negated target may legitimately deny: bad events (不发生事故, 未出现投诉, 无超支).
BAD_THINGS = re.compile(
    r"发生|出现|事故|投诉|超|违规|违纪|信访|上访|差错|故障|延误|拖欠|损失|污染|纠纷|事件|问题|风险"
)
WANTED = re.compile(
    r"^(?:能|能够|得到|有效|明显|进一步)?(?:提高|提升|改善|增强|促进|保障|完成|达到|达标|合格|满意"
    r"|发放|到位|落实|实现|增加|加强|开展|覆盖|运转|运行|改变|保证|确保|及时|按时|足额)"
)
# Durations that are limits: 完成时间 ≤1年, 办结时限 ≤3个工作日.
CAP_PERIOD = re.compile(r"完成|办结|时限|用时|周期|响应|到达|到位|时间")
STATED_CAP = re.compile(
    r"(?:控制在|不超过|不高于|不低于|不少于|≤|≥|<|>|=)\s*\d+(?:\.\d+)?\s*(?:万元|亿元|元|%)"
)
# A row that itself says the event must not happen: 不发生信访情况, 杜绝安全事故.
NONE_WANTED = re.compile(r"不发生|不出现|未发生|杜绝|零发生|无发生")
# Persons counted in 个 (发放社区工作者人数 5个): the unit should be 人.
PERSON_COUNT = re.compile(r"人数|人员数|人次数")
# Pay standards are per period: 2090元/人 needs 月 or 年.
PERIODIC_PAY = re.compile(r"工资|薪酬|报酬|津贴|补助标准|补贴标准|生活补助|生活补贴|低保|保险")
# Layouts that put the unit in the name: 保障在职职工人数(人) 116, 苗木成活率(%) 85.
UNIT_IN_NAME = re.compile(r"[(（](?!含|不含|包括)[^()（）]{0,6}[)）]$|单位[:：]")
# A standard or unit price is per something; the basis may sit in the name (人均, 每公里).
STANDARD_NAME = re.compile(r"(?:补助|补贴|奖补|资助|建设|投资|收费)?标准$|单价$")
PER_BASIS = re.compile(r"人均|户均|每|单位|/|／|平均")
# Pay per head needs a period (元/人/月); a per-area or per-item standard does not.
PER_HEAD = {"人", "户", "名", "位", "人次"}
PERIOD_PARTS = {"月", "年", "季", "季度", "天", "日", "周", "次", "小时", "学期"}
NEGATION_WORD = re.compile(r"^(?:不|未|没有|没|无)")

# A direction with an object but no degree: 提高服务水平, 改善学校的办学条件, 持续改善居民出行.
DIRECTION_PHRASE = re.compile(
    r"^(?:进一步|有效|持续|不断|逐步|显著|明显|大力|稳步|全面|切实|逐年|积极|大幅)?(?:得到)?"
    r"(?:提高|提升|改善|增强|加强|促进|保障|优化|完善|健全|增加|降低|减少|推进|推动|巩固|拓宽|扩大|增进)"
    r"[\u4e00-\u9fff的]{0,12}$"
)
# A judgement a cost row cannot be scored on: 可控, 合理, 节约 (the category needs an amount).
VAGUE_COST = re.compile(r"^(?:基本|总体|有效)?(?:可控|合理|节约|适中|控制|受控|较低|不超支|未超支)$")
# What makes a text value no target at all (V001).
PAST_TENSE = re.compile(r"[\u4e00-\u9fff]了(?!解)|^已经?[\u4e00-\u9fff]")
INPUT_WORDS = re.compile(r"实际支出|实际发生|据实|批复|参照|预算安排|财政安排|上级下达|按实际")
METRIC_ONLY = re.compile(r"(?:率|比例|比率|数量|人数|次数|个数|户数)$")
FACT_WORDS = re.compile(r"共有|共计|总计|总面积|总人口|在编|内设|辖区|现有|余人|余户|余名")
CLAUSE_BREAK = re.compile(r"[，,；;。]")
# A figure to meet inside a sentence: 不少于4次, 达到95%, 50人以上.
STATED_FIGURE = re.compile(
    r"(?:不少于|不低于|不超过|不高于|不多于|至少|达到|控制在|≥|≤|>|<|＞|＜)\s*\d|\d+(?:\.\d+)?\s*[%\u4e00-\u9fff]{0,3}(?:以上|以内|以下)"
)
MONEY_WORD = re.compile(r"金额|资金|经费|费用|支出|成本")
