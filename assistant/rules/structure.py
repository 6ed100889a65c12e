"""Rules of the structure family (S001–S005): categories present and in place, no placeholders,
no text cut off by the export."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from assistant.model import ALL_LEVEL2, LEVEL1_NAMES, LEVEL2_BY_LEVEL1, Indicator, TargetTable
from assistant.parse.categories import normalize_level1
from assistant.parse.textnum import normalize
from assistant.rules.common import cell_evidence, is_placeholder, is_unfilled_value, quote, row_name
from assistant.rules.registry import Hit, RuleContext, rule

REQUIRED_LEVEL1 = ("产出指标", "效益指标", "满意度指标")
COST_LEVEL2 = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")
SATISFACTION_LEVEL2 = "服务对象满意度指标"
_SATISFACTION_NAME = re.compile(r"满意(?:度|率)")
EVALUATION_HEADING = re.compile(r"(?:项目)?(?:决策|过程|管理)(?:指标)?")


def _satisfaction_present(table: TargetTable) -> bool:
    # Old tables nest 满意度 under 效益; the second level still says it is a satisfaction row.
    # Forms with one level only (效果指标 › 救助对象满意度) name it in the row itself.
    return any(
        i.level1 == "满意度指标"
        or i.level2 == SATISFACTION_LEVEL2
        or (not i.level2 and _SATISFACTION_NAME.search(normalize(i.name)))
        for i in table.indicators
    )


@rule(
    code="S001",
    slug="missing-first-level",
    category="structure",
    severity="error",
    title="缺少必备的一级指标（产出、效益、满意度）",
    why=(
        "绩效目标表至少要从产出、效益、满意度三个方面设置指标：产出说明钱办成了什么，效益说明"
        "由此带来的结果，满意度说明服务对象是否认可。缺少其中任何一类，目标就无法完整评价。"
        "旧表把“效果指标”作为一级（等同于效益指标），把满意度放在效益之下，也视为具备；"
        "2021年版式把成本指标提为一级，此时产出、效益、满意度仍然必须有。部门整体表同样适用。"
    ),
    bad="一张表只有产出指标和效益指标，没有任何满意度指标行",
    good="满意度指标/服务对象满意度指标：“涉及人员满意度 ≥85%”",
    fix_hint="补齐缺少的一级指标，每个一级下至少设置一条三级指标。",
    refs=("framework-levels", "required-categories", "layout-standard"),
)
def s001_missing_first_level(ctx: RuleContext) -> Iterator[Hit]:
    table = ctx.table
    if not table.indicators:
        return  # S004 reports a table with no indicators at all
    if not any(i.level1 or i.level2 for i in table.indicators):
        return  # a flat form (指标名称 · 计量单位 · 指标值, no category columns): nothing to miss
    present = {i.level1 for i in table.indicators}
    for level1 in REQUIRED_LEVEL1:
        if level1 == "满意度指标" and _satisfaction_present(table):
            continue
        if level1 not in present:
            yield Hit(
                message=f"缺少一级指标“{level1}”",
                evidence={"missing": level1, "present": sorted(present)},
            )


@rule(
    code="S002",
    slug="missing-second-level",
    category="structure",
    severity="warning",
    title="缺少必备的二级指标",
    why=(
        "产出指标应分别说明数量、质量、时效和成本；效益指标至少要有经济、社会、生态效益或可持续"
        "影响中的一类；满意度指标应有服务对象满意度。漏掉某个二级类别，评审时就缺少相应的衡量"
        "维度。采用2021年版式、成本单列为一级（经济成本/社会成本/生态环境成本）的表，产出下不再"
        "要求成本指标。"
    ),
    bad="产出指标下只有数量、质量、时效，没有成本指标",
    good="产出指标/成本指标：“控制在预算内 ≤263.75万元”",
    fix_hint="在对应的一级指标下补充缺少的二级指标，并设置可衡量的三级指标。",
    refs=("required-categories", "layout-standard", "layout-2021"),
)
def s002_missing_second_level(ctx: RuleContext) -> Iterator[Hit]:
    table = ctx.table
    if not any(i.level2 for i in table.indicators):
        return  # a form with one level only (or none): no second level to miss
    present1 = {i.level1 for i in table.indicators}
    present2 = {(i.level1, i.level2) for i in table.indicators}
    level2s = {i.level2 for i in table.indicators}
    cost_elsewhere = "成本指标" in present1 or any(i.level2 in COST_LEVEL2 for i in table.indicators)
    if "产出指标" in present1:
        for level2 in ("数量指标", "质量指标", "时效指标", "成本指标"):
            if level2 == "成本指标" and cost_elsewhere:
                continue
            if ("产出指标", level2) not in present2:
                yield Hit(
                    message=f"产出指标下缺少二级指标“{level2}”",
                    evidence={"level1": "产出指标", "missing": level2},
                )
    if "效益指标" in present1:
        benefit = set(LEVEL2_BY_LEVEL1["效益指标"])
        if not level2s & benefit:
            yield Hit(
                message="效益指标下没有经济效益、社会效益、生态效益或可持续影响中的任何一类",
                evidence={"level1": "效益指标", "missing": "经济效益/社会效益/生态效益/可持续影响"},
            )
    if "满意度指标" in present1 and SATISFACTION_LEVEL2 not in level2s:
        yield Hit(
            message="满意度指标下缺少二级指标“服务对象满意度指标”",
            evidence={"level1": "满意度指标", "missing": SATISFACTION_LEVEL2},
        )


def _misplaced(indicator: Indicator) -> str | None:
    """Why the row's categories do not fit, or None when they do."""
    level1, level2 = indicator.level1, indicator.level2
    raw1 = indicator.raw_level1 or level1
    raw2 = indicator.raw_level2 or level2
    if not raw1.strip() and not raw2.strip():
        return None  # no category cell was read at all: a reader matter, reported as a parse note
    if level1 not in LEVEL1_NAMES:
        return f"一级指标{quote(raw1)}不是已知的一级类别"
    if not raw2.strip():
        return None
    if level2 not in ALL_LEVEL2:
        if normalize_level1(raw2):
            return None  # forms that shift a level (实施效果指标 › 产出指标 › 三级): not misplaced
        return f"二级指标{quote(raw2)}不是已知的二级类别"
    if EVALUATION_HEADING.fullmatch(normalize(raw1).strip()) and level2 in LEVEL2_BY_LEVEL1["产出指标"]:
        # 决策/过程 are headings of the evaluation form, not of targets: 数量 under 项目决策
        return f"二级指标{quote(raw2)}不应放在一级指标{quote(raw1)}之下（决策、过程是评价环节，不是目标类别）"
    if level2 in LEVEL2_BY_LEVEL1[level1]:
        return None
    if level1 == "效益指标" and level2 == SATISFACTION_LEVEL2:
        return None  # older forms nest 满意度 under 效益
    if level1 == "产出指标" and level2 in COST_LEVEL2:
        return None  # hybrid of the two layouts: cost rows under 产出 are still cost rows
    if level1 == "成本指标" and level2 == "成本指标":
        return None
    return f"二级指标{quote(raw2)}不应放在一级指标“{level1}”之下"


