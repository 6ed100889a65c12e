"""Glued text (document-sharing sites, OCR): tables with no separators at all."""

from __future__ import annotations

from decimal import Decimal

from assistant.parse import read_text as parse_text
from assistant.parse.normalize import fold_document

PROJECT = (
    "2024年社区老年助餐服务项目支出绩效目标表项目名称社区老年助餐服务主管部门某区民政局实施单位"
    "某街道办事处年度资金总额120万元年度总体目标为辖区老年人提供助餐服务,解决就餐难题绩效指标"
    "一级指标二级指标三级指标指标值产出指标数量指标助餐人次≥3000人次服务站点数量≥6个质量指标"
    "抽检合格率≥98%时效指标服务完成时间2024年12月底前成本指标每餐补助标准≤8元/餐效益指标社会"
    "效益指标老年人就餐便利度提升≥10%满意度指标服务对象满意度指标老年人满意度≥90%"
)

SELF_EVALUATION = (
    "项目支出绩效自评表(2024年度)项目名称职业技能培训补贴主管部门某市人社局实施单位某市就业中心"
    "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额5050481096%9.6"
    "绩效指标一级指标二级指标三级指标分值年度指标值实际完成值得分偏差原因分析及改进措施"
    "产出指标(50分)数量指标指标1:培训人次10500人次520人次10指标2:质量指标指标1:考核合格率"
    "1095%96%10时效指标指标1:培训完成时间102024年10月2024年10月10成本指标指标1:人均培训成本"
    "20≤200元/人180元/人20效益指标(30分)社会效益指标指标1:结业后就业率30≥60%65%30"
    "满意度指标(20分)服务对象满意度指标指标1:学员满意度20≥90%95%20总分10099"
)

TRADITIONAL = (
    "項(xiàng)目名稱鄉村道路養護補助主管部門某縣交通運輸局實施單位某縣公路中心年度資金總額80萬元"
    "年度總體目標完成鄉村道路日常養護績(jī)效指標一級指標二級指標三級指標指標值產出指標數量指標"
    "養護里程≥120公里質量指標養護合格率≥95%效益指標社會效益指標羣衆出行滿(mǎn)意度≥90%"
)

FLAT = (
    "某区林业局2024年度部门整体绩效自评表部门名称某区林业局年初预算数全年预算数全年执行数执行率"
    "绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
    "造林面积万亩定量指标12101210苗木成活率%定量指标8510888巡护天数天定量指标3651036510"
)


def rows(text: str) -> list[tuple[str, str, str, str, Decimal | None]]:
    table = parse_text(text).tables[0]
    return [(i.level1, i.level2, i.name, i.target.raw, i.weight) for i in table.indicators]


def test_glued_project_table():
    document = parse_text(PROJECT)
    table = document.tables[0]
    assert table.project == "社区老年助餐服务"
    assert table.budget_total_yuan == Decimal("1200000")
    assert rows(PROJECT) == [
        ("产出指标", "数量指标", "助餐人次", "≥3000人次", None),
        ("产出指标", "数量指标", "服务站点数量", "≥6个", None),
        ("产出指标", "质量指标", "抽检合格率", "≥98%", None),
        ("产出指标", "时效指标", "服务完成时间", "2024年12月底前", None),
        ("产出指标", "成本指标", "每餐补助标准", "≤8元/餐", None),
        ("效益指标", "社会效益指标", "老年人就餐便利度提升", "≥10%", None),
        ("满意度指标", "服务对象满意度指标", "老年人满意度", "≥90%", None),
    ]


def test_glued_self_evaluation_weight_target_actual_score():
    table = parse_text(SELF_EVALUATION).tables[0]
    assert table.project == "职业技能培训补贴"
    assert table.budget_total_yuan == Decimal("500000")
    assert rows(SELF_EVALUATION) == [
        ("产出指标", "数量指标", "指标1:培训人次", "500人次", Decimal(10)),
        ("产出指标", "质量指标", "指标1:考核合格率", "95%", Decimal(10)),
        ("产出指标", "时效指标", "指标1:培训完成时间", "2024年10月", Decimal(10)),
        ("产出指标", "成本指标", "指标1:人均培训成本", "≤200元/人", Decimal(20)),
        ("效益指标", "社会效益指标", "指标1:结业后就业率", "≥60%", Decimal(30)),
        ("满意度指标", "服务对象满意度指标", "指标1:学员满意度", "≥90%", Decimal(20)),
    ]
    first = table.indicators[0]
    assert first.actual == "520人次"
    assert first.uncertain  # '10500人次' was cut into weight and target by inference


def test_traditional_copy_with_pinyin():
    table = parse_text(TRADITIONAL).tables[0]
    assert table.project == "乡村道路养护补助"
    assert table.budget_total_yuan == Decimal("800000")
    assert [(r[0], r[1], r[2], r[3]) for r in rows(TRADITIONAL)] == [
        ("产出指标", "数量指标", "养护里程", "≥120公里"),
        ("产出指标", "质量指标", "养护合格率", "≥95%"),
        ("效益指标", "社会效益指标", "群众出行满意度", "≥90%"),
    ]


def test_flat_form_digit_runs():
    table = parse_text(FLAT).tables[0]
    got = [(i.name, i.target.raw, i.weight, i.actual) for i in table.indicators]
    assert got == [
        ("造林面积", "12万亩", Decimal(10), "12万亩"),
        ("苗木成活率", "85%", Decimal(10), "88%"),
        ("巡护天数", "365天", Decimal(10), "365天"),
    ]
    assert all(i.uncertain for i in table.indicators)


