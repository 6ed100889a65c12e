"""HTML layouts read back row by row: heading cells and rowspans, headers over two rows, several
tables, layout tables and page clutter, saved fill-in forms."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.reader_layouts_common import (
    HEAD,
    ROWS,
    html_page,
    html_table,
    read_tables,
)


@pytest.mark.parametrize("cell", ["th", "td"])
def test_html_heading_cells_and_rowspans(cell: str) -> None:
    data = html_page("<h2>森林防火巡护项目绩效目标表</h2>" + html_table(cell=cell))
    assert read_tables(data, "page.html")[0] == [("森林防火巡护", ROWS)]


@pytest.mark.parametrize("cell", ["th", "td"])
def test_html_header_over_two_rows(cell: str) -> None:
    assert read_tables(html_page(html_table(cell=cell, two_tier=True)), "page.html")[0] == [("森林防火巡护", ROWS)]


def test_html_two_tables_on_one_page() -> None:
    body = "".join(f"<h2>{p}项目绩效目标表</h2>" + html_table(p) for p in ("森林防火巡护", "河道保洁"))
    assert read_tables(html_page(body), "page.html")[0] == [("森林防火巡护", ROWS), ("河道保洁", ROWS)]


def test_html_table_inside_a_layout_table() -> None:
    body = f"<table><tr><td><a href='/'>首页</a></td><td>{html_table()}</td></tr></table>"
    assert read_tables(html_page(body), "page.html")[0] == [("森林防火巡护", ROWS)]


def test_gbk_page_with_the_table_in_div_clutter() -> None:
    body = ("<div class=nav>首页 &gt; 信息公开 &gt; 预算公开</div><div><p>发布时间：2024-01-05 浏览次数：321</p>"
            f"<div class=content>{html_table()}</div><p>附件下载</p><p>【关闭窗口】【打印本页】</p></div>")
    assert read_tables(html_page(body, "gbk"), "page.html")[0] == [("森林防火巡护", ROWS)]


def test_html_row_headings_and_several_bodies() -> None:
    """<thead>, several <tbody>, level cells as <th scope=row>, a rowspan."""
    cells = "".join(f"<th>{h}</th>" for h in HEAD)
    html = f"<table><tr><td>项目名称</td><td>森林防火巡护</td></tr></table><table><thead><tr>{cells}</tr></thead>"
    html += ("<tbody><tr><th scope=row rowspan=2>产出指标</th><th scope=row rowspan=2>数量指标</th>"
             "<td>巡护次数</td><td>≥100次</td></tr><tr><td>培训人数</td><td>≥50人</td></tr></tbody><tbody>")
    html += "".join("<tr>" + "".join(f"<th scope=row>{c}</th>" for c in row[:2])
                    + f"<td>{row[2]}</td><td>{row[3]}</td></tr>" for row in ROWS[2:])
    html += "</tbody></table>"
    assert read_tables(html_page(html), "page.html")[0] == [("森林防火巡护", ROWS)]


def test_html_saved_fill_in_form() -> None:
    """A fill-in page saved from the browser: what was typed is in <input value>, <textarea> and
    the chosen <option>; hidden fields and buttons are no text."""
    rows = "".join(
        f"<tr><td>{a}</td><td><select><option>请选择</option><option selected>{b}</option></select></td>"
        f"<td><textarea>{c}</textarea></td><td><input type=text value='{d}'><input type=hidden value='id{n}'>"
        "<input type=button value='删除'></td></tr>"
        for n, (a, b, c, d) in enumerate(ROWS)
    )
    html = ("<form><table><tr><td>项目名称</td><td><input name=p value='森林防火巡护'></td>"
            "<td>预算数（万元）</td><td><input type=number value='12.5'></td></tr></table>"
            f"<table><tr>{''.join(f'<th>{h}</th>' for h in HEAD)}</tr>{rows}</table></form>")
    tables, document = read_tables(html_page(html), "form.html")
    assert tables == [("森林防火巡护", ROWS)]
    assert document.tables[0].budget_total_yuan == Decimal("125000")
