"""Reading the budget breakdown (资金用途 / 测算依据 text) into totals and items.

All amounts are Decimal 元. Decisions worth knowing:
- Totals: 预算数 / 项目安排 / 项目预算 give the total. 财政资金 (财政拨款) and 其他资金 are
  taken when named. When only fiscal *sources* are named (本级安排, 转移支付安排, 上级/中央/
  省级/市级/县级/区级资金), they are all public money, so 财政资金 = their sum.
- Items split on 1./2./一、 (top level) and （1）/(2) (second level); without numbering on
  "；" and line breaks when that gives several priced pieces, else the body is one item.
  A trailing 合计/以上合计 sentence is a grand total, not part of the last item.
- An item's amount is its first money figure that is not a unit price, an operand of a
  calculation or inside brackets; "=52.16万元" counts. 11.48元 stays 11.48元.
- Arithmetic: a chain of terms joined by * × x + - / with an optional "= result". Without
  "=", the stated value is the figure the chain explains: the amount just before the bracket
  ("12.96万元（600元*18*12）") or else the item's amount. Tolerance is half a unit of the stated
  figure's last decimal place, so 52.16万元 allows ±50元 of rounding.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.model import BudgetItem, Quantity, UnitPrice
from assistant.parse.budget_arith import arithmetic
from assistant.parse.budget_units import (
    COUNT_UNITS,
    MONEY,
    PER,
    PER_WORDS,
    QUANTITY_UNIT,
    alternation,
    canonical,
    split_per,
)
from assistant.parse.funding import funding_shares, multi_year
from assistant.parse.normalize import to_simplified
from assistant.parse.textnum import MONEY_FACTORS, NUMBER, normalize, tidy, to_decimal

_MONEY = MONEY
_PER = PER
_MONEY_RE = re.compile(rf"(?<![\d.])(?P<num>{NUMBER})\s*(?P<unit>{_MONEY})(?P<per>{_PER})")
_QTY_RE = re.compile(
    rf"(?<![\d./])(?P<num>{NUMBER})\s*(?P<wan>万(?=[人户亩株册份件次]))?(?P<unit>{QUANTITY_UNIT})"
    r"(?![\u4e00-\u9fff]*[/]|元)"
)
_PER_WORD = rf"(?:{alternation(PER_WORDS + COUNT_UNITS)}|[\u4e00-\u9fff])"
# 每人每月120元, 每平方米150元, 每份补贴5元, 每公里造价12万元, 每吨处理成本1.5元
_EACH_RE = re.compile(
    rf"每(?:个)?(?!每)(?P<per>{_PER_WORD})(?:每(?P<per2>[月年天日]))?"
    rf"(?P<what>[\u4e00-\u9fff]{{0,4}}?)"
    rf"(?P<num>{NUMBER})\s*(?P<unit>{_MONEY})(?!/)"
)
# 户均补助3000元, 人均6000元: an average per head is a unit price too
_AVERAGE_RE = re.compile(
    rf"(?P<per>[人户亩村校站])均[\u4e00-\u9fff]{{0,4}}?(?P<num>{NUMBER})\s*(?P<unit>{_MONEY})(?!/)"
)
_ITEM_TOTAL_BEFORE = re.compile(r"(?:[，,;；]\s*(?:共计|小计|合计|计)|需资金|需安排资金|安排资金)\s*$")
_TOTAL_WORDS = r"(?:项目预算数|预算数|预算总额|项目安排|项目预算|总预算|资金总额|年度资金总额|预算金额|总额)"
_FISCAL_WORDS = r"(?:财政资金|财政拨款|财政性资金|财政补助)"
_OTHER_WORDS = r"(?:其他资金|其它资金|自筹资金|单位自筹)"
_SOURCE_WORDS = r"(?:本级安排|本级资金|本级财政|转移支付安排|转移支付资金|转移支付|上级资金|上级补助|中央资金|省级资金|市级资金|县级资金|区级资金)"
_GRAND = re.compile(rf"(?:以上)?(?:合计|总计|共计)[:为]?\s*(?P<num>{NUMBER})\s*(?P<unit>{_MONEY})")
_BODY_START = re.compile(r"主要(?:包括|用于)(?:[^:：\n。，]{0,20}[:：])?")
_TOP_MARK = re.compile(r"(?<![\d.])(?P<n>\d{1,2}|[一二三四五六七八九十]{1,2})(?:[.．](?!\d)|、)")
_SUB_MARK = re.compile(r"\(\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,2})\s*\)")
_CN = "一二三四五六七八九十"


def _money_value(num: str, unit: str | None, default_unit: str = "万元") -> Decimal | None:
    value = to_decimal(num)
    factor = MONEY_FACTORS.get(unit or default_unit)
    return None if value is None or factor is None else tidy(value * factor)


def parse_money(text: str, default_unit: str = "万元") -> Decimal | None:
    """The first amount in the text, in 元: '1448468元' → 1448468, '52.16' → 521600 (万元)."""
    s = normalize(text or "")  # a cell: "１，４４８，４６８元" is one number
    match = _MONEY_RE.search(s)
    if match:
        return _money_value(match.group("num"), match.group("unit"))
    bare = re.search(rf"(?<![\d.])({NUMBER})\s*(?=$|[,，。;；)\s])", s)
    return _money_value(bare.group(1), None, default_unit) if bare else None


def _amount_after(words: str, text: str) -> Decimal | None:
    match = re.search(rf"{words}[:：为是约共]*\s*(?P<num>{NUMBER})\s*(?P<unit>{_MONEY})", text)
    return _money_value(match.group("num"), match.group("unit")) if match else None


def _header(s: str) -> str:
    """The part of the text that states totals: before 主要用于/主要包括 or the first item."""
    cut = _BODY_START.search(s)
    end = cut.start() if cut else len(s)
    first = _first_marker(s)
    if first is not None:
        end = min(end, first)
    return s[:end]


def extract_totals(text: str) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(预算数, 财政资金, 其他资金) in 元; None for what the text does not state."""
    # folded: 預算數/財政資金 name the same totals; only amounts are read from this copy
    s = to_simplified(normalize(text or "", keep_comma=True))
    head = _header(s)
    total = _amount_after(_TOTAL_WORDS, head)
    if total is None:
        grand = list(_GRAND.finditer(s))
        total = _money_value(grand[-1].group("num"), grand[-1].group("unit")) if grand else None
    fiscal = _amount_after(_FISCAL_WORDS, head)
    other = _amount_after(_OTHER_WORDS, head)
    if fiscal is None:
        parts = [
            _money_value(m.group("num"), m.group("unit"))
            for m in re.finditer(rf"{_SOURCE_WORDS}[:：为]?\s*(?P<num>{NUMBER})\s*(?P<unit>{_MONEY})", head)
        ]
        parts = [p for p in parts if p is not None]
        fiscal = sum(parts, Decimal(0)) if parts else None
    if fiscal is None:  # 资金来源：中央80万元、省级20万元 anywhere in the text
        shares = funding_shares(s)
        fiscal = sum((yuan for _, yuan in shares), Decimal(0)) if shares else None
    whole, annual = multi_year(s)
    if annual is not None and (total is None or total == whole):
        total = annual  # 总投资500万元，2025年安排200万元: the year's budget is its share
    return total, fiscal, other


