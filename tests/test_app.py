"""The Streamlit app through AppTest (no browser): draft, edit, reject, export, review, errors.

All tests share one process-wide knowledge index (st.cache_resource), built once in a temporary
JIXIAO_HOME, so only the first AppTest pays for it.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from assistant.model import TargetTable
from assistant.parse import read_bytes, read_path
from assistant.ui import grid
from assistant.ui.review_page import review_bytes

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
APP = str(ROOT / "app.py")
EXAMPLE = "网格化管理建设费用"


@pytest.fixture(scope="module", autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory):
    # The app reads settings from the environment: no LLM, the index in a private folder.
    names = ("JIXIAO_HOME", "JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_MODEL", "JIXIAO_DATA_DIR", "JIXIAO_CONFIG")
    saved = {k: os.environ.get(k) for k in names}
    os.environ["JIXIAO_HOME"] = str(tmp_path_factory.mktemp("jixiao-home"))
    # autosaved sessions and the settings page's config file: private to this module
    os.environ["JIXIAO_DATA_DIR"] = str(tmp_path_factory.mktemp("jixiao-data"))
    os.environ["JIXIAO_CONFIG"] = str(tmp_path_factory.mktemp("jixiao-config") / "config.env")
    os.environ.pop("JIXIAO_LLM_BASE_URL", None)
    os.environ.pop("JIXIAO_LLM_MODEL", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture()
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Record what every download button would serve (file id → bytes or deferred callable)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen: dict[str, Any] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def recording_add(self, path_or_data, mimetype, coordinates, *args, **kwargs):
        url = add(self, path_or_data, mimetype, coordinates, *args, **kwargs)
        seen[url] = path_or_data
        return url

    def recording_deferred(self, data_callable, *args, **kwargs):
        file_id = add_deferred(self, data_callable, *args, **kwargs)
        seen[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return seen


def button_bytes(at, key: str, downloads: dict[str, Any]) -> bytes:
    """The bytes a click on the download button delivers (deferred ones are generated now)."""
    proto = at.download_button(key=key).proto
    data = downloads[proto.deferred_file_id or proto.url]
    data = data() if callable(data) else data
    return data.encode("utf-8") if isinstance(data, str) else data


def new_app():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=60)


def drafted_app():
    at = new_app().run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="example_pick").set_value(EXAMPLE)
    at.button(key="example_load").click().run()
    assert at.text_input(key="in_name").value == EXAMPLE
    assert at.text_input(key="in_budget").value == "263.75"
    at.button(key="draft_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def edit(at, edited_rows: dict[int, dict[str, object]]):
    """What a user's cell edits send: the keyed editor's edit state, then a rerun."""
    key = at.session_state["draft_session"].editor_key
    at.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def findings_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


# -- the grid functions behind the editor ---------------------------------------------------


def seed_table() -> TargetTable:
    document = read_path(SEEDS / "000.txt")
    return next(t for t in document.tables if t.project == EXAMPLE)


def test_grid_round_trip_and_edit_path() -> None:
    table = seed_table()
    frame = grid.table_to_frame(table)
    assert list(frame.columns) == list(grid.COLUMNS)
    assert frame.loc[0, grid.COL_VALUE] == "=119人"
    back, rows = grid.frame_to_table(frame, table)
    assert [i.value for i in back.indicators] == [i.value for i in table.indicators]
    assert rows == list(range(6))

    before = grid.check_frame(frame, table)
    assert "V002" not in {f.code for f in before.findings}
    edited = grid.apply_editor_state(frame, {"edited_rows": {"0": {grid.COL_VALUE: "≥95%"}}})
    after = grid.check_frame(edited, table)
    v002 = [f for f in after.findings if f.code == "V002"]
    assert v002 and after.grid_row(v002[0]) == 0 and "≥95%" in v002[0].message

    # reject the satisfaction row (row 6) and add a blank row: both drop out of the export
    state = {"edited_rows": {5: {grid.COL_ACCEPT: False}}, "added_rows": [{}], "deleted_rows": []}
    rejected = grid.check_frame(grid.apply_editor_state(frame, state), table)
    assert len(rejected.table.indicators) == 5 and rejected.row_map == [0, 1, 2, 3, 4]
    assert "满意度指标" not in {i.level1 for i in rejected.table.indicators}


# -- the app ----------------------------------------------------------------------------------


def test_draft_example_shows_grid_and_findings_panel() -> None:
    at = drafted_app()
    frame: pd.DataFrame = at.data_editor[0].value
    assert "=119人" in set(frame[grid.COL_VALUE])
    row = frame[frame[grid.COL_VALUE] == "=119人"].iloc[0]
    assert row[grid.COL_LEVEL2] == "数量指标" and row[grid.COL_SOURCE].startswith("测算明细第")
    assert frame[grid.COL_ACCEPT].all()
    assert any(m.value.startswith("**审核意见**") for m in at.markdown)
    assert at.text_area(key="draft_goals_text").value.strip()


def test_edit_changes_findings_and_survives_rerun(downloads: dict[str, Any]) -> None:
    at = drafted_app()
    frame = at.data_editor[0].value
    count_row = int(frame.index[frame[grid.COL_VALUE] == "=119人"][0])
    assert "V002" not in findings_text(at)
    at = edit(at, {count_row: {grid.COL_VALUE: "≥95%"}})
    assert not at.exception
    text = findings_text(at)
    assert "V002" in text and f"第{count_row + 1}行" in text and "≥95%" in text
    at.run()  # an unrelated rerun keeps the edit
    checked = at.session_state["draft_checked"]
    assert checked.table.indicators[count_row].value == "≥95%"
    assert "V002" in findings_text(at)

    # the export carries the edit and lists the finding
    data = button_bytes(at, "dl_docx", downloads)
    document = read_bytes(data, "draft.docx")
    assert document.tables[0].project == EXAMPLE
    assert "≥95%" in [i.value for i in document.tables[0].indicators]
    saved = json.loads(button_bytes(at, "dl_json", downloads))
    assert "V002" in {f["code"] for f in saved["tables"][0]["findings"]}
    sheets = pd.read_excel(io.BytesIO(button_bytes(at, "dl_xlsx", downloads)), sheet_name=None)
    assert set(sheets) == {"绩效指标", "审核意见"} and "V002" in set(sheets["审核意见"]["规则"])


def test_reject_row_drops_it_from_export(downloads: dict[str, Any]) -> None:
    at = drafted_app()
    frame = at.data_editor[0].value
    satisfaction = [int(i) for i in frame.index[frame[grid.COL_LEVEL1] == "满意度指标"]]
    at = edit(at, {i: {grid.COL_ACCEPT: False} for i in satisfaction})
    checked = at.session_state["draft_checked"]
    assert len(checked.table.indicators) == len(frame) - len(satisfaction)
    # no 满意度 row left: the finding is shown and the table can still be exported
    assert "S001" in {f.code for f in checked.findings}
    document = read_bytes(button_bytes(at, "dl_docx", downloads), "x.docx")
    assert "满意度指标" not in {i.level1 for i in document.tables[0].indicators}


def test_regenerate_keeps_a_copy_and_json_reloads(downloads: dict[str, Any]) -> None:
    at = drafted_app()
    at = edit(at, {0: {grid.COL_NAME: "我改过的指标"}})
    saved = button_bytes(at, "dl_json", downloads)
    at.button(key="draft_generate").click().run()
    assert "我改过的指标" not in set(at.data_editor[0].value[grid.COL_NAME])
    at.button(key="draft_restore").click().run()
    assert at.data_editor[0].value.loc[0, grid.COL_NAME] == "我改过的指标"

    fresh = new_app().run()
    fresh.file_uploader(key="draft_upload").upload("draft.json", saved, "application/json")
    fresh.run()
    assert not fresh.exception
    assert fresh.data_editor[0].value.loc[0, grid.COL_NAME] == "我改过的指标"


def test_review_pasted_seed_and_explanation(downloads: dict[str, Any]) -> None:
    at = new_app().run()
    at.text_area(key="review_text").set_value((SEEDS / "002.txt").read_text(encoding="utf-8"))
    at.button(key="review_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.metric[0].value == "23"  # tables
    assert len(at.expander) >= 23
    picker = at.selectbox(key="review_pick_text")
    assert len(picker.options) > 10
    picker.select_index(0).run()
    assert not at.exception, [e.value for e in at.exception]
    explained = "\n".join(m.value for m in at.markdown)
    assert "依据的指引" in explained and "更好的写法（参考）" in explained
    alternatives = [m.value for m in at.markdown if m.value[:2] in ("1.", "2.", "3.")]
    assert len(alternatives) >= 3 and all("来源" in a for a in alternatives[:3])
    # the Word report is built on click (23 tables take seconds): the button holds the builder
    assert callable(downloads[at.download_button(key="review_docx_text").proto.deferred_file_id])
    markdown = button_bytes(at, "review_md_text", downloads).decode("utf-8")
    assert markdown.startswith("# 审核报告") and "V0" in markdown


def test_bad_uploads_show_errors_and_others_still_reviewed() -> None:
    at = new_app().run()
    good = (SEEDS / "001.txt").read_bytes()
    at.file_uploader(key="review_upload").set_value(
        [
            ("fake.docx", b"%PDF-1.7\n" + b"x" * 2000, "application/octet-stream"),
            ("empty.txt", b"", "text/plain"),
            ("junk.docx", os.urandom(20 * 1024 * 1024), "application/octet-stream"),
            ("001.txt", good, "text/plain"),
        ]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 3
    assert any("fake.docx" in e and "PDF" in e for e in errors)
    assert any("empty.txt" in e and "空" in e for e in errors)
    assert any("junk.docx" in e for e in errors)
    assert any(m.value == "#### 001.txt" for m in at.markdown)
    assert review_bytes(good, "001.txt").document.tables


def page_dump(node) -> str:
    """Every element's proto as text: what the browser would receive."""
    parts = [str(getattr(node, "proto", "") or "")]
    for child in getattr(node, "children", {}).values():
        parts.append(page_dump(child))
    return "\n".join(parts)


