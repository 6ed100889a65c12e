"""Outline variants (family F5), the structure: dash-joined levels (产出指标——数量指标：…), levels
by indentation alone (spaces or tabs), 指标1：/指标2： numbering, the value on the next line,
circled items, paired brackets, scored headings, traditional script, and texts that are no
outline. Every text here is written for the test. Sentences and prose inside outlines (deadlines,
enumerations, grades, self-evaluations, goals): test_outline_variants_sentences.py."""

from __future__ import annotations

from assistant.parse import read_text
from assistant.parse.outline import is_outline
from tests.outline_variants_common import read_rows

EXPECTED = [
    ("产出指标", "数量指标", "助餐人次", "不少于3000人次"),
    ("产出指标", "数量指标", "新建助餐点", "4个"),
    ("产出指标", "质量指标", "食品抽检合格率", "100%"),
    ("效益指标", "社会效益指标", "老人就餐难问题得到缓解", "老人就餐难问题得到缓解"),
    ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"),
]


def test_dash_joined_levels_with_targets_after_the_colon() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "产出指标——数量指标：助餐人次不少于3000人次；新建助餐点4个。\n"
        "产出指标——质量指标：食品抽检合格率100%。\n"
        "产出指标——时效指标：2024年6月底前完成。\n"
        "效益指标——社会效益指标：老人就餐难问题得到缓解。\n"
        "满意度指标——服务对象满意度指标：老人满意度≥90%。\n"
    )
    assert is_outline(text)
    assert read_rows(text) == [
        *EXPECTED[:3],
        ("产出指标", "时效指标", "2024年6月底前完成", "2024年6月底前完成"),
        *EXPECTED[3:],
    ]


def test_dash_joined_heading_over_numbered_items_ends_at_the_next_section() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "一、项目概况\n"
        "本项目为辖区老人提供助餐服务。\n"
        "二、绩效指标\n"
        "产出指标-数量指标\n"
        "1.助餐人次：不少于3000人次\n"
        "2.新建助餐点：4个\n"
        "产出指标-质量指标\n"
        "1.食品抽检合格率：100%\n"
        "效益指标-社会效益指标\n"
        "1.老人就餐难问题得到缓解\n"
        "满意度指标-服务对象满意度指标\n"
        "1.老人满意度：≥90%\n"
        "三、保障措施\n"
        "加强组织领导，落实资金。\n"
    )
    assert read_rows(text) == EXPECTED


def test_levels_by_indentation_only() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "产出指标\n"
        "    数量指标\n"
        "        助餐人次：不少于3000人次\n"
        "        新建助餐点：4个\n"
        "    质量指标\n"
        "        食品抽检合格率：100%\n"
        "效益指标\n"
        "\u3000\u3000社会效益指标\n"
        "\u3000\u3000\u3000\u3000老人就餐难问题得到缓解\n"
        "满意度指标\n"
        "    服务对象满意度指标\n"
        "        老人满意度：≥90%\n"
    )
    assert is_outline(text)
    assert read_rows(text) == EXPECTED


def test_flush_category_cells_are_no_indentation_outline() -> None:
    # one cell per line, all at the same depth: a flattened table, not an outline
    text = "\n".join(["产出指标", "数量指标", "助餐人次", "3000人次", "质量指标", "合格率", "100%"])
    assert not is_outline(text)


def test_indicator_numbering_and_deadline_statements() -> None:
    text = (
        "2025年中小学校舍维修项目绩效目标\n"
        "一、产出指标\n"
        "1、数量指标\n"
        "指标1：维修校舍面积12000平方米\n"
        "指标2：维修学校数量8所\n"
        "2、时效指标\n"
        "指标1：2025年8月31日前完工\n"
        "3、成本指标\n"
        "指标1：每平方米维修成本≤350元\n"
        "二、满意度指标\n"
        "1、服务对象满意度指标\n"
        "指标1：师生满意度≥95%\n"
    )
    assert read_rows(text) == [
        ("产出指标", "数量指标", "维修校舍面积", "12000平方米"),
        ("产出指标", "数量指标", "维修学校数量", "8所"),
        ("产出指标", "时效指标", "2025年8月31日前完工", "2025年8月31日前完工"),
        ("产出指标", "成本指标", "每平方米维修成本", "≤350元"),
        ("满意度指标", "服务对象满意度指标", "师生满意度", "≥95%"),
    ]


def test_value_on_the_next_line_and_labelled_values() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "一、产出指标\n"
        "（一）数量指标\n"
        "（1）助餐人次\n"
        "目标值：不少于3000人次\n"
        "（2）新建助餐点\n"
        "4个\n"
        "（二）质量指标\n"
        "（1）食品抽检合格率\n"
        "100%\n"
        "二、效益指标\n"
        "（一）社会效益指标\n"
        "（1）老人就餐难问题得到缓解。\n"
        "三、满意度指标\n"
        "（一）服务对象满意度指标\n"
        "（1）老人满意度\n"
        "≥90%\n"
    )
    assert read_rows(text) == EXPECTED


def test_traditional_script_outline() -> None:
    text = (
        "社區養老服務項目績效目標\n"
        "一、產出指標\n"
        "（一）數量指標\n"
        "1.服務老人人次：不少於5000人次\n"
        "（二）質量指標\n"
        "1.服務質量達標率≥95%\n"
        "二、滿意度指標\n"
        "（一）服務對象滿意度指標\n"
        "1.服務對象滿意度達到90%以上\n"
    )
    rows = read_rows(text)
    assert [(r[0], r[1]) for r in rows] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    assert [r[3] for r in rows] == ["不少于5000人次", "≥95%", "达到90%以上"]


