"""Outline variants (family F5), sentences and prose: a deadline stated as a whole, two targets
in one sentence, enumerations and lead-in clauses, grades after a target word, statements
without a figure, self-evaluation prose, and numbered goals that must stay goals. Every text
here is written for the test."""

from __future__ import annotations

from assistant.parse import read_text
from assistant.parse.outline import is_outline
from assistant.parse.sentence_targets import read_sentence
from tests.outline_variants_common import read_rows


def test_deadline_in_a_heading_sentence() -> None:
    targets = read_sentence("2025年12月底前完工。")
    assert [(t.name, t.value) for t in targets] == [("2025年12月底前完工", "2025年12月底前完工")]
    # a bare figure with nothing to belong to is still no target
    assert read_sentence("2025年12月底前") == []
    # in a self-evaluation, a dated clause after a target is no new target
    later = read_sentence("新建助餐点4个，2025年6月完成", self_evaluation=True)
    assert [(t.name, t.value) for t in later] == [("新建助餐点", "4个")]


def test_two_targets_in_one_sentence_and_satisfaction_wording() -> None:
    text = (
        "城东片区老旧小区改造项目绩效目标\n"
        "一、产出指标\n"
        "（一）数量指标\n"
        "1.改造老旧小区12个，惠及居民2600户\n"
        "2.新增停车位：不少于300个\n"
        "二、满意度指标\n"
        "（一）服务对象满意度指标\n"
        "1.群众满意度达到90%以上\n"
    )
    assert read_rows(text) == [
        ("产出指标", "数量指标", "改造老旧小区", "12个"),
        ("产出指标", "数量指标", "惠及居民", "2600户"),
        ("产出指标", "数量指标", "新增停车位", "不少于300个"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "达到90%以上"),
    ]


def test_numbered_goals_above_a_cell_per_line_table_stay_goals() -> None:
    text = (
        "2025年村级公益事业奖补项目绩效目标表\n"
        "项目名称：村级公益事业奖补\n"
        "年度绩效目标：\n"
        "1.产出指标：完成村内道路硬化8公里，新建文化广场3个；\n"
        "2.效益指标：村民生产生活条件明显改善；\n"
        "3.满意度指标：群众满意度达到90%以上。\n"
        "\n一级指标\n\n二级指标\n\n三级指标\n\n指标值\n"
        "\n产出指标\n\n数量指标\n\n村内道路硬化里程\n\n8公里\n"
        "\n新建文化广场\n\n3个\n"
        "\n满意度指标\n\n服务对象满意度指标\n\n群众满意度\n\n≥90%\n"
    )
    assert not is_outline(text)
    assert read_rows(text) == [
        ("产出指标", "数量指标", "村内道路硬化里程", "8公里"),
        ("产出指标", "数量指标", "新建文化广场", "3个"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]


def test_self_evaluation_prose_with_grades_and_a_stated_budget() -> None:
    text = (
        "2024年度社区养老服务项目绩效自评报告\n"
        "一、项目基本情况\n"
        "本项目年初预算50万元，全年执行48万元。\n"
        "二、绩效目标完成情况\n"
        "1.产出指标完成情况\n"
        "（1）数量指标：服务老人人次绩效目标值是>=5000人次，实际完成值为5230人次；"
        "新建日间照料中心目标值为2个，实际完成值为2个。\n"
        "（2）质量指标：服务质量达标率年度目标值为≥95%，实际完成值为97%。\n"
        "2.效益指标完成情况\n"
        "社会效益指标：老年人生活质量提高程度绩效目标值是明显提高，实际完成值为明显提高。\n"
        "3.满意度指标完成情况\n"
        "服务对象满意度指标：老人满意度绩效目标值为90%以上，实际完成值为96%。\n"
        "三、存在问题\n"
        "部分站点运营不够规范。\n"
    )
    table = read_text(text).tables[0]
    assert table.budget_wan == 50
    assert [(i.level2, i.name, i.target.raw, i.actual) for i in table.indicators] == [
        ("数量指标", "服务老人人次", ">=5000人次", "5230人次"),
        ("数量指标", "新建日间照料中心", "2个", "2个"),
        ("质量指标", "服务质量达标率", "≥95%", "97%"),
        ("社会效益指标", "老年人生活质量提高程度", "明显提高", "明显提高"),
        ("服务对象满意度指标", "老人满意度", "90%以上", "96%"),
    ]


def test_a_grade_after_a_target_word_needs_a_name_and_a_separator() -> None:
    assert [(t.name, t.value) for t in read_sentence("道路通行条件目标值为明显改善")] == [
        ("道路通行条件", "明显改善")
    ]
    # no separator: an ordinary statement, both name and value
    assert [(t.name, t.value) for t in read_sentence("确保完成年度目标值")] == [
        ("确保完成年度目标值", "确保完成年度目标值")
    ]


def test_enumerations_split_only_where_each_part_is_a_named_figure() -> None:
    def read(text: str) -> list[tuple[str, str]]:
        return [(t.name, t.value) for t in read_sentence(text)]

    assert read("培训教师120人次、学生3000人次") == [("培训教师", "120人次"), ("学生", "3000人次")]
    assert read("资助标准为每生每年3000元、2000元") == [("资助标准", "每生每年3000元、2000元")]
    assert read("发放图书、资料500份") == [("发放图书、资料", "500份")]
    assert read("完工时间：2025年8月底前完工") == [("完工时间", "2025年8月底前完工")]
    assert read("2000元") == []  # no name inside a number


def test_an_unnumbered_line_after_unnumbered_statements_is_a_statement_of_its_own() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "一、效益指标\n"
        "（一）社会效益指标\n"
        "老人就餐难问题得到缓解\n"
        "邻里互助氛围更加浓厚\n"
        "二、满意度指标\n"
        "（一）服务对象满意度指标\n"
        "老人满意度≥90%\n"
    )
    assert [r[2] for r in read_rows(text)] == ["老人就餐难问题得到缓解", "邻里互助氛围更加浓厚", "老人满意度"]


