"""A Draft as JSON (the parse/check shape plus draft fields), Markdown or .docx bytes."""

from __future__ import annotations

from typing import Any

from assistant.draft.sources import source_text
from assistant.model import Document, Draft, Severity
from assistant.parse.json_io import document_to_json, finding_to_json

_SEVERITY = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def draft_to_json(draft: Draft) -> dict[str, Any]:
    """document_to_json of the one drafted table (with its findings, goals and each row's
    provenance), plus goals, findings, project_type, drafter and notices at the top, so
    `jixiao check draft.json` reads it back."""
    document = Document(source="draft", title=f"{draft.table.project}绩效目标（草稿）", tables=[draft.table])
    data = document_to_json(document, draft.findings)
    data.update(
        goals=list(draft.table.goals),
        findings=[finding_to_json(f) for f in draft.findings],
        project_type=draft.project_type,
        drafter=draft.drafter,
        notices=list(draft.notices),
    )
    if draft.usage:
        data["usage"] = draft.usage
    if draft.trace is not None:
        data["trace"] = draft.trace.model_dump(mode="json")
    return data


def _cell(text: str) -> str:
    return (text or "").replace("|", "｜").replace("\n", " ")


def _type_name(type_id: str) -> str:
    """'street-lighting' → '路灯照明（street-lighting）'; an unknown id as it is."""
    from assistant.draft.classify import project_types

    type_ = project_types().get(type_id or "")
    return f"{type_['name']}（{type_id}）" if type_ else (type_id or "")


def draft_to_markdown(draft: Draft) -> str:
    table = draft.table
    budget = f"{table.budget_wan}万元" if table.budget_wan is not None else "（未注明）"
    lines = [f"# {table.project} 绩效目标表（草稿）", "",
             f"- 预算数：{budget}", f"- 项目类型：{_type_name(draft.project_type)}",
             f"- 起草方式：{draft.drafter}", ""]
    lines += ["## 绩效目标", ""] + [f"{i}. {g}" for i, g in enumerate(table.goals, 1)] + [""]
    lines += ["## 绩效指标", "",
              "| 一级指标 | 二级指标 | 三级指标 | 指标描述 | 指标值 | 指标值确定依据 | 来源 |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in table.indicators:
        cells = [row.level1, row.level2, row.name, row.description, row.target.raw, row.basis,
                 source_text(row.provenance, table.year)]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines.append("")
    if draft.findings:
        lines += ["## 审核意见", ""]
        for f in draft.findings:
            where = f"第{f.indicator + 1}行" if f.indicator is not None else "整表"
            lines.append(f"- [{_SEVERITY[f.severity]} {f.code}] {where}：{f.message}")
        lines.append("")
    else:
        lines += ["## 审核意见", "", "未发现问题。", ""]
    if draft.notices:
        lines += ["## 说明", ""] + [f"- {n}" for n in draft.notices] + [""]
    return "\n".join(lines)


def draft_to_docx(draft: Draft) -> bytes:
    from assistant.export.docx_writer import write_docx

    return write_docx([draft.table], findings=draft.findings or None)
