"""Review in the official form: per table the findings under 完整性 / 相关性 / 适当性 / 可行性,
a grade 优/良/中/差 with the reasons that set it, and a 审核意见 (overall opinion plus a numbered
list of what must be changed), in Chinese and without rule codes.

Grading (docs/review.md; tests/test_review.py):
- 差: no indicator rows; or an error under 完整性 (the form is not filled in); or 3 or more
  error-level findings.
- 中: otherwise, 1–2 error-level findings, or 5 or more warnings.
- 良: otherwise, 1–4 warnings.
- 优: no error or warning (提示 may remain; they are listed as suggestions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from assistant.model import Document, Finding, NotChecked, Severity, TargetTable
from assistant.rules.dimensions import DIMENSIONS, dimension_of

GRADES = ("优", "良", "中", "差")
POOR_ERRORS = 3  # this many error-level findings make a table 差
FAIR_WARNINGS = 5  # this many warnings (and no error) make a table 中

OPINION = {
    "优": "该表要素齐全，指标与项目相关，目标值适当、可考核，审核通过。",
    "良": "该表基本符合要求，个别指标需要完善，按下列意见修改后可予通过。",
    "中": "该表存在需要修改的问题，请按下列意见修改后重新报送审核。",
    "差": "该表存在严重或较多问题，审核不予通过，请按下列意见全面修改后重新报送。",
}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class TableReview(BaseModel):
    table: int
    project: str
    grade: str
    reasons: list[str] = Field(default_factory=list)  # what set the grade
    dimensions: dict[str, list[str]] = Field(default_factory=dict)  # 维度 → 问题（中文）
    opinion: str = ""
    changes: list[str] = Field(default_factory=list)  # 必须修改（编号列表）
    suggestions: list[str] = Field(default_factory=list)  # 提示：建议完善
    not_checked: list[str] = Field(default_factory=list)  # 未能审核的方面及原因


def grade_table(table: TargetTable, findings: Sequence[Finding]) -> tuple[str, list[str]]:
    """The grade of one table and the reasons that set it (see the module docstring)."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    if not table.indicators:
        return "差", ["表中没有读到任何三级指标"]
    complete = sorted({f.message for f in errors if dimension_of(f.code) == "完整性"})
    if complete:
        return "差", ["完整性存在错误（表未填写完整）：" + "；".join(complete[:3])]
    if len(errors) >= POOR_ERRORS:
        return "差", [f"错误{len(errors)}条（达到{POOR_ERRORS}条即定为差）"]
    if errors:
        reasons = [f"错误{len(errors)}条（1至{POOR_ERRORS - 1}条定为中）"]
        if warnings:
            reasons.append(f"另有警告{len(warnings)}条")
        return "中", reasons
    if len(warnings) >= FAIR_WARNINGS:
        return "中", [f"无错误，但警告{len(warnings)}条（达到{FAIR_WARNINGS}条即定为中）"]
    if warnings:
        return "良", [f"无错误，警告{len(warnings)}条（1至{FAIR_WARNINGS - 1}条定为良）"]
    infos = sum(f.severity is Severity.INFO for f in findings)
    return "优", ["无错误、无警告" + (f"，仅有{infos}条完善建议" if infos else "")]


def _where(table: TargetTable, finding: Finding) -> str:
    if finding.indicator is None or not (0 <= finding.indicator < len(table.indicators)):
        return ""
    return f"第{finding.indicator + 1}行："


def _items(table: TargetTable, findings: Iterable[Finding]) -> list[str]:
    """One item per rule: its messages (with the rows they are on), then what to do."""
    by_code: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity],
                                                   DIMENSIONS.index(dimension_of(f.code)), f.code)):
        by_code.setdefault(finding.code, []).append(finding)
    items = []
    for group in by_code.values():
        parts = [f"{_where(table, f)}{f.message}".strip() for f in group]
        text = "；".join(dict.fromkeys(parts))
        hint = group[0].hint.strip()
        items.append(f"{text}。{hint}" if hint else f"{text}。")
    return items


def _not_checked(entries: Iterable[NotChecked]) -> list[str]:
    from assistant.rules import load_rules

    rules = load_rules()
    seen: dict[str, None] = {}
    for entry in entries:
        title = rules[entry.code].title if entry.code in rules else "部分审核项"
        seen[f"{title}（{entry.reason}）"] = None
    return list(seen)


def review_table(
    table: TargetTable, index: int, findings: Sequence[Finding],
    not_checked: Sequence[NotChecked] = (),
) -> TableReview:
    own = [f for f in findings if f.table == index]
    grade, reasons = grade_table(table, own)
    dimensions: dict[str, list[str]] = {name: [] for name in DIMENSIONS}
    for finding in own:
        where = _where(table, finding)
        dimensions[dimension_of(finding.code)].append(f"{where}{finding.message}")
    return TableReview(
        table=index,
        project=table.project.strip() or f"第{index + 1}个表",
        grade=grade,
        reasons=reasons,
        dimensions=dimensions,
        opinion=OPINION[grade],
        changes=_items(table, (f for f in own if f.severity is not Severity.INFO)),
        suggestions=_items(table, (f for f in own if f.severity is Severity.INFO)),
        not_checked=_not_checked(e for e in not_checked if e.table == index),
    )


def review_document(
    document: Document, findings: Sequence[Finding], not_checked: Sequence[NotChecked] | None = None
) -> list[TableReview]:
    """Every table's review; `not_checked` defaults to the document's reading report."""
    skipped = document.report.not_checked if not_checked is None else not_checked
    return [review_table(t, i, findings, skipped) for i, t in enumerate(document.tables)]


def grade_counts(reviews: Sequence[TableReview]) -> dict[str, int]:
    counts = Counter(r.grade for r in reviews)
    return {grade: counts[grade] for grade in GRADES}


def format_review_text(name: str, reviews: Sequence[TableReview]) -> str:
    """The 审核意见 as plain text (for `jixiao review FILE` without -o)."""
    lines = [f"绩效目标审核意见：{name}", ""]
    for review in reviews:
        lines.append(f"【{review.table + 1}】{review.project}　评级：{review.grade}")
        lines.append("评级理由：" + "；".join(review.reasons))
        for dimension in DIMENSIONS:
            problems = review.dimensions.get(dimension, [])
            lines.append(f"  {dimension}：" + (f"{len(problems)}个问题" if problems else "未发现问题"))
        lines.append("审核意见：" + review.opinion)
        for number, change in enumerate(review.changes, 1):
            lines.append(f"  {number}. {change}")
        if review.suggestions:
            lines.append("完善建议：")
            lines.extend(f"  （{n}）{s}" for n, s in enumerate(review.suggestions, 1))
        if review.not_checked:
            lines.append("未能审核：" + "；".join(review.not_checked))
        lines.append("")
    counts = grade_counts(reviews)
    lines.append("评级汇总：" + "，".join(f"{g} {n}" for g, n in counts.items()))
    return "\n".join(lines) + "\n"


def review_checked(document: Document) -> list[TableReview]:
    """Check `document` with every rule and review each table (the CLI's and the app's path)."""
    from assistant.rules import check_report

    result = check_report(document)
    document.report.not_checked = result.not_checked
    return review_document(document, result.findings, result.not_checked)
