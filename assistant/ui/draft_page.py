"""编制 tab: a project description → a suggested table the user accepts, edits or rejects."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.model import Document
from assistant.parse import ParseError
from assistant.ui import autosave, draft_trace, exports, jobs, limits, provenance, services
from assistant.ui import state as ui_state
from assistant.ui.goals_check import regenerate_goals, stale_mentions
from assistant.ui.grid import (
    COL_ACCEPT,
    COL_BASIS,
    COL_DESC,
    COL_LEVEL1,
    COL_LEVEL2,
    COL_NAME,
    COL_SOURCE,
    COL_VALUE,
    CheckedGrid,
    check_frame,
    goals_from_text,
    level1_options,
    level2_options,
)
from assistant.ui.widgets import render_findings, rule_legend

EXAMPLES_FILE = Path(str(files("assistant.ui") / "examples.json"))
INPUT_KEYS = ("in_name", "in_budget", "in_fiscal", "in_other", "in_purpose", "in_goals")


@lru_cache(maxsize=1)
def load_examples() -> tuple[dict[str, Any], ...]:
    data = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return tuple(data["examples"])


def _money_text(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def load_example() -> None:
    """on_click of 载入示例: fill the inputs (callbacks run before the widgets exist)."""
    name = st.session_state.get("example_pick")
    example = next((e for e in load_examples() if e["project"] == name), None)
    if example is None:
        return
    st.session_state["in_name"] = example["project"]
    st.session_state["in_budget"] = _money_text(example.get("budget_wan"))
    st.session_state["in_fiscal"] = _money_text(example.get("fiscal_wan"))
    st.session_state["in_other"] = _money_text(example.get("other_wan"))
    st.session_state["in_purpose"] = example.get("purpose", "")
    st.session_state["in_goals"] = ""


def project_from_inputs(values: dict[str, str]) -> Any:
    """The form's fields → ProjectInput (raises ParseError with a Chinese message)."""
    from assistant.draft.input import project_from_json

    return project_from_json(
        {
            "project": values.get("in_name", "").strip(),
            "budget_wan": values.get("in_budget", "").strip() or None,
            "fiscal_wan": values.get("in_fiscal", "").strip() or None,
            "other_wan": values.get("in_other", "").strip() or None,
            "purpose": values.get("in_purpose", "").strip(),
            "goals": values.get("in_goals", "").strip(),
        }
    )


def _inputs() -> None:
    names = [e["project"] for e in load_examples()]
    pick, load = st.columns([4, 1], vertical_alignment="bottom")
    pick.selectbox(
        "示例项目", names, key="example_pick", index=None, placeholder="选择一个示例项目"
    )
    load.button("载入示例", key="example_load", on_click=load_example, width="stretch")
    st.text_input("项目名称", key="in_name", placeholder="例如：网格化管理建设费用")
    budget, fiscal, other = st.columns(3)
    budget.text_input("预算数（万元）", key="in_budget", placeholder="263.75")
    fiscal.text_input("其中：财政资金（万元）", key="in_fiscal")
    other.text_input("其他资金（万元）", key="in_other")
    st.text_area(
        "资金用途 / 测算依据",
        key="in_purpose",
        height=150,
        placeholder="写明钱用在哪里、怎么算：人数、单价、数量、金额，例如“社区网格员119人，绩效工资1000元/人/月”",
    )
    st.text_area("绩效目标（可选，每行一条）", key="in_goals", height=80)
    st.caption(
        f"输入上限：资金用途 / 测算依据 {limits.chars(limits.MAX_PURPOSE_CHARS)}，"
        f"其他每项 {limits.chars(limits.MAX_FIELD_CHARS)}；生成草稿最长 "
        f"{limits.DRAFT_TIMEOUT_S:g} 秒。输入和草稿自动保存，刷新页面不会丢失。"
    )


