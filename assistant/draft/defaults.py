"""Suggested 数量 rows for projects whose breakdown counts nothing ("防火经费" and a sum).

The taxonomy's typical 数量 indicators need a figure (N) that such a description does not give.
These rows measure the same work with a frequency that any such project can plan for (monthly
patrols, a yearly drill); the value is a suggestion, marked so, for the user to confirm against
the year's work plan. Written for this product; not copied from any published table.
"""

from __future__ import annotations

import re

# type id → [(name, value, description)]
SUGGESTED_COUNTS: dict[str, list[tuple[str, str, str]]] = {
    "personnel-pay": [("按月发放次数", "=12次", "全年按月发放工资（补贴、保险）的次数，按发放记录统计")],
    "subsidy": [("补贴集中发放批次", "≥1批", "按规定审核、公示后集中发放补贴的批次，按发放台账统计")],
    "operating": [("经费保障的组织活动次数", "≥12次", "全年使用本经费开展组织活动、服务群众活动的次数，按活动记录统计")],
    "construction": [("完成建设（整改）项目数", "≥1个", "年度内完工并通过验收的建设（整改）项目个数")],
    "property": [("保障使用的场所数量", "=1处", "本经费保障租赁、管理或维护的场所处数")],
    "publicity-training": [("开展宣传培训活动场次", "≥4场", "年度内举办宣传或培训活动的场次，按活动记录统计")],
    "equipment": [("购置设备数量", "≥1套", "年度内完成采购并验收入账的设备套数")],
    "it-ops": [("运维信息系统数量", "≥1个", "纳入本项目运维范围的信息系统个数")],
    "stability-safety": [("矛盾纠纷排查次数", "≥12次", "全年按月组织矛盾纠纷排查的次数，按排查台账统计")],
    "fire-prevention": [
        ("防火宣传活动次数", "≥4次", "防火期内外开展森林防火宣传活动的次数，按活动记录统计"),
        ("防火应急演练次数", "≥1次", "年度内组织扑火队伍开展应急演练的次数"),
    ],
    "flood-control": [
        ("汛期隐患点巡查次数", "≥4次", "汛期对河道、山洪和地质灾害隐患点开展巡查的次数，按巡查记录统计"),
        ("防汛应急演练次数", "≥1次", "汛前组织抢险队伍开展防汛应急演练的次数"),
    ],
    "refuse-sanitation": [("生活垃圾清运次数", "≥365次", "全年按日产日清要求清运生活垃圾的次数，按清运记录统计")],
    "agri-forestry": [("实地监测巡查次数", "≥12次", "全年按月开展实地监测、巡查的次数，按监测记录统计")],
    "public-service": [("开展服务活动场次", "≥12场", "全年面向群众开展服务活动的场次，按活动记录统计")],
    "statistics": [("统计报表报送份数", "≥12份", "全年按月向上级报送统计报表的份数，按报送记录统计")],
    "militia": [
        ("民兵训练次数", "≥2次", "年度内组织基干民兵集中训练的次数"),
        ("国防教育活动次数", "≥1次", "年度内开展国防教育宣传活动的次数"),
    ],
    "river-patrol": [("全年巡河次数", "≥48次", "按每月不少于4次统计的全年巡河次数，按巡河日志统计")],
    "supervision-enforcement": [("执法检查次数", "≥12次", "全年开展监督执法检查的次数，按检查记录统计")],
    "industry-support": [("扶持经营主体数量", "≥1家", "年度内获得奖补扶持的企业或经营主体家数")],
    "water-supply": [("水质检测次数", "≥4次", "全年按季度对出厂水和末梢水开展水质检测的次数，按检测报告统计")],
    "street-lighting": [("路灯巡查次数", "≥12次", "全年按月开展路灯亮灯和线路巡查的次数，按巡查记录统计")],
    "legal-aid": [("法律援助宣传和咨询活动场次", "≥4场", "年度内开展法律援助宣传、集中咨询活动的场次")],
    "student-meals": [("食堂食品安全检查次数", "≥4次", "每学期对学校食堂开展食品安全检查的次数，按检查记录统计")],
    "road-maintenance": [("路况巡查次数", "≥12次", "全年按月开展公路路况巡查的次数，按巡查记录统计")],
    "facility-repair": [("完成维修项目数", "≥1个", "年度内完工并通过验收的维修项目个数")],
    "utilities": [("能耗统计报送次数", "≥12次", "全年按月统计、核对能耗和缴费的次数")],
    "public-health": [("健康教育活动次数", "≥4次", "年度内开展健康教育讲座、咨询活动的次数")],
    "elderly-care": [("上门探访老年人次数", "≥12次", "全年按月上门探访、巡访服务对象的次数")],
    "culture-sports": [("群众文体活动场次", "≥4场", "年度内组织群众文化体育活动的场次，按活动记录统计")],
    "sewage-treatment": [("出水水质检测次数", "≥12次", "全年按月对处理设施出水开展水质检测的次数")],
    "employment-training": [("举办招聘（培训）活动场次", "≥4场", "年度内举办招聘会或培训班的场次")],
    "housing-renovation": [("住房安全排查次数", "≥1次", "年度内对农村低收入群体住房开展安全排查的轮次")],
    "farmland-irrigation": [("工程质量巡查次数", "≥4次", "施工期内开展工程质量巡查的次数")],
    "greening-upkeep": [("绿地养护巡查次数", "≥12次", "全年按月开展绿地养护巡查的次数")],
    "heating": [("供热设施巡检次数", "≥12次", "供暖期内对热源和管网开展巡检的次数")],
    "public-transport": [("运营安全检查次数", "≥12次", "全年按月对运营车辆和线路开展安全检查的次数")],
    "disability-services": [("康复服务回访次数", "≥2次", "年度内对康复服务对象开展回访的次数")],
    "fire-rescue": [("消防训练演练次数", "≥12次", "全年按月组织队员开展训练和演练的次数")],
    "renewable-energy": [("电站巡检次数", "≥12次", "全年按月对电站组件、逆变器和线路开展巡检的次数")],
    "planning-study": [("完成规划（报告）编制数量", "≥1个", "年度内完成并通过评审的规划（报告）个数")],
    "archives": [("档案质检抽查批次", "≥4批", "按季度对整理和数字化成果开展质检抽查的批次")],
}

