"""Workbooks (.xlsx via openpyxl, .xls via xlwt) written by the tests themselves, read back."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from assistant.parse import ParseError, read_bytes
from assistant.parse.blocks import Para, Row
from assistant.parse.xlsx_reader import cell_text, read_workbook_blocks
from tests import layout_render as render
from tests.test_layouts import TABLE_IDS, _check, _only, _tables


def _save(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("table_id", TABLE_IDS)
@pytest.mark.parametrize("merge_level2", [False, True])
def test_xlsx_layout_reads_back(table_id: str, merge_level2: bool) -> None:
    want = _tables()[table_id]
    _check(_only(read_bytes(render.xlsx_bytes([want], merge_level2), "表.xlsx")), want)


@pytest.mark.parametrize("table_id", ["s000-0", "k020", "cost2021"])
def test_xls_layout_reads_back(table_id: str) -> None:
    want = _tables()[table_id]
    data = render.xls_bytes([want])
    assert data[:4] == b"\xd0\xcf\x11\xe0"
    _check(_only(read_bytes(data, "表.xls")), want)


@pytest.mark.parametrize("sheet_per_table", [False, True])
def test_two_projects(sheet_per_table: bool) -> None:
    first, second = _tables()["s000-0"], _tables()["cost2021"]
    data = render.xlsx_bytes([first, second], merge_level2=True, sheet_per_table=sheet_per_table)
    document = read_bytes(data, "two.xlsx")
    assert [t.project for t in document.tables] == [first.project, second.project]
    _check(document.tables[0], first)
    _check(document.tables[1], second)


def test_values_read_as_shown() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["整数", 95.0, 12.5, 0.1 + 0.2, 1234567.0, True])
    sheet.append(["日期", dt.date(2024, 12, 31), dt.datetime(2024, 6, 30, 0, 0), dt.datetime(2024, 6, 30, 8, 30)])
    sheet.append(["百分比", 0.95, 0.955, 1, 0.5])
    sheet["B3"].number_format = "0%"
    sheet["C3"].number_format = "0.0%"
    sheet["D3"].number_format = "0%"
    sheet["E3"].number_format = '[Red]0.00%;"负"0.00%'
    rows = [b.cells for b in read_workbook_blocks(_save(book), "v.xlsx") if isinstance(b, Row)]
    assert rows[0] == ["整数", "95", "12.5", "0.3", "1234567", "TRUE"]
    assert rows[1] == ["日期", "2024-12-31", "2024-06-30", "2024-06-30 08:30"]
    assert rows[2] == ["百分比", "95%", "95.5%", "100%", "50%"]


def test_cell_text() -> None:
    assert cell_text(95.0) == "95"
    assert cell_text(0.95, 0) == "95%"
    assert cell_text(12.5) == "12.5"
    assert cell_text(1e20) == "100000000000000000000"
    assert cell_text(dt.date(2024, 12, 31)) == "2024-12-31"
    assert cell_text("a\r\nb") == "a\nb"


def test_merged_cells_follow_the_docx_convention() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "某项目绩效目标表"
    sheet.merge_cells("A1:D1")
    sheet.append(["项目名称", "某项目", "重复值", None])
    sheet.merge_cells("B2:D2")  # a leftover value under a merge must not be read
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "数量指标", "人数", 10])
    sheet.append(["产出指标", "质量指标", "合格率", "≥95%"])
    sheet.merge_cells("A4:A5")
    blocks = read_workbook_blocks(_save(book), "m.xlsx")
    assert blocks[0] == Para(text="某项目绩效目标表", line=1)
    assert [b.cells for b in blocks[1:]] == [
        ["项目名称", "某项目"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "人数", "10"],
        ["", "质量指标", "合格率", "≥95%"],
    ]
    assert blocks[1].line == 2 and blocks[1].table == 0


def test_real_form_header_and_labels() -> None:
    """The usual form: 项目名称|…|主管部门|…, 年度资金总额, 绩效目标, then
    一级指标|二级指标|三级指标|指标值|指标值确定依据|权重, data starting away from A1."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024年项目支出绩效目标表"
    rows = [
        ["项目支出绩效目标表"],
        ["项目名称", "乡村道路养护", None, "主管部门", "交通运输局"],
        ["年度资金总额（万元）", 356.8, None, "财政拨款", 356.8],
        ["绩效目标", "1.完成道路养护356公里\n2.路况优良率达到90%"],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "权重"],
        ["产出指标", "数量指标", "养护里程", "≥356公里", "年度计划", 20],
        [None, "质量指标", "优良路率", 0.9, "行业标准", 20],
        ["效益指标", "社会效益指标", "群众出行条件", "明显改善", "", 30],
        ["满意度指标", "服务对象满意度指标", "群众满意度", 0.95, "问卷", 30],
    ]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=2):
            if value is not None:
                sheet.cell(r, c, value)
    sheet.merge_cells("B3:G3")
    sheet.merge_cells("C6:G6")
    sheet.merge_cells("B8:B9")
    sheet["E9"].number_format = "0%"
    sheet["E11"].number_format = "0.0%"
    table = _only(read_bytes(_save(book), "form.xlsx"))
    assert table.project == "乡村道路养护"
    assert table.budget_total_yuan == Decimal("3568000")
    assert table.year == 2024
    assert [(i.level1, i.level2, i.name, i.target.raw, i.basis) for i in table.indicators] == [
        ("产出指标", "数量指标", "养护里程", "≥356公里", "年度计划"),
        ("产出指标", "质量指标", "优良路率", "90%", "行业标准"),
        ("效益指标", "社会效益指标", "群众出行条件", "明显改善", ""),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "95%", "问卷"),
    ]
    assert len(table.goals) == 2


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.xlsx", "空"),
        (_zip({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}), "bad.xlsx", "损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\0" * 600, "bad.xls", "损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "p.xlsx", "密码"),
    ],
)
def test_bad_workbooks(data: bytes, name: str, words: str) -> None:
    with pytest.raises(ParseError) as error:
        read_bytes(data, name)
    assert words in error.value.message


