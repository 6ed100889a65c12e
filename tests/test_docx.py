"""Word export and the .docx reader: write seed tables, read them back as blocks, and refuse
unreadable files with a clear message."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from assistant.export.docx_writer import FINDINGS_HEADING, write_docx
from assistant.model import (
    Finding,
    Indicator,
    Severity,
    SpendingPlan,
    Target,
    TargetTable,
)
from assistant.parse import docx_reader
from assistant.parse.blocks import Para, Row
from assistant.parse.docx_reader import read_docx_blocks
from assistant.parse.errors import ParseError

QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"]
MONTH_ENDS = ["3月底", "6月底", "10月底", "12月底"]


def _ind(level1: str, level2: str, name: str, desc: str, value: str, basis: str) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        description=desc,
        target=Target(raw=value),
        basis=basis,
    )


def _plan(labels: list[str], shares: list[int]) -> SpendingPlan:
    return SpendingPlan(
        labels=labels, values=[Decimal(s) for s in shares], raw=[f"{s}%" for s in shares]
    )


def seed_tables() -> list[TargetTable]:
    """Three projects typed in from seeds 000 (唐山高新区街道) and 002 (怀来县官厅镇)."""
    grid = TargetTable(
        project="网格化管理建设费用",
        budget_total_yuan=Decimal("2637500"),
        budget_fiscal_yuan=Decimal("2637500"),
        budget_other_yuan=Decimal("0"),
        purpose=(
            "项目预算数263.75万元。其中：财政资金263.75万元，其他资金0万元。\n"
            "主要用于：1.网格化管理建设费用23.9万元，包括硬件的日常运维，软件的版本升级、数据备份、"
            "BUG处理、性能调优。"
        ),
        spending_plan=_plan(QUARTERS, [25, 50, 75, 100]),
        goals=[
            "目标1社区网格员绩效工资及保险及时足额发放；",
            "目标2调动社区网格员工作积极性，保证网格内工作有序进行。",
        ],
        indicators=[
            _ind(
                "产出指标",
                "数量指标",
                "发放人数",
                "社区网格员发放人数",
                "=119人",
                "年度计划、工作经验",
            ),
            _ind(
                "产出指标",
                "质量指标",
                "网格工作完成率",
                "网格工作完成率",
                "=100%",
                "年度计划、工作经验",
            ),
            _ind("产出指标", "时效指标", "项目完成时限", "项目完成时限", "12月底", "上级政策"),
            _ind(
                "产出指标",
                "成本指标",
                "控制在预算内",
                "控制在预算内",
                "=263.75万元",
                "年度计划、工作经验",
            ),
            _ind(
                "效益指标",
                "可持续影响指标",
                "网格工作是否正常运转",
                "网格工作是否正常运转",
                "是",
                "工作经验",
            ),
            _ind(
                "满意度指标",
                "服务对象满意度指标",
                "涉及人员满意度",
                "涉及人员满意度",
                "85%以上",
                "工作经验",
            ),
        ],
    )
    wages = TargetTable(
        project="官厅镇村干部工资",
        code="13073024P00888510015C",
        unit_name="816001怀来县官厅镇人民政府",
        budget_total_yuan=Decimal("675400"),
        budget_fiscal_yuan=Decimal("675400"),
        purpose="用于支付村干部工资",
        spending_plan=_plan(MONTH_ENDS, [25, 50, 75, 100]),
        goals=[
            "1.加大村级组织建设保障力度，充分调动和激发农村干部的工作热情，确保村级组织机构的正常运转。"
        ],
        indicators=[
            _ind(
                "产出指标", "数量指标", "行政村数量", "经费保障行政村数量", "21个", "年度工作计划"
            ),
            _ind("产出指标", "质量指标", "足额发放率", "足额发放率", "≥95%", "年度工作计划"),
            _ind("产出指标", "时效指标", "及时发放率", "及时发放率", "≥95%", "年度工作计划"),
            _ind(
                "产出指标",
                "成本指标",
                "预算成本内",
                "控制在预算成本内",
                "≤67.54万元",
                "2024县级预算编制通知",
            ),
            _ind(
                "效益指标",
                "经济效益指标",
                "村级组织机构的正常运转",
                "是否能够保障村级组织机构的正常运转",
                "得到保障",
                "年初工作计划",
            ),
            _ind(
                "效益指标",
                "社会效益指标",
                "加强村干部工作稳定性",
                "对所服务地区村两委队伍生活工作的影响",
                "得到提升",
                "年初工作计划",
            ),
            _ind(
                "满意度指标",
                "服务对象满意度指标",
                "村干部满意度",
                "村干部对工资发放是否满意",
                "≥95%",
                "年度工作计划",
            ),
        ],
    )
    yishi = TargetTable(
        project="官厅镇怀财字【2024】7号2022年一事一议项目资金",
        code="13073024P008877100041",
        budget_total_yuan=Decimal("900000"),
        budget_fiscal_yuan=Decimal("900000"),
        purpose="一事一议项目资金",
        spending_plan=_plan(MONTH_ENDS, [25, 50, 75, 100]),
        goals=["1.通过官厅镇一事一议项目资金使用，提升村街环境，增强村民幸福感"],
        indicators=[
            _ind(
                "产出指标",
                "数量指标",
                "扶持村级集体经济发展村数量",
                "扶持村级集体经济发展村数量",
                "3个",
                "年初工作计划",
            ),
            _ind(
                "产出指标",
                "质量指标",
                "项目验收合格率",
                "项目完成后验收是否合格",
                "=100%",
                "年初工作计划",
            ),
        ],
    )
    return [grid, wages, yishi]


@pytest.fixture(scope="module")
def written() -> bytes:
    return write_docx(seed_tables())


@pytest.fixture(scope="module")
def blocks(written: bytes) -> list[Para | Row]:
    return read_docx_blocks(written, "seeds.docx")


def _rows(blocks: list[Para | Row], table: int) -> list[list[str]]:
    """The rows of one written target table: its upper part and its indicator part are two
    Word tables (so the indicator header repeats on every printed page)."""
    return [b.cells for b in blocks if isinstance(b, Row) and b.table in (2 * table, 2 * table + 1)]


# --- writer + reader ----------------------------------------------------------------------


def test_titles_and_tables_come_back_in_document_order(blocks):
    sequence = [
        b.text if isinstance(b, Para) else f"T{b.table // 2}"
        for b in blocks
        if isinstance(b, Para) or b.line == 0
    ]
    assert sequence == [
        "网格化管理建设费用绩效目标表",
        "单位：万元",
        "T0",
        "T0",
        "官厅镇村干部工资绩效目标表",
        "816001怀来县官厅镇人民政府    单位：万元",
        "T1",
        "T1",
        "官厅镇怀财字【2024】7号2022年一事一议项目资金绩效目标表",
        "单位：万元",
        "T2",
        "T2",
    ]
    paragraph_lines = [b.line for b in blocks if isinstance(b, Para)]
    assert paragraph_lines == sorted(paragraph_lines)


def test_merged_cells_read_once_and_continuations_empty(blocks):
    rows = _rows(blocks, 1)
    assert rows[0] == ["项目编码", "13073024P00888510015C", "项目名称", "官厅镇村干部工资"]
    assert rows[1] == [
        "预算规模及资金用途",
        "预算数",
        "67.54",
        "其中：财政资金",
        "67.54",
        "其他资金",
        "",
    ]
    assert rows[2] == ["", "用于支付村干部工资"]  # label merged down, text merged across
    assert rows[3] == ["资金支出计划（%）", *MONTH_ENDS]
    assert rows[4] == ["", "25%", "50%", "75%", "100%"]
    assert rows[5] == [
        "绩效目标",
        "1.加大村级组织建设保障力度，充分调动和激发农村干部的工作热情，确保村级组织机构的正常运转。",
    ]
    assert rows[6] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
    ]
    assert rows[7:] == [
        ["产出指标", "数量指标", "行政村数量", "经费保障行政村数量", "21个", "年度工作计划"],
        ["", "质量指标", "足额发放率", "足额发放率", "≥95%", "年度工作计划"],
        ["", "时效指标", "及时发放率", "及时发放率", "≥95%", "年度工作计划"],
        ["", "成本指标", "预算成本内", "控制在预算成本内", "≤67.54万元", "2024县级预算编制通知"],
        [
            "效益指标",
            "经济效益指标",
            "村级组织机构的正常运转",
            "是否能够保障村级组织机构的正常运转",
            "得到保障",
            "年初工作计划",
        ],
        [
            "",
            "社会效益指标",
            "加强村干部工作稳定性",
            "对所服务地区村两委队伍生活工作的影响",
            "得到提升",
            "年初工作计划",
        ],
        [
            "满意度指标",
            "服务对象满意度指标",
            "村干部满意度",
            "村干部对工资发放是否满意",
            "≥95%",
            "年度工作计划",
        ],
    ]


def test_multiline_cells_money_in_wan_and_goal_lines(blocks):
    rows = _rows(blocks, 0)
    assert rows[0] == ["项目编码", "", "项目名称", "网格化管理建设费用"]
    assert rows[1][2] == "263.75" and rows[1][4] == "263.75" and rows[1][6] == "0"
    assert rows[2][1].startswith(
        "项目预算数263.75万元。其中：财政资金263.75万元，其他资金0万元。\n主要用于："
    )
    assert rows[3] == ["资金支出计划（%）", *QUARTERS]
    # already numbered goals are kept as written, one paragraph each
    assert rows[5][1] == (
        "目标1社区网格员绩效工资及保险及时足额发放；\n目标2调动社区网格员工作积极性，保证网格内工作有序进行。"
    )
    values = [r[4] for r in rows[7:]]
    assert values == ["=119人", "=100%", "12月底", "=263.75万元", "是", "85%以上"]
    assert [r[0] for r in rows[7:]] == ["产出指标", "", "", "", "效益指标", "满意度指标"]


def test_same_level2_rows_merge_vertically():
    table = seed_tables()[2]
    table.indicators.append(
        _ind("产出指标", "质量指标", "工程竣工及时率", "工程是否按时竣工", "=100%", "年初工作计划")
    )
    rows = _rows(read_docx_blocks(write_docx([table])), 0)
    assert [r[:3] for r in rows[7:]] == [
        ["产出指标", "数量指标", "扶持村级集体经济发展村数量"],
        ["", "质量指标", "项目验收合格率"],
        ["", "", "工程竣工及时率"],
    ]


def test_unnumbered_goals_get_numbers_and_amounts_show_without_exponent():
    table = TargetTable(
        project="测试项目",
        budget_total_yuan=Decimal("1000000"),
        goals=["保障工资按时发放", "保证村级组织正常运转"],
    )
    rows = _rows(read_docx_blocks(write_docx([table])), 0)
    assert rows[1][2] == "100"
    # no 资金支出计划 in the input: no empty plan rows to fill by hand
    assert not any(r[0].startswith("资金支出计划") for r in rows)
    assert rows[3] == ["绩效目标", "1.保障工资按时发放\n2.保证村级组织正常运转"]


def test_document_format_font_style_and_page(written):
    document = docx.Document(io.BytesIO(written))
    section = document.sections[0]
    assert section.page_width > section.page_height  # A4 landscape
    assert round(section.page_width.cm, 1) == 29.7
    normal_fonts = document.styles["Normal"].element.rPr.rFonts
    assert normal_fonts.get(qn("w:eastAsia")) == "宋体"
    assert all(t.style.name == "Table Grid" for t in document.tables)
    assert len(document.tables) == 6  # per project: the upper part, then the indicators
    for number, table in enumerate(document.tables):
        rows = table._tbl.tr_lst
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        repeated = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows]
        # the indicator header row repeats on every page; nothing else does
        assert repeated == ([True] + [False] * (len(rows) - 1) if number % 2 else [False] * len(rows))
    run = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert run.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    # every part is well-formed XML
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(archive.read(name))


def test_findings_section_lists_code_row_and_message():
    tables = seed_tables()[1:2]
    findings = [
        Finding(
            code="VAL-UNIT",
            severity=Severity.ERROR,
            table=0,
            indicator=1,
            message="比率指标值超过100%",
        ),
        Finding(code="GOAL-VAGUE", severity=Severity.WARNING, table=0, message="绩效目标不够具体"),
    ]
    texts = [
        b.text
        for b in read_docx_blocks(write_docx(tables, findings=findings))
        if isinstance(b, Para)
    ]
    at = texts.index(FINDINGS_HEADING)
    assert texts[at + 1 :] == [
        "1. 官厅镇村干部工资",
        "[VAL-UNIT]（错误）第2条指标「足额发放率」：比率指标值超过100%",
        "[GOAL-VAGUE]（警告）绩效目标不够具体",
    ]


def test_document_title_comes_first():
    blocks = read_docx_blocks(write_docx(seed_tables()[:1], title="2024年项目支出绩效目标"))
    assert isinstance(blocks[0], Para) and blocks[0].text == "2024年项目支出绩效目标"


# --- reader on documents not made by the writer ------------------------------------------


def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_reader_interleaves_paragraphs_and_flattens_nested_tables():
    document = docx.Document()
    document.add_paragraph("前言")
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "一级指标", "二级指标"
    outer.cell(1, 0).text = "产出指标"
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "数量指标", "=21个"
    document.add_paragraph("")  # empty: skipped but counted
    document.add_paragraph("后记")
    second = document.add_table(rows=1, cols=3)
    merged = second.cell(0, 0).merge(second.cell(0, 2))
    merged.text = "合并"
    blocks = read_docx_blocks(_docx_bytes(document))
    assert blocks == [
        Para("前言", 0),
        Row(["一级指标", "二级指标"], 0, 0),
        Row(["产出指标", ""], 1, 0),
        Row(["数量指标", "=21个"], 1, 0),
        Para("后记", 2),
        Row(["合并"], 0, 1),
    ]


# --- refusals ------------------------------------------------------------------------------


def _bomb(size_mb: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(size_mb):
                member.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "空"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF", "PDF"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504), ".docx"),
        (bytes(range(256)) * 40, "不是 Word"),
    ],
    ids=["empty", "pdf-renamed", "old-doc", "random-bytes"],
)
def test_unreadable_files_raise_parse_error(data, expected):
    with pytest.raises(ParseError) as caught:
        read_docx_blocks(data, "上传.docx")
    assert expected in caught.value.message
    assert caught.value.where == "上传.docx"
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message)


def test_old_doc_message_says_save_as_docx():
    with pytest.raises(ParseError, match="另存为"):
        read_docx_blocks(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))


def test_zip_bomb_by_ratio_is_refused_before_decompressing():
    with pytest.raises(ParseError, match="压缩比"):
        read_docx_blocks(_bomb(11))


def test_zip_bomb_by_total_size_is_refused():
    with pytest.raises(ParseError, match="过大"):
        read_docx_blocks(_bomb(201))


def test_total_limit_counts_all_members(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(ParseError, match="过大"):
        read_docx_blocks(write_docx(seed_tables()[:1]))


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "不是文档")
    with pytest.raises(ParseError, match="不是 Word"):
        read_docx_blocks(buffer.getvalue())


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, content if info.filename == name else source.read(info))
    return buffer.getvalue()


def test_corrupt_xml_raises_parse_error(written):
    broken = _replace_member(written, "word/document.xml", b"<w:document><w:body><w:p>")
    with pytest.raises(ParseError, match="XML"):
        read_docx_blocks(broken)


def test_excel_renamed_to_docx_raises_parse_error(written):
    types = zipfile.ZipFile(io.BytesIO(written)).read("[Content_Types].xml")
    xlsx_like = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )
    with pytest.raises(ParseError, match="不是 Word"):
        read_docx_blocks(_replace_member(written, "[Content_Types].xml", xlsx_like))


# --- full round trip (needs the assembler) -------------------------------------------------

_GOAL_NUMBER = re.compile(r"^\s*(?:目标\s*)?\d+\s*[.、．]?\s*")


def _goal_texts(goals: list[str]) -> list[str]:
    # Numbering and the closing ；/。 are presentation: the assembler may keep or drop them.
    return [_GOAL_NUMBER.sub("", g).strip().rstrip("；;。.") for g in goals]


def test_round_trip_docx_to_document_equals_model(written):
    assemble_module = pytest.importorskip("assistant.parse.assemble")
    pytest.importorskip("assistant.parse.budget")  # the assembler calls it for money and items
    assemble = getattr(assemble_module, "assemble", None)
    if assemble is None:
        pytest.skip("assemble() not written yet")
    expected = seed_tables()
    document = assemble(read_docx_blocks(written, "seeds.docx"), "seeds.docx")
    assert [t.project for t in document.tables] == [t.project for t in expected]
    for got, want in zip(document.tables, expected, strict=True):
        assert got.code == want.code
        assert got.budget_total_yuan == want.budget_total_yuan
        assert got.budget_fiscal_yuan == want.budget_fiscal_yuan
        assert (got.budget_other_yuan or 0) == (want.budget_other_yuan or 0)
        assert got.purpose == want.purpose
        assert _goal_texts(got.goals) == _goal_texts(want.goals)
        assert got.spending_plan is not None
        assert got.spending_plan.labels == want.spending_plan.labels
        assert got.spending_plan.values == want.spending_plan.values
        assert len(got.indicators) == len(want.indicators)
        for g, w in zip(got.indicators, want.indicators, strict=True):
            assert (g.level1, g.level2, g.name, g.description, g.value, g.basis) == (
                w.level1,
                w.level2,
                w.name,
                w.description,
                w.value,
                w.basis,
            )
