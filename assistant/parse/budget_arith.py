"""Arithmetic lines in a budget breakdown: "4830元/人/月*9人*12个月=52.16万元".

A chain of terms joined by * × x + - / with an optional "= result". Without "=", the stated
value is the figure the chain explains: the amount just before the bracket ("12.96万元（600元*18
*12）") or else the item's amount. Tolerance is half a unit of the stated figure's last decimal
place, so 52.16万元 allows ±50元 of rounding.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.model import Arithmetic
from assistant.parse.budget_units import COUNT, MONEY, PER
from assistant.parse.textnum import MONEY_FACTORS, NUMBER, half_unit, tidy, to_decimal

TERM_RE = re.compile(
    rf"(?P<num>{NUMBER})\s*(?:(?P<money>{MONEY})(?P<per>{PER})|(?P<count>{COUNT}))?"
    r"(?P<ann>\([^()]{0,40}\))?"
)
_OP = {"*": "*", "×": "*", "x": "*", "X": "*", "＊": "*", "·": "*", "+": "+", "＋": "+",
       "-": "-", "－": "-", "/": "/", "÷": "/"}
_LINK_RE = re.compile(r"^\s*([*×xX＊+＋\-－/÷])\s*[\u4e00-\u9fff]{0,4}$")
_EQ_RE = re.compile(r"^\s*[=＝≈]\s*$")
AmountInfo = tuple[Decimal | None, str, tuple[int, int]]


def _term_value(term: re.Match[str]) -> tuple[Decimal, bool] | None:
    value = to_decimal(term.group("num"))
    if value is None:
        return None
    if term.group("money"):
        return value * MONEY_FACTORS[term.group("money")], True
    count = term.group("count") or ""
    if count == "%":
        return value / 100, False
    if count.startswith("万"):  # 3万亩, 120万千瓦时: ten thousand of the unit
        return value * MONEY_FACTORS["万"], False
    return value, False


def _evaluate(terms: list[re.Match[str]], ops: list[str]) -> Decimal | None:
    """Products first, then sums; the result is money only when every summand carries money."""
    groups: list[tuple[str, Decimal, bool]] = []
    sign, value, money = "+", None, False
    for i, term in enumerate(terms):
        parsed = _term_value(term)
        if parsed is None:
            return None
        number, is_money = parsed
        op = ops[i - 1] if i else "+"
        if op in "+-":
            if value is not None:
                groups.append((sign, value, money))
            sign, value, money = op, number, is_money
            continue
        if is_money and money:
            return None  # money times money: not a cost line
        if op == "/":
            if number == 0:
                return None
            value = value / number
        else:
            value = value * number
        money = money or is_money
    if value is not None:
        groups.append((sign, value, money))
    if not groups or not all(g[2] for g in groups):
        return None
    total = sum((v if s == "+" else -v for s, v, _ in groups), Decimal(0))
    return tidy(total)


def _chains(text: str) -> list[tuple[list[re.Match[str]], list[str], re.Match[str] | None, int, int]]:
    """Operator-linked runs of terms: (terms, ops, '=' result term, start, end)."""
    terms = list(TERM_RE.finditer(text))
    runs = []
    i = 0
    while i < len(terms):
        run, ops = [terms[i]], []
        j = i
        while j + 1 < len(terms):
            gap = text[terms[j].end(): terms[j + 1].start()]
            link = _LINK_RE.match(gap)
            if not link:
                break
            ops.append(_OP[link.group(1)])
            run.append(terms[j + 1])
            j += 1
        result = None
        if len(run) > 1 and j + 1 < len(terms) and _EQ_RE.match(text[terms[j].end(): terms[j + 1].start()]):
            result = terms[j + 1]
            j += 1
        if len(run) > 1:
            end = (result or run[-1]).end()
            runs.append((run, ops, result, run[0].start(), end))
        i = j + 1
    return runs


def arithmetic(text: str, amount: tuple[Decimal | None, str, tuple[int, int]]) -> list[Arithmetic]:
    found: list[Arithmetic] = []
    _collect(text, 0, amount, None, found)
    return found


def _collect(text, offset, amount, annotated, found) -> None:  # noqa: ANN001 - internal recursion
    """Chains in text, then chains inside any bracket that follows a figure (they explain it)."""
    for run, ops, result, start, end in _chains(text):
        computed = _evaluate(run, ops)
        if computed is None:
            continue
        stated, tolerance = None, Decimal(0)
        if result is not None and result.group("money"):
            stated = tidy(to_decimal(result.group("num")) * MONEY_FACTORS[result.group("money")])
            tolerance = half_unit(result.group("num"), MONEY_FACTORS[result.group("money")])
        elif annotated is not None:
            stated, tolerance = annotated
        elif offset:
            pass  # a bracket after a count or rate: no figure it explains
        elif amount[0] is not None and not (start + offset <= amount[2][0] < end + offset):
            num, unit = amount[1].split("|")
            stated, tolerance = amount[0], half_unit(num, MONEY_FACTORS[unit])
        expression = "".join(
            (run[k].group(0).split("(")[0] + (ops[k] if k < len(ops) else "")) for k in range(len(run))
        )
        found.append(Arithmetic(text=text[start:end], expression=expression, computed_yuan=computed,
                                stated_yuan=stated, tolerance_yuan=tolerance))
    for term in TERM_RE.finditer(text):
        ann = term.group("ann")
        if ann and re.search(r"\d", ann):
            figure = None
            if term.group("money"):  # the bracket explains this figure: it is the stated value
                factor = MONEY_FACTORS[term.group("money")]
                figure = (tidy(to_decimal(term.group("num")) * factor), half_unit(term.group("num"), factor))
            _collect(ann[1:-1], offset + term.start("ann") + 1, amount, figure, found)
