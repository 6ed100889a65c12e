"""Titles and headings: the project a title names, and which name wins when the title and the
项目名称 cell disagree (one of them misread)."""

from __future__ import annotations

from assistant.model import Indicator, TargetTable
from assistant.parse import read_text
from assistant.parse.titles import heading_project, settle_title_and_field, title_project


def _table(project: str, goal: str, names: list[str]) -> TargetTable:
    return TargetTable(project=project, goals=[goal], indicators=[Indicator(name=n) for n in names])


def test_title_project_of_each_title_form() -> None:
    assert title_project("1.森林防火经费绩效目标表") == "森林防火经费"
    assert title_project("高标准农田建设项目绩效目标自评表(2023年度)") == "高标准农田建设"
    assert title_project("附件2：乡村道路养护项目支出绩效目标申报表") == "乡村道路养护"


def test_headings_between_tables() -> None:
    assert heading_project("二、社区矫正经费") == "社区矫正经费"
    assert heading_project("（三）法律援助经费") == "法律援助经费"
    assert heading_project("— 2 —") == "" and heading_project("续表") == ""
    assert heading_project("本年度共开展活动12次，完成率100%。") == ""


def test_a_misread_cell_gives_way_to_the_title_the_table_supports() -> None:
    table = _table("揉猪疲茵眼务项目", "为全区养殖场提供生猪疫病防控服务，完成免疫注射", ["生猪免疫注射头数", "疫病防控服务覆盖率"])
    settle_title_and_field(table, "生猪疫病防控服务")
    assert table.project == "生猪疫病防控服务项目"
    assert any("不一致" in note.message and "请核对" in note.message for note in table.notes)


def test_the_cell_stays_when_the_table_supports_it_or_neither_stands_out() -> None:
    supported = _table("农村饮水安全维修养护", "完成农村饮水工程维修养护", ["维修养护供水工程数量"])
    settle_title_and_field(supported, "某县水利局2024年度项目")
    assert supported.project == "农村饮水安全维修养护" and not supported.notes
    neither = _table("城区道路保洁", "保持街面整洁", ["保洁面积"])
    settle_title_and_field(neither, "市容环境卫生专项资金")
    assert neither.project == "城区道路保洁" and not neither.notes


def test_glued_form_whose_project_cell_was_misread() -> None:
    text = (
        "生猪疫病防控服务项目绩效目标自评表(2023年度)项目名称揉猪疲茵眼务项目主管部门某区农业农村局"
        "年度资金总额80年度总体目标为全区养殖场提供生猪疫病防控服务，完成生猪免疫注射12万头"
        "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及改进措施"
        "产出指标数量指标生猪免疫注射头数1012万头12万头10质量指标疫病防控服务覆盖率10100%100%10"
    )
    table = read_text(text).tables[0]
    assert table.project == "生猪疫病防控服务项目"
