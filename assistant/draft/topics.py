"""Does a typical (or retrieved) row fit this project? Topic words in the row's name against the
project's own text: a row measuring water quality fits a project whose text speaks of water, a
row about street lights one that speaks of lamps. Generic rows (设施完好率, 安全隐患消除率,
抽检合格率) are gated the same way, so they appear only where the project has the thing.
"""

from __future__ import annotations

import re

from assistant.rules.common import bigrams

# A typical row naming one of these things fits only a project whose text mentions it.
_TOPICS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"保险|社保"), re.compile(r"保险|社保|养老|医疗|五险")),
    (re.compile(r"村（社区）|村\(社区\)"), re.compile(r"村|社区")),
    (re.compile(r"物业"), re.compile(r"物业")),
    (re.compile(r"报修|维修"), re.compile(r"维修|维护|报修|修缮|修复|翻新|翻修|粉刷|防水")),
    (re.compile(r"困难群众|基本生活"), re.compile(r"困难|低保|特困|救助|基本生活")),
    (re.compile(r"征兵"), re.compile(r"征兵|兵役")),
    (re.compile(r"脱贫|监测户"), re.compile(r"脱贫|监测户|帮扶|衔接")),
    (re.compile(r"免疫|畜禽"), re.compile(r"免疫|防疫|畜|禽|疫病")),
    (re.compile(r"苗木|造林|种植"), re.compile(r"苗|造林|种植|绿化|植树")),
    (re.compile(r"图书"), re.compile(r"图书|书")),
    (re.compile(r"车辆"), re.compile(r"车")),
    (re.compile(r"专线|终端"), re.compile(r"专线|网络|终端|电脑")),
    (re.compile(r"健康管理"), re.compile(r"健康|卫生|医疗")),
    (re.compile(r"测报|预报"), re.compile(r"测报|预报|监测")),
    (re.compile(r"防治"), re.compile(r"防治|病虫|有害生物|疫")),
    (re.compile(r"租金"), re.compile(r"租")),
    # generic rows only where the project has the thing they measure
    (re.compile(r"设施完好|设施设备完好|设备完好"),
     re.compile(r"设施|设备|场所|器材|场馆|装备|房屋|楼|中心|校舍|用房|站")),
    (re.compile(r"信访|上访"), re.compile(r"信访|上访|维稳")),
    (re.compile(r"群体性事件"), re.compile(r"信访|维稳|治安|矛盾|群体")),
    (re.compile(r"矛盾纠纷"), re.compile(r"矛盾|纠纷|调解")),
    (re.compile(r"工程验收|工程质量|竣工|完工"),
     re.compile(r"建|工程|改造|维修|修缮|修复|安装|铺设|更换|翻新|加固|施工|改厕")),
    # pay rows belong to projects that pay people for their work
    (re.compile(r"工资"), re.compile(r"工资|薪|报酬|绩效|津贴|考核奖|年终奖")),
    (re.compile(r"在岗|流失"), re.compile(r"工资|薪|报酬|聘用|岗位|在职|工作者|干部|工作人员|协管员|网格员|保洁员")),
    (re.compile(r"监测数据|监测设备|监测站"), re.compile(r"监测")),
    (re.compile(r"矫正"), re.compile(r"矫正")),
    (re.compile(r"生产安全|安全生产"), re.compile(r"生产|企业|隐患|工地|施工")),
    (re.compile(r"停水"), re.compile(r"水费|用水|供水")),
    (re.compile(r"停电"), re.compile(r"电费|用电|供电")),
    (re.compile(r"安全隐患|隐患"), re.compile(r"隐患|安全|危|加固|防汛|防火|检查")),
    (re.compile(r"抽检|检测报告"), re.compile(r"抽检|检测|检验|抽样|化验")),
    (re.compile(r"水质"), re.compile(r"水")),
    (re.compile(r"亮灯|照明|路灯"), re.compile(r"灯|照明|亮化")),
    (re.compile(r"供餐|食材|食品|助餐"), re.compile(r"餐|食|营养|伙食")),
    (re.compile(r"援助案件|办案|案件"), re.compile(r"案|援助|法律|执法|诉讼")),
    (re.compile(r"疫苗|接种|免疫"), re.compile(r"疫|接种|免疫|防疫")),
    (re.compile(r"道路|管线|管网"), re.compile(r"路|管|线")),
    (re.compile(r"改造户|危房"), re.compile(r"危房|改造|加固")),
    (re.compile(r"泵站|渠道|灌溉"), re.compile(r"泵|渠|灌")),
    (re.compile(r"行道树|苗木|补植"), re.compile(r"树|苗|植|绿|林")),
    (re.compile(r"电价|电费|用电"), re.compile(r"电")),
    (re.compile(r"用水量|水费"), re.compile(r"水费|用水")),
    (re.compile(r"演出|放映"), re.compile(r"演出|戏|放映|电影|文艺")),
    (re.compile(r"招聘"), re.compile(r"招聘|岗位|就业")),
    (re.compile(r"桥涵"), re.compile(r"桥|涵")),
]


# ... and one naming these does not fit a project whose text says this (retired cadres are
# not on duty; a one-off subsidy has no staff turnover).
_NOT_FOR: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"在岗|流失"), re.compile(r"离任|退休|丧葬|补偿|救助|过渡费")),
]


def fits_project(name: str, text: str) -> bool:
    """False for a typical row about something this project does not mention."""
    if any(topic.search(name) and anchor.search(text) for topic, anchor in _NOT_FOR):
        return False
    return all(not topic.search(name) or anchor.search(text) for topic, anchor in _TOPICS)


_GENERIC_BIGRAMS = frozenset(
    ["项目", "工作", "实施", "完成", "开展", "情况", "资金", "经费", "保障", "提高", "提升", "促进",
     "推动", "加强", "建设", "发展", "服务", "管理", "年度", "相关",
     # measure words any sector's row carries: sharing one of these ties a row to nothing
     "改造", "维修", "工程", "质量", "合格", "格率", "成率", "任务", "验收", "按期", "重点", "数量",
     "达标", "标率", "及时", "时率", "满意", "意度", "群众", "受益", "覆盖", "盖率", "使用", "运行",
     "正常", "合规", "规率", "发放", "放率", "预算", "下达", "达率", "当年", "按时", "人数", "次数",
     "个数", "设施", "设备", "目标", "指标", "效益", "成本", "总成", "支出", "安全", "全年",
     "补贴", "补助", "申报", "流程", "程合", "标准", "对象", "人员", "准确", "确率"]
)


def specific_bigrams(text: str) -> set[str]:
    """The bigrams that tie a row to a subject: without the measure words every row carries."""
    return bigrams(text) - _GENERIC_BIGRAMS


__all__ = ["fits_project", "specific_bigrams"]
