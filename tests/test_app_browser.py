"""End to end in a real browser: `streamlit run app.py` + Playwright driving Debian's chromium.

Never runs `playwright install`: it uses /usr/bin/chromium and skips when that is missing.
The screenshot is saved in the test's tmp folder and copied to test-output/app_browser.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port

from assistant.parse import read_path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PURPOSE = (
    "项目预算数263.75万元。其中：财政资金263.75万元，其他资金0万元。主要用于：1.网格化管理建设费用23.9万元，"
    "包括硬件的日常运维、软件的版本升级。2.网格员工作专项费用95万元，包括网格员服装、工作证、宣传用品制作。"
    "3.社区网格员绩效工资、长护险、大病保险1448468元，社区网格员119人，绩效工资1000元/人/月，"
    "长护险40元/人/年，大病保险11元/人/月。以上合计263.75万元。"
)
# st.column_config widths in px ("small" 75, "medium" 200) after the ~35 px row-marker column
# of a dynamic editor (采纳, 一级, 二级, 三级, 描述, 指标值): the x offset of the 指标值 column's
# middle, the header and row heights.
VALUE_COLUMN_X = 35 + 75 + 75 + 75 + 200 + 200 + 37
HEADER_H = 35
ROW_H = 35

pytestmark = pytest.mark.browser


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


@pytest.fixture()
def app_url(tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip(
            "需要 /usr/bin/chromium（apt-get install chromium fonts-wqy-microhei）；未安装，跳过浏览器测试"
        )
    pytest.importorskip("playwright.sync_api", reason="playwright 未安装")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_LLM")}
    env["JIXIAO_HOME"] = str(tmp_path / "home")
    env["JIXIAO_DATA_DIR"] = str(tmp_path / "data")  # autosaved sessions
    env["JIXIAO_CONFIG"] = str(tmp_path / "config.env")  # the 设置 page's file
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = open(tmp_path / "streamlit.log", "wb")  # noqa: SIM115 - closed after the process
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the fixture skips the test; the name only has to exist
    PlaywrightTimeout = TimeoutError  # noqa: A001


def _output(tmp_path: Path) -> Path:
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    return out


def _idle(page) -> None:
    """Wait until the script run finished (the status widget disappears). The widget shows
    up only after a short delay, so give a starting run time to show it first."""
    page.wait_for_timeout(1_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


def _edit_first_value(page, grid, text: str) -> None:
    """click cell → Enter → Control+A → type → Enter, waiting for the grid's overlay editor
    (textarea.gdg-input); retried, since a rerun still laying out the page can swallow a click."""
    editor = page.locator("textarea.gdg-input")
    for _ in range(3):
        _idle(page)
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + VALUE_COLUMN_X, box["y"] + HEADER_H + ROW_H / 2)
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        try:
            editor.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeout:
            continue
        # pauses as a person makes them: keys sent in the same frame as the editor opens,
        # or Enter right after typing, are sometimes dropped by the canvas grid
        page.wait_for_timeout(300)
        page.keyboard.press("Control+A")
        page.keyboard.type(text, delay=50)
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        editor.wait_for(state="hidden", timeout=5_000)
        _idle(page)
        if page.locator('[class*="st-key-draft_findings"]').filter(has_text=text).count():
            return


def test_draft_edit_export_in_browser(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1100}, accept_downloads=True)
            page.goto(app_url)
            # first start builds the knowledge index behind a progress bar
            generate = page.get_by_role("button", name="生成草稿")
            expect(generate).to_be_visible(timeout=90_000)

            page.get_by_label("项目名称").fill("网格化管理建设费用")
            page.get_by_label("预算数（万元）").fill("263.75")
            page.get_by_label("其中：财政资金（万元）").fill("263.75")
            purpose = page.get_by_label("资金用途 / 测算依据")
            purpose.fill(PURPOSE)
            purpose.press("Control+Enter")  # a text_area commits on Ctrl+Enter or blur
            page.wait_for_timeout(500)
            generate.click()

            grid = page.locator('[data-testid="stDataFrame"]').first
            expect(grid).to_be_visible(timeout=60_000)
            expect(page.get_by_text("审核意见", exact=False).first).to_be_visible()
            findings = page.locator('[class*="st-key-draft_findings"]')
            expect(findings).not_to_contain_text("V002")

            # edit 指标值 of the first row (=119人 → ≥95%): the count row now reads as a rate
            _edit_first_value(page, grid, "≥95%")
            try:
                expect(findings).to_contain_text("V002", timeout=30_000)
            except AssertionError:
                page.screenshot(path=str(_output(tmp_path) / "app_browser_failed.png"))
                raise
            expect(findings).to_contain_text("≥95%")

            button = page.get_by_role("button", name="导出 Word（.docx）")
            expect(button).to_be_visible()
            with page.expect_download(timeout=60_000) as info:
                button.click()
            saved = tmp_path / "draft.docx"
            info.value.save_as(saved)
            document = read_path(saved)
            assert document.tables[0].project == "网格化管理建设费用"
            assert "≥95%" in [i.value for i in document.tables[0].indicators]

            shot = tmp_path / "app_browser.png"
            page.screenshot(path=str(shot), full_page=True)
            shutil.copy(shot, _output(tmp_path) / "app_browser.png")
        finally:
            browser.close()
