"""Filling a table's budget, spending plan and breakdown from label cells and the purpose text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from assistant.model import BudgetItem, ParseNote, SpendingPlan, TargetTable
from assistant.parse.labels import Label

_NUMBER = re.compile(r"^[\s＝=]*([0-9０-９][0-9０-９,，.．]*)\s*(万元|元|亿元|%|％)?\s*$")


def _to_decimal(text: str) -> tuple[Decimal, str | None] | None:
    match = _NUMBER.match(text or "")
    if not match:
        return None
    digits = match.group(1).translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
    try:
        return Decimal(digits.replace(",", "")), match.group(2)
    except InvalidOperation:
        return None


def _money(text: str, default_unit: str) -> Decimal | None:
    from assistant.parse.budget import parse_money

    parsed = _to_decimal(text)
    if parsed is not None:
        number, unit = parsed
        unit = unit or default_unit
        factor = {"元": 1, "万元": 10000, "亿元": 100000000}.get(unit)
        return number * factor if factor else None
    return parse_money(text, default_unit=default_unit) if re.search(r"\d", text or "") else None


def set_money(table: TargetTable, label: Label, texts: list[str], unit: str) -> None:
    """预算数 / 财政资金 / 其他资金 / 合计 cells, in the table's money unit (万元 by default)."""
    amounts = [_money(t, unit) for t in texts]
    amounts = [a for a in amounts if a is not None]
    if not amounts:
        return
    if label is Label.TOTAL:
        table.budget_total_yuan = amounts[0]
    elif label is Label.FISCAL:
        table.budget_fiscal_yuan = amounts[0]
    elif label is Label.OTHER:
        table.budget_other_yuan = amounts[0]
    elif label is Label.SUM:
        # 合计 | 总额 | 财政拨款 | 其他资金 in department tables
        table.budget_total_yuan = table.budget_total_yuan or amounts[0]
        if len(amounts) >= 2 and table.budget_fiscal_yuan is None:
            table.budget_fiscal_yuan = amounts[1]
        if len(amounts) >= 3 and table.budget_other_yuan is None:
            table.budget_other_yuan = amounts[2]


def read_spending_values(table: TargetTable, labels: list[str], values: list[str]) -> None:
    """The row under 资金支出计划's labels: cumulative % or amounts per point in the year."""
    labels = [label for label in labels]
    points = [v.strip() for v in values]
    while points and not points[-1]:
        points.pop()
    if not any(points):
        return
    plan = SpendingPlan(raw=points)
    names = [label for label in labels if label] or [f"第{i + 1}期" for i in range(len(points))]
    if len(points) < len(names):
        points += [""] * (len(names) - len(points))
    plan.labels = names[: len(points)] if len(names) >= len(points) else names
    percent = any("%" in p or "％" in p for p in points)
    plan.unit = "%" if percent else "万元"
    for point in points[: len(plan.labels)]:
        parsed = _to_decimal(point)
        plan.values.append(parsed[0] if parsed else None)
    table.spending_plan = plan


def add_task_row(table: TargetTable, texts: list[str], unit: str) -> None:
    """A department table's task row: 任务名称 | 主要内容 | 总额 | 财政拨款 | 其他资金."""
    amounts = [(_to_decimal(t) or (None, None))[0] for t in texts]
    first_amount = next((i for i, a in enumerate(amounts) if a is not None), None)
    if first_amount is None or first_amount == 0:
        return
    label = texts[0]
    detail = "；".join(texts[1:first_amount])
    amount = amounts[first_amount]
    factor = {"元": 1, "万元": 10000, "亿元": 100000000}.get(unit, 10000)
    table.budget_items.append(
        BudgetItem(
            text=f"{label}：{detail}" if detail else label,
            label=label,
            amount_yuan=amount * factor if amount is not None else None,
        )
    )


def finish_table(table: TargetTable) -> None:
    """Derive what the labels did not give: totals and items from the purpose text."""
    from assistant.parse.budget import extract_totals, parse_budget_items

    if table.purpose:
        total, fiscal, other = extract_totals(table.purpose)
        if table.budget_total_yuan is None and total is not None:
            table.budget_total_yuan = total
        if table.budget_fiscal_yuan is None and fiscal is not None:
            table.budget_fiscal_yuan = fiscal
        if table.budget_other_yuan is None and other is not None:
            table.budget_other_yuan = other
        if not table.budget_items:
            try:
                table.budget_items = parse_budget_items(table.purpose)
            except Exception as exc:  # the breakdown is prose; never lose the table over it
                table.notes.append(
                    ParseNote(message=f"资金用途测算文字无法逐项解析：{exc}", where=table.project)
                )
    if not table.project:
        table.notes.append(ParseNote(message="未找到项目名称", where=table.source.file or ""))
    if not table.indicators:
        table.notes.append(
            ParseNote(message="未读取到任何三级指标行", where=table.project, severity="error")
        )
