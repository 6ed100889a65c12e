"""Domain vocabulary for the relevance rules (R001): which words in an indicator's name point at a
field of government work, and which words in a project's own text show the project belongs there.

A row is template residue when its name carries a field's signal word while nothing in the
project's name, 用途 or goals anchors that field. The lists are deliberately short and specific:
a word that many projects use in passing (工作, 服务, 经济, 发展, 调查) is not a signal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    key: str
    label: str  # Chinese, for messages
    signals: tuple[str, ...]  # in a row name: the row is about this field
    anchors: tuple[str, ...]  # in the project text: the project is in this field


DOMAINS: tuple[Domain, ...] = (
    Domain("agriculture", "农业生产",
           ("粮食", "产能", "耕地", "种植", "养殖", "农产品", "农田", "良种", "畜牧", "绿色产业", "灌溉"),
           ("农业", "粮", "耕地", "种植", "养殖", "农田", "农产品", "灌溉", "畜", "渔", "农机", "产业")),
    Domain("forestry_pests", "林业病虫害防治",
           ("病虫害", "虫害", "白蛾", "林业有害生物"),
           # township 社会事务 offices also run farm and forest pest work
           ("林", "绿化", "病虫", "虫害", "白蛾", "防治", "植保", "社会事务", "农业农村")),
    Domain("tax_social_insurance", "税收与社保费征缴",
           ("社保费", "征缴", "税源", "发票", "纳税", "税收", "税款", "欠税"),
           ("税", "社保费", "征缴", "发票")),
    Domain("audit", "审计",
           ("审计",),
           ("审计",)),
    Domain("housing", "棚户区改造与拆迁",
           ("棚改", "棚户", "拆迁"),
           ("棚改", "棚户", "拆迁", "征地", "征收", "住房", "安置")),
    Domain("natural_resources", "自然资源管理",
           ("自然资源", "开发利用", "矿产", "国土"),
           ("自然资源", "国土", "矿", "土地", "规划")),
    Domain("commerce", "商贸与企业服务",
           ("企业", "经贸", "贸易", "出访", "推介", "出口", "招商", "成交额", "随团"),
           ("企业", "商务", "商贸", "经贸", "贸易", "招商", "出口", "会展", "推介", "行业", "营商")),
    Domain("personnel", "人才选拔",
           ("人才", "选拔", "招聘"),
           ("人才", "选拔", "招聘", "人事", "组织部")),
    Domain("education", "教育",
           ("学校", "学生", "教师", "教学"),
           ("学校", "教育", "学生", "教师", "教学", "幼儿")),
    Domain("research", "科研与改革试验",
           ("科研", "试验区", "改革试验", "技术模式"),
           ("科研", "科技", "研究", "试验", "技术推广")),
    Domain("water", "水利与水运",
           ("水运", "再生水", "河势", "防洪", "灌溉水", "水利用", "航道"),
           ("水", "河", "防汛", "防洪", "航")),
    Domain("vehicle_licensing", "车辆牌照",
           ("牌照",),
           ("牌照", "车辆", "交通")),
    Domain("legal_cases", "司法案件办理",
           ("案例办理", "案件办理", "办案"),
           ("法", "案", "司法", "调解", "仲裁")),
    Domain("energy", "节能",
           ("节能", "能耗"),
           ("节能", "能源", "能耗", "电")),
    Domain("reports", "研究报告编制",
           ("报告完成", "报告编制", "报告提交"),
           ("报告", "调研", "评估", "编制", "研究", "规划", "审计", "统计")),
    Domain("mass_work_centre", "群众工作中心",
           ("群众工作中心",),
           ("群众工作中心", "信访")),
    Domain("collective_economy", "村级集体经济",
           ("集体经济",),
           ("集体经济", "产业", "经济发展", "合作社")),
    Domain("statistics_surveys", "统计调查",
           ("调查数据",),
           ("统计", "调查", "普查")),
)
