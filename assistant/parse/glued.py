"""Glued text → blocks: tables copied from document-sharing sites or OCR with no separators,
`三级指标指标值产出指标数量指标助餐人次≥3000人次质量指标…`, self-evaluation tables gluing
target, actual, weight and score (`保障人数102370人2370人10`), flat forms gluing unit and digits.

The run is segmented at what words mean: upper-part labels (项目名称, 年度资金总额 …), header
words (三级指标, 年度指标值, 分值, 得分 …), category words (产出指标(40分)) and 指标N markers. The
text between category words holds rows: a name, then value shapes; `glued_row` splits each row's
tail into the header's columns.
"""

from __future__ import annotations

import re

from assistant.parse.blocks import Block, Para, Row
from assistant.parse.glued_grid import indicator_rows
from assistant.parse.stream import has_spaced_header

_SCORE = r"(?:[（(]\d+(?:\.\d+)?分[)）])?"
_STEMS1 = ("产出", "效益", "效果", "满意度", "项目产出", "项目效益", "项目完成", "成本")
_STEMS2 = (
    "数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "环境效益", "可持续影响",
    "服务对象满意度", "社会公众或服务对象满意度", "社会公众满意度", "满意度", "经济成本", "社会成本",
    "生态环境成本",
)
# scoring sections of self-evaluation forms: criteria rows without targets follow them
_SECTIONS = ("项目决策", "项目管理", "项目过程")
_CATEGORY_WORDS = sorted(
    {s + "指标" for s in _STEMS1 + _STEMS2} | {s + "目标" for s in _STEMS1 + _STEMS2}
    | {"项目产出", "项目效益"},
    key=len, reverse=True,
)

# header words → role; the suffix (A)(B)(%)(分) is allowed after any
_HEADERS: dict[str, str] = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name",
    "绩效指标分类": "level1", "指标分类": "level1", "绩效内容": "name", "评价内容": "",
    "指标内容": "name",
    "绩效指标描述": "description", "指标描述": "description", "绩效指标评价标准": "grade_slot",
    "指标解释": "description", "指标说明": "description", "绩效标准": "description",
    "当年预期实现值": "value", "预期实现值": "value", "年度预期值": "value",
    "评价标准确定依据": "basis", "指标值确定依据": "basis", "优良中差": "grades",
    "年度指标值": "value", "年初指标值": "value", "指标值": "value", "绩效目标值": "value",
    "年度目标值": "value", "目标值": "value", "调整指标值": "value2",
    "实际完成值": "actual", "全年实际值": "actual", "全年完成值": "actual", "完成值": "actual",
    "实际值": "actual", "分值": "weight", "权重": "weight", "指标权重": "weight", "指标分值": "weight",
    "得分": "score", "指标得分": "score", "得分系数": "rate", "累计完成率": "rate", "完成率": "rate",
    "计量单位": "unit", "指标性质": "nature", "是否核心指标": "core", "说明": "basis", "备注": "basis",
    "偏差原因分析及改进措施": "basis", "未完成原因分析及改进措施": "basis",
    "未完成原因和改进措施": "basis", "未完成原因及改进措施": "basis", "绩效指标": "",
}
_HEAD_START = {"level1", "level2", "name"}
_LABELS: dict[str, str] = {
    "项目名称": "项目名称", "专项资金名称": "项目名称", "资金名称": "项目名称",
    "主管部门": "主管部门", "实施单位": "实施单位", "年度资金总额": "total", "年度总金额": "total",
    "年度总体目标": "goals", "年初设定目标": "goals", "预期目标": "goals", "年初绩效目标": "goals",
    "绩效目标": "goals",
    # labels whose value we do not keep, listed so they end the value before them
    "负责人及电话": "", "部门联系人": "", "联系电话": "", "项目资金": "", "资金情况": "",
    "年初预算数": "", "全年预算数": "", "全年执行数": "", "执行率": "", "其中": "", "当年财政拨款": "",
    "上年结转资金": "", "其他资金": "", "实际完成情况": "", "全年实际完成情况": "",
    "年度总体目标完成情况": "", "专项实施期": "", "自评得分": "", "项目总得分": "", "市县财政部门": "",
    "项目负责人": "", "调整预算数": "", "项目类别": "", "项目类型": "", "项目性质": "", "项目属性": "",
    "立项依据": "", "项目立项依据": "", "预算成本构成": "", "项目预算成本构成": "", "实施期限": "",
    "起止时间": "", "项目起止时间": "",
}