def test_numbered_goals_under_a_goal_heading_are_all_kept() -> None:
    text = (
        "2024年社区助餐服务项目绩效目标设定\n"
        "一、项目基本情况\n"
        "项目名称：社区助餐服务\n"
        "预算资金：86.5万元\n"
        "二、绩效目标\n"
        "1.为辖区老人提供助餐服务36000人次；\n"
        "2.新建助餐点4个。\n"
        "三、绩效指标\n"
        "（一）产出指标\n"
        "1.数量指标\n"
        "助餐服务人次不少于36000人次；新建助餐点4个。\n"
        "（二）满意度指标\n"
        "1.服务对象满意度指标\n"
        "就餐老人满意度≥90%。\n"
        "四、保障措施\n"
        "加强资金监管，确保专款专用。\n"
    )
    table = read_text(text).tables[0]
    assert table.project == "社区助餐服务"
    assert table.budget_wan == 86.5
    assert table.goals == ["为辖区老人提供助餐服务36000人次", "新建助餐点4个"]
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "助餐服务人次", "不少于36000人次"),
        ("数量指标", "新建助餐点", "4个"),
        ("服务对象满意度指标", "就餐老人满意度", "≥90%"),
    ]


def test_a_lead_in_clause_stays_with_the_statement_it_leads_into() -> None:
    def read(text: str) -> list[tuple[str, str]]:
        return [(t.name, t.value) for t in read_sentence(text)]

    assert read("通过项目实施，有效解决老人就餐难问题，提升老年人幸福感") == [
        ("通过项目实施，有效解决老人就餐难问题", "通过项目实施，有效解决老人就餐难问题"),
        ("提升老年人幸福感", "提升老年人幸福感"),
    ]
    assert read("通过项目实施，带动就业50人") == [("带动就业", "50人")]
    assert read("通过项目实施") == [("通过项目实施", "通过项目实施")]