def test_simplified_text_is_not_folded():
    text = "项目名称：著作权登记补助（测试）\n乾坤"
    assert fold_document(text) == text


def test_report_prose_after_a_glued_table_is_not_read_as_rows() -> None:
    text = PROJECT + "(二)项目资金使用情况本项目全年支出115万元,其中:助餐补贴100万元,站点运营15万元。"
    table = parse_text(text).tables[0]
    assert table.indicators[-1].name == "老年人满意度"
    assert all("资金使用情况" not in i.name for i in table.indicators)


def test_title_glued_before_the_form_names_the_project() -> None:
    text = "文档简介1、2025年农村公路养护补助绩效目标表绩效目标保障农村公路日常养护" + PROJECT.split(
        "绩效指标", 1
    )[1].join(["绩效指标", ""])
    table = parse_text(text).tables[0]
    assert table.project == "2025年农村公路养护补助"
    assert table.indicators[0].name == "助餐人次"


def test_rows_are_not_reported_unread_when_tables_share_a_start_line() -> None:
    """Glued text gives no line numbers: two tables both 'start' at line 0, and the report must
    not hand the first table's rows to the second."""
    from assistant.model import Document, Indicator, SourceSpan, Target, TargetTable
    from assistant.parse.blocks import Row
    from assistant.parse.report import build_report

    row = Indicator(level1="产出指标", level2="数量指标", name="助餐人次",
                    target=Target(raw="≥3000人次"), source=SourceSpan(line=0))
    first = TargetTable(project="社区老年助餐服务", source=SourceSpan(line=0), indicators=[row])
    second = TargetTable(project="社区文化活动", source=SourceSpan(line=0))
    blocks = [Row(cells=["项目名称", "社区老年助餐服务"], line=0),
              Row(cells=["产出指标", "数量指标", "助餐人次", "≥3000人次"], line=0)]
    assert build_report(Document(tables=[first, second]), blocks).unread == []


# a transfer-payment form: 指标描述 beside each name, graded standards 优/良/中/差 under a
# two-row heading, the basis column glued before the next name, the title repeated on the next page
GRADED = (
    "2024年提前下达困难残疾人生活补贴资金绩效目标表绩效目标保障困难残疾人基本生活"
    "绩效指标分类绩效指标绩效指标描述绩效指标评价标准评价标准确定依据优良中差"
    "产出指标补贴发放覆盖率符合条件的困难残疾人是否应补尽补100%95%90%85%按补贴发放标准评价"
    "补贴资金按月发放及时率补贴资金是否每月按时足额发放98%95%90%85%按补贴发放标准评价"
    "效果指标补贴对象满意度(%)抽样调查中满意的补贴对象占比90%85%80%75%按抽样调查结果评价"
    "2024年提前下达困难残疾人生活补贴资金绩效"
)


def test_graded_form_takes_the_first_grade_and_parts_name_description_and_basis() -> None:
    table = parse_text(GRADED).tables[0]
    assert table.project == "2024年提前下达困难残疾人生活补贴资金"
    assert [(i.level1, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "补贴发放覆盖率", "100%"),
        ("产出指标", "补贴资金按月发放及时率", "98%"),
        ("效益指标", "补贴对象满意度(%)", "90%"),
    ]


# a web table with short headings and short categories, glued by a document-sharing site
SHORT = (
    "项目名称社区居家养老上门服务年度资金总额45万元一级二级指标内容指标值"
    "产出数量上门服务人次≥8000人次时效服务响应时间2个工作日内"
    "效益社会效益失能老人照护压力有效缓解满意度服务对象满意度服务对象满意度≥92%"
)


def test_short_headings_and_short_categories_in_glued_text() -> None:
    table = parse_text(SHORT).tables[0]
    assert table.project == "社区居家养老上门服务"
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "数量指标", "上门服务人次", "≥8000人次"),
        ("产出指标", "时效指标", "服务响应时间", "2个工作日内"),
        ("效益指标", "社会效益指标", "失能老人照护压力", "有效缓解"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥92%"),
    ]
    graded = table.indicators[2]
    assert graded.uncertain  # name and grade parted by the grade's words alone


# a filing form copied from a document-sharing site: spaces left inside the run, a two-word
# header (指标内容 指标值), values spaced from their units, the form's merged 项目绩效指标 heading
# in the middle, and a description sentence at the end
SPACED = (
    "项 目 名 称 城区古树名木养护经费 主管部门 某区园林局 项目绩效目标 完成古树名木日常养护与复壮"
    "指标 指标内容 指标值产出指标 古树名木巡查次数 各 2 次古树复壮株数 15 株养护人员培训 3 人日"
    "项目绩效指标古树名木建档率 100%效益指标 古树名木生长势改善 通过复壮措施，让古树恢复长势。对保护古树"
)


def test_glued_run_with_spaces_and_a_two_word_header() -> None:
    table = parse_text(SPACED).tables[0]
    assert table.project == "城区古树名木养护经费"
    assert [(i.level1, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "古树名木巡查次数", "各2次"),
        ("产出指标", "古树复壮株数", "15株"),
        ("产出指标", "养护人员培训", "3人日"),
        ("产出指标", "古树名木建档率", "100%"),
    ]
