"""Issue 17 without a browser: autosave and restore, input limits, goals from the accepted rows,
来源 in words, the knowledge-base relevance floor and add-to-draft, settings saved owner-only."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from assistant.model import BudgetItem, TargetTable
from assistant.ui import grid
from assistant.ui.goals_check import regenerate_goals, stale_mentions
from assistant.ui.kb_add import relevant
from assistant.ui.limits import MAX_PURPOSE_CHARS, too_long
from assistant.ui.provenance import describe

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
EXAMPLE = "网格化管理建设费用"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JIXIAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JIXIAO_CONFIG", str(tmp_path / "config" / "config.env"))
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path.parent / "jixiao-home-worklife"))
    for name in ("JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_MODEL", "JIXIAO_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def new_app(session: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=90)
    if session:
        at.query_params["s"] = session
    return at


def drafted(session: str):
    at = new_app(session).run()
    at.selectbox(key="example_pick").set_value(EXAMPLE)
    at.button(key="example_load").click().run()
    at.button(key="draft_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- pure pieces ---------------------------------------------------------------------------


def test_provenance_in_words() -> None:
    table = TargetTable(
        project="甲",
        budget_items=[BudgetItem(text="硬件运维23.9万元"), BudgetItem(text="社区网格员119人，绩效工资1000元/人/月")],
    )
    tables = {"k001": {"id": "k001", "project": "某县农村饮水工程"}}
    assert describe("breakdown: 社区网格员119人，绩效工资1000元/人/月", table) == "测算明细第2条"
    assert describe("kb: k001", table, tables) == "知识库：某县农村饮水工程"
    assert describe("type: construction typical indicator") == "本类项目常用指标"
    assert describe("type: subsidy suggested effect") == "建议值（请核定）"
    assert describe("llm:qwen (prompt v3)；breakdown: 社区网格员119人", table).startswith("大模型起草（测算明细第2条")
    for internal in ("seed 000", "full-payment", "hashed"):
        assert not any(ch.isascii() and ch.isalpha() for ch in describe(internal))


def test_limits_message_in_chinese() -> None:
    assert too_long("短", MAX_PURPOSE_CHARS, "资金用途") is None
    message = too_long("字" * (MAX_PURPOSE_CHARS + 1), MAX_PURPOSE_CHARS, "资金用途")
    assert message and "超过上限 2 万字" in message


def test_relevance_floor() -> None:
    assert relevant("网格员工资发放人数", "发放人数：社区网格员发放人数（数量指标）")
    assert not relevant("火星殖民飞船引擎", "飞机增雨作业航时（数量指标）")
    assert not relevant("asdfqwer", "时效指标 时效指标衡量事情是否按时办成")
    assert not relevant("的了吗", "逐步促进了解河势变化及对防洪")


def test_goals_from_accepted_rows_and_stale_mentions() -> None:
    base = pd.DataFrame(
        [
            {grid.COL_LEVEL2: "数量指标", grid.COL_NAME: "网格员人数", grid.COL_VALUE: "=119人", grid.COL_ACCEPT: True},
            {grid.COL_LEVEL2: "数量指标", grid.COL_NAME: "学校维修面积", grid.COL_VALUE: "=300平方米", grid.COL_ACCEPT: True},
            {grid.COL_LEVEL2: "服务对象满意度指标", grid.COL_NAME: "群众满意度", grid.COL_VALUE: "≥95%", grid.COL_ACCEPT: True},
        ]
    )
    edited = base.copy()
    edited.loc[1, grid.COL_ACCEPT] = False  # rejected
    edited.loc[2, grid.COL_NAME] = "网格员满意度"  # renamed
    goals = ["完成网格员人数119人、学校维修面积300平方米。", "通过项目实施，群众满意度不低于95%。"]
    warnings = stale_mentions(goals, base, edited)
    assert len(warnings) == 2 and "学校维修面积" in warnings[0] and "群众满意度" in warnings[1]
    table, _ = grid.frame_to_table(edited, TargetTable(project="网格化管理"))
    new_goals = regenerate_goals(table)
    assert "网格员人数=119人" not in new_goals[0] and "网格员人数119人" in new_goals[0]
    assert "学校" not in "".join(new_goals) and "网格员满意度不低于95%" in new_goals[-1]
    assert stale_mentions(new_goals, base, edited) == []


def test_settings_saved_owner_only_and_never_exported(private_dirs: Path) -> None:
    from assistant.config import get_settings, save_user_config

    path = save_user_config({"JIXIAO_LLM_BASE_URL": "http://127.0.0.1:1/v1", "JIXIAO_LLM_MODEL": "m",
                             "JIXIAO_LLM_API_KEY": "sk-secret-17"})
    assert path == private_dirs / "config" / "config.env"
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    settings = get_settings()
    assert settings.llm_configured and settings.llm_api_key.get_secret_value() == "sk-secret-17"
    with pytest.raises(ValueError):
        save_user_config({"JIXIAO_HOME": "/elsewhere"})  # only the LLM settings are the app's


# --- the app -------------------------------------------------------------------------------


def test_autosave_restores_inputs_and_edited_draft(private_dirs: Path) -> None:
    session = "worklife-restore-01"
    at = drafted(session)
    assert grid.COL_ACCEPT in at.data_editor[0].value.columns
    saved = private_dirs / "data" / "sessions" / f"{session}.json"
    assert saved.exists() and saved.stat().st_mode & 0o077 == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["inputs"]["in_name"] == EXAMPLE and data["draft"]["rows"]
    assert all(not r["来源"].startswith(("breakdown:", "kb:", "type:")) for r in data["draft"]["rows"])

    again = new_app(session).run()  # a reload: a new script session, the same address
    assert not again.exception, [e.value for e in again.exception]
    assert any("继续上次的编制" in i.value for i in again.info)
    assert again.text_input(key="in_name").value == EXAMPLE
    assert "=119人" in set(again.data_editor[0].value[grid.COL_VALUE])

    other = new_app("worklife-someone-else").run()  # never shared between sessions
    assert other.text_input(key="in_name").value == "" and not other.data_editor


def test_too_long_purpose_is_refused_at_once() -> None:
    at = new_app("worklife-limits-01").run()
    at.text_input(key="in_name").set_value("测试项目")
    at.text_area(key="in_purpose").set_value("社区网格员119人。" * 5000)
    at.button(key="draft_generate").click().run()
    assert not at.exception
    assert any("超过上限" in e.value and "资金用途" in e.value for e in at.error)
    assert not at.data_editor


def test_knowledge_base_row_added_to_the_draft() -> None:
    at = drafted("worklife-kb-01")
    before = len(at.data_editor[0].value)
    at.text_input(key="kb_query").set_value("网格员工资发放人数").run()
    assert at.selectbox(key="kb_add_pick").options
    pick = at.selectbox(key="kb_add_pick")
    pick.set_value(pick.options[0]).run()
    at.button(key="kb_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("已把") for m in at.success)
    frame = at.data_editor[0].value
    assert len(frame) == before + 1
    assert frame.iloc[-1][grid.COL_SOURCE].startswith("知识库：") and bool(frame.iloc[-1][grid.COL_ACCEPT])

    at.text_input(key="kb_query").set_value("火星殖民飞船引擎").run()
    assert any("未找到相近的指标" in i.value for i in at.info)


def test_too_long_review_paste_is_refused_at_once() -> None:
    from assistant.ui.limits import MAX_REVIEW_CHARS

    at = new_app("worklife-limits-02").run()
    at.text_area(key="review_text").set_value("一级指标\t二级指标\n" * (MAX_REVIEW_CHARS // 10 + 1))
    at.button(key="review_go").click().run()
    assert not at.exception
    assert any("粘贴的文字共" in e.value and "超过上限 30 万字" in e.value for e in at.error)


def test_a_stopped_job_stops_its_thread() -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from assistant.ui.jobs import JobStopped, _Worker

    worker, ran = _Worker(), threading.Event()

    def busy() -> None:
        ran.set()
        while True:
            sum(range(100))

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(worker.call, busy)
        assert ran.wait(5)
        time.sleep(0.1)
        worker.stop()
        with pytest.raises(JobStopped):
            future.result(timeout=5)
