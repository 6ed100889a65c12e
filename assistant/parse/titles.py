"""Table titles and headings: 'XX项目绩效目标表' names its project, a short heading between two
tables ('二、社区矫正经费') names the next one."""

from __future__ import annotations

import re

from assistant.parse.normalize import to_simplified

_TITLE = re.compile(r"(绩效目标表|绩效目标申报表|绩效目标批复表|绩效自评表)\s*[（(]?\s*\d{0,4}\s*[)）]?$")
_TITLE_NUMBER = re.compile(r"^\s*(?:附件\s*\d*\s*[:：]?\s*)?(?:\d+\s*[.．、]\s*|[一二三四五六七八九十]+\s*[、.．]\s*)")

def title_project(title: str) -> str:
    """The project name inside a table title: '1.防火经费绩效目标表' → '防火经费'."""
    name = _TITLE_NUMBER.sub("", title.replace("\n", ""))
    # matched on the folded copy (績效目標表), cut in the original: folding maps char to char
    tail = re.search(r"(项目)?(支出)?(绩效目标(申报|批复)?表|绩效自评表).*$", to_simplified(name))
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
