"""Header fields read from a table's upper text when the cell layout did not give them.

Splitters lose cell boundaries in many published copies (glued text, shifted pipes, values on
the label's line), so the label/value pairing in `assemble` misses the project name or the
budget. This pass reads the text above the indicator header as a reader would: a label word
(项目名称, 年度资金总额, 年初预算数 …), separators, then the value. Money units come from the
label (`(万元)`), the number's own unit, or the table's `单位：万元`; without any, 万元.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from assistant.model import ParseNote, TargetTable
from assistant.parse.normalize import full_simplified, to_simplified

_SEP = r"[\s|:：;；,，]*"
# a value cell ends at a pipe, a run of spaces, a line end, or the next label word
_NEXT_LABEL = (
    r"(?:主管部门|实施单位|项目负责人|联系电话|项目属性|项目类别|项目期|项目类型|预算单位|资金情况|"
    r"项目资金|年度资金|项目来源|单位名称|部门名称|项目编码|项目代码|主管单位|项目单位|起止时间|"
    r"实施期限|联系人|自评得分|立项依据|所属|专项)"
)
_PROJECT = re.compile(
    r"(?:项\s*目|[（(]\s*项目\s*[)）])\s*名\s*称" + _SEP + r"(?P<value>[^|\n]{2,80}?)(?=\s*(?:\||\n| {2,}|\t|" + _NEXT_LABEL + r"|$))"
)
# budget labels, most specific first; the annual amount wins over totals over several years
_BUDGET_LABELS = (
    r"年度资金总额",
    r"年初预算数",
    r"年度预算数",
    r"预算申报数",
    r"本年度申请[^|\n\d]{0,12}预算资金",
    r"年度预算",
    r"预算数",
    r"预算金额",
    r"资金总额",
    r"下达[^|\n\d]{0,12}投资",  # 下达中央预算内投资(万元): the annual allocation of an investment plan
    r"项目资金",
    r"项目总投资",
    r"总投资",
    r"财政拨款",  # forms that left the total at 0 still state the appropriation
)
_NUMBER = r"(?P<num>\d[\d,，]*(?:\.\d+)?)"
_UNIT = r"(?P<unit>万元|元|亿元)?"
_WAN_NEAR = re.compile(r"[（(]\s*(万元|元|亿元)\s*[)）]|单位\s*[:：]\s*(万元|元|亿元)")


def _clean_project(value: str) -> str:
    value = re.sub(r"\s+", "", value).strip("|:：;；,，。")
    return value


def scan_project(text: str) -> str:
    match = _PROJECT.search(text)
    if not match:
        return ""
    value = _clean_project(match.group("value"))
    # a label with nothing after it is followed by the next label, not a name (项目名称 | 预算金额
    # in a header row whose values sit in the rows below)
    from assistant.parse.labels import label_of

    if not value or re.fullmatch(_NEXT_LABEL + r".*", value) or label_of(value) is not None:
        return ""
    return value


def _unit_before(text: str, start: int, default: str) -> str:
    """A money unit stated in the label: '项目资金(万元) 年度资金总额: 80'."""
    window = text[max(0, start - 40) : start + 40]
    match = _WAN_NEAR.search(window)
    if match:
        return match.group(1) or match.group(2)
    return default


def scan_budget(text: str, default_unit: str = "万元") -> Decimal | None:
    """The annual budget in 元, or None when no labelled amount is found."""
    folded = to_simplified(text)
    for label in _BUDGET_LABELS:
        pattern = re.compile(
            label + r"(?P<between>[^\d]{0,24}?)" + _NUMBER + r"\s*" + _UNIT
        )
        for match in pattern.finditer(folded):
            between = match.group("between")
            if re.search(r"[\u4e00-\u9fff]{6,}", between.replace("其中", "")) or "。" in between:
                continue  # prose between label and number: not this label's value
            if re.match(r"\s*年", folded[match.end("num") :]):
                continue  # a year (…财政拨款。2017年度预算资金…), never an amount
            unit = match.group("unit") or _unit_in(between) or _unit_before(
                folded, match.start(), default_unit
            )
            try:
                number = Decimal(match.group("num").replace(",", "").replace("，", ""))
            except InvalidOperation:
                continue
            if not number:
                continue  # a total left at 0 is not the budget; a later label may state it
            factor = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}[unit]
            return number * factor
    return None


# a sentence that allocates the money: 安排…资金30万元, 批复下达预算资金10万元
ALLOCATION = re.compile(
    r"(?:安排|下达|涉及|预算|拨付|投入|财政)[^。；;，,]{0,30}?(?:资金|经费|预算|补助)(?:共计|合计|总额|为|：|:)?\s*"
    r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)"
)


def scan_allocation(text: str) -> tuple[Decimal, str] | None:
    """(amount in 元, the sentence's words) of the first allocation sentence in running text."""
    match = ALLOCATION.search(to_simplified(text))
    if not match:
        return None
    number = Decimal(match.group(1).replace(",", ""))
    factor = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}[match.group(2)]
    return number * factor, match.group(0)


def _unit_in(between: str) -> str | None:
    match = re.search(r"(万元|亿元|元)", between)
    return match.group(1) if match else None