def draft_example_with_llm():  # noqa: ANN201 - an AppTest, imported lazily like new_app
    """A fresh app with the LLM switched on, drafting the bundled example (shared by tests)."""
    at = new_app().run()
    at.toggle(key="use_llm").set_value(True)
    at.selectbox(key="example_pick").set_value(EXAMPLE)
    at.button(key="example_load").click().run()
    at.button(key="draft_generate").click().run()
    return at


def test_llm_fallback_notice_settings_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    # an endpoint that refuses connections: the draft falls back and says so
    monkeypatch.setenv("JIXIAO_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JIXIAO_LLM_MODEL", "test-model")
    monkeypatch.setenv("JIXIAO_LLM_API_KEY", "sk-never-shown-42")
    at = draft_example_with_llm()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已改用离线草稿" in w.value for w in at.warning)
    assert "=119人" in set(at.data_editor[0].value[grid.COL_VALUE])

    settings = at.dataframe[-1].value.set_index("项目")["当前值"]
    assert settings["大模型"] == "已配置" and settings["模型"] == "test-model"
    assert settings["API Key"] == "已配置" and "function_calling" in settings["结构化输出方式"]
    at.button(key="settings_ping").click().run()
    assert any(e.value.startswith("连接失败") for e in at.error)
    assert "sk-never-shown-42" not in page_dump(at._tree)


