"""Where the money comes from and which year it is for.

- Funding shares: 中央/省级/市级/县级/区级/乡镇/本级/上级 amounts, in the header or in a
  sentence that lists sources (资金来源：…, 其中：…); they are all public money, so together they
  make up 财政资金, and they must add up to the budget (B003 checks that).
- Multi-year projects: 总投资500万元、分3年实施、2025年安排200万元: the year's budget is the
  annual share, the items may cost out the whole investment.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.parse.budget_units import MONEY
from assistant.parse.textnum import MONEY_FACTORS, NUMBER, normalize, tidy, to_decimal

_LEVEL = r"(?:中央|省级?|市级?|州级?|县级?|区级?|乡镇|镇级|本级|上级)"
_SHARE = re.compile(
    rf"(?P<level>{_LEVEL})(?:财政)?(?:专项)?(?:资金|补助资金|补助|配套资金|配套|安排|下达|衔接资金|转移支付)?"
    rf"[:：为]?\s*(?P<num>{NUMBER})\s*(?P<unit>{MONEY})"
)
_SOURCE_SENTENCE = re.compile(r"资金来源|其中|来源为|来源于|分别为")
_OVERALL = re.compile(rf"(?:总投资|总投入|总概算|项目总额|总预算)(?:为|约|共)?[:：]?\s*(?P<num>{NUMBER})\s*(?P<unit>{MONEY})")
_ANNUAL = re.compile(
    rf"(?:本年度?|当年|今年|20\d{{2}}年(?:度)?)(?:计划)?(?:安排|下达|预算|投入|拨付)(?:资金)?(?:为|约)?[:：]?\s*"
    rf"(?P<num>{NUMBER})\s*(?P<unit>{MONEY})"
)
_YEARS = re.compile(r"分(?P<n>\d|[两二三四五六七八九十])(?:个)?年(?:度)?(?:实施|建设|完成|安排)|\d{4}\s*[-—至~]\s*\d{4}年")


def _yuan(match: re.Match[str]) -> Decimal | None:
    value = to_decimal(match.group("num"))
    factor = MONEY_FACTORS.get(match.group("unit"))
    return None if value is None or factor is None else tidy(value * factor)


def funding_shares(text: str) -> list[tuple[str, Decimal]]:
    """(level, 元) for each funding share stated in a sentence that lists sources."""
    s = normalize(text or "", keep_comma=True)
    shares: list[tuple[str, Decimal]] = []
    for sentence in re.split(r"[。；;\n]", s):
        found = list(_SHARE.finditer(sentence))
        if not found or (len(found) < 2 and not _SOURCE_SENTENCE.search(sentence)):
            continue
        if re.search(r"[*×xX＊]|/", sentence):
            continue  # a costing line that mentions a level (区级10万+市级10万) is not the source list
        for match in found:
            yuan = _yuan(match)
            if yuan is not None:
                shares.append((match.group("level"), yuan))
    return shares


def multi_year(text: str) -> tuple[Decimal | None, Decimal | None]:
    """(whole investment, this year's share) of a project run over several years; (None, None)
    when the text does not describe one."""
    s = normalize(text or "", keep_comma=True)
    overall = _OVERALL.search(s)
    annual = _ANNUAL.search(s)
    if not overall or not (annual or _YEARS.search(s)):
        return None, None
    whole = _yuan(overall)
    share = _yuan(annual) if annual else None
    if whole is not None and share is not None and share >= whole:
        return None, None
    return whole, share


__all__ = ["funding_shares", "multi_year"]
