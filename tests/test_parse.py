"""The readers on the five seed documents: shapes and real values, row by row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.parse import ParseError, read_bytes, read_path, read_text
from assistant.parse.text_reader import text_blocks

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def seed():
    cache: dict[str, object] = {}

    def load(number: str):
        if number not in cache:
            cache[number] = read_path(SEEDS / f"{number}.txt")
        return cache[number]

    return load


def rows(table):
    return [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators]


def test_seed_000_has_eleven_project_tables_of_six_rows(seed):
    document = seed("000")
    assert len(document.tables) == 11
    assert all(len(t.indicators) == 6 for t in document.tables)
    assert document.tables[0].project == "村干部工资、保险和聘用人员工资"
    assert document.tables[-1].project == "村级组织运转经费"


def test_seed_000_grid_table_rows_and_budget(seed):
    grid = next(t for t in seed("000").tables if t.project == "网格化管理建设费用")
    assert grid.budget_total_yuan == Decimal("2637500")
    assert rows(grid) == [
        ("产出指标", "数量指标", "发放人数", "=119人"),
        ("产出指标", "质量指标", "网格工作完成率", "=100%"),
        ("产出指标", "时效指标", "项目完成时限", "12月底"),
        ("产出指标", "成本指标", "控制在预算内", "=263.75万元"),
        ("效益指标", "可持续影响指标", "网格工作是否正常运转", "是"),
        ("满意度指标", "服务对象满意度指标", "涉及人员满意度", "85%以上"),
    ]
    first = grid.indicators[0]
    assert first.description == "社区网格员发放人数"
    assert first.basis == "年度计划、工作经验"
    assert first.raw_level1 == "产出指标"
    assert grid.goals == ["社区网格员绩效工资及保险及时足额发放", "调动社区网格员工作积极性，保证网格内工作有序进行。"]
    assert [str(v) for v in grid.spending_plan.values] == ["25", "50", "75", "100"]


def test_seed_000_old_effect_naming_reads_as_benefit(seed):
    table = seed("000").tables[0]
    effect = table.indicators[4]
    assert effect.raw_level1 == "效果指标"
    assert (effect.level1, effect.level2, effect.name) == ("效益指标", "可持续影响指标", "在岗率")


def test_seed_000_budget_totals_from_purpose_text(seed):
    by_name = {t.project: t for t in seed("000").tables}
    assert by_name["村干部工资、保险和聘用人员工资"].budget_total_yuan == Decimal("2130800")
    assert by_name["社区运行经费"].budget_total_yuan == Decimal("3800000")
    assert by_name["丧葬补贴资金"].budget_total_yuan == Decimal("240000")
    assert by_name["补偿安置费"].spending_plan.values[0] == Decimal(0)


def test_seed_001_three_tables_of_nine_rows_with_labels(seed):
    document = seed("001")
    assert [len(t.indicators) for t in document.tables] == [9, 9, 9]
    rent = document.tables[0]
    assert rent.project == "房屋租赁和物业管理专项经费"
    assert rent.code == "13020925P001470100024"
    assert rent.budget_total_yuan == Decimal("2425900")
    assert rent.budget_fiscal_yuan == Decimal("2425900")
    assert rent.purpose.startswith("支付所辖社区党群服务中心办公场所租赁费")
    assert rent.spending_plan.labels == ["3月底", "6月底", "10月底", "12月底"]
    assert rent.spending_plan.values == [None, None, Decimal(50), Decimal(100)]
    assert rows(rent)[3] == ("产出指标", "成本指标", "资金成本", "≤242.59万元")
    assert rows(rent)[6] == ("效益指标", "生态效益指标", "生态影响", "≥95%")
    assert rows(document.tables[1])[0] == ("产出指标", "数量指标", "发放人数", "395人")
    assert document.tables[1].goals[0] == "保证楼门长补助及时足额发放"


def test_seed_002_twenty_three_tables(seed):
    document = seed("002")
    assert len(document.tables) == 23
    fire = document.tables[2]
    assert fire.project == "官厅镇怀财字【2024】7号防火经费"
    assert fire.budget_total_yuan == Decimal("210000")
    assert fire.goals == ["目标内容1"]
    assert rows(fire)[4] == ("效益指标", "经济效益指标", "新增粮食产能", "≥95百分比")
    assert all(i.target.raw == "≥95百分比" for i in fire.indicators)
    flood = document.tables[3]
    assert flood.indicators[7].name == "逐步促进了解河势变化及对防洪、"
    salary = document.tables[0]
    assert rows(salary)[0] == ("产出指标", "数量指标", "行政村数量", "21个")
    assert salary.indicators[4].target.raw == "得到保障"


def test_seed_003_department_tables(seed):
    document = seed("003")
    assert len(document.tables) >= 4
    lixiang = document.tables[0]
    assert lixiang.kind == "department"
    assert "梨香" in lixiang.project
    assert lixiang.budget_total_yuan == Decimal("22270600")
    assert rows(lixiang)[0] == ("产出指标", "数量指标", "保障干部人数", "296个")
    assert rows(lixiang)[5] == ("产出指标", "时效指标", "项目执行截止日期", "2021年12月31日")
    assert rows(lixiang)[7] == ("产出指标", "成本指标", "各项经费不超出预算, 不超支审批", "可控")
    assert rows(lixiang)[-1] == ("满意度指标", "服务对象满意度指标", "服务群众满意度", "≥95%")
    later = document.tables[3]
    assert rows(later)[0] == ("产出指标", "数量指标", "履职干部保障人数", "=287人")
    assert rows(later)[10] == ("产出指标", "成本指标", "人均运转经费数", "≤5986.34元")


def test_seed_004_pdf_dump_has_nine_tables(seed):
    document = seed("004")
    assert len(document.tables) == 9
    first = document.tables[0]
    assert first.project == "城镇建设工作经费"
    assert first.budget_total_yuan == Decimal("230000")
    assert first.indicators[0].level2 == "数量指标"
    assert first.indicators[0].target.raw == "≥95%"


def test_tab_separated_and_pipe_layouts_read_the_same_rows(seed):
    grid = next(t for t in seed("000").tables if t.project == "网格化管理建设费用")
    header = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    lines = [header]
    previous = ("", "")
    for i in grid.indicators:
        level1 = i.level1 if i.level1 != previous[0] else ""
        level2 = i.level2 if i.level2 != previous[1] else ""
        previous = (i.level1, i.level2)
        lines.append([level1, level2, i.name, i.description, i.target.raw, i.basis])
    tab_text = "网格化管理建设费用绩效目标表\n" + "\n".join("\t".join(cells) for cells in lines)
    pipe_text = "网格化管理建设费用绩效目标表\n" + "\n".join(
        "| " + " | ".join(cells) + " |" for cells in lines[:1] + [["---"] * 6] + lines[1:]
    )
    for text in (tab_text, pipe_text):
        table = read_text(text).tables[0]
        assert table.project == "网格化管理建设费用"
        assert rows(table) == rows(grid)


def test_cell_continuation_lines_join_the_cell():
    blocks = text_blocks("\t产出\n指标\n\t数量指标\n\t发放人数\n\t=119人\n\n\t项目名称\n\t测试\n" * 3)
    assert blocks[0].cells[:2] == ["产出\n指标", "数量指标"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "空"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x00\x01\x02\x03" * 100, "二进制"),
        (b"{not json", "JSON"),
    ],
)
def test_unreadable_input_raises_parse_error(data, fragment):
    with pytest.raises(ParseError) as info:
        read_bytes(data, "bad.txt")
    assert fragment in str(info.value)


def test_gbk_text_decodes(seed):
    text = (SEEDS / "000.txt").read_text(encoding="utf-8")
    document = read_bytes(text.encode("gb18030"), "seed-gbk.txt")
    assert len(document.tables) == 11


def test_text_with_no_table_reports_why():
    document = read_text("这是一段普通文字，没有表格。")
    assert document.tables == []
    assert "没有找到绩效目标表" in document.notes[0].message


def test_docx_with_unit_and_direction_columns(tmp_path):
    """A Hunan-style form: 指标性质 and 计量单位 in their own columns fold into the value."""
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_paragraph("2024年项目支出绩效目标表")
    grid = word.add_table(rows=0, cols=6)
    for cells in (
        ("项目名称", "乡镇污水处理设施运维", "", "", "", ""),
        ("年度预算（万元）", "85", "", "", "", ""),
        ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位"),
        ("产出指标", "数量指标", "运维污水处理站数量", "正向", "3", "座"),
        ("", "时效指标", "故障处置时限", "反向", "48", "小时"),
        ("满意度指标", "服务对象满意度指标", "周边群众满意度", "正向", "90", "%"),
    ):
        row = grid.add_row().cells
        for index, text in enumerate(cells):
            row[index].text = text
    path = tmp_path / "hunan.docx"
    word.save(path)
    table = read_path(path).tables[0]
    assert table.budget_total_yuan == Decimal("850000")
    assert rows(table) == [
        ("产出指标", "数量指标", "运维污水处理站数量", "≥3座"),
        ("产出指标", "时效指标", "故障处置时限", "≤48小时"),
        ("满意度指标", "服务对象满意度指标", "周边群众满意度", "≥90%"),
    ]


def test_2021_layout_with_cost_as_first_level(tmp_path):
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "项目名称\t农村公路养护经费",
            "一级指标\t二级指标\t三级指标\t指标值",
            "成本指标\t经济成本指标\t养护总成本\t≤120万元",
            "\t社会成本指标\t对群众出行的不利影响\t无",
            "产出指标\t数量指标\t日常养护里程\t≥356公里",
        ]
    )
    table = read_text(text).tables[0]
    assert rows(table) == [
        ("成本指标", "经济成本指标", "养护总成本", "≤120万元"),
        ("成本指标", "社会成本指标", "对群众出行的不利影响", "无"),
        ("产出指标", "数量指标", "日常养护里程", "≥356公里"),
    ]
