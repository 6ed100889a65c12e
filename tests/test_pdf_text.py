"""PDF text dumps (seed 004: 9 project tables of 正定县城区街道办事处, cells broken over lines)."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.parse.blocks import Para, Row
from assistant.parse.pdf_grid import split_cells, text_width
from assistant.parse.pdf_text import looks_like_pdf_dump, pdf_dump_blocks, read_dump

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED004 = (SEEDS / "004.txt").read_text(encoding="utf-8")
HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]

TITLES = [
    "1.城镇建设工作经费绩效目标表",
    "2.城镇社区党建惠民工程专项经费绩效目标表",
    "3.城镇社区工作经费绩效目标表",
    "4.居委会退休干部补助经费绩效目标表",
    "5.聘用人员工资及社保缴纳经费绩效目标表",
    "6.社工工资及社保缴纳经费绩效目标表",
    "7.社会事务工作经费绩效目标表",
    "8.社会治安综合治理工作经费绩效目标表",
    "9.退役军人工资及社保缴纳经费绩效目标表",
]

# Every indicator row of seed 004, read by hand from the dump:
# (level1 or "", level2, name, description, value, basis)
SALARY_ROWS = [
    ("产出指标", "数量指标", "发放工资人数", "发放工资人数", "≥98%", "工作年度计划"),
    ("", "质量指标", "工资发放覆盖率", "工资发放覆盖率", "≥98%", "工作年度计划"),
    ("", "时效指标", "及时确保工资发放", "及时确保工资发放", "≥98%", "以往经验"),
]
SALARY_EFFECTS = [
    ("效益指标", "经济效益指标", "带动消费情况", "带动消费情况", "有所提升", "以往经验"),
    (
        "",
        "社会效益指标",
        "发放工资人群生活水平提高程度",
        "发放工资人群生活水平提高程度",
        "有所提高",
        "以往经验",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "发放工资人群满意度",
        "发放工资人群满意度",
        "≥95%",
        "以往经验",
    ),
]
ROUTINE = [
    ("", "质量指标", "各项支付工作完成率", "各项支付工作完成情况", "≥95%", "以往经验"),
    ("", "时效指标", "各项工作完成及时率", "各项工作完成及时率", "≥95%", "以往经验"),
    ("", "成本指标", "支付各项工作费用", "支付各项工作费用", "≥95%", "以往经验"),
]
EXPECTED: list[list[tuple[str, ...]]] = [
    [  # 1 城镇建设工作经费
        ("产出指标", "数量指标", "完成安排工作的数量", "完成安排工作的数量", "≥95%", "以往经验"),
        (
            "",
            "质量指标",
            "各项支付工作完成率",
            "各项支付工作完成情况",
            "≥95%",
            "各项支付工作完成情况",
        ),
        ("", "时效指标", "各项工作完成及时率", "各项工作完成及时率", "≥95%", "各项工作完成及时率"),
        ("", "成本指标", "支付各项工作费用", "支付各项工作费用", "≥95%", "以往经验"),
        (
            "效益指标",
            "社会效益指标",
            "加强城乡环境卫生改变",
            "完成城乡垃圾清运美化绿化",
            "≥90%",
            "任务完成率",
        ),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "群众满意度", "≥95%", "以往经验"),
    ],
    [  # 2 城镇社区党建惠民工程专项经费
        (
            "产出指标",
            "数量指标",
            "工程按时完成率",
            "按时完成工程数量占总工程量的比例",
            "≥95%",
            "按时完成工程数量占总工程量的比例",
        ),
        (
            "",
            "质量指标",
            "各项支付工作完成率",
            "各项支付工作完成情况",
            "≥95%",
            "各项支付工作完成情况",
        ),
        ("", "时效指标", "各项工作完成及时率", "各项工作完成及时率", "≥95%", "各项工作完成及时率"),
        ("", "成本指标", "项目建设成本", "项目改造成本", "实际支出", "施工合同"),
        (
            "效益指标",
            "经济效益指标",
            "美化亮化公共设施",
            "社区美化亮化硬化等建设",
            "≥90%",
            "完成情况",
        ),
        (
            "",
            "社会效益指标",
            "提升服务水平",
            "打造党群服务中心对服务水平的提升情况",
            "提高服务水平",
            "经验",
        ),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "群众满意度", "≥90%", "群众满意度"),
    ],
    [  # 3 城镇社区工作经费
        (
            "产出指标",
            "数量指标",
            "支付社区工作经费的数量",
            "支付社区工作经费的数量",
            "23个",
            "社区实际数量",
        ),
        ("", "质量指标", "各项支付工作完成率", "各项支付工作完成情况", "≥95%", "以往经验"),
        ("", "时效指标", "各项工作完成及时率", "各项工作完成及时率", "≥95%", "以往经验"),
        ("", "成本指标", "支付社区各项费用", "支付社区各项费用", "≥95%", "以往经验"),
        ("效益指标", "经济效益指标", "提高服务水平", "提高服务水平", "不提高服务水平", "实际情况"),
        (
            "满意度指标",
            "服务对象满意度指标",
            "服务对象满意度",
            "服务对象满意度",
            "≥95%",
            "以往经验",
        ),
    ],
    [  # 4 居委会退休干部补助经费
        ("产出指标", "数量指标", "发放补助人数", "发放补助人数", "10人", "年度工作计划"),
        ("", "质量指标", "补助发放覆盖率", "补助发放覆盖率", "=100%", "年度工作计划"),
        ("", "时效指标", "补助发放及时性", "补助发放及时性", "及时", "以往经验"),
        ("", "成本指标", "人均补助标准", "人均补助标准", "766元/人", "2020年最低生活保障"),
        ("效益指标", "经济效益指标", "带动消费情况", "带动消费情况", "有所提升", "以往经验"),
        (
            "",
            "社会效益指标",
            "受补助人群生活水平提高程度",
            "受补助人群生活水平提高程度",
            "有所提高",
            "以往经验",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "受补助人群满意度",
            "受补助人群满意度",
            "≥95%",
            "以往经验",
        ),
    ],
    [  # 5 聘用人员工资及社保缴纳经费
        *SALARY_ROWS,
        ("", "成本指标", "人均工资标准", "人均工资标准", "2090元/人", "工作年度计划"),
        *SALARY_EFFECTS,
    ],
    [  # 6 社工工资及社保缴纳经费
        *SALARY_ROWS,
        ("", "成本指标", "社工工资发放数", "社工工资发放数", "人社局批复金额", "人社局批复金额"),
        *SALARY_EFFECTS,
    ],
    [  # 7 社会事务工作经费
        ("产出指标", "数量指标", "完成安排工作的数量", "完成安排工作的数量", "≥95%", "以往经验"),
        *ROUTINE,
        (
            "效益指标",
            "生态效益指标",
            "做好美国白蛾疫情监测和防治",
            "按要求做好监测和防治",
            "工作任务完成率",
            "工作完成量占工作任务比率",
        ),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "群众满意度", "≥90%", "群众满意度"),
    ],
    [  # 8 社会治安综合治理工作经费
        (
            "产出指标",
            "数量指标",
            "确保不出现越级访、集体访事件",
            "信访案件处理率",
            "≥95%",
            "信访案件处理率",
        ),
        *ROUTINE,
        (
            "效益指标",
            "社会效益指标",
            "确保治安防控工作到位，社会稳定，治安秩序良好。",
            "确保社会稳定",
            "≥90%",
            "确保社会稳定",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "提高群众满意率",
            "矛盾纠纷排查率",
            "≥90%",
            "矛盾纠纷排查率",
        ),
    ],
    [  # 9 退役军人工资及社保缴纳经费
        *SALARY_ROWS,
        ("", "成本指标", "人均工资标准", "人均工资标准", "3200元/人", "工作年度计划"),
        *SALARY_EFFECTS,
    ],
]


def _tables(blocks) -> list[list]:
    """Blocks split at the title paragraphs (the first group is the preamble)."""
    groups: list[list] = [[]]
    for block in blocks:
        if isinstance(block, Para) and block.text.endswith("绩效目标表"):
            groups.append([])
        groups[-1].append(block)
    return groups[1:]


def _indicator_rows(group) -> list[tuple[str, ...]]:
    rows = [b for b in group if isinstance(b, Row)]
    at = next(k for k, r in enumerate(rows) if r.cells == HEADER)
    return [tuple(r.cells) for r in rows[at + 1 :]]


def _label_row(group, label: str) -> list[str]:
    return next(b.cells for b in group if isinstance(b, Row) and b.cells[0] == label)


@pytest.fixture(scope="module")
def seed004_blocks():
    return pdf_dump_blocks(SEED004)


def test_detection_true_for_pdf_dump_only():
    assert looks_like_pdf_dump(SEED004)
    for name in ("000", "001", "002", "003"):
        assert not looks_like_pdf_dump((SEEDS / f"{name}.txt").read_text(encoding="utf-8")), name
    assert not looks_like_pdf_dump("")
    assert not looks_like_pdf_dump("项目名称 城镇建设工作经费\n预算数 23.00")


def test_nine_titles(seed004_blocks):
    titles = [
        b.text for b in seed004_blocks if isinstance(b, Para) and b.text.endswith("绩效目标表")
    ]
    assert titles == TITLES


def _row_mismatches(blocks) -> tuple[int, list]:
    groups = _tables(blocks)
    assert len(groups) == 9
    wrong: list = []
    total = 0
    for number, (group, expected) in enumerate(zip(groups, EXPECTED, strict=True), 1):
        got = _indicator_rows(group)
        total += len(expected)
        wrong += [(number, e, g) for e, g in zip(expected, got, strict=False) if e != g]
        wrong += [(number, e, None) for e in expected[len(got) :]]
        wrong += [(number, None, g) for g in got[len(expected) :]]
    return total, wrong


def test_indicator_rows_of_seed004(seed004_blocks):
    total, wrong = _row_mismatches(seed004_blocks)
    assert total == 59
    assert 1 - len(wrong) / total >= 0.9, wrong
    # the tables with the hardest wrapping (values that are not value-shaped, lone cells,
    # three-piece names) must come out exactly
    assert not [w for w in wrong if w[0] in (1, 2, 3, 6, 7, 8)], wrong


def test_form_rows_of_first_tables(seed004_blocks):
    first, second, *_, eighth, _ = _tables(seed004_blocks)
    # the code wraps in its cell: "13012323P0000021077" + "7A" (tables 2 and 4 differ only there)
    assert _label_row(first, "项目编码") == ["项目编码", "13012323P00000210777A"]
    assert _label_row(second, "项目编码") == ["项目编码", "13012323P00000210781G"]
    assert _label_row(first, "项目名称") == ["项目名称", "城镇建设工作经费"]
    assert _label_row(first, "预算数") == [
        "预算数",
        "23.00",
        "其中：财政资金",
        "23.00",
        "其他资金",
        "",
    ]
    assert _label_row(second, "预算数")[:4] == ["预算数", "230.00", "其中：财政资金", "230.00"]
    purpose = _label_row(first, "资金用途")[1]
    assert purpose.startswith(
        "负责无物业、无产权单位管理老旧小区院落卫生日常清扫、垃圾清运，推行生活垃圾分类"
    )
    assert purpose.endswith("公益广告更换等日常维护。")
    rows = [b.cells for b in first if isinstance(b, Row)]
    plan = rows.index(["资金支出计划", "3月底", "6月底", "10月底", "12月底"])
    assert rows[plan + 1] == ["", "3.00", "10.00", "15.00", "23.00"]
    assert _label_row(first, "绩效目标") == ["绩效目标", "加强城乡环境卫生改变"]
    assert _label_row(first, "计量单位") == ["计量单位", "万元"]
    assert _label_row(first, "单位编码") == [
        "单位编码",
        "989001",
        "单位名称",
        "正定县城区街道办事处本级",
    ]
    assert _label_row(eighth, "绩效目标")[1] == (
        "1.确保治安防控工作到位，社会稳定，治安秩序良好。\n2.确保不出现越级访、集体访事件"
    )
    assert HEADER in rows


def test_split_cells_keeps_number_and_unit():
    assert split_cells("人均补助标准 766 元/人") == [("人均补助标准", 6.0), ("766元/人", 4.5)]
    assert [c for c, _ in split_cells("3 月底 6 月底 10 月底 12 月底")] == [
        "3月底",
        "6月底",
        "10月底",
        "12月底",
    ]
    assert [c for c, _ in split_cells("指标 ≥ 95% 以往经验")] == ["指标", "≥95%", "以往经验"]
    assert text_width("2020 年最") == 4.5


SYNTHETIC = """\
1.测试项目绩效目标表
项目名称 测试项目
一级指标 二级指标 三级指标 绩效指标描述 指标值
指标值确定