def _too_long(values: dict[str, str]) -> str | None:
    labels = {"in_name": "项目名称", "in_budget": "预算数", "in_fiscal": "财政资金",
              "in_other": "其他资金", "in_goals": "绩效目标"}
    message = limits.too_long(values["in_purpose"], limits.MAX_PURPOSE_CHARS, "资金用途 / 测算依据")
    for key, label in labels.items():
        message = message or limits.too_long(values[key], limits.MAX_FIELD_CHARS, label)
    return message


def _generate(service: Any, use_llm: bool) -> None:
    values = {k: str(st.session_state.get(k) or "") for k in INPUT_KEYS}
    message = _too_long(values)
    if message:
        st.error(f"无法生成草稿：{message}")
        return
    try:
        project = project_from_inputs(values)
    except ParseError as exc:
        st.error(f"无法生成草稿：{exc.message}")
        return
    had_draft = ui_state.get_draft() is not None
    try:
        draft = jobs.run(
            "draft", "正在生成草稿", services.draft_project, project, use_llm, service,
            timeout=limits.DRAFT_TIMEOUT_S,
        )
    except jobs.JobFailed as exc:
        st.error(exc.message)
        return
    provenance.humanize_table(draft.table, provenance.kb_tables(service))
    notices = list(draft.notices)
    fell_back = use_llm and draft.drafter != "llm"
    ui_state.start_draft(draft.table, notices, draft.drafter, draft.project_type)
    draft_trace.remember(draft.trace)
    st.session_state["draft_fell_back"] = fell_back
    if had_draft:
        st.session_state["draft_replaced"] = True


def _load_saved() -> None:
    upload = st.file_uploader("继续编辑已保存的草稿（JSON）", type=["json"], key="draft_upload")
    if upload is None or ui_state.seen_upload("draft", upload.file_id):
        return
    from assistant.parse import read_bytes

    try:
        document = read_bytes(upload.getvalue(), upload.name)
    except ParseError as exc:
        st.error(f"无法读取 {upload.name}：{exc.message}")
        return
    if not document.tables:
        st.error(f"{upload.name} 中没有绩效目标表")
        return
    ui_state.start_draft(document.tables[0], [f"已载入 {upload.name}，可继续编辑"], "saved")
    draft_trace.remember(None)
    st.session_state["draft_fell_back"] = False


def _column_config() -> dict[str, Any]:
    cc = st.column_config
    return {
        COL_LEVEL1: cc.SelectboxColumn(COL_LEVEL1, options=level1_options(), width="small"),
        COL_LEVEL2: cc.SelectboxColumn(COL_LEVEL2, options=level2_options(), width="small"),
        COL_NAME: cc.TextColumn(COL_NAME, width="medium"),
        COL_DESC: cc.TextColumn(COL_DESC, width="medium"),
        COL_VALUE: cc.TextColumn(COL_VALUE, width="small"),
        COL_BASIS: cc.TextColumn(COL_BASIS, width="small"),
        COL_SOURCE: cc.TextColumn(
            COL_SOURCE, disabled=True, help="建议的出处：测算明细、预算数或知识库中的表"
        ),
        COL_ACCEPT: cc.CheckboxColumn(
            COL_ACCEPT, default=True, help="取消勾选即不采纳，导出时不含该行", width="small"
        ),
    }


# 采纳 first: the choice a user makes on every row is in view without scrolling sideways
COLUMN_ORDER = (COL_ACCEPT, COL_LEVEL1, COL_LEVEL2, COL_NAME, COL_DESC, COL_VALUE, COL_BASIS, COL_SOURCE)


def _regenerate_goals() -> None:
    """on_click of 按采纳的指标重新生成: callbacks run before the goals box exists."""
    checked: CheckedGrid | None = st.session_state.get("draft_checked")
    if checked is not None:
        st.session_state[ui_state.GOALS_KEY] = "\n".join(regenerate_goals(checked.table))


def _notices(session: ui_state.DraftSession) -> None:
    if st.session_state.get("draft_fell_back"):
        st.warning("大模型未能完成起草，已改用离线草稿。\n\n" + "\n\n".join(session.notices))
    elif session.notices:
        st.info("\n\n".join(session.notices))
    if st.session_state.pop("draft_replaced", False):
        st.caption("新草稿已替换上一版；上一版（含你的修改）已保留，可点击“恢复上一版”找回。")


