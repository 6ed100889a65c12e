"""Table titles and headings: 'XX项目绩效目标表' names its project, a short heading between two
tables ('二、社区矫正经费') names the next one."""

from __future__ import annotations

import re

from assistant.model import ParseNote, TargetTable
from assistant.parse.normalize import to_simplified

_TITLE = re.compile(r"(绩效目标表|绩效目标申报表|绩效目标批复表|绩效自评表)\s*[（(]?\s*\d{0,4}\s*[)）]?$")
_TITLE_NUMBER = re.compile(r"^\s*(?:附件\s*\d*\s*[:：]?\s*)?(?:\d+\s*[.．、]\s*|[一二三四五六七八九十]+\s*[、.．]\s*)?")

def title_project(title: str) -> str:
    """The project name inside a table title: '1.防火经费绩效目标表' → '防火经费'."""
    name = _TITLE_NUMBER.sub("", title.replace("\n", ""))
    # matched on the folded copy (績效目標表), cut in the original: folding maps char to char
    tail = re.search(r"(项目)?(支出)?(绩效目标(申报|批复|自评)?表|绩效自评表).*$", to_simplified(name))
    name = name[: tail.start()] if tail else name
    return name.strip(" :：")


_HEADING_NUMBER = re.compile(
    r"^(?:项目[一二三四五六七八九十\d]{1,3}|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[.、．])\s*[:：]?\s*"
)


def heading_project(text: str) -> str:
    """A short heading between two tables → the project it names; '' for page furniture
    (第2页, — 2 —, 续表) and for sentences."""
    flat = re.sub(r"\s+", "", text)
    if not 2 <= len(flat) <= 40 or "续" in flat or not re.search(r"[\u4e00-\u9fff]{2}", flat):
        return ""
    if re.fullmatch(r"[第页共\d/\-—–()（）.．]+|第\d+页.*|.*[。；;，,].*", flat) or "指标" in flat:
        return ""  # page furniture, a sentence, or a wrapped header cell (绩效 / 指标)
    return title_project(_HEADING_NUMBER.sub("", flat))


def is_title(text: str) -> bool:
    flat = to_simplified(re.sub(r"\s+", "", text))
    return bool(_TITLE.search(flat)) and len(flat) <= 120


# words every project name shares: they corroborate nothing
_GENERIC_PAIRS = re.compile(r"项目|资金|经费|专项|建设|工程|补助|补贴|年度|\d")
_PROJECT_LIKE = re.compile(r"(?:项目|工程|经费|资金|补助|补贴)$")


def _pairs(name: str) -> set[str]:
    return {name[i : i + 2] for i in range(len(name) - 1) if not _GENERIC_PAIRS.search(name[i : i + 2])}


def _support(name: str, text: str) -> float:
    pairs = _pairs(name)
    return sum(1 for pair in pairs if pair in text) / len(pairs) if pairs else 0.0


def settle_title_and_field(table: TargetTable, titled: str) -> None:
    """The title and the 项目名称 cell name different projects: one of them was misread (OCR).
    The name the rest of the table supports (its goals, purpose and indicator names share its
    words) is kept, with a note; when neither stands out the cell is kept."""
    field = table.project
    if titled and field.endswith("项目") and not titled.endswith("项目"):
        titled += "项目"  # the cell's own wording: the title's 项目 was cut with its 绩效目标表
    if not titled or not field or titled == field or not _PROJECT_LIKE.search(titled):
        return
    text = "".join([*table.goals, table.purpose, *(i.name for i in table.indicators)])
    title_support, field_support = _support(titled, text), _support(field, text)
    if field_support <= 0.2 and title_support - field_support >= 0.3:
        table.project = titled
        table.notes.append(ParseNote(
            message=f"“项目名称”栏为“{field}”，与标题中的“{titled}”不一致；表中目标和指标支持标题中的名称，"
                    "按标题读取，请核对原件",
            where=field,
        ))