@rule(
    code="S003",
    slug="misplaced-category",
    category="structure",
    severity="error",
    title="二级指标放错了一级类别，或不是已知类别",
    why=(
        "每个二级类别只属于一个一级类别：数量、质量、时效、成本属于产出；经济、社会、生态效益和"
        "可持续影响属于效益；服务对象满意度属于满意度。放错位置会让评价口径混乱，例如把社会效益"
        "算作产出。旧表中满意度放在效益之下、2021年版式中成本单列为一级，都属于认可的写法。"
    ),
    bad="产出指标之下出现“社会效益指标”",
    good="效益指标/社会效益指标：“群体性事件次数 低于1次”",
    fix_hint="把该行移到正确的一级指标之下，或改用规范的二级类别名称。",
    refs=("category-fit", "framework-levels", "layout-2021"),
)
def s003_misplaced_category(ctx: RuleContext) -> Iterator[Hit]:
    for index, indicator in enumerate(ctx.table.indicators):
        problem = _misplaced(indicator)
        if problem:
            yield Hit(
                message=f"“{row_name(indicator)}”：{problem}",
                indicator=index,
                evidence=cell_evidence(indicator, "level2", level1=indicator.level1),
            )


@rule(
    code="S004",
    slug="placeholder-or-empty",
    category="structure",
    severity="error",
    title="占位符或空白：绩效目标、指标名称或指标值未填写",
    why=(
        "导出模板时留下的“目标内容1”之类占位文字，或空着的指标名称、指标值，说明表格没有真正"
        "填写完成。这样的表无法审核，也无法在年底据以评价。"
    ),
    bad="绩效目标：“目标内容1”；指标值为空",
    good="绩效目标：“社区网格员绩效工资及保险及时足额发放”",
    fix_hint="用本项目真实的绩效目标、指标名称和指标值替换占位内容，不要留空。",
    refs=("placeholder",),
)
def s004_placeholder_or_empty(ctx: RuleContext) -> Iterator[Hit]:
    table = ctx.table
    goals = [g for g in table.goals if g.strip()]
    if not goals and table.goals_row_found:
        yield Hit(message="未填写绩效目标", evidence={"cell": "", "field": "goals"})
    filled = any(not is_placeholder(g) for g in goals)
    for goal in goals:
        if filled and not re.search(r"\w", goal):
            continue  # dotted leaders (“..”) beside a written goal are layout, not a blank goal
        if is_placeholder(goal):
            yield Hit(
                message=f"绩效目标{quote(goal)}是模板占位文字，未填写实际目标",
                evidence={"cell": goal, "field": "goals"},
            )
    if not table.indicators:
        yield Hit(message="表中没有任何三级指标", evidence={"cell": "", "field": "indicators"})
    if table.template_rows:
        shown = "、".join(dict.fromkeys(table.template_rows))
        yield Hit(
            message=f"表中有{len(table.template_rows)}处只留下编号的空白指标行（{shown}），模板没有填写完",
            evidence={"cell": shown, "field": "indicators"},
        )
    for index, indicator in enumerate(table.indicators):
        if not indicator.name.strip():
            yield Hit(
                message="指标名称为空", indicator=index, evidence=cell_evidence(indicator, "name")
            )
        elif is_placeholder(indicator.name):
            yield Hit(
                message=f"指标名称{quote(indicator.name)}是占位文字",
                indicator=index,
                evidence=cell_evidence(indicator, "name"),
            )
        raw = indicator.target.raw
        if not raw.strip():
            yield Hit(
                message=f"“{row_name(indicator)}”的指标值为空",
                indicator=index,
                evidence=cell_evidence(indicator, "value"),
            )
        elif is_unfilled_value(raw):
            yield Hit(
                message=f"“{row_name(indicator)}”的指标值{quote(raw)}只有比较符或单位，没有填写数值",
                indicator=index,
                evidence=cell_evidence(indicator, "value"),
            )
        elif is_placeholder(raw) or any("占位符" in p for p in indicator.target.problems):
            yield Hit(
                message=f"“{row_name(indicator)}”的指标值{quote(raw)}是占位符或被遮盖的数字",
                indicator=index,
                evidence=cell_evidence(indicator, "value"),
            )