_TITLE_IN_TEXT = re.compile(
    r"(?P<name>[^\s，。,;；:：《》“”\"|]{2,60}?)(?:项目)?(?:支出)?绩效(?:目标(?:自评|申报|批复)?|自评)表"
)
_LEADING_NUMBER = re.compile(r"^(?:附件|附表)?\s*(?:\d{1,2}\s*[、.．:：]|[:：])?")  # never a year's digits
_YEAR_WORDS = re.compile(r"20\d\d\s*年度?")


def scan_title_project(text: str) -> tuple[str, bool]:
    """(project name, is a department-wide table) from the last table title in running text:
    'XX项目绩效目标表', 'XX2023年度部门整体绩效自评表' → ('XX(部门整体)', True)."""
    matches = list(_TITLE_IN_TEXT.finditer(to_simplified(text)))
    if not matches:
        return "", False
    name = _LEADING_NUMBER.sub("", matches[-1].group("name")).strip()
    if "部门整体" in name or "整体支出" in name:
        organisation = _YEAR_WORDS.sub("", re.split(r"部门整体|整体支出", name)[0]).strip()
        return (f"{organisation}(部门整体)" if organisation else ""), True
    return _YEAR_WORDS.sub("", name, count=1).strip() if name.startswith("20") else name, False


# a sentence that introduces the project: 该X项目于…, 本X项目由…, 本项目(X)…, X项目由Y局实施
_WORD_BEFORE = r"(?<![应活基根日原资成版文样脚剧账课])"
_PROSE_NAME = r"[^\s，。,;；:：、“”\"《》()（）|]{4,40}?"
_PROSE_PROJECT = (
    re.compile(_WORD_BEFORE + r"[该本](?P<name>" + _PROSE_NAME + r")项目(?:于|由|是|主要|共|总)"),
    re.compile(r"本项目\s*[（(](?P<name>[^（()）\n]{4,40})[)）]"),
    re.compile(r"(?:^|[。；;！\n]|[一二三四五六七八九十]、)\s*(?P<name>" + _PROSE_NAME + r")项目由[^。；;\n]{2,30}?"
               r"(?:实施|负责|承担|组织实施)"),
)
# a word that makes the match a period, an office or a score line rather than a project name
_NOT_PROJECT = re.compile(r"^(?:次|年|级|期|批|单位|部门|子|类)|的|指标|目标|得分|满分|评价|绩效|完成")
_GENERIC = re.compile(r"\d+|专项|资金|经费|财政|补助|补贴|建设|工程|本级|年度|该|本|此|上述|整体")


def scan_prose_project(text: str) -> str:
    """The project a report's sentence introduces (see _PROSE_PROJECT), or ''. Conservative: the
    sentence must name it with 该/本 or as the subject of 由…实施; the first such name wins."""
    folded = full_simplified(text)
    source = text if len(folded) == len(text) else folded  # cut as written where folding kept places
    for pattern in _PROSE_PROJECT:
        for match in pattern.finditer(folded):
            name = match.group("name").strip()
            if _NOT_PROJECT.search(name) or len(_GENERIC.sub("", name)) < 2:
                continue
            return source[match.start("name") : match.end("name")].strip()
    return ""


# a department-wide goal names the unit it keeps running: 保障融媒体中心正常运转
_RUNNING_UNIT = re.compile(
    r"保障(?:本单位|本部门|我单位|我局)?(?P<unit>[\u4e00-\u9fff（）()]{2,16}?"
    r"(?:中心|局|委员会|委|办公室|院|所|站|队|馆|会|学校|街道办事处|街道|镇|乡|处))(?:的)?(?:正常|日常)"
)
# an indicator about a fund's arrival names the fund: 人才驿站补助资金到位率
_FUND_INDICATOR = re.compile(
    r"^(?P<fund>[\u4e00-\u9fff]{2,24}?(?:资金|经费))"
    r"(?:到位率|到位时间|到位及时率|拨付率|拨付及时率|支付率|执行率|使用率)$"
)
_FUND_GENERIC = re.compile(r"项目|专项|财政|补助|补贴|资金|经费|预算|年度|本级|上级|中央|省级|市级|县级")


def scan_department_unit(text: str) -> str:
    """The unit a department-wide table is about, from its goal ('保障X正常运转'), or ''."""
    match = _RUNNING_UNIT.search(full_simplified(text))
    return match.group("unit") if match else ""


def scan_fund_project(names: list[str]) -> str:
    """The fund a table is about, from an indicator on its arrival ('X资金到位率'), or ''."""
    for name in names:
        match = _FUND_INDICATOR.match(re.sub(r"\s+", "", full_simplified(name)))
        if match and len(_FUND_GENERIC.sub("", match.group("fund"))) >= 2:
            return match.group("fund")
    return ""


def fill_header_fields(table: TargetTable, upper_text: str, default_unit: str = "万元") -> None:
    """Fill the project name and budget the cell layout did not give."""
    if not upper_text:
        return
    if not table.project:
        table.project = scan_project(upper_text)
    if not table.project:
        table.project, department = scan_title_project(upper_text)
        if department:
            table.kind = "department"
    unit = scan_department_unit(upper_text) if table.kind == "department" and not table.project else ""
    if unit:
        table.project = f"{unit}(部门整体)"
        table.notes.append(ParseNote(
            message=f"表中没有写单位名称，按绩效目标“保障{unit}…”推断项目为“{table.project}”，请核对",
            where=unit, severity="warning",
        ))
    if not table.budget_total_yuan:
        table.budget_total_yuan = scan_budget(upper_text, default_unit) or table.budget_total_yuan