def _alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TOKEN = re.compile(
    "(?P<cat>(?:" + _alternation(_CATEGORY_WORDS) + ")" + _SCORE + ")"
    "|(?P<section>(?:" + _alternation(_SECTIONS) + ")" + _SCORE + r"(?=[^\d分])|(?:决策|过程|管理)"
    r"[（(]\d+分[)）])"
    "|(?P<head>(?:" + _alternation(_HEADERS) + r")(?:[（(][^)）]{1,6}[)）])?)"
    "|(?P<label>(?:" + _alternation(_LABELS) + r")(?:[（(][^)）]{1,6}[)）])?[:：]?)"
    r"|(?P<marker>(?<!定量)(?<!定性)指标[1-9一二三四五LlI](?:[:：]|(?=[^\d.])|(?=\d{4}年))[:：]?)"
)
_TITLE = re.compile(r"([^、。;；]{2,80}?)(绩效目标表|绩效自评表|绩效目标自评表)")
_PAGE = re.compile(r"^\s*\d{1,2}、")
_UNIT_NOTE = re.compile(r"[（(](万元|元)[)）]")


def looks_glued(text: str) -> bool:
    """Some long line holds an indicator header glued to rows: header words with nothing
    between them, then category words or digits glued to text."""
    for line in text.split("\n"):
        flat = _spell_out(re.sub(r"\s+", "", line))
        if len(flat) < 100 or has_spaced_header(line):
            continue  # header words with spaces between them: a space-separated table
        heads = [m for m in _TOKEN.finditer(flat) if m.lastgroup == "head"]
        pairs = [(a, b) for a, b in zip(heads, heads[1:], strict=False) if a.end() == b.start()]
        roles = {_HEADERS.get(re.sub(r"[（(].*$", "", m.group()), "") for m in heads}
        if len(pairs) >= 2 and roles & _HEAD_START and roles & {"value", "actual", "weight", "grades"}:
            return True
        # a two-word header (指标内容 | 指标值) right before category words glued to rows
        named_value = [b for a, b in pairs if _role(a.group()) == "name" and _role(b.group()) == "value"]
        if named_value and _CATEGORY_AFTER.match(flat, named_value[0].end()):
            return True
    return False


_CATEGORY_AFTER = re.compile("(?:" + _alternation(_CATEGORY_WORDS) + ")")


def _join_pages(text: str) -> tuple[list[str], str]:
    """Lines before the glued table stay paragraphs; the table's lines (page breaks marked
    '2、', '3、' on document-sharing sites) join into one run."""
    lines = text.split("\n")
    start = next(
        (i for i, line in enumerate(lines) if len(line) >= 100 and looks_glued(line)), len(lines)
    )
    head = [line for line in lines[:start]]
    body = []
    for index, line in enumerate(lines[start:]):
        if index > 0:
            line = _PAGE.sub("", line)
        body.append(line)
    run = _spell_out(re.sub(r"\s+", "", "".join(body)))
    return head, _PAGE.sub("", run, count=1)


# a header written short, 一级二级(三级)指标内容指标值: spelt out so it reads like any other
_SHORT_HEADER = re.compile(r"一级二级(三级)?(?=指标内容|指标名称|指标值|三级指标|绩效指标)")


def _spell_out(run: str) -> str:
    """A short header spelt out, and the short categories under it (see _SHORT_PAIR)."""
    match = _SHORT_HEADER.search(run)
    if match is None:
        return run
    header = "一级指标二级指标" + ("三级指标" if match.group(1) else "")
    rows = _SHORT_AFTER_VALUE.sub(r"\1指标", _SHORT_PAIR.sub(r"\1指标\2指标", run[match.end() :]))
    return run[: match.start()] + header + rows