依据
产出指标

数量指标
培训人次 培训人次 ≥200人次 计划
发放资料 发放资料 500份
- 2 -
一级指标 二级指标 三级指标 绩效指标描述 指标值
指标值确定

依据
质量指标
培训合格率 培训合格率 ≥90% 以往经验
效益指标
社会效益指
标
"""


def test_synthetic_rows_without_basis_and_after_page_break():
    rows = [b.cells for b in pdf_dump_blocks(SYNTHETIC) if isinstance(b, Row)]
    at = rows.index(HEADER)
    assert rows[at + 1 :] == [
        ["产出指标", "数量指标", "培训人次", "培训人次", "≥200人次", "计划"],
        ["", "", "发放资料", "发放资料", "500份", ""],
        ["", "质量指标", "培训合格率", "培训合格率", "≥90%", "以往经验"],
        ["效益指标", "社会效益指标", "", "", "", ""],  # a category with no row stays visible
    ]


@pytest.mark.skipif(
    importlib.util.find_spec("assistant.parse.budget") is None, reason="assemble needs parse.budget"
)
def test_assemble_reads_nine_tables_with_budgets():
    from decimal import Decimal

    from assistant.parse.assemble import assemble

    document = assemble(pdf_dump_blocks(SEED004), "004.txt")
    assert len(document.tables) == 9
    budgets = [t.budget_wan for t in document.tables]
    assert budgets == [
        Decimal(x) for x in ("23", "230", "115", "9.2", "402.38", "1052.87", "8", "13.4", "2279.77")
    ]
    first = document.tables[0]
    assert first.project == "城镇建设工作经费"
    assert first.code == "13012323P00000210777A"
    assert [i.name for i in first.indicators][:2] == ["完成安排工作的数量", "各项支付工作完成率"]
    assert [len(t.indicators) for t in document.tables] == [len(e) for e in EXPECTED]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(
            list("产出指标数量质量效益 \n\t≥%0123.个人依据一级二三项目名称编码预算数标A ")
        ),
        max_size=300,
    )
)
def test_random_text_never_raises(text):
    looks_like_pdf_dump(text)
    read_dump(text)  # unguarded: a bug would surface here instead of in the fallback


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=2**32 - 1),
    st.sampled_from(["shuffle", "drop", "cut", "splice"]),
)
def test_mutated_seed004_never_raises(seed, how):
    rng = random.Random(seed)
    lines = SEED004.splitlines()[60:]
    if how == "shuffle":
        rng.shuffle(lines)
    elif how == "drop":
        lines = [line for line in lines if rng.random() > 0.3]
    elif how == "cut":
        lines = [line[: rng.randrange(len(line) + 1)] for line in lines]
    else:
        start = rng.randrange(len(lines))
        lines = lines[start:] + lines[: start // 2]
    text = "\n".join(lines)
    looks_like_pdf_dump(text)
    blocks = read_dump(text)
    assert all(isinstance(b, (Para, Row)) for b in blocks)
