"""The reading report for people: what the reader found, what it did not understand, and which
rules were not run for lack of what they compare."""

from __future__ import annotations

from collections import defaultdict

from assistant.model import Document, NotChecked, ReadingReport, UnreadText

UNREAD_SHOWN = 20  # the full list is in the JSON; text output stays readable


def _quoted(unread: UnreadText) -> str:
    return f"{unread.where} “{unread.text}”"


def _by_table(entries: list[NotChecked]) -> dict[int, list[NotChecked]]:
    grouped: dict[int, list[NotChecked]] = defaultdict(list)
    for entry in entries:
        grouped[entry.table].append(entry)
    return grouped


def not_checked_text(entries: list[NotChecked]) -> str:
    """'B001（未读到预算数）、B003（未读到预算数）'."""
    return "、".join(f"{e.code}（{e.reason}）" for e in entries)


def headline(report: ReadingReport) -> str:
    return f"找到表格 {report.tables_found} 张，读到指标 {report.rows_read} 行"


def format_reading_report(document: Document) -> str:
    """Several lines for `jixiao parse`: counts, per table what is missing, unread lines,
    uncertain rows and rules not checked."""
    report = document.report
    lines = [f"读取报告：{headline(report)}"]
    skipped = _by_table(report.not_checked)
    for reading in report.tables:
        name = reading.project or f"第{reading.table + 1}个表"
        parts = []
        if reading.fields_missing:
            parts.append("缺少表头字段：" + "、".join(reading.fields_missing))
        if reading.uncertain_rows:
            rows = "、".join(str(i + 1) for i in reading.uncertain_rows)
            parts.append(f"读取不确定的行：第{rows}行指标")
        if reading.table in skipped:
            parts.append("未检查：" + not_checked_text(skipped[reading.table]))
        if parts:
            lines.append(f"  [{reading.table + 1}] {name}：" + "；".join(parts))
    if report.unread:
        lines.append("未读懂的内容：")
        lines.extend(f"  {_quoted(u)}" for u in report.unread[:UNREAD_SHOWN])
        more = len(report.unread) - UNREAD_SHOWN + report.unread_omitted
        if more > 0:
            lines.append(f"  …另有 {more} 处（完整列表见 --format json）")
    else:
        lines.append("未读懂的内容：无")
    return "\n".join(lines) + "\n"


def reading_summary(document: Document) -> str:
    """One line for `jixiao check`: '' when the reader understood everything it saw."""
    report = document.report
    parts = []
    unread = len(report.unread) + report.unread_omitted
    if unread:
        first = "，".join(_quoted(u) for u in report.unread[:2])
        parts.append(f"未读懂 {unread} 处（{first}{'…' if unread > 2 else ''}）")
    if report.uncertain_count:
        parts.append(f"读取不确定的指标 {report.uncertain_count} 行")
    if report.not_checked:
        grouped = _by_table(report.not_checked)
        multi = len(document.tables) > 1
        parts.append("未检查：" + "；".join(
            (f"[{table + 1}] " if multi else "") + not_checked_text(entries)
            for table, entries in sorted(grouped.items())
        ))
    if not parts:
        return ""
    return "读取报告：" + "；".join(parts)