# A name cannot end in these: an enumeration comma, a clause comma, an open bracket.
_DANGLING_PUNCT = "、，,；;：:（(《“‘-—/"
# Particles that leave a phrase hanging when they end a name ...
_DANGLING_WORDS = "的及和与对或并以等"
# ... unless they close an ordinary word.
_WORD_ENDINGS = {
    "参与", "给与", "赋与", "针对", "面对", "核对", "相对", "绝对", "应对", "比对", "校对", "反对",
    "总和", "温和", "缓和", "平和", "调和", "祥和", "人和", "涉及", "普及", "波及", "危及", "企及",
    "目的", "合并", "兼并", "所以", "可以", "予以", "加以", "难以", "得以", "足以", "用以", "同等",
    "平等", "对等", "均等", "中等", "优等", "上等", "初等", "高等", "特等", "一等", "二等", "三等",
    "以及", "来得及",
}
# A last clause that is only a verb still waiting for its object: "…的学习和工作环境,做到".
_DANGLING_VERB = re.compile(r"[，,、；;]\s*(做到|达到|实现|确保|保证|保障|促进|推动|推进|提高|提升|加强|使|让)$")
DEFAULT_CUT = 15  # the export fault seen in published tables cuts 三级指标 at 15 characters


def _cut_length(ctx: RuleContext) -> int:
    """The document's common cut length: the most frequent length of names that are strict
    prefixes of their own description (seen at least twice), else the known 15."""
    key = "structure.cut_length"
    if key not in ctx.cache or ctx.cache[key][0] is not ctx.document:
        lengths = Counter(
            len(i.name)
            for t in ctx.document.tables
            for i in t.indicators
            if len(i.name) >= 10 and _strict_prefix(i.name, i.description)
        )
        common = [length for length, count in lengths.most_common() if count >= 2]
        ctx.cache[key] = (ctx.document, common[0] if common else DEFAULT_CUT)
    return ctx.cache[key][1]


