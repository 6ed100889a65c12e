"""The upper part of an outline or prose document: project, budget, unit and goals, where the
text states them — as 'label：value' lines, as a numbered label heading with the value on the
next line (四、资金来源及规模 / 财政资金160.77万元), in the title (…项目绩效目标设定), or in a
sentence that allocates the money (安排…资金30万元)."""

from __future__ import annotations

import re

from assistant.parse.blocks import Row
from assistant.parse.header_scan import ALLOCATION
from assistant.parse.labels import Label, label_of
from assistant.parse.normalize import to_simplified
from assistant.parse.sentence_targets import PINYIN

_EXTRA_LABELS = {
    "资金来源及规模": Label.TOTAL, "资金规模": Label.TOTAL, "资金来源": Label.TOTAL,
    "项目资金规模": Label.TOTAL, "资金安排": Label.TOTAL, "项目预算": Label.TOTAL,
    "预算资金": Label.TOTAL, "实施单位及责任人": Label.UNIT, "项目单位": Label.UNIT,
}
_NUMBER_PREFIX = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）]\s*[、.．]?|\d{1,2}\s*[、.．](?!\d))\s*")
_MONEY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)")
_TITLE_TAIL = re.compile(
    r"^(?:[（(【][^）)】]{1,8}[）)】])?(?P<name>.+?)(?:\d{4}年度?)?(?:支出)?"
    r"(?:绩效目标(?:设定|申报表?|表|公示)?|绩效(?:自评|评价)报告|(?:计划)?(?:公告)?公示|公告)$"
)
# a budget stated in a sentence (本项目年初预算50万元): the annual amount, 年初 first
_STATED_BUDGET = [
    re.compile(r"年初预算(?:数|资金|金额)?(?:共计|合计|总额|为|是|：|:)?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)"),
    re.compile(r"预算(?:数|金额|资金)(?:共计|合计|总额|为|是|：|:)?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)"),
]
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[、.．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])")
_GOAL = re.compile(r"(?:总体|年度|项目)*(?:绩效)?目标\s*[:：]\s*(?P<goal>\S.*)$")


def _fold(line: str) -> tuple[str, str]:
    """(the line without pinyin and pipes, its simplified copy); positions agree when the
    folding kept the length, else the simplified copy stands for both."""
    raw = re.sub(r"\s*\|\s*", " ", PINYIN.sub("", line)).strip(" \u3000")
    simple = to_simplified(raw)
    return (raw if len(raw) == len(simple) else simple), simple


def _label(text: str) -> Label | None:
    text = _NUMBER_PREFIX.sub("", text)
    flat = re.sub(r"\s+", "", text).strip(":：")
    return label_of(flat) or _EXTRA_LABELS.get(flat)


def _money(text: str) -> str | None:
    match = _MONEY.search(text)
    return match.group(1).replace(",", "") + match.group(2) if match else None


def upper_rows(lines: list[str]) -> list[Row]:
    """Label rows (项目名称, 预算数, 实施单位, 绩效目标) for what the lines state."""
    fields: dict[Label, str] = {}
    pending: Label | None = None  # a label heading whose value is the next line
    title = allocated = ""
    stated = ["", ""]  # the first amount each _STATED_BUDGET pattern finds
    listing = False  # inside the numbered goals under a 绩效目标 heading
    for line in lines:
        raw, simple = _fold(line)
        if not simple:
            continue
        parts = re.split(r"[:：]", simple, maxsplit=1)
        label = _label(parts[0]) if len(parts[0]) <= 16 else None
        if listing and label is None and _ITEM.match(simple):  # the next goal of the list
            fields[Label.GOALS] += "\n" + raw.strip("。；; ")
            continue
        listing = False
        if pending is not None:
            if label is None:  # the heading's value; a labelled line states its own
                if pending not in fields:
                    fields[pending] = raw.strip("。；; ")
                    # 二、绩效目标 / 1.… / 2.…: numbered goals, one per line
                    listing = pending == Label.GOALS and bool(_ITEM.match(simple))
                pending = None
                continue
            pending = None
        value = raw[len(parts[0]) + 1 :].strip(" 。；;") if len(parts) == 2 else ""
        if label is not None and value:
            fields.setdefault(label, value)
        elif label is not None:
            pending = label
        goal = _GOAL.search(simple)
        if goal and Label.GOALS not in fields:
            text = raw[goal.start("goal") :]
            # drop the sentence leading into the list (现将具体绩效目标设定如下)
            fields[Label.GOALS] = re.sub(r"[。；;]?[^。；;]*如下\s*[:：]?\s*$", "。", text).strip()
        for at, pattern in enumerate(_STATED_BUDGET):
            found = pattern.search(simple) if not stated[at] else None
            stated[at] = found.group(1).replace(",", "") + found.group(2) if found else stated[at]
        if not allocated:
            found = ALLOCATION.search(simple)
            allocated = found.group(1).replace(",", "") + found.group(2) if found else ""
        if not title and len(simple) <= 80:
            heading = re.sub(r"^标\s*题\s*[:：]\s*", "", simple).strip()
            match = _TITLE_TAIL.match(heading)
            if match and len(match.group("name")) >= 4:
                offset = len(simple) - len(heading)
                title = raw[offset + match.start("name") : offset + match.end("name")]
    rows = []
    project = fields.get(Label.PROJECT_NAME) or title
    if project:
        rows.append(Row(cells=["项目名称", project.strip()]))
    budget = (
        _money(fields.get(Label.TOTAL, ""))
        or _money(fields.get(Label.FISCAL, ""))
        or allocated
        or stated[0]
        or stated[1]
    )
    if budget:
        rows.append(Row(cells=["预算数", budget]))
    if fields.get(Label.UNIT):
        rows.append(Row(cells=["实施单位", fields[Label.UNIT]]))
    if fields.get(Label.GOALS):
        rows.append(Row(cells=["绩效目标", fields[Label.GOALS]]))
    return rows