def _marker_index(token: str) -> int:
    return int(token) if token.isdigit() else _CN.index(token[-1]) + 1 + (9 if len(token) == 2 else 0)


def _sequence(marks: list[re.Match[str]], s: str, strict_first: bool) -> list[re.Match[str]]:
    """Markers that count 1, 2, 3 … in order; the first must start a clause."""
    chosen: list[re.Match[str]] = []
    for mark in marks:
        try:
            index = _marker_index(mark.group("n"))
        except ValueError:
            continue
        if index != len(chosen) + 1:
            continue
        before = s[mark.start() - 1] if mark.start() else ""
        if index == 1 and strict_first and before and before not in "\n:：。;；，, ":
            continue
        chosen.append(mark)
    return chosen if len(chosen) >= 2 or (chosen and s[chosen[0].end():].strip()) else []


def _first_marker(s: str) -> int | None:
    marks = _sequence(list(_TOP_MARK.finditer(s)), s, True)
    return marks[0].start() if marks else None


def _strip_grand(s: str) -> str:
    """Drop a closing 合计/以上合计 sentence: it totals the items, it is not one."""
    return re.sub(rf"[。;；，,\s]*(?:以上)?(?:合计|总计|共计)[:为]?\s*{NUMBER}\s*{_MONEY}[。;；\s]*$", "", s)


