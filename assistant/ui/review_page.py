"""审核 tab: upload or paste published tables; findings per document and per table; why a row
is weak; a review report to download. One bad file never stops the others."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from assistant.model import Document, Finding, Severity
from assistant.parse import ParseError
from assistant.report.format import SEVERITY_LABEL
from assistant.report.reading import headline, not_checked_text
from assistant.ui import exports, jobs, limits
from assistant.ui.grid import findings_frame
from assistant.ui.widgets import render_explanation, rule_legend

UPLOAD_TYPES = [
    "docx", "doc", "pdf", "xlsx", "xls", "html", "htm", "txt", "json", "md", "png", "jpg", "jpeg",
]


@dataclass
class Reviewed:
    """One input's outcome: a checked document, or the reason it could not be read."""

    name: str
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    notice: str = ""


def review_bytes(data: bytes, name: str) -> Reviewed:
    """Read and check one upload within the per-document budget (`assistant.budget`)."""
    from assistant.budget import Budget, BudgetExceeded, within

    try:
        with within(Budget.from_env(), "该文件"):
            return _review(data, name)
    except BudgetExceeded as exceeded:
        return Reviewed(name, error=exceeded.message)


def _review(data: bytes, name: str) -> Reviewed:
    from assistant.parse import read_bytes
    from assistant.rules import check_report

    if not data:
        return Reviewed(name, error="文件是空的（0 字节），请检查是否上传了正确的文件")
    try:
        document = read_bytes(data, name)
    except ParseError as exc:
        return Reviewed(name, error=exc.message)  # the file name is shown beside it already
    except Exception as exc:  # noqa: BLE001 - a reader bug on odd input must not stop the page
        return Reviewed(
            name, error=f"无法读取该文件（{type(exc).__name__}）：请确认它是 .docx、文本或 JSON"
        )
    if not document.tables:
        return Reviewed(
            name,
            document,
            error="没有在文件中找到绩效目标表（需要含“一级指标/二级指标/三级指标/指标值”等表头）",
        )
    notice = limits.too_many_tables(len(document.tables)) or ""
    if notice:
        document.tables = document.tables[: limits.MAX_REVIEW_TABLES]
    result = check_report(document)
    document.report.not_checked = result.not_checked  # shown in 读取报告 and the exports
    return Reviewed(name, document, result.findings, notice=notice)


def review_text(text: str, name: str = "粘贴的文本") -> Reviewed:
    return review_bytes(text.encode("utf-8"), name)


def counts_frame(findings: list[Finding]) -> pd.DataFrame:
    by_code = Counter(f.code for f in findings)
    return pd.DataFrame(
        {"条数": list(by_code.values())}, index=pd.Index(list(by_code), name="规则")
    )


def _summary(result: Reviewed) -> None:
    assert result.document is not None
    document, findings = result.document, result.findings
    by_severity = Counter(f.severity for f in findings)
    cols = st.columns(4)
    cols[0].metric("表", len(document.tables))
    cols[1].metric("错误", by_severity[Severity.ERROR])
    cols[2].metric("警告", by_severity[Severity.WARNING])
    cols[3].metric("提示", by_severity[Severity.INFO])
    if findings:
        st.bar_chart(counts_frame(findings), height=180, x_label="规则", y_label="条数")
        rule_legend(f.code for f in findings)


def _reading(document: Document) -> None:
    """读取报告: what the reader did not understand, beside the findings, so a table that lost
    rows is not taken for a complete one."""
    report = document.report
    trouble = bool(report.unread or report.not_checked or report.uncertain_count)
    with st.expander(f"读取报告：{headline(report)}", expanded=trouble):
        for reading in report.tables:
            notes = []
            if reading.fields_missing:
                notes.append("缺少表头字段：" + "、".join(reading.fields_missing))
            if reading.uncertain_rows:
                notes.append("读取不确定的行：" + "、".join(f"第{i + 1}行" for i in reading.uncertain_rows))
            skipped = [e for e in report.not_checked if e.table == reading.table]
            if skipped:
                notes.append("未检查：" + not_checked_text(skipped))
            if notes:
                name = reading.project or f"第{reading.table + 1}个表"
                st.markdown(f"- **{reading.table + 1}. {name}**：" + "；".join(notes))
        if report.unread:
            st.markdown("**未读懂的内容**（像指标，但没有读进任何一行或表头）")
            st.dataframe(
                pd.DataFrame(
                    {"位置": [u.where for u in report.unread], "未读懂的文字": [u.text for u in report.unread]}
                ),
                hide_index=True,
                width="stretch",
            )
            if report.unread_omitted:
                st.caption(f"另有 {report.unread_omitted} 处未列出")
        else:
            st.caption("未发现没读懂的指标内容")


