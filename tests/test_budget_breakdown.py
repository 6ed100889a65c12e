"""Budget breakdown parser on the 资金用途 texts of seed 000 (copied verbatim)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parse.budget import extract_totals, parse_budget_items, parse_money

W = Decimal(10000)

# seed 000, 项目资金主要用途 of each project table, in order
CADRE_PAY = '项目安排213.08万元，本级安排104.4万元，转移支付安排106.68万元。主要包括：1.村支部书记、村主任一人兼工资：4830元/人/月*9人*12个月=52.16万元；2.村两委班子其他成员工资：1610元/人/月*40人*12个月=77.28万元；3.村干部社会保险费27.16万元（养老7.56万元+医疗19.6万元）；4.村会计人员报酬12.96万元（600元*18*12）；5.劳动保障员工资及保险43.53万元。'
COMMUNITY_WORKERS = '项目安排1022.54万元，本级安排764.54万元，转移支付安排258万元。主要包括：1.社区人员工资（120人）642.42万元；（1）工资636.84万元：52.7万元/月*12个月+12万元（等级晋升）；（2）女职工卫生费3.24万元（30元/月*90*12）；（3）独生子女费0.24万元（10元/月*20*12）；（4）职业津贴30人2.1万元（1750元/月*12）；\n2.社区人员保险195.28万元：15.07万元/月*12月+15万元（调基增加）；\n3.社区人员公积金88.28万元。7.19万元/月*12+2万元（调基增加）；\n4. 按照《高新区社区工作者薪酬待遇实施细则（试行）《中共唐山高新区工委组织部关于做好2021年度社区工作者考核工作的通知》安排社区工作者奖励性绩效8000元/人*120人=96万元'
LAND = '项目预算数50万元。其中：财政资金50万元，其他资金0万元。主要用于街道办事处辖区内边角地的征收及清场工作。'
RESETTLEMENT = '项目预算数1350万元。其中：财政资金1350万元，其他资金0万元。主要用于：统筹用于新城子村绿化过渡费（149户），考虑每年上浮10%+新增人口。'
COMMUNITY_RUNNING = '    项目预算数380万元。其中：本级安排380万元。主要包括统筹用于社区正常维护运转：\n1.社区办公经费190万元（19个社区*每个社区10万元）；\n2.社区党组织服务群众专项经费：19个社区*20万元/年（区级10万+市级10万）=380万元。'
GRID = '项目预算数263.75万元。其中：财政资金263.75万元，其他资金0万元。主要用于：1.网格化管理建设费用23.9万元，包括硬件的日常运维，软件的版本升级、数据备份、BUG处理、性能调优。2.网格员工作专项费用95万元，包括网格员服装、工作证，辅助网格员、网格志愿者积分兑换礼品，宣传条幅、展板、明白纸、宣传手提袋、网格公示牌、网格地图等宣传用品制作及更新3.社区网格员绩效工资、长护险、大病保险1448468元，社区网格员119人，绩效工资1000元/人/月，长护险40元/人/年，大病保险11元/人/月。以上合计263.75万元。'
ELDERLY_RENT = '项目预算数50万元。其中：财政资金50万元，其他资金0万元。主要用于街道中心（南海渔家）三楼建设社区老年人集中日间照料服务中心，每年需房屋租金及税费约50万元。'
CADRE_BONUS = '项目预算数34.48万元。其中：财政资金34.48万元，其他资金0万元。主要用于：1.村干部考核奖23万元。（1）村书记年终奖：1万元/人（优秀）*3+0.7万元/人（称职）*6=7.2万元；（2） 村两委年终奖：0.5万元/人（优秀）*12+0.35万元/人（称职）*28=15.8万元。\n2.离任村干部生活补贴11.48元。\n合计34.48万元。'
PETITION = '项目预算数30万元。其中：财政资金30万元，其他资金0万元。主要用于：全年信访维稳工作。'
FUNERAL = '项目预算数24万元。其中：财政资金24万元，其他资金0万元。主要用于：为辖区内符合条件的已完成迁坟的村村民死亡后发放丧葬补贴每人6000元，施行后补助。2023年死亡待发放补贴40人，需安排资金24万元。'
VILLAGE_ORG = '项目预算数73.9万元。其中：财政资金73.9万元，其他资金0万元。主要用于：1.村党组织活动经费24.4万元；2.村服务群众专项经费45万元；3.村工作经费5000元/年*9村=4.5万元'
# corpus k014 (江津区鼎山街道 市政日常维护经费): costing with ㎡ and ×-free lines
K014 = (
    "环卫清扫保洁(一级)1344993㎡、单价10元/㎡;公厕34座,标准6.2万元/座;"
    "桥梁路面清扫保洁(1804㎡*7元/㎡=1.27万元),路面巡查维护(1804㎡*100元/㎡=18.04万元),"
    "护栏刷漆(440米*30元/米=1.32万元);应配备临时队员49人,按区财政局50000元/人.年预算标准计算"
)


def _all_arithmetic(text):
    return [a for item in parse_budget_items(text) for a in item.arithmetic]


def _arith(text, expression):
    found = [a for a in _all_arithmetic(text) if a.expression == expression]
    assert found, [a.expression for a in _all_arithmetic(text)]
    return found[0]


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1448468元", "万元", Decimal(1448468)),
        ("52.16万元", "万元", Decimal(521600)),
        ("52.16", "万元", Decimal(521600)),
        ("52.16", "元", Decimal("52.16")),
        ("１，４４８，４６８元", "万元", Decimal(1448468)),
        ("1,448,468元", "万元", Decimal(1448468)),
        ("2.5亿元", "万元", Decimal(250000000)),
        ("3千元", "万元", Decimal(3000)),
        ("11.48元", "万元", Decimal("11.48")),
        ("预算数：263.75万元", "万元", Decimal(2637500)),
        ("无", "万元", None),
        ("", "万元", None),
    ],
)
def test_parse_money(text, unit, expected):
    assert parse_money(text, default_unit=unit) == expected


def test_totals_with_fiscal_and_other():
    assert extract_totals(LAND) == (50 * W, 50 * W, Decimal(0))
    assert extract_totals(GRID) == (Decimal("263.75") * W, Decimal("263.75") * W, Decimal(0))


def test_totals_from_fiscal_sources():
    # 本级 + 转移支付 are both public money: 财政资金 is their sum; no 其他资金 stated
    total, fiscal, other = extract_totals(COMMUNITY_WORKERS)
    assert (total, fiscal, other) == (Decimal("1022.54") * W, Decimal("1022.54") * W, None)
    # the seed's own parts do not add up: 104.4 + 106.68 = 211.08 under 213.08
    total, fiscal, other = extract_totals(CADRE_PAY)
    assert (total, fiscal, other) == (Decimal("213.08") * W, Decimal("211.08") * W, None)
    assert extract_totals(COMMUNITY_RUNNING) == (380 * W, 380 * W, None)


def test_cadre_pay_items_and_arithmetic():
    items = parse_budget_items(CADRE_PAY)
    assert [i.label for i in items] == [
        "村支部书记、村主任一人兼工资", "村两委班子其他成员工资", "村干部社会保险费",
        "村会计人员报酬", "劳动保障员工资及保险"]
    assert [i.amount_yuan for i in items] == [
        Decimal(521600), Decimal(772800), Decimal(271600), Decimal(129600), Decimal(435300)]
    first = items[0]
    assert [(q.value, q.unit) for q in first.quantities] == [(9, "人"), (12, "月")]
    assert [(p.amount_yuan, p.per) for p in first.unit_prices] == [(4830, ["人", "月"])]

    chief = _arith(CADRE_PAY, "4830元/人/月*9人*12个月")
    assert chief.computed_yuan == Decimal(521640)
    assert chief.stated_yuan == Decimal(521600)
    assert chief.tolerance_yuan == Decimal(50)  # half of 0.01万元
    assert not chief.mismatch
    assert not _arith(CADRE_PAY, "1610元/人/月*40人*12个月").mismatch
    accountants = _arith(CADRE_PAY, "600元*18*12")  # stated before the bracket: 12.96万元
    assert (accountants.computed_yuan, accountants.stated_yuan) == (Decimal(129600), Decimal(129600))
    insurance = _arith(CADRE_PAY, "7.56万元+19.6万元")
    assert insurance.stated_yuan == Decimal(271600) and not insurance.mismatch


def test_community_workers_mismatches():
    items = parse_budget_items(COMMUNITY_WORKERS)
    levels = [(i.level, i.label) for i in items]
    assert levels[:5] == [(1, "社区人员工资"), (2, "工资"), (2, "女职工卫生费"), (2, "独生子女费"),
                          (2, "职业津贴")]
    assert items[0].amount_yuan == Decimal("642.42") * W
    assert items[0].quantities[0].value == 120
    assert sum(i.amount_yuan for i in items[1:5]) == items[0].amount_yuan

    pay = _arith(COMMUNITY_WORKERS, "52.7万元/月*12个月+12万元")
    assert pay.computed_yuan == Decimal("644.4") * W
    assert pay.stated_yuan == Decimal("636.84") * W
    assert pay.mismatch
    hygiene = _arith(COMMUNITY_WORKERS, "30元/月*90*12")
    assert (hygiene.computed_yuan, hygiene.stated_yuan, hygiene.mismatch) == (
        Decimal(32400), Decimal(32400), False)
    insurance = _arith(COMMUNITY_WORKERS, "15.07万元/月*12月+15万元")
    assert insurance.mismatch  # 195.84万 computed, 195.28万 stated
    assert not _arith(COMMUNITY_WORKERS, "7.19万元/月*12+2万元").mismatch
    bonus = _arith(COMMUNITY_WORKERS, "8000元/人*120人")
    assert bonus.stated_yuan == 96 * W and not bonus.mismatch
    assert items[-1].line == 4


def test_community_running_items_exceed_total():
    items = parse_budget_items(COMMUNITY_RUNNING)
    assert [i.amount_yuan for i in items] == [190 * W, 380 * W]
    assert sum(i.amount_yuan for i in items) > extract_totals(COMMUNITY_RUNNING)[0]
    office, service = items
    assert [(q.value, q.unit, q.text) for q in office.quantities] == [(19, "社区", "19个社区")]
    assert [(p.amount_yuan, p.per) for p in office.unit_prices] == [(10 * W, ["社区"])]
    assert not _arith(COMMUNITY_RUNNING, "19个社区*10万元").mismatch
    line = _arith(COMMUNITY_RUNNING, "19个社区*20万元/年")
    assert (line.computed_yuan, line.stated_yuan, line.mismatch) == (380 * W, 380 * W, False)
    assert [(p.amount_yuan, p.per) for p in service.unit_prices] == [(20 * W, ["年"])]


def test_grid_breakdown():
    items = parse_budget_items(GRID)
    assert [i.amount_yuan for i in items] == [Decimal(239000), 95 * W, Decimal(1448468)]
    members = items[2]
    assert members.label == "社区网格员绩效工资、长护险、大病保险"
    assert [(q.value, q.unit) for q in members.quantities] == [(119, "人")]
    assert [(p.amount_yuan, p.per) for p in members.unit_prices] == [
        (1000, ["人", "月"]), (40, ["人", "年"]), (11, ["人", "月"])]
    assert "合计" not in members.text  # the grand total is not part of the last item


def test_funeral_unit_price_from_each_person():
    (item,) = parse_budget_items(FUNERAL)
    assert item.amount_yuan == 24 * W
    assert [(q.value, q.unit) for q in item.quantities] == [(40, "人")]
    assert [(p.amount_yuan, p.per, p.text) for p in item.unit_prices] == [(6000, ["人"], "每人6000元")]


def test_resettlement_households():
    (item,) = parse_budget_items(RESETTLEMENT)
    assert [(q.value, q.unit) for q in item.quantities] == [(149, "户")]
    assert item.amount_yuan is None


def test_cadre_bonus_sub_items_and_yuan_amount():
    items = parse_budget_items(CADRE_BONUS)
    assert [(i.level, i.amount_yuan) for i in items] == [
        (1, 23 * W), (2, Decimal("7.2") * W), (2, Decimal("15.8") * W), (1, Decimal("11.48"))]
    assert items[-1].label == "离任村干部生活补贴"  # 11.48元 stays 元: a rule flags it
    secretary = _arith(CADRE_BONUS, "1万元/人*3+0.7万元/人*6")
    assert (secretary.computed_yuan, secretary.mismatch) == (72000, False)
    assert not _arith(CADRE_BONUS, "0.5万元/人*12+0.35万元/人*28").mismatch


def test_village_org_per_village():
    items = parse_budget_items(VILLAGE_ORG)
    assert [i.amount_yuan for i in items] == [Decimal(244000), 45 * W, Decimal(45000)]
    work = _arith(VILLAGE_ORG, "5000元/年*9村")
    assert (work.computed_yuan, work.stated_yuan, work.mismatch) == (45000, 45000, False)
    assert [(q.value, q.unit) for q in items[2].quantities] == [(9, "村")]


@pytest.mark.parametrize("text", [LAND, PETITION, ELDERLY_RENT])
def test_prose_purposes_are_one_item(text):
    items = parse_budget_items(text)
    assert len(items) == 1 and not items[0].arithmetic


def test_elderly_rent_amount():
    assert parse_budget_items(ELDERLY_RENT)[0].amount_yuan == 50 * W


def test_k014_measures_and_rounding():
    arithmetic = {a.expression: a for a in _all_arithmetic(K014)}
    assert arithmetic["1804m2*100元/m2"].computed_yuan == 180400
    assert not arithmetic["440米*30元/米"].mismatch
    # 1804 × 7 = 12628元 = 1.2628万, written 1.27万: off by more than rounding
    assert arithmetic["1804m2*7元/m2"].mismatch
    prices = [p for i in parse_budget_items(K014) for p in i.unit_prices]
    assert (Decimal(50000), ["人", "年"]) in [(p.amount_yuan, p.per) for p in prices]
    quantities = [(q.value, q.unit) for i in parse_budget_items(K014) for q in i.quantities]
    assert (Decimal(1344993), "平方米") in quantities and (Decimal(34), "座") in quantities


def test_operators_and_units_not_confused():
    (item,) = parse_budget_items("1.补贴：600元×18×12=12.96万元")
    (line,) = item.arithmetic
    assert (line.computed_yuan, line.stated_yuan) == (129600, 129600)
    (item,) = parse_budget_items("1.补贴：600元*18*12=12.96元")
    assert item.arithmetic[0].mismatch  # 元 is not 万元
    (item,) = parse_budget_items("1.费用：2万元＋3万元＝5万元")
    assert item.arithmetic[0].computed_yuan == 50000 and not item.arithmetic[0].mismatch


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(text):
    parse_budget_items(text)
    extract_totals(text)
    parse_money(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,，*×x+-/=（）()；;：:\n元万人月年个村户每1.2.（1）合计项目预算数财政资金", max_size=60))
def test_never_raises_on_breakdown_like_text(text):
    for item in parse_budget_items(text):
        assert item.level in (1, 2)
