"""The taxonomy and the sector rows: enough types, no confusion between kinds of work that look
alike, composition when a project mixes them, and no row from an unrelated template."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.draft.classify import classify, load_taxonomy
from assistant.draft.input import ProjectInput
from assistant.draft.offline import draft_offline
from assistant.draft.topics import fits_project

GROUPS = ("数量指标", "质量指标", "时效指标", "成本指标", "效益指标", "满意度指标")


def test_at_least_thirty_types_each_with_every_group():
    types = load_taxonomy()["types"]
    assert len(types) >= 30
    assert len({t["id"] for t in types}) == len(types)
    for type_ in types:
        assert len(type_["keywords"]) >= 20, type_["id"]
        assert all(type_["typical_indicators"].get(g) for g in GROUPS), type_["id"]


@pytest.mark.parametrize(("name", "purpose", "expected"), [
    # maintenance is not construction
    ("2025年中心小学校舍维修", "屋面防水维修1200平方米，外墙粉刷，共45万元", "facility-repair"),
    ("2025年农村公路日常养护经费", "养护县乡道86公里，每公里每年7000元", "road-maintenance"),
    ("2025年农村公路新建工程", "新建通村水泥路8公里，每公里60万元", "construction"),
    # utilities are not rental
    ("2025年县政务服务中心水电费", "全年用电62万千瓦时，电价0.85元/千瓦时；水费4.9万元", "utilities"),
    ("2025年办公用房租赁", "租赁办公用房800平方米，每平方米每年360元", "property"),
    # a legal service is not law enforcement
    ("2025年法律援助办案补贴", "法律援助案件150件，每件补贴1500元", "legal-aid"),
    ("2025年综合行政执法办案经费", "执法检查600次，查处违法案件120件", "supervision-enforcement"),
    # what the money buys
    ("2025年城关镇路灯维护及电费", "路灯1200盏每盏每年80元；照明用电45万千瓦时电费36万元", "street-lighting"),
    ("2025年义务教育学生营养改善计划", "在校生3200人，每生每天5元，全年220天", "student-meals"),
    ("2025年农村饮水安全巩固提升工程", "新建供水管网12公里，安装消毒设备5台", "water-supply"),
])
def test_kinds_that_look_alike_are_told_apart(name, purpose, expected):
    assert classify(name, purpose).type_id == expected


def test_a_mixed_breakdown_composes_the_kinds_of_its_items():
    purpose = ("1.安装太阳能路灯150盏，每盏2000元，计30万元；2.村庄垃圾清运，全年清运1500吨，每吨200元，"
               "计30万元；3.村庄绿化养护8万平方米，每平方米5元，计40万元。合计100万元。")
    kind = classify("2025年和美乡村人居环境提升", purpose)
    assert {kind.type_id, *kind.secondary} >= {"refuse-sanitation", "street-lighting", "greening-upkeep"}
    draft = draft_offline(ProjectInput(name="2025年和美乡村人居环境提升", purpose=purpose,
                                       budget_yuan=Decimal(1000000), year=2025))
    names = [i.name for i in draft.table.indicators]
    assert any("亮灯" in n for n in names) and any("无害化" in n for n in names)
    assert any("绿地" in n or "养护" in n for n in names)


def test_generic_rows_only_where_the_project_has_their_subject():
    assert not fits_project("设施完好率", "学生营养改善计划 每生每天5元")
    assert fits_project("设施完好率", "敬老院设施设备更新")
    assert not fits_project("安全隐患消除率", "送戏下乡演出48场")
    assert not fits_project("抽检合格率", "送戏下乡演出48场")
    assert not fits_project("出厂水水质达标率", "路灯1200盏")


def test_knowledge_base_rows_of_another_sector_stay_out():
    class Retriever:  # a KB that answers with a school-repair row whatever is asked
        def similar_rows(self, query, project_type, k=8):
            from assistant.draft.retrieval import RetrievedRow

            return [RetrievedRow("质量指标", "校舍维修改造质量合格率", "=100%", source="k001",
                                 project_type="construction")]

    draft = draft_offline(ProjectInput(
        name="2025年燃气管道老化更新改造", purpose="更新改造老旧燃气管道15公里，每公里20万元，计300万元。",
        budget_yuan=Decimal(3000000), year=2025), Retriever())
    assert all("校舍" not in i.name for i in draft.table.indicators)


def test_a_stated_day_count_fills_the_sector_row_and_cites_the_clause():
    draft = draft_offline(ProjectInput(
        name="2025年义务教育学生营养改善计划",
        purpose="全县14所农村义务教育学校在校生3200人，每生每天补助5元，按全年在校220天计算，计352万元。",
        budget_yuan=Decimal(3520000), year=2025))
    days = next(i for i in draft.table.indicators if "供餐天数" in i.name)
    assert days.target.raw == "=220天" and "220天" in days.provenance
    assert any(i.name == "在校生人数" and i.target.raw == "=3200人" for i in draft.table.indicators)


def test_a_name_stating_two_kinds_of_work_composes_them():
    kind = classify("2025年农村饮水工程维修养护", "维修养护集中供水工程23处，每处1万元。")
    assert kind.type_id == "water-supply" and "facility-repair" in kind.secondary


def test_a_stated_target_rate_is_a_benefit_row_citing_the_text():
    draft = draft_offline(ProjectInput(
        name="2025年畜禽粪污资源化利用",
        purpose="支持30个规模养殖场配套粪污处理设施，每场5万元，计150万元，粪污综合利用率达到85%以上。",
        budget_yuan=Decimal(1500000), year=2025))
    row = next(i for i in draft.table.indicators if i.name == "粪污综合利用率")
    assert row.level1 == "效益指标" and row.target.raw == "≥85%" and "85%" in row.provenance


def test_pay_rows_stay_out_of_a_subsidy_for_land():
    draft = draft_offline(ProjectInput(
        name="2025年耕地地力保护补贴", purpose="补贴面积9万亩，每亩100元，计900万元，惠及农户12000户。",
        budget_yuan=Decimal(9000000), year=2025))
    assert draft.project_type == "subsidy"
    assert not any(w in i.name for i in draft.table.indicators for w in ("工资", "在岗", "流失"))


def test_new_building_never_composes_upkeep():
    kind = classify("2025年农村公路新建工程", "新建通村水泥路8公里，每公里60万元，计480万元。")
    assert kind.type_id == "construction" and "road-maintenance" not in kind.secondary