def _tables(result: Reviewed, slot: str) -> None:
    from assistant.report.review import grade_table

    assert result.document is not None
    document = result.document
    for index, table in enumerate(document.tables):
        own = [f for f in result.findings if f.table == index]
        errors = sum(f.severity == Severity.ERROR for f in own)
        title = f"{index + 1}. {table.project or '（未命名项目）'}　{len(table.indicators)} 条指标，{len(own)} 条意见"
        if errors:
            title += f"（错误 {errors}）"
        title += f"　评级：{grade_table(table, own)[0]}"  # the grade of the 审核意见 (docs/review.md)
        with st.expander(title, expanded=False):
            if own:
                whole = [f for f in own if f.indicator is None]
                if whole:
                    st.dataframe(findings_frame(whole, document.tables), hide_index=True, width="stretch")
                st.dataframe(rows_frame(table, own), hide_index=True, width="stretch")
                rule_legend(f.code for f in own)
            else:
                st.success("未发现问题")


def rows_frame(table: Any, findings: list[Finding]) -> pd.DataFrame:
    """The table's rows, each with its own findings in the last column (beside the row)."""
    rows = []
    for number, indicator in enumerate(table.indicators):
        mine = [f for f in findings if f.indicator == number]
        rows.append(
            {
                "行": number + 1,
                "二级指标": indicator.level2 or indicator.raw_level2,
                "三级指标": indicator.name,
                "指标值": indicator.value,
                "审核意见": "；".join(
                    f"{f.code}［{SEVERITY_LABEL.get(f.severity, '')}］{f.message}" for f in mine
                ),
            }
        )
    return pd.DataFrame(rows, columns=["行", "二级指标", "三级指标", "指标值", "审核意见"])


def _indicator_picker(result: Reviewed, slot: str, service: Any) -> None:
    """Pick an indicator with findings → why it is weak, the guidance, 3 better alternatives."""
    assert result.document is not None
    document = result.document
    flagged = sorted({(f.table, f.indicator) for f in result.findings if f.indicator is not None})
    if not flagged:
        return
    labels = {}
    for t, i in flagged:
        table = document.tables[t]
        row = table.indicators[i]
        codes = "、".join(
            sorted({f.code for f in result.findings if f.table == t and f.indicator == i})
        )
        labels[f"{t}:{i}"] = (
            f"{table.project or f'第{t + 1}个表'}｜第{i + 1}行 {row.name}　{row.value}（{codes}）"
        )
    choice = st.selectbox(
        "查看某条指标为什么需要改进",
        list(labels),
        format_func=lambda k: labels.get(k, k),
        index=None,
        key=f"review_pick_{slot}",
        placeholder="选择一条有审核意见的指标",
    )
    if choice is None:
        return
    t, i = (int(x) for x in choice.split(":"))
    with st.container(border=True, key=f"review_explain_{slot}"):
        own = [f for f in result.findings if f.table == t and f.indicator == i]
        for f in own:
            st.markdown(f"**{f.code}**［{SEVERITY_LABEL.get(f.severity)}］{f.message}")
        render_explanation(document, t, i, result.findings, show_rules=True, narrative=True)


def _report(result: Reviewed, slot: str) -> None:
    assert result.document is not None
    stem = exports.file_stem(result.name.rsplit(".", 1)[0], "审核报告")
    document, findings = result.document, result.findings
    markdown = exports.markdown_text(document, findings, result.name)
    one, two, three = st.columns(3)
    # Word is built on click (deferred): a 25-table report takes seconds to lay out.
    one.download_button(
        "下载审核报告（.docx）",
        lambda: exports.docx_bytes(document, findings),
        f"{stem}-审核报告.docx",
        exports.DOCX_MIME,
        key=f"review_docx_{slot}",
        on_click="ignore",
        width="stretch",
    )
    two.download_button(
        "下载审核报告（Markdown）",
        markdown.encode("utf-8"),
        f"{stem}-审核报告.md",
        "text/markdown",
        key=f"review_md_{slot}",
        on_click="ignore",
        width="stretch",
    )
    three.download_button(
        "下载审核意见（.docx）",
        lambda: opinion_docx(result),
        f"{stem}-审核意见.docx",
        exports.DOCX_MIME,
        key=f"review_opinion_{slot}",
        on_click="ignore",
        width="stretch",
    )