def test_truncated_and_empty_workbooks() -> None:
    data = render.xlsx_bytes([_tables()["s000-0"]])
    with pytest.raises(ParseError) as error:
        read_bytes(data[: len(data) // 2], "half.xlsx")
    assert "损坏" in error.value.message or "无法" in error.value.message
    with pytest.raises(ParseError) as error:
        read_bytes(_save(openpyxl.Workbook()), "blank.xlsx")
    assert "空" in error.value.message


def test_oversized_sheet_is_refused_before_loading() -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("大")
    sheet.append(["项目名称"])
    for _ in range(198):
        sheet.append([])
    sheet.append([None] * 16383 + ["x"])  # A1 … XFD200: two values, 3.3 million cells of area
    started = time.perf_counter()
    with pytest.raises(ParseError) as error:
        read_workbook_blocks(_save(book), "big.xlsx")
    assert "过大" in error.value.message
    assert time.perf_counter() - started < 20


def test_five_thousand_rows_in_bounded_time() -> None:
    want = _tables()["s000-0"]
    many = want.model_copy(deep=True)
    many.indicators = [i.model_copy(update={"name": f"{i.name}{n}"}) for n in range(5000 // len(want.indicators) + 1)
                       for i in want.indicators][:5000]
    data = render.xlsx_bytes([many])
    started = time.perf_counter()
    table = _only(read_bytes(data, "big.xlsx"))
    assert len(table.indicators) == 5000
    assert time.perf_counter() - started < 30


def test_value_split_over_merged_heading_cells() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["项目名称", "城区绿化养护"], ["年度资金总额（万元）", 260], ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护绿地面积", "≥", 120, "万平方米"], [None, "质量指标", "苗木成活率", "≥", 95, "%"],
    ):
        sheet.append(row)
    sheet.merge_cells("D3:F3")
    sheet.merge_cells("A4:A5")
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_bytes(buffer.getvalue(), "split.xlsx").tables[0]
    assert [(i.level1, i.name, i.target.raw) for i in table.indicators] == [
        ("产出指标", "养护绿地面积", "≥120万平方米"),
        ("产出指标", "苗木成活率", "≥95%"),
    ]
