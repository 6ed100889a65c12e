"""Outline and prose documents: levels from numbering, values in sentences or on the next line,
the 【A-B】 bracket form, two targets in one sentence, self-evaluation prose (target, not actual)."""

from __future__ import annotations

from decimal import Decimal

from assistant.model import TargetTable
from assistant.parse import read_text
from assistant.parse.sentence_targets import read_sentence


def _only(text: str) -> TargetTable:
    document = read_text(text)
    assert len(document.tables) == 1, [t.project for t in document.tables]
    return document.tables[0]


def _rows(table: TargetTable) -> list[tuple]:
    return [(i.level1, i.level2, i.name, i.target.raw, i.weight, i.actual) for i in table.indicators]


def test_numbered_outline_with_values_in_sentences() -> None:
    text = (
        "关于下达2024年社区老年助餐服务项目绩效目标的通知\n"
        "项目名称：社区老年助餐服务\n"
        "项目资金：86.5万元\n"
        "实施单位：城南街道办事处\n"
        "实施期限：2024年1月至12月\n"
        "总体目标：为辖区高龄、独居老人提供助餐服务，解决老人吃饭难问题。\n"
        "一、产出指标\n"
        "（一）数量指标\n"
        "1.助餐服务人次：不少于36000人次；\n"
        "2.新建助餐点：4个。\n"
        "（二）质量指标\n"
        "1.餐食抽检合格率≥98%。\n"
        "（三）时效指标\n"
        "助餐点开业时间，2024年6月底前。\n"
        "（四）成本指标\n"
        "每餐补贴标准≤8元/餐。\n"
        "二、效益指标\n"
        "（一）社会效益指标\n"
        "高龄老人就餐便利程度，明显提升。\n"
        "三、满意度指标\n"
        "就餐老人满意度≥90%。\n"
        "附件：社区老年助餐服务项目绩效目标表\n"
        "城南街道办事处\n"
        "2024年3月1日\n"
    )
    table = _only(text)
    assert table.project == "社区老年助餐服务"
    assert table.budget_wan == Decimal("86.5")
    assert table.unit_name == "城南街道办事处"
    assert table.goals == ["为辖区高龄、独居老人提供助餐服务，解决老人吃饭难问题"]
    assert _rows(table) == [
        ("产出指标", "数量指标", "助餐服务人次", "不少于36000人次", None, ""),
        ("产出指标", "数量指标", "新建助餐点", "4个", None, ""),
        ("产出指标", "质量指标", "餐食抽检合格率", "≥98%", None, ""),
        ("产出指标", "时效指标", "助餐点开业时间", "2024年6月底前", None, ""),
        ("产出指标", "成本指标", "每餐补贴标准", "≤8元/餐", None, ""),
        ("效益指标", "社会效益指标", "高龄老人就餐便利程度", "明显提升", None, ""),
        ("满意度指标", "服务对象满意度指标", "就餐老人满意度", "≥90%", None, ""),
    ]


def test_values_on_the_next_line_and_statements() -> None:
    """A name alone on its line takes the value line below it; a statement with no figure is
    both name and value. The title gives the project, an allocation sentence the budget."""
    text = (
        "河西区2023年老旧小区雨污分流改造项目绩效目标设定\n"
        "区财政局：\n"
        "根据区政府工作安排，区财政安排老旧小区雨污分流改造资金1200万元，现将绩效目标报告如下。\n"
        "一、产出指标\n"
        "（一）数量指标\n"
        "1.改造小区数量\n"
        "≥12个\n"
        "2.新铺设污水管网长度\n"
        "目标值：8.6公里\n"
        "（二）质量指标\n"
        "1.管网工程验收合格\n"
        "2.建成雨水收集中心\n"
        "二、效益指标\n"
        "（一）生态效益指标\n"
        "1.小区雨污混流问题得到解决\n"
        "河西区水务局\n"
        "2023年2月10日\n"
    )
    table = _only(text)
    assert table.project == "河西区2023年老旧小区雨污分流改造项目"
    assert table.budget_wan == Decimal(1200)
    assert _rows(table) == [
        ("产出指标", "数量指标", "改造小区数量", "≥12个", None, ""),
        ("产出指标", "数量指标", "新铺设污水管网长度", "8.6公里", None, ""),
        ("产出指标", "质量指标", "管网工程验收合格", "管网工程验收合格", None, ""),
        ("产出指标", "质量指标", "建成雨水收集中心", "建成雨水收集中心", None, ""),
        ("效益指标", "生态效益指标", "小区雨污混流问题得到解决", "小区雨污混流问题得到解决", None, ""),
    ]