def test_circled_items_enumerations_and_a_dated_statement() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "（一）产出指标\n"
        "1.数量指标：\n"
        "①助餐人次不少于3000人次；\n"
        "②新建助餐点4个、配送车辆2辆。\n"
        "2.时效指标：\n"
        "①助餐点于2024年6月底前投入运营。\n"
        "3.成本指标：\n"
        "①每餐补贴标准不超过8元。\n"
        "（二）满意度指标\n"
        "1.服务对象满意度指标：\n"
        "①就餐老人满意度不低于90%。\n"
    )
    assert read_rows(text) == [
        ("产出指标", "数量指标", "助餐人次", "不少于3000人次"),
        ("产出指标", "数量指标", "新建助餐点", "4个"),
        ("产出指标", "数量指标", "配送车辆", "2辆"),
        ("产出指标", "时效指标", "助餐点于2024年6月底前投入运营", "助餐点于2024年6月底前投入运营"),
        ("产出指标", "成本指标", "每餐补贴标准", "不超过8元"),
        ("满意度指标", "服务对象满意度指标", "就餐老人满意度", "不低于90%"),
    ]


def test_paired_brackets_and_headings_with_targets_after_a_space() -> None:
    paired = (
        "社区助餐服务项目绩效目标\n"
        "【产出指标】【数量指标】助餐人次：≥3000人次\n"
        "【产出指标】【质量指标】食品抽检合格率：100%\n"
        "【满意度指标】【服务对象满意度指标】老人满意度：≥90%\n"
    )
    spaced = (
        "社区助餐服务项目绩效目标\n"
        "一、产出指标\n"
        "1.数量指标 助餐人次≥3000人次\n"
        "2.质量指标 食品抽检合格率100%\n"
        "二、满意度指标\n"
        "1.服务对象满意度指标 老人满意度≥90%\n"
    )
    expected = [
        ("产出指标", "数量指标", "助餐人次", "≥3000人次"),
        ("产出指标", "质量指标", "食品抽检合格率", "100%"),
        ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"),
    ]
    assert read_rows(paired) == expected
    assert read_rows(spaced) == expected


def test_scored_headings_item_weights_and_a_grade_on_the_next_line() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "一、产出指标（50分）\n"
        "（一）数量指标（20分）\n"
        "1.助餐人次：不少于3000人次（10分）\n"
        "2.新建助餐点：4个（10分）\n"
        "（二）质量指标（30分）\n"
        "1.食品抽检合格率：100%\n"
        "二、效益指标（30分）\n"
        "（一）社会效益指标\n"
        "1.老人就餐难问题\n"
        "得到有效缓解\n"
        "三、满意度指标（20分）\n"
        "1.老人满意度：≥90%\n"
        "城南街道办事处\n"
    )
    table = read_text(text).tables[0]
    assert [(i.level1, i.level2, i.name, i.target.raw, i.weight) for i in table.indicators] == [
        ("产出指标", "数量指标", "助餐人次", "不少于3000人次", 10),
        ("产出指标", "数量指标", "新建助餐点", "4个", 10),
        ("产出指标", "质量指标", "食品抽检合格率", "100%", None),
        ("效益指标", "社会效益指标", "老人就餐难问题", "得到有效缓解", None),
        ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", None),
    ]


def test_unnumbered_first_levels_over_numbered_second_levels() -> None:
    text = (
        "社区助餐服务项目绩效目标\n"
        "产出指标：\n"
        "1.数量指标：助餐人次3000人次，新建助餐点4个\n"
        "2.时效指标：资金拨付时间2024年6月底前\n"
        "效益指标：\n"
        "1.社会效益指标：老人就餐难问题得到缓解\n"
        "满意度指标：\n"
        "1.服务对象满意度指标：老人满意度≥90%\n"
    )
    assert read_rows(text) == [
        ("产出指标", "数量指标", "助餐人次", "3000人次"),
        ("产出指标", "数量指标", "新建助餐点", "4个"),
        ("产出指标", "时效指标", "资金拨付时间", "2024年6月底前"),
        ("效益指标", "社会效益指标", "老人就餐难问题得到缓解", "老人就餐难问题得到缓解"),
        ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"),
    ]


def test_indentation_by_tabs_and_values_on_deeper_lines() -> None:
    tabs = (
        "社区助餐服务项目绩效目标\n\t产出指标\n\t\t数量指标\n\t\t\t助餐人次：不少于3000人次\n"
        "\t\t\t新建助餐点：4个\n\t\t质量指标\n\t\t\t食品抽检合格率：100%\n\t满意度指标\n"
        "\t\t服务对象满意度指标\n\t\t\t老人满意度：≥90%\n"
    )
    deeper = (
        "社区助餐服务项目绩效目标\n产出指标\n  数量指标\n    助餐人次\n      不少于3000人次\n"
        "    新建助餐点\n      4个\n  质量指标\n    食品抽检合格率\n      100%\n满意度指标\n"
        "  服务对象满意度指标\n    老人满意度\n      ≥90%\n"
    )
    expected = [
        ("产出指标", "数量指标", "助餐人次", "不少于3000人次"),
        ("产出指标", "数量指标", "新建助餐点", "4个"),
        ("产出指标", "质量指标", "食品抽检合格率", "100%"),
        ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"),
    ]
    assert read_rows(tabs) == expected
    assert read_rows(deeper) == expected


def test_tab_separated_rows_are_no_outline() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t助餐人次\t≥3000人次\n"
        "\t质量指标\t食品抽检合格率\t100%\n"
        "满意度指标\t服务对象满意度指标\t老人满意度\t≥90%\n"
    )
    assert not is_outline(text)