def _exports(checked: CheckedGrid) -> None:
    document: Document = checked.document
    stem = exports.file_stem(checked.table.project)
    findings = checked.findings
    trace = draft_trace.current(checked.table)  # read now: the deferred export runs outside the script
    if findings:
        st.caption(f"当前仍有 {len(findings)} 条审核意见；可以照常导出，文件中会列出这些意见。")
    # Deferred: the bytes are built when the button is clicked, not on every edit's rerun.
    one, two, three = st.columns(3)
    one.download_button(
        "导出 Word（.docx）",
        lambda: exports.docx_bytes(document, findings),
        f"{stem}.docx",
        exports.DOCX_MIME,
        key="dl_docx",
        on_click="ignore",
        width="stretch",
    )
    two.download_button(
        "导出 Excel（.xlsx）",
        lambda: exports.xlsx_bytes(document, findings),
        f"{stem}.xlsx",
        exports.XLSX_MIME,
        key="dl_xlsx",
        on_click="ignore",
        width="stretch",
    )
    three.download_button(
        "保存 JSON（可再载入）",
        lambda: exports.json_bytes(document, findings, trace),
        f"{stem}.json",
        "application/json",
        key="dl_json",
        on_click="ignore",
        width="stretch",
    )


def _editor(session: ui_state.DraftSession, service: Any) -> CheckedGrid:
    st.text_area("绩效目标（可修改，每行一条）", key=ui_state.GOALS_KEY, height=90)
    st.button(
        "按采纳的指标重新生成绩效目标",
        key="draft_goals_regen",
        on_click=_regenerate_goals,
        help="用当前采纳的指标改写上面的绩效目标（会覆盖手工修改）",
    )
    goals_slot = st.empty()
    grid, panel = st.columns([3, 2])
    with grid:
        st.markdown("**绩效指标**（可直接修改单元格；取消“采纳”即不采纳该行）")
        edited = st.data_editor(
            session.base,
            key=session.editor_key,
            num_rows="dynamic",
            column_config=_column_config(),
            column_order=COLUMN_ORDER,
            hide_index=True,
            width="stretch",
        )
        session.edited = edited
        checked = check_frame(
            edited, session.table, goals_from_text(st.session_state[ui_state.GOALS_KEY])
        )
        rejected = len(edited) - len(checked.row_map)
        if rejected:
            st.caption(f"已不采纳或空白的行：{rejected} 行，导出时不包含。")
    with panel:
        st.markdown(f"**审核意见**（{len(checked.findings)} 条，随修改实时更新）")
        with st.container(key="draft_findings"):
            render_findings(checked.findings, checked.document, row_of=checked.grid_row)
            rule_legend(f.code for f in checked.findings)
    stale = stale_mentions(checked.table.goals, session.base, edited)
    if stale:
        goals_slot.warning(
            "；".join(stale) + "。可点击“按采纳的指标重新生成绩效目标”，或手工修改。"
        )
    return checked


def render(service: Any) -> None:
    from assistant.config import get_settings

    st.subheader("编制绩效目标表")
    autosave.render_banner()
    _inputs()
    use_llm = False
    if get_settings().llm_configured:
        use_llm = st.toggle("使用大模型", key="use_llm", help="失败时自动改用离线草稿，并给出提示")
    generate, restore = st.columns([1, 1])
    if generate.button("生成草稿", key="draft_generate", type="primary"):
        _generate(service, use_llm)
    elif jobs.take_cancelled("draft"):
        st.warning("已取消生成草稿。")
    if ui_state.has_previous() and restore.button("恢复上一版", key="draft_restore"):
        ui_state.restore_previous()
    _load_saved()
    session = ui_state.get_draft()
    if session is None:
        st.caption("填写项目信息后点击“生成草稿”，或载入一个示例项目。")
        return
    st.divider()
    _notices(session)
    checked = _editor(session, service)
    draft_trace.panel(checked.table)
    st.session_state["draft_checked"] = checked
    _exports(checked)
