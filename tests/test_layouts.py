"""Real tables rendered into the layouts users paste or upload, read back and compared:
project, budget and every indicator's (一级, 二级, 三级, 指标值)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from assistant.model import Indicator, Target, TargetTable
from assistant.parse import read_bytes, read_path, read_text
from assistant.parse.json_io import table_from_json
from assistant.parse.values import parse_target
from tests import layout_render as render

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
KB = ROOT / "assistant" / "data" / "knowledge_base" / "tables"

# KB tables keep only their clean leading rows (the rest are scraping debris in the KB itself).
KB_PICKS = {"k020": 7, "k015": 6, "k027-1": 6}


def _cost_2021(base: TargetTable) -> TargetTable:
    """The 2021 layout: 成本指标 as a first level with its three second levels, listed first."""
    table = base.model_copy(deep=True)
    table.project = base.project + "（2021版）"
    kept = [i for i in table.indicators if i.level2 != "成本指标"]
    costs = [
        Indicator(level1="成本指标", level2="经济成本指标", name="项目总成本",
                  description="项目支出总额", target=Target(raw="≤213.08万元"), basis="预算批复"),
        Indicator(level1="成本指标", level2="社会成本指标", name="对社会的不利影响",
                  description="实施中对群众生活的影响", target=Target(raw="无"), basis="工作经验"),
        Indicator(level1="成本指标", level2="生态环境成本指标", name="对生态环境的不利影响",
                  description="实施中对环境的影响", target=Target(raw="无"), basis="工作经验"),
    ]
    table.indicators = costs + kept
    return table


@cache
def _tables() -> dict[str, TargetTable]:
    seed0 = read_path(SEEDS / "000.txt").tables
    seed1 = read_path(SEEDS / "001.txt").tables
    tables = {"s000-0": seed0[0], "s000-2": seed0[2], "s000-6": seed0[6], "s001-0": seed1[0]}
    for name, keep in KB_PICKS.items():
        data = json.loads((KB / f"{name}.json").read_text(encoding="utf-8"))
        data["indicators"] = data["indicators"][:keep]
        tables[name] = table_from_json(data)
    tables["cost2021"] = _cost_2021(seed0[0])
    return tables


TABLE_IDS = ["s000-0", "s000-2", "s000-6", "s001-0", "k020", "k015", "k027-1", "cost2021"]


def _key(ind: Indicator, value: str | None = None) -> tuple[str, str, str, str]:
    return (ind.level1, ind.level2, ind.name, ind.target.raw if value is None else value)


def _check(read: TargetTable, want: TargetTable, values: list[str] | None = None) -> None:
    assert read.project == want.project
    if want.budget_total_yuan is not None:
        assert read.budget_total_yuan == want.budget_total_yuan
    got = [_key(i) for i in read.indicators]
    expected = [_key(i, None if values is None else values[n]) for n, i in enumerate(want.indicators)]
    assert got == expected


def _only(document) -> TargetTable:  # noqa: ANN001
    assert len(document.tables) == 1, [t.project for t in document.tables]
    return document.tables[0]


TEXT_LAYOUTS = {
    "tab_repeated": lambda t: render.tab_text(t, merged=False),
    "tab_merged": lambda t: render.tab_text(t, merged=True),
    "md_pipes": lambda t: render.markdown_text(t, outer_pipes=True, merged=False),
    "md_bare_merged": lambda t: render.markdown_text(t, outer_pipes=False, merged=True),
    "cell_per_line": render.cell_per_line_text,
}


@pytest.mark.parametrize("table_id", TABLE_IDS)
@pytest.mark.parametrize("layout", list(TEXT_LAYOUTS))
def test_text_layouts(layout: str, table_id: str) -> None:
    want = _tables()[table_id]
    _check(_only(read_text(TEXT_LAYOUTS[layout](want))), want)


@pytest.mark.parametrize("table_id", TABLE_IDS)
@pytest.mark.parametrize("merge_level2", [False, True])
def test_docx_two_tables(table_id: str, merge_level2: bool) -> None:
    want = _tables()[table_id]
    document = read_bytes(render.docx_bytes([want], merge_level2), "layout.docx")
    _check(_only(document), want)


def test_docx_two_projects() -> None:
    first, second = _tables()["s000-0"], _tables()["cost2021"]
    document = read_bytes(render.docx_bytes([first, second], merge_level2=True), "two.docx")
    assert [t.project for t in document.tables] == [first.project, second.project]
    _check(document.tables[0], first)
    _check(document.tables[1], second)


@pytest.mark.parametrize("table_id", TABLE_IDS)
@pytest.mark.parametrize("layout", ["tab", "markdown", "docx"])
def test_extra_columns(layout: str, table_id: str) -> None:
    want = _tables()[table_id]
    if layout == "docx":
        values = render.extra_rows(want)[1]
        read = _only(read_bytes(render.docx_bytes([want], merge_level2=True, extra=True), "x.docx"))
    else:
        text, values = render.extra_columns_text(want, layout)
        read = _only(read_text(text))
    assert read.project == want.project
    got = [(i.level1, i.level2, i.name, _value_key(i.target.raw)) for i in read.indicators]
    expected = [(i.level1, i.level2, i.name, _value_key(v)) for i, v in zip(want.indicators, values, strict=True)]
    assert got == expected


def _value_key(raw: str) -> tuple:
    target = parse_target(raw)
    if target.number is None:
        return (raw,)
    return (target.comparator, Decimal(target.number).normalize(), target.unit)


def test_merged_row_named_like_a_category() -> None:
    """满意度 as a 三级 name on a merged-cell continuation row stays the name."""
    text = (
        "项目名称\t甲\t主管部门\t乙\n预算数（万元）\t10\t其中：财政资金\t10\n"
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t人数\t10人\n"
        "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\n\t\t满意度\t≥85%\n"
    )
    rows = [_key(i) for i in _only(read_text(text)).indicators]
    assert rows[-1] == ("满意度指标", "服务对象满意度指标", "满意度", "≥85%")