# Narrower suggestions when the name or purpose says more than the type (first match wins).
_BY_WORD: list[tuple[re.Pattern[str], tuple[str, str, str]]] = [
    (re.compile(r"病虫|有害生物|松材线虫|白蛾"), ("有害生物监测调查次数", "≥12次", "全年按月开展林业有害生物监测调查的次数，按调查记录统计")),
    (re.compile(r"防疫|免疫|疫病"), ("免疫效果监测次数", "≥2次", "年度内开展免疫抗体监测的次数")),
    (re.compile(r"厕所|改厕"), ("完成整改厕所项目数", "≥1个", "年度内完成整改并通过验收的厕所项目个数")),
    (re.compile(r"移民|库区"), ("移民补贴发放批次", "≥1批", "按规定核定库区移民名单后集中发放补贴的批次")),
    (re.compile(r"临时救助"), ("临时救助审批批次", "≥4批", "按季度审核审批临时救助申请的批次")),
    (re.compile(r"图书|书屋"), ("新增图书资源采购批次", "≥1批", "年度内完成采购、编目入藏的图书资源批次")),
]


def suggested_counts(type_id: str, text: str) -> list[tuple[str, str, str]]:
    """Suggested 数量 rows (name, value, description) for a project with no counted facts."""
    for pattern, row in _BY_WORD:
        if pattern.search(text):
            return [row]
    return SUGGESTED_COUNTS.get(type_id, SUGGESTED_COUNTS["operating"])