_L1_SHORT = "产出|效益|效果|满意度"
_L2_SHORT = "数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|社会公众满意度|满意度"
# categories written short under a short header: a first level right before a second ('产出数量',
# '效益社会效益'), or a second right after a value's unit ('≥600人次时效…')
_SHORT_PAIR = re.compile(f"({_L1_SHORT})({_L2_SHORT})(?!指标)")
_SHORT_AFTER_VALUE = re.compile(r"(?<=[\d%％次人个元件户天日月年项所座台套场期批册种])(" + _L2_SHORT + ")(?!指标)")


def glued_blocks(text: str) -> list[Block]:
    """See the module docstring."""
    head, run = _join_pages(text)
    blocks: list[Block] = [Para(text=line.strip(), line=n) for n, line in enumerate(head, 1) if line.strip()]
    run, after = _cut_at_report_section(run)
    title = _title_before_header(run)
    if title:  # '…绩效目标表' glued to the form: a title, not the 绩效目标 label
        numbered = list(re.finditer(r"\d{1,2}、", title))  # '…1、XX绩效目标表': the title is XX…
        cut = numbered[-1].start() if numbered else 0
        blocks.extend(Para(text=part) for part in (title[:cut], title[cut:]) if part)
        run = run[len(title) :]
        run, repeated = _cut_at_repeated_title(run, title[cut:])
        after = repeated + after
    for table in _split_tables(run):
        blocks.extend(_table_blocks(table))
    if after:
        blocks.append(Para(text=after))
    return blocks


# a report's next numbered section ((二)项目财务管理状况, 三、…) after the indicator header: the
# table is over; indicator names and values never start that way
_REPORT_SECTION = re.compile(
    r"(?:[（(][一二三四五六七八九十]{1,3}[)）]|(?<![\d一二三四五六七八九十])[一二三四五六七八九十]{1,3}、)"
    r"(?![^，,。]{0,12}(?:指标|值|得分|分值))"
)


_GLUED_TITLE = re.compile(r"[^，。,;；:：]{4,80}?绩效(?:目标(?:自评|申报|批复)?|自评)表")


def _cut_at_repeated_title(run: str, title: str) -> tuple[str, str]:
    """The title again after the rows (the next page or the next table of a collection repeats
    it): the rows end there."""
    core = re.sub(r"^\d{1,2}、", "", title)
    key = core[:12]
    if len(key) < 8 or len(re.findall(r"[\u4e00-\u9fff]", key)) < 4:
        return run, ""
    at = run.find(key)
    return (run[:at], run[at:]) if at > 0 else (run, "")


def _title_before_header(run: str) -> str:
    header = next(
        (m for m in _TOKEN.finditer(run) if m.lastgroup == "head" and _role(m.group()) in _HEAD_START),
        None,
    )
    title = _GLUED_TITLE.search(run, 0, header.start() if header else len(run))
    return run[: title.end()] if title else ""


def _cut_at_report_section(run: str) -> tuple[str, str]:
    header = next(
        (m for m in _TOKEN.finditer(run) if m.lastgroup == "head" and _role(m.group()) in _HEAD_START),
        None,
    )
    if header is None:
        return run, ""
    first_row = next(
        (m for m in _TOKEN.finditer(run, header.end()) if m.lastgroup == "cat"), None
    )  # rows have begun: the heading cannot be part of the header
    if first_row is None:
        return run, ""
    section = _REPORT_SECTION.search(run, first_row.end())
    return (run[: section.start()], run[section.start() :]) if section else (run, "")


def _split_tables(run: str) -> list[str]:
    """A new table starts at each 项目名称 that follows an indicator header."""
    starts = [0]
    seen_header = False
    for match in _TOKEN.finditer(run):
        if match.lastgroup == "head" and _role(match.group()) in _HEAD_START:
            seen_header = True
        elif match.lastgroup == "label" and _LABELS.get(_word(match.group())) == "项目名称" and seen_header:
            starts.append(match.start())
            seen_header = False
    return [run[a:b] for a, b in zip(starts, starts[1:] + [len(run)], strict=False)]


def _word(token: str) -> str:
    return re.sub(r"(?:[（(][^)）]*[)）])?[:：]?$", "", token)


