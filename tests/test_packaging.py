"""Package data found with importlib.resources, `jixiao app`, `jixiao kb add` (the user's own
knowledge base beside the packaged one) and the refusal to run without the packaged KB."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import assistant.data as data
from assistant.cli import main
from assistant.knowledge import kb
from assistant.knowledge.user_kb import add_folder, user_data_dir, user_tables_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture()
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JIXIAO_DATA_DIR", str(tmp_path / "data"))
    kb.clear_caches()
    yield tmp_path / "data"
    kb.clear_caches()


def test_package_data_is_inside_the_package() -> None:
    assert data.KB_DIR.parent == ROOT / "assistant" / "data"
    assert data.TAXONOMY_PATH.is_file() and (data.PROMPTS_DIR / "draft_v1.md").is_file()
    assert len(list(data.TABLES_DIR.glob("*.json"))) > 50
    assert data.missing_message() is None
    from assistant.commands.app_cmd import app_file
    from assistant.ui.draft_page import EXAMPLES_FILE

    assert app_file().is_file() and EXAMPLES_FILE.is_file()


def test_user_data_dir_follows_the_platform_convention() -> None:
    assert user_data_dir({"JIXIAO_DATA_DIR": "/srv/j"}) == Path("/srv/j")
    assert user_data_dir({"HOME": "/home/u", "XDG_DATA_HOME": "/x"}) == Path("/x/jixiao")
    assert user_data_dir({"HOME": "/home/u"}) == Path("/home/u/.local/share/jixiao")


def test_app_listens_on_localhost_headless_without_usage_stats() -> None:
    from assistant.cli import build_parser
    from assistant.commands.app_cmd import streamlit_command

    args = build_parser("app").parse_args(["app"])
    assert (args.host, args.port) == ("127.0.0.1", 8501)
    command = streamlit_command(args.host, 9999)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.headless") + 1] == "true"
    assert command[command.index("--browser.gatherUsageStats") + 1] == "false"
    assert command[4].endswith("app_main.py")


def test_kb_add_writes_only_the_user_folder_and_retrieval_uses_both(
    user_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree_hash(data.KB_DIR)
    packaged = len(kb.load_tables())
    mine = tmp_path / "mine"
    mine.mkdir()
    own = {
        "id": "wetland-2025", "project": "湿地候鸟监测站运行经费", "purpose": "候鸟环志与湿地巡护",
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "候鸟环志只数",
                        "value": "≥1200只"}],
    }
    (mine / "wetland.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    (mine / "seed.txt").write_text((SEEDS / "000.txt").read_text(encoding="utf-8"), "utf-8")
    (mine / "notes.txt").write_text("这里没有表格。", encoding="utf-8")
    assert main(["kb", "add", str(mine)]) == 0
    out, err = capsys.readouterr()
    assert "已加入" in out and "notes.txt" in err
    assert _tree_hash(data.KB_DIR) == before  # the installed files never change
    written = sorted(p.name for p in user_tables_dir().glob("*.json"))
    assert "user-wetland-2025.json" in written and any(n.startswith("user-seed") for n in written)
    tables = kb.load_tables()
    assert len(tables) == packaged + len(written)
    assert {t["id"] for t in tables} >= {"user-wetland-2025"}
    from assistant.knowledge.service import KnowledgeService

    hits = KnowledgeService("bm25").search("候鸟环志只数", k=3, kinds=["indicator"])
    assert hits and hits[0].metadata["table_id"] == "user-wetland-2025"
    from assistant.knowledge.kb import records

    assert any(r.metadata.get("table_id") == "user-wetland-2025" for r in records())  # kb build
    (user_tables_dir() / "broken.json").write_text("{", encoding="utf-8")
    kb.clear_caches()
    assert len(kb.load_tables()) == packaged + len(written)  # skipped, with a warning
    assert "broken.json" in capsys.readouterr().err
    (user_tables_dir() / "broken.json").unlink()
    # adding the same folder again replaces, never duplicates
    add_folder(mine)
    assert sorted(p.name for p in user_tables_dir().glob("*.json")) == written


def test_kb_add_of_a_missing_folder_says_so(user_dir: Path, capsys) -> None:
    assert main(["kb", "add", str(user_dir / "nope")]) == 2
    assert "找不到" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["check", str(SEEDS / "002.txt")], ["kb", "build"]])
def test_without_the_packaged_kb_commands_stop_with_a_chinese_message(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(data, "TABLES_DIR", tmp_path / "gone")
    monkeypatch.setattr(data, "KB_DIR", tmp_path)
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "未找到随 jixiao 安装的知识库" in err and "R001" in err


def test_check_json_is_the_same_in_every_process(tmp_path: Path) -> None:
    """The wheel test compares outputs across processes: string hashing must not leak in."""
    import os
    import subprocess
    import sys

    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "check", str(SEEDS / "002.txt"), "--format", "json"],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
        )
        assert done.returncode == 1 and done.stdout
        outs.add(done.stdout)
    assert len(outs) == 1


def test_the_app_config_ships_beside_the_app(tmp_path: Path, monkeypatch) -> None:
    """Streamlit reads .streamlit/config.toml next to the main script: `jixiao app` gets the
    app's settings from any folder; the repository's copy is a symlink to the same file."""
    from streamlit import config

    from assistant.commands.app_cmd import app_file

    packaged = app_file().parent / ".streamlit" / "config.toml"
    assert packaged.is_file()
    assert (ROOT / ".streamlit" / "config.toml").resolve() == packaged.resolve()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "_main_script_path", str(app_file()))
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("client.toolbarMode") == "minimal"
        assert config.get_option("browser.gatherUsageStats") is False
    finally:
        monkeypatch.undo()
        config.get_config_options(force_reparse=True)
