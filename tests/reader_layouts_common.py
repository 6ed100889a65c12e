"""Shared by the tests/test_reader_layouts*.py files: the indicator rows and form labels their
tables are built from, reading a file back to (project, rows), and the HTML pages the HTML and
.doc tests build."""

from __future__ import annotations

from assistant.parse import read_bytes

ROWS = [
    ("产出指标", "数量指标", "巡护次数", "≥100次"),
    ("产出指标", "数量指标", "培训人数", "≥50人"),
    ("产出指标", "质量指标", "巡护覆盖率", "≥95%"),
    ("效益指标", "社会效益指标", "森林火灾发生率", "≤1%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]
HEAD = ["一级指标", "二级指标", "三级指标", "指标值"]
LABELS = [["项目名称", "森林防火巡护", "主管部门", "某某局"], ["预算数（万元）", "12.5", "其中：财政资金", "12.5"]]


def rows_of(table) -> list[tuple[str, str, str, str]]:  # noqa: ANN001
    return [(i.level1, i.level2, i.name, i.target.raw) for i in table.indicators]


def read_tables(data: bytes, name: str):  # noqa: ANN202
    document = read_bytes(data, name)
    return [(t.project, rows_of(t)) for t in document.tables], document


def form_labels(project: str = "森林防火巡护") -> list[list[str]]:
    return [[project if c == "森林防火巡护" else c for c in row] for row in LABELS]


def html_table(project: str = "森林防火巡护", cell: str = "th", two_tier: bool = False) -> str:
    """Labels in one table, the grid in another: <th> headings, 一级/二级 with rowspan."""
    html = (f"<table border=1><tr><td>项目名称</td><td colspan=3>{project}</td></tr>"
            "<tr><td>预算数（万元）</td><td colspan=3>12.5</td></tr></table><table border=1>")
    if two_tier:
        html += "<tr>" + "".join(f"<{cell} rowspan=2>{h}</{cell}>" for h in HEAD[:3])
        html += f"<{cell} colspan=2>指标值</{cell}></tr><tr><{cell}>年度指标值</{cell}><{cell}>中期指标值</{cell}></tr>"
    else:
        html += "<tr>" + "".join(f"<{cell}>{h}</{cell}>" for h in HEAD) + "</tr>"
    level1_spans = {0: 3, 3: 1, 4: 1}
    level2_spans = {0: 2, 2: 1, 3: 1, 4: 1}
    for n, row in enumerate(ROWS):
        html += "<tr>"
        if n in level1_spans:
            html += f"<td rowspan={level1_spans[n]}>{row[0]}</td>"
        if n in level2_spans:
            html += f"<td rowspan={level2_spans[n]}>{row[1]}</td>"
        html += f"<td>{row[2]}</td><td>{row[3]}</td>" + (f"<td>{row[3]}</td>" if two_tier else "") + "</tr>"
    return html + "</table>"


def html_page(body: str, charset: str = "utf-8") -> bytes:
    return f"<html><head><meta charset={charset}></head><body>{body}</body></html>".encode(charset)


def two_forms() -> list[list[str]]:
    return [row for p in ("森林防火巡护", "河道保洁") for row in [*form_labels(p), HEAD, *map(list, ROWS)]]