def test_bracket_form() -> None:
    text = (
        "项目名称：乡村学校少年宫运转经费\n"
        "【产出指标-数量指标】指标1：开展活动场次（≥120场）\n"
        "【产出指标-数量指标】指标2：参与学生人数（≥800人）\n"
        "【产出指标-时效指标】指标1：经费拨付时间（2024年9月底前）\n"
        "【效益指标-社会效益指标】指标1：学生综合素质（稳步提高）\n"
        "【满意度指标-服务对象满意度指标】指标1：学生及家长满意度（≥95%）\n"
    )
    table = _only(text)
    assert table.project == "乡村学校少年宫运转经费"
    assert _rows(table) == [
        ("产出指标", "数量指标", "开展活动场次", "≥120场", None, ""),
        ("产出指标", "数量指标", "参与学生人数", "≥800人", None, ""),
        ("产出指标", "时效指标", "经费拨付时间", "2024年9月底前", None, ""),
        ("效益指标", "社会效益指标", "学生综合素质", "稳步提高", None, ""),
        ("满意度指标", "服务对象满意度指标", "学生及家长满意度", "≥95%", None, ""),
    ]


def test_one_sentence_two_targets() -> None:
    text = (
        "一、资金规模\n"
        "财政资金45.2万元。\n"
        "二、绩效目标\n"
        "（一）产出指标\n"
        "1、数量指标：全年发放困难学生生活补助312人次，发放补助资金45.2万元。\n"
        "2、质量指标：补助对象识别准确率100%，资金发放到位率100%。\n"
        "3、成本指标：补助标准为每生每学期1500元。\n"
        "（二）满意度指标\n"
        "1、服务对象满意度指标：受助学生满意度≥90%。\n"
    )
    table = _only(text)
    assert table.budget_wan == Decimal("45.2")
    assert _rows(table) == [
        ("产出指标", "数量指标", "全年发放困难学生生活补助", "312人次", None, ""),
        ("产出指标", "数量指标", "发放补助资金", "45.2万元", None, ""),
        ("产出指标", "质量指标", "补助对象识别准确率", "100%", None, ""),
        ("产出指标", "质量指标", "资金发放到位率", "100%", None, ""),
        ("产出指标", "成本指标", "补助标准", "每生每学期1500元", None, ""),
        ("满意度指标", "服务对象满意度指标", "受助学生满意度", "≥90%", None, ""),
    ]


def test_self_evaluation_prose_takes_the_target() -> None:
    text = (
        "北湖区2022年农村污水治理项目绩效自评报告\n"
        "一、项目基本情况\n"
        "区财政下达农村污水治理资金300万元，实际支出286万元。\n"
        "二、绩效指标完成情况\n"
        "1.产出指标完成情况。\n"
        "数量指标：新建污水处理站，绩效目标值是2个，实际完成值为0个；\n"
        "质量指标：设施验收合格率100%，已完成；\n"
        "时效指标：按期完工，因用地手续推迟；\n"
        "2.效益指标完成情况。\n"
        "生态效益指标：改善农村人居环境，基本完成。\n"
        "三、存在的问题\n"
        "项目前期工作不充分。\n"
    )
    table = _only(text)
    assert table.project == "北湖区2022年农村污水治理项目"
    assert table.budget_wan == Decimal(300)
    assert _rows(table) == [
        ("产出指标", "数量指标", "新建污水处理站", "2个", None, "0个"),
        ("产出指标", "质量指标", "设施验收合格率", "100%", None, "已完成"),
        ("产出指标", "时效指标", "按期完工", "按期完工", None, "因用地手续推迟"),
        ("效益指标", "生态效益指标", "改善农村人居环境", "改善农村人居环境", None, "基本完成"),
    ]


def test_sentence_reader_keeps_names_with_years() -> None:
    targets = read_sentence("2024年完成高标准农田建设5000亩以上，项目资金到位率100%")
    assert [(t.name, t.value) for t in targets] == [
        ("2024年完成高标准农田建设", "5000亩以上"),
        ("项目资金到位率", "100%"),
    ]


def test_tables_are_not_read_as_outlines() -> None:
    """Numbered category words inside a real indicator grid leave the grid reader in charge."""
    text = (
        "项目名称\t道路养护\n预算数（万元）\t50\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "一、产出指标\t（一）数量指标\t养护里程\t≥20公里\n"
        "二、效益指标\t（一）社会效益指标\t通行条件\t改善\n"
    )
    table = _only(text)
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "数量指标", "养护里程", "≥20公里"),
        ("效益指标", "社会效益指标", "通行条件", "改善"),
    ]
