"""Formatting findings for people: linter-style text (one line per finding, grouped by table,
then a summary) and Markdown (a table per project).

Row numbers are the indicator's 1-based position within its table's indicators, so they match
the `indicator` index of the JSON output plus one; table-level findings show "表".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from assistant.model import Document, Finding, Severity, TargetTable
from assistant.report.reading import reading_summary

SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def _project(table: TargetTable, index: int) -> str:
    return table.project.strip() or f"第{index + 1}个表"


def _row(finding: Finding) -> str:
    return "表" if finding.indicator is None else str(finding.indicator + 1)


def by_table(findings: list[Finding]) -> dict[int, list[Finding]]:
    """Findings grouped by table index once (order kept), so a report is linear in its size."""
    grouped: dict[int, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.table, []).append(finding)
    return grouped


def summary_counts(document: Document, findings: list[Finding]) -> dict[str, Any]:
    """Totals the summary line and the JSON consumers can share."""
    by_severity = Counter(f.severity for f in findings)
    return {
        "tables": len(document.tables),
        "indicators": sum(len(t.indicators) for t in document.tables),
        "error": by_severity[Severity.ERROR],
        "warning": by_severity[Severity.WARNING],
        "info": by_severity[Severity.INFO],
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
    }


def summary_line(document: Document, findings: list[Finding]) -> str:
    counts = summary_counts(document, findings)
    line = (
        f"共 {counts['tables']} 个表、{counts['indicators']} 条指标；"
        f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
    )
    if counts["by_code"]:
        line += "\n按规则：" + "，".join(f"{code} {n}" for code, n in counts["by_code"].items())
    return line


def format_text(document: Document, findings: list[Finding], path: str = "") -> str:
    """`文件:项目:行 CODE [级别] 消息`, grouped by table, then the summary."""
    name = path or document.source or "<输入>"
    lines: list[str] = []
    grouped = by_table(findings)
    for index, table in enumerate(document.tables):
        own = grouped.get(index, [])
        if not own:
            continue
        project = _project(table, index)
        budget = f"，预算 {table.budget_wan}万元" if table.budget_wan is not None else ""
        lines.append(f"== [{index + 1}] {project}（{len(table.indicators)} 条指标{budget}）")
        for finding in own:
            lines.append(
                f"{name}:{project}:{_row(finding)} {finding.code} "
                f"[{SEVERITY_LABEL[finding.severity]}] {finding.message}"
            )
        lines.append("")
    if not findings:
        lines.append("未发现问题。")
    lines.append(summary_line(document, findings))
    reading = reading_summary(document)
    if reading:
        lines.append(reading)
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def format_markdown(document: Document, findings: list[Finding], path: str = "") -> str:
    """A Markdown report: one section and table per project."""
    title = path or document.source or "输入"
    out = [f"# 绩效目标表审核结果：{_cell(title)}", ""]
    grouped = by_table(findings)
    for index, table in enumerate(document.tables):
        own = grouped.get(index, [])
        out.append(f"## {index + 1}. {_cell(_project(table, index))}")
        out.append("")
        if table.budget_wan is not None:
            out.append(f"预算 {table.budget_wan}万元，指标 {len(table.indicators)} 条。")
            out.append("")
        if not own:
            out.extend(["未发现问题。", ""])
            continue
        out.append("| 行 | 三级指标 | 指标值 | 规则 | 级别 | 说明 | 修改建议 |")
        out.append("| --- | --- | --- | --- | --- | --- | --- |")
        for finding in own:
            row = None if finding.indicator is None else table.indicators[finding.indicator]
            out.append(
                "| "
                + " | ".join(
                    [
                        _row(finding),
                        _cell(row.name if row else ""),
                        _cell(row.target.raw if row else ""),
                        finding.code,
                        SEVERITY_LABEL[finding.severity],
                        _cell(finding.message),
                        _cell(finding.hint),
                    ]
                )
                + " |"
            )
        out.append("")
    out.append("**合计**：" + summary_line(document, findings).replace("\n", "；"))
    reading = reading_summary(document)
    if reading:
        out.append("")
        out.append(f"**{reading.replace('：', '**：', 1)}")
    return "\n".join(out) + "\n"