def opinion_docx(result: Reviewed) -> bytes:
    """The 审核意见 in the official form (grade, four dimensions, numbered changes), as `jixiao
    review FILE -o 审核意见.docx` writes it."""
    from assistant.export.review_docx import write_review_docx
    from assistant.report.review import review_document

    assert result.document is not None
    return write_review_docx(review_document(result.document, result.findings), source=result.name)


def render_result(result: Reviewed, slot: str, service: Any) -> None:
    st.markdown(f"#### {result.name}")
    if result.error:
        st.error(f"{result.name}：{result.error}")
        if result.document is not None:
            _reading(result.document)
        return
    assert result.document is not None
    if result.notice:
        st.warning(result.notice)
    _summary(result)
    _reading(result.document)
    _report(result, slot)
    # the picker comes before the (possibly 20+) per-table expanders so it stays in view
    _indicator_picker(result, slot, service)
    _tables(result, slot)


def _cached_review(key: str, compute: Any) -> Reviewed:
    """Parsing and checking run once per input; reruns (picking an indicator) reuse them."""
    cache: dict[str, Reviewed] = st.session_state.setdefault("review_cache", {})
    if key not in cache:
        if len(cache) > 20:
            cache.clear()
        try:
            cache[key] = jobs.run("review", "正在读取并审核", compute, timeout=limits.REVIEW_TIMEOUT_S)
        except jobs.JobFailed as exc:
            return Reviewed(key.split(":", 1)[-1], error=exc.message)
    return cache[key]


def render(service: Any) -> None:
    st.subheader("审核绩效目标表")
    uploads = st.file_uploader(
        f"上传绩效目标表（可多选，最多 {limits.MAX_FILES} 个，每个不超过 {limits.MAX_UPLOAD_MB} MB、"
        f"{limits.MAX_REVIEW_TABLES} 个表：Word、PDF、Excel、网页、文本、JSON 或扫描图片）",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="review_upload",
    )
    pasted = st.text_area(
        "或粘贴表格文字",
        key="review_text",
        height=140,
        placeholder="从 Word、网页或 PDF 中复制的绩效目标表文字",
    )
    st.caption(f"粘贴上限 {limits.chars(limits.MAX_REVIEW_CHARS)}；每个文件最长审核 {limits.REVIEW_TIMEOUT_S:g} 秒。")
    go = st.button("审核粘贴的文字", key="review_go")
    too_long = limits.too_long(pasted or "", limits.MAX_REVIEW_CHARS, "粘贴的文字")
    if go and too_long:
        st.error(too_long)
        st.session_state.pop("review_pasted", None)
    elif go:
        st.session_state["review_pasted"] = pasted
    if jobs.take_cancelled("review"):
        st.warning("已取消审核。")
    results: list[tuple[str, Reviewed]] = []
    if len(uploads or []) > limits.MAX_FILES:
        st.error(f"一次最多审核 {limits.MAX_FILES} 个文件，已只审核前 {limits.MAX_FILES} 个。")
    for number, upload in enumerate((uploads or [])[: limits.MAX_FILES]):
        big = limits.upload_too_big(upload.size)
        if big:
            results.append((f"f{number}", Reviewed(upload.name, error=big)))
            continue
        key = f"file:{upload.file_id}"
        result = _cached_review(key, lambda u=upload: review_bytes(u.getvalue(), u.name))
        results.append((f"f{number}", result))
    text = st.session_state.get("review_pasted", "")
    if text.strip():
        key = f"text:{hash(text)}"
        results.append(("text", _cached_review(key, lambda: review_text(text))))
    elif go:
        st.warning("请先粘贴表格文字")
    if not results:
        st.caption(
            "上传文件或粘贴文字后即可审核；每个文件单独给出结果，某个文件读不了不影响其他文件。"
        )
        return
    for slot, result in results:
        st.divider()
        render_result(result, slot, service)