def _line_of(s: str, pos: int) -> int:
    return s.count("\n", 0, pos) + 1


def parse_budget_items(text: str) -> list[BudgetItem]:
    """Split the breakdown into items with their amounts, counts, unit prices and arithmetic."""
    s = normalize(text or "", keep_comma=True).replace("\r", "")
    items: list[BudgetItem] = []
    tops = _sequence(list(_TOP_MARK.finditer(s)), s, True)
    if tops:
        bounds = [m.start() for m in tops] + [len(s)]
        for i, mark in enumerate(tops):
            chunk = _strip_grand(s[mark.end(): bounds[i + 1]])
            _add_item(items, chunk, mark.end(), s)
        return items
    body_start = _BODY_START.search(s)
    start = body_start.end() if body_start else 0
    body = _strip_grand(s[start:])
    if not body_start:  # drop the sentences that only state the totals
        kept = [p for p in re.split(r"(?<=。)", body) if p.strip() and not _is_header_sentence(p)]
        body = "".join(kept)
    pieces = [p for p in re.split(r"[;；\n]", body) if p.strip()]
    priced = [p for p in pieces if _MONEY_RE.search(p)]
    if len(pieces) > 1 and len(priced) == len(pieces):
        offset = start
        for piece in pieces:
            pos = s.find(piece, offset)
            _add_item(items, piece, max(pos, 0), s)
            offset = max(pos, offset)
    elif body.strip():
        _add_item(items, body, start, s)
    return items


def _is_header_sentence(sentence: str) -> bool:
    """A sentence that only states totals or sources; one that counts or prices things (其中：
    主干道路灯420盏，每盏2800元) is part of the breakdown."""
    return bool(re.search(rf"{_TOTAL_WORDS}|其中[:：]|{_FISCAL_WORDS}|{_OTHER_WORDS}", sentence)) and not (
        re.search(r"[*×xX＊]|=", sentence) or _EACH_RE.search(sentence) or _QTY_RE.search(sentence))


def _colon_list(chunk: str) -> list[tuple[int, int]]:
    """'建设7处：尧山村排洪工程20万元，吾培村水圳修复15万元，…': the priced parts after the colon,
    as (start, end) in the chunk; [] when the colon does not open such a list."""
    colon = re.search(r"[:：]", chunk)
    if not colon or re.search(r"(?:资金来源|来源|其中)\s*$", chunk[: colon.start()]):
        return []  # a list of funding sources is not a list of items
    spans, start = [], colon.end()
    for piece in re.finditer(r"[^，,、；;。]+", chunk[start:]):
        spans.append((start + piece.start(), start + piece.end()))
    priced = [(a, b) for a, b in spans if _MONEY_RE.search(chunk[a:b])]
    if len(priced) < 2 or len(priced) != len(spans):
        return []
    if any(len([m for m in _MONEY_RE.finditer(chunk[a:b]) if not m.group("per")]) != 1 for a, b in spans):
        return []
    return spans


def _add_item(items: list[BudgetItem], chunk: str, pos: int, s: str) -> None:
    subs = _sequence(list(_SUB_MARK.finditer(chunk)), chunk, False)
    parts = [] if subs else _colon_list(chunk)
    if parts:  # nested items written as a list after a colon
        items.append(_make_item(chunk[: parts[0][0]], 1, _line_of(s, pos)))
        for start, end in parts:
            items.append(_make_item(chunk[start:end], 2, _line_of(s, pos + start)))
        return
    head = chunk[: subs[0].start()] if subs else chunk
    items.append(_make_item(head, 1, _line_of(s, pos)))
    bounds = [m.start() for m in subs] + [len(chunk)]
    for i, mark in enumerate(subs):
        sub = chunk[mark.end(): bounds[i + 1]]
        items.append(_make_item(sub, 2, _line_of(s, pos + mark.end())))