def test_knowledge_base_search_and_open_table() -> None:
    at = new_app().run()
    at.text_input(key="kb_query").set_value("网格员工资发放人数").run()
    results = next(d.value for d in at.dataframe if "内容" in d.value.columns)
    assert "网格化管理建设费用" in set(results["项目"])
    assert "表" not in results.columns  # no internal table ids on screen
    at.selectbox(key="kb_level2").set_value("数量指标").run()
    results = next(d.value for d in at.dataframe if "内容" in d.value.columns)
    assert set(results["二级指标"]) == {"数量指标"}
    at.selectbox(key="kb_open").set_value("seed000-06").run()
    table = next(d.value for d in at.dataframe if "三级指标" in d.value.columns)
    assert "=119人" in set(table["指标值"])


def test_incomplete_project_shows_chinese_error() -> None:
    at = new_app().run()
    at.text_input(key="in_name").set_value("只有名称的项目")
    at.button(key="draft_generate").click().run()
    assert not at.exception
    assert any("资金用途" in e.value for e in at.error)
    assert not at.data_editor  # nothing drafted, the page keeps working


def test_review_shows_the_reading_report() -> None:
    from tests.test_reading_report import PASTED, STRAY

    at = new_app().run()
    at.text_area(key="review_text").set_value(PASTED.replace("预算数（万元）\t100", "备注\t无"))
    at.button(key="review_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    reading = [e for e in at.expander if e.label.startswith("读取报告")]
    assert len(reading) == 1 and "读到指标 4 行" in reading[0].label
    shown = "\n".join(m.value for m in reading[0].markdown)
    assert "缺少表头字段：预算" in shown and "B001（未读到预算数）" in shown
    unread = next(d.value for d in reading[0].dataframe if "未读懂的文字" in d.value.columns)
    assert list(unread["位置"]) == ["第9行"] and STRAY.split()[-1] in unread["未读懂的文字"][0]
