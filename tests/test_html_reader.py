"""Saved web pages written by the tests themselves (rowspan/colspan, GBK, nested and div layouts)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.parse import ParseError, read_bytes
from assistant.parse.blocks import Para, Row
from assistant.parse.html_reader import decode_html, read_html_blocks
from tests import layout_render as render
from tests.test_layouts import TABLE_IDS, _check, _only, _tables

FORM = """<html><head><meta charset="{charset}"><title>页面标题</title>
<style>td {{ border: 1px }}</style><script>var x = "<table><tr><td>不是表格</td></tr></table>";</script></head>
<body><h2>2024年乡村道路养护项目绩效目标表</h2><p align="right">单位：万元</p>
<table border="1">
<tr><td colspan="6">（2024年度）</td></tr>
<tr><td>项目名称</td><td colspan="2">乡村道路养护</td><td>主管部门</td><td colspan="2">交通运输局</td></tr>
<tr><td>年度资金总额（万元）</td><td colspan="2">356.8</td><td>财政拨款</td><td colspan="2">356.8</td></tr>
<tr><td>绩效目标</td><td colspan="5">1.完成道路养护356公里<br>2.路况优良率达到90%</td></tr>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th><th>指标值确定依据</th><th>权重</th></tr>
<tr><td rowspan="2">产出指标</td><td>数量指标</td><td>养护
里程</td><td>≥356公里</td><td>年度计划</td><td>20</td></tr>
<tr><td>质量指标</td><td><p class="MsoNormal"><span>优良路率</span><o:p></o:p></p></td><td>≥90%</td>
<td>行业标准</td><td>20</td></tr>
<tr><td>效益指标</td><td>社会效益指标</td><td>群众出行条件</td><td>明显改善</td><td rowspan="2">问卷</td><td>30</td></tr>
<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>群众满意度</td><td>≥95%</td><td>30</td></tr>
</table><p style="display:none">隐藏文字</p><p>备注：无</p></body></html>"""

EXPECTED = [
    ("产出指标", "数量指标", "养护里程", "≥356公里", "年度计划"),
    ("产出指标", "质量指标", "优良路率", "≥90%", "行业标准"),
    ("效益指标", "社会效益指标", "群众出行条件", "明显改善", "问卷"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", ""),
]


def _rows(table) -> list[tuple[str, ...]]:  # noqa: ANN001
    return [(i.level1, i.level2, i.name, i.target.raw, i.basis) for i in table.indicators]


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312"])
def test_real_form_with_spans(charset: str) -> None:
    data = FORM.format(charset=charset).encode("gb18030" if charset != "utf-8" else "utf-8")
    table = _only(read_bytes(data, "form.htm"))
    assert table.project == "乡村道路养护"
    assert table.budget_total_yuan == Decimal("3568000")
    assert table.year == 2024
    assert table.goals == ["完成道路养护356公里", "路况优良率达到90%"]
    assert _rows(table) == EXPECTED


def test_blocks_follow_the_docx_convention() -> None:
    blocks = read_html_blocks(FORM.format(charset="utf-8").encode(), "form.html")
    paras = [b.text for b in blocks if isinstance(b, Para)]
    assert paras == ["2024年乡村道路养护项目绩效目标表", "单位：万元", "（2024年度）", "备注：无"]
    rows = [b.cells for b in blocks if isinstance(b, Row)]
    assert rows[0] == ["项目名称", "乡村道路养护", "", "主管部门", "交通运输局"]  # colspan text once
    assert rows[2] == ["绩效目标", "1.完成道路养护356公里\n2.路况优良率达到90%"]  # <br> → newline
    assert rows[5] == ["", "质量指标", "优良路率", "≥90%", "行业标准", "20"]  # rowspan continuation
    assert rows[7] == ["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", "", "30"]


@pytest.mark.parametrize("table_id", TABLE_IDS)
@pytest.mark.parametrize("merge_level2", [False, True])
def test_html_layout_reads_back(table_id: str, merge_level2: bool) -> None:
    want = _tables()[table_id]
    _check(_only(read_bytes(render.html_text([want], merge_level2).encode(), "page.html")), want)


def test_gbk_page_without_a_name_and_two_projects() -> None:
    first, second = _tables()["s000-0"], _tables()["cost2021"]
    data = render.html_text([first, second], merge_level2=True, charset="gbk").encode("gbk")
    document = read_bytes(data, "")  # recognised by its content
    assert [t.project for t in document.tables] == [first.project, second.project]
    _check(document.tables[0], first)
    _check(document.tables[1], second)


def test_web_page_saved_with_an_xls_name() -> None:
    """Reporting systems export HTML tables named .xls: the content decides."""
    want = _tables()["k020"]
    _check(_only(read_bytes(render.html_text([want]).encode(), "导出.xls")), want)


def test_layout_table_wrapping_the_form() -> None:
    inner = FORM.format(charset="utf-8").split("<body>")[1].split("</body>")[0]
    page = f"<html><body><table><tr><td>{inner}</td></tr><tr><td>版权所有</td></tr></table></body></html>"
    table = _only(read_bytes(page.encode(), "wrapped.html"))
    assert table.project == "乡村道路养护"
    assert _rows(table) == EXPECTED


def test_nested_table_in_a_cell_follows_its_row() -> None:
    page = ("<table><tr><td>项目名称</td><td>甲</td></tr><tr><td>资金支出计划</td><td>见下表"
            "<table><tr><td>一季度</td><td>10</td></tr></table></td></tr></table>")
    rows = [b.cells for b in read_html_blocks(page.encode()) if isinstance(b, Row)]
    assert rows == [["项目名称", "甲"], ["资金支出计划", "见下表"], ["一季度", "10"]]


def test_page_without_tables_falls_back_to_the_text_reader() -> None:
    want = _tables()["s000-0"]
    lines = render.tab_text(want, merged=True).splitlines()
    body = "".join(f"<div>{line.replace(chr(9), ' | ')}</div>" for line in lines)
    table = _only(read_bytes(f"<html><body>{body}</body></html>".encode(), "divs.html"))
    _check(table, want)


def test_encodings() -> None:
    text = "<html><body><p>项目名称</p></body></html>"
    assert decode_html(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_html(text.encode("utf-16")) == text
    declared = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + text
    assert decode_html(declared.encode("gb18030")) == declared
    assert decode_html(text.encode("gb18030")) == text  # undeclared, not UTF-8
    assert decode_html(('<?xml version="1.0" encoding="gbk"?>' + text).encode("gbk")).endswith(text)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"   ", "空"),
        (b"<html><body><p>\xe4\xbb\x8a\xe5\xa4\xa9\xe5\xa4\xa9\xe6\xb0\x94\xe5\xa5\xbd</p></body></html>", "没有找到"),
        (b"<html><body><table><tr><td>a</td><td>b</td></tr></table></body></html>", "没有找到"),
    ],
)
def test_pages_without_a_target_table(data: bytes, words: str) -> None:
    try:
        document = read_bytes(data, "x.html")
    except ParseError as error:
        assert words in error.message
        return
    assert not document.tables
    assert words in document.notes[0].message


def test_huge_spans_are_capped() -> None:
    page = '<table><tr><td rowspan="999999999" colspan="99999">项目名称</td><td>甲</td></tr></table>'
    blocks = read_html_blocks(page.encode())
    assert len(blocks) == 1 and len(blocks[0].cells) <= 1001


def test_value_split_under_a_spanning_heading() -> None:
    page = (
        "<html><head><meta charset='gbk'></head><body><table>"
        "<tr><td>项目名称</td><td colspan=5>城区绿化养护</td></tr>"
        "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td colspan=3>指标值</td></tr>"
        "<tr><td rowspan=2>产出指标</td><td>数量指标</td><td>养护绿地面积</td><td>≥</td><td>120</td><td>万平方米</td></tr>"
        "<tr><td>时效指标</td><td>养护完成时间</td><td colspan=3>2024年12月底前</td></tr>"
        "</table></body></html>"
    ).encode("gbk")
    table = read_bytes(page, "split.html").tables[0]
    assert [(i.level2, i.name, i.target.raw) for i in table.indicators] == [
        ("数量指标", "养护绿地面积", "≥120万平方米"),
        ("时效指标", "养护完成时间", "2024年12月底前"),
    ]