def _clean(text: str) -> str:
    return text.strip().strip("；;，,。.、 \n")


def _make_item(text: str, level: int, line: int) -> BudgetItem:
    text = _clean(text)
    amount, amount_digits, amount_span = _item_amount(text)
    item = BudgetItem(text=text, label=_label(text), amount_yuan=amount, level=level, line=line)
    item.quantities = _quantities(text)
    item.unit_prices = _unit_prices(text)
    item.arithmetic = arithmetic(text, (amount, amount_digits, amount_span))
    return item


def _label(text: str) -> str:
    head = re.split(r"[:：]", text, maxsplit=1)[0] if re.search(r"[:：]", text[:60]) else text
    head = re.sub(r"\([^()]*\)", "", head)
    cut = re.search(rf"每|[，,;；。]|{NUMBER}", head)
    label = head[: cut.start()] if cut else head
    label = re.sub(r"\([^()]*\)", "", label)
    label = re.sub(r"(?:共|约|为|需|计|合计|需安排资金|安排)$", "", _clean(label))
    return _clean(label)[:60]


def _bracket_depth(text: str, pos: int) -> int:
    return text.count("(", 0, pos) - text.count(")", 0, pos)


def _price_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for regex in (_EACH_RE, _AVERAGE_RE) for m in regex.finditer(text)
            if not _time_only(m)]


def _time_only(match: re.Match[str]) -> bool:
    """每年50万元 is an amount per year, not a unit standard."""
    return match.group("per") in ("年", "月", "天", "日") and not match.groupdict().get("per2")


def _item_amount(text: str) -> tuple[Decimal | None, str, tuple[int, int]]:
    """The item's own amount: a money figure that is not a unit price, an operand, or in
    brackets; one written after 计/合计/= ("每份补贴5元，计30万元") before any other."""
    prices = _price_spans(text)
    found = []
    for match in _MONEY_RE.finditer(text):
        if match.group("per") or _bracket_depth(text, match.start()) > 0:
            continue
        if any(start <= match.start() < end for start, end in prices):
            continue
        before = text[: match.start()].rstrip()
        after = text[match.end():].lstrip()
        after = re.sub(r"^\([^()]{0,40}\)", "", after).lstrip()
        if before.endswith(tuple("*×xX＊+＋-－/÷")) or before.endswith("每") or re.match(r"[*×xX＊+＋/÷]", after):
            continue
        if re.search(r"每(?:个)?[\u4e00-\u9fff]{1,2}$", before):
            continue  # 每人6000元 is a unit price
        found.append(match)
    if not found:
        return None, "", (-1, -1)
    match = next((m for m in found if _ITEM_TOTAL_BEFORE.search(text[: m.start()])), found[0])
    value = _money_value(match.group("num"), match.group("unit"))
    return value, match.group("num") + "|" + match.group("unit"), match.span()


def _quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _QTY_RE.finditer(text):
        after = text[match.end(): match.end() + 1]
        before = text[max(0, match.start() - 1): match.start()]
        if before in ("每",) or (after == "/" and match.group("unit") not in ("人", "户")):
            continue
        unit = ("万" if match.group("wan") else "") + canonical(match.group("unit"))
        value = to_decimal(match.group("num"))
        if value is not None:
            found.append(Quantity(value=value, unit=unit, text=match.group(0)))
    return found


def _unit_prices(text: str) -> list[UnitPrice]:
    prices: list[UnitPrice] = []
    for match in _MONEY_RE.finditer(text):
        if not match.group("per"):
            continue
        value = _money_value(match.group("num"), match.group("unit"))
        per = split_per(match.group("per"))
        if value is not None:
            prices.append(UnitPrice(amount_yuan=value, per=per, text=match.group(0)))
    for match in [*_EACH_RE.finditer(text), *_AVERAGE_RE.finditer(text)]:
        if _time_only(match):
            continue
        value = _money_value(match.group("num"), match.group("unit"))
        per = [p for p in (match.group("per"), match.groupdict().get("per2")) if p]
        if value is not None:
            prices.append(UnitPrice(amount_yuan=value, per=per, text=match.group(0)))
    return prices
