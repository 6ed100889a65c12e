"""Our JSON shape (design.md): the same for `parse`, `check` and `draft`, and readable back."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.model import (
    WAN,
    Document,
    Finding,
    Indicator,
    ParseNote,
    ReadingReport,
    SourceSpan,
    SpendingPlan,
    TargetTable,
    wan,
)
from assistant.parse.errors import ParseError


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def indicator_to_json(indicator: Indicator) -> dict[str, Any]:
    data: dict[str, Any] = {
        "level1": indicator.level1,
        "level2": indicator.level2,
        "name": indicator.name,
        "description": indicator.description,
        "value": indicator.target.raw,
        "basis": indicator.basis,
    }
    if indicator.provenance:
        data["provenance"] = indicator.provenance
    if indicator.uncertain:
        data["uncertain"] = True
    if indicator.source and indicator.source.line:
        data["line"] = indicator.source.line
    return data


def table_to_json(table: TargetTable, findings: list[Finding] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "project": table.project,
        "code": table.code,
        "unit_name": table.unit_name,
        "year": table.year,
        "kind": table.kind,
        "budget_wan": _num(wan(table.budget_total_yuan)),
        "fiscal_wan": _num(wan(table.budget_fiscal_yuan)),
        "other_wan": _num(wan(table.budget_other_yuan)),
        "purpose": table.purpose,
        "goals": table.goals,
        "spending_plan": None
        if table.spending_plan is None
        else {
            "labels": table.spending_plan.labels,
            "values": [_num(v) for v in table.spending_plan.values],
            "unit": table.spending_plan.unit,
        },
        "budget_items": [
            {
                "label": item.label,
                "amount_wan": _num(wan(item.amount_yuan)),
                "quantities": [f"{q.value.normalize():f}{q.unit}" for q in item.quantities],
                "unit_prices": [p.text for p in item.unit_prices],
                "arithmetic": [
                    {
                        "text": a.text,
                        "computed_wan": _num(wan(a.computed_yuan)),
                        "stated_wan": _num(wan(a.stated_yuan)),
                        "mismatch": a.mismatch,
                    }
                    for a in item.arithmetic
                ],
            }
            for item in table.budget_items
        ],
        "indicators": [indicator_to_json(i) for i in table.indicators],
        "notes": [n.model_dump() for n in table.notes],
    }
    if findings is not None:
        data["findings"] = [finding_to_json(f) for f in findings]
    return data


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "indicator": finding.indicator,
        "message": finding.message,
        "hint": finding.hint,
        "evidence": finding.evidence,
    }


def document_to_json(
    document: Document, findings: list[Finding] | None = None
) -> dict[str, Any]:
    """The design's JSON; with `findings`, each table carries its own."""
    by_table: dict[int, list[Finding]] = {}
    for finding in findings or ():  # grouped once: linear in tables + findings
        by_table.setdefault(finding.table, []).append(finding)
    tables = [
        table_to_json(table, None if findings is None else by_table.get(index, []))
        for index, table in enumerate(document.tables)
    ]
    return {
        "source": document.source,
        "title": document.title,
        "tables": tables,
        "notes": [n.model_dump() for n in document.notes],
        "report": report_to_json(document.report),
    }


def report_to_json(report: ReadingReport) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    data["rows_read"] = report.rows_read
    for entry, item in zip(report.not_checked, data["not_checked"], strict=True):
        item["text"] = entry.text
    return data


def _report_from_json(data: Any, document: Document) -> ReadingReport:
    """The table part is recomputed from the tables as read back; what the first reading could
    not understand (unread lines, rules not checked) is kept from the JSON."""
    from assistant.parse.report import report_for_tables

    report = report_for_tables(document)
    if isinstance(data, dict):
        try:
            saved = ReadingReport.model_validate(
                {k: data[k] for k in ("unread", "unread_omitted", "not_checked") if k in data}
            )
        except ValueError:
            return report  # a hand-edited report is not worth refusing the tables for
        report.unread, report.unread_omitted = saved.unread, saved.unread_omitted
        report.not_checked = saved.not_checked
    return report


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)) * WAN
    except InvalidOperation as exc:
        raise ParseError(f"金额“{value}”不是数字") from exc


def table_from_json(data: dict[str, Any], source: str = "", index: int = 0) -> TargetTable:
    from assistant.parse.categories import normalize_level1, normalize_level2
    from assistant.parse.table_fields import finish_table
    from assistant.parse.values import parse_target

    if not isinstance(data, dict):
        raise ParseError(f"第{index + 1}个表不是 JSON 对象", source)
    plan = data.get("spending_plan")
    table = TargetTable(
        project=str(data.get("project") or ""),
        code=str(data.get("code") or ""),
        unit_name=str(data.get("unit_name") or ""),
        year=data.get("year") if isinstance(data.get("year"), int) else None,
        kind=str(data.get("kind") or "project"),
        budget_total_yuan=_money(data.get("budget_wan")),
        budget_fiscal_yuan=_money(data.get("fiscal_wan")),
        budget_other_yuan=_money(data.get("other_wan")),
        purpose=str(data.get("purpose") or ""),
        goals=[str(g) for g in data.get("goals") or []],
        goals_row_found="goals" in data,
        source=SourceSpan(file=source, table=index),
    )
    if isinstance(plan, dict):
        table.spending_plan = SpendingPlan(
            labels=[str(x) for x in plan.get("labels") or []],
            values=[None if v is None else Decimal(str(v)) for v in plan.get("values") or []],
            unit=str(plan.get("unit") or "%"),
        )
    for row_index, row in enumerate(data.get("indicators") or []):
        if not isinstance(row, dict):
            table.notes.append(ParseNote(message=f"第{row_index + 1}行指标不是对象，已跳过"))
            continue
        level1 = str(row.get("level1") or "")
        level2 = str(row.get("level2") or "")
        table.indicators.append(
            Indicator(
                level1=normalize_level1(level1) or level1,
                level2=normalize_level2(level2) or level2,
                raw_level1=level1,
                raw_level2=level2,
                name=str(row.get("name") or ""),
                description=str(row.get("description") or ""),
                target=parse_target(str(row.get("value") or "")),
                basis=str(row.get("basis") or ""),
                provenance=row.get("provenance"),
                uncertain=row.get("uncertain") is True,
                source=SourceSpan(file=source, table=index, row=row_index),
            )
        )
    finish_table(table)
    return table


def document_from_json(data: Any, source: str = "") -> Document:
    """Our JSON back into a Document: {"tables": [...]}, a list of tables, or one table."""
    if isinstance(data, dict) and "tables" in data:
        tables = data["tables"]
    elif isinstance(data, dict) and "table" in data:  # a saved draft
        tables = [dict(data["table"], goals=data["table"].get("goals") or data.get("goals") or [])]
    elif isinstance(data, dict):
        tables = [data]
    elif isinstance(data, list):
        tables = data
    else:
        raise ParseError("JSON 的顶层应为对象或数组", source)
    if not isinstance(tables, list):
        raise ParseError("JSON 中的 tables 应为数组", source)
    document = Document(source=source, title=str(data.get("title") or "") if isinstance(data, dict) else "")
    document.tables = [table_from_json(t, source, i) for i, t in enumerate(tables)]
    document.report = _report_from_json(data.get("report") if isinstance(data, dict) else None, document)
    return document