def _role(token: str) -> str:
    return _HEADERS.get(_word(token), "")


def _tokens(run: str) -> list[tuple[str, str]]:
    """(kind, text) in order; kind is cat/section/head/label/marker, or 'text' for the rest."""
    out: list[tuple[str, str]] = []
    at = 0
    for match in _TOKEN.finditer(run):
        if match.start() > at:
            out.append(("text", run[at : match.start()]))
        out.append((match.lastgroup or "text", match.group()))
        at = match.end()
    if at < len(run):
        out.append(("text", run[at:]))
    return out


def _table_blocks(run: str) -> list[Block]:
    tokens = _tokens(run)
    header_at = next(
        (i for i, (kind, text) in enumerate(tokens) if kind == "head" and _role(text) in _HEAD_START),
        None,
    )
    if header_at is None:
        return [Para(text=run)]
    blocks = _upper_blocks(tokens[:header_at])
    roles: list[str] = []
    index = header_at
    while index < len(tokens):
        kind, text = tokens[index]
        if kind == "head":
            role = _role(text)
            if role == "grades":  # 优良中差: the target is the 优 column
                grades = ["value", "value2", "value2", "value2"]
                # a two-row header: 优良中差 sit under 绩效指标评价标准, before the columns after it
                at = roles.index("grade_slot") if "grade_slot" in roles else len(roles)
                roles[at : at + 1] = grades
            elif role:
                roles.append(role)
        elif kind == "text" and len(text) <= 8 and not re.search(r"\d", text):
            # a heading the OCR scrambled ('考值参分'): read it by its words
            roles.append("weight" if "分" in text and "得" not in text else
                         "actual" if "完" in text or "实际" in text else "other")
        elif kind != "label":
            break
        index += 1
    blocks.append(Row(cells=["一级指标", "二级指标", "三级指标", "指标值", "分值", "实际完成值"]))
    blocks.extend(indicator_rows(tokens[index:], roles))
    return blocks


def _upper_blocks(tokens: list[tuple[str, str]]) -> list[Block]:
    blocks: list[Block] = []
    unit = "万元"
    pending = ""  # the label whose value comes next
    with_actual = False  # the goal's heading was followed by an 实际完成情况 heading
    for kind, text in tokens:
        note = _UNIT_NOTE.search(text)
        if note and kind in ("label", "head"):
            unit = note.group(1)
        if kind == "label":
            label = _LABELS.get(_word(text), "")
            if label == "total":
                pending = "total"
            elif not label and pending == "goals" and "完成" in _word(text):
                with_actual = True  # 年初设定目标 | 全年实际完成情况, then the values: the goal first
                continue
            elif label or pending != "total":
                pending = label
            continue
        if kind != "text":
            continue
        if not pending:
            title = _TITLE.search(text)
            if title:
                blocks.append(Para(text=title.group(1).lstrip("0123456789、") + title.group(2)))
            continue
        if pending == "total":
            amount = _leading_amount(text)
            if amount:
                blocks.append(Row(cells=["年度资金总额", amount + unit]))
                pending = ""
            continue
        if pending == "goals":
            # a short status glued after the goal is the 实际完成情况 column ('…设备。已完成')
            goal = _STATUS_END.sub("", text) if with_actual else text
            blocks.append(Row(cells=["年度总体目标", goal or text]))
            with_actual = False
        else:
            blocks.append(Row(cells=[pending, text]))
        pending = ""
    return blocks


_STATUS_END = re.compile(r"(?<=[。；;.])(?:已完成|全部完成|基本完成|已全部完成|未完成)[。.]?$")


def _leading_amount(text: str) -> str:
    """'303010100%' (年初预算 30, 全年预算 30, 执行 10 …) → '30': glued money columns repeat
    the same amount, so a repeated prefix is the amount; otherwise the leading number."""
    match = re.match(r"\d[\d.]*", text)
    if not match:
        return ""
    digits = match.group()
    for size in range(len(digits) // 2, 0, -1):
        first = digits[:size]
        if digits[size : 2 * size] == first and not first.endswith(".") and not first.startswith("0"):
            return first
    return digits.rstrip(".")