def _strict_prefix(name: str, description: str) -> bool:
    name, description = normalize(name).strip(), normalize(description).strip()
    return bool(name) and len(description) > len(name) and description.startswith(name)


def _dangling(name: str) -> str | None:
    s = normalize(name).strip()
    if not s:
        return None
    if s[-1] in _DANGLING_PUNCT:
        return s[-1]
    verb = _DANGLING_VERB.search(s)
    if verb:
        return verb.group(1)  # "…工作环境,做到": a verb left without its object
    if s[-1] in _DANGLING_WORDS and len(s) >= 4:
        if any(s.endswith(word) for word in _WORD_ENDINGS):
            return None
        if s[-1] == "等" and "、" in s:
            return None  # "音响、灯光、道具、服装质量等": 等 closes the list
        return s[-1]
    return None


@rule(
    code="S005",
    slug="truncated-text",
    category="structure",
    severity="warning",
    title="文字被截断（导出时三级指标名称被截短）",
    why=(
        "有的系统导出绩效目标表时会把三级指标名称截成固定长度（常见为15个字），结果名称停在半句"
        "话上，读者无法知道指标到底衡量什么。判断依据：名称恰好是截断长度且是本行指标描述的前半"
        "截，或名称以顿号、逗号、“的”“及”“和”“与”“对”等悬空的字结尾。"
    ),
    bad="三级指标“逐步促进了解河势变化及对防洪、”（描述为“逐步促进了解河势变化及对防洪、河道整治的开发利用”）",
    good="三级指标“河道巡查次数”，描述“全年对辖区河道开展巡查的次数”",
    fix_hint="补全被截断的名称，或把名称改写成简短完整的指标名，细节放到指标描述中。",
    refs=("truncation",),
)
def s005_truncated_text(ctx: RuleContext) -> Iterator[Hit]:
    cut = _cut_length(ctx)
    for index, indicator in enumerate(ctx.table.indicators):
        name = indicator.name
        tail = _dangling(name)
        cut_here = len(normalize(name).strip()) == cut and _strict_prefix(name, indicator.description)
        if not (tail or cut_here):
            continue
        reason = (
            f"恰为{cut}个字且是指标描述{quote(indicator.description)}的开头"
            if cut_here
            else f"以“{tail}”结尾，语句不完整"
        )
        yield Hit(
            message=f"三级指标{quote(name)}疑似被截断：{reason}",
            indicator=index,
            evidence=cell_evidence(indicator, "name", length=len(name), cut_length=cut),
        )

