"""Network discipline: the CLI, the knowledge index and the app's drafting path run with every
outgoing connection refused, and telemetry/tracing are off by default."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
from pathlib import Path

import pytest

from assistant.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ROWS = json.loads((Path(__file__).parent / "fixtures" / "index_rows.json").read_text("utf-8"))
PROJECT = (
    "项目名称：网格化管理建设费用\n"
    "预算数：263.75万元\n"
    "资金用途：项目预算数263.75万元。其中：财政资金263.75万元。主要用于：1.网格化管理建设费用"
    "23.9万元，包括硬件的日常运维、软件的版本升级；2.网格员绩效工资239.85万元，"
    "119人*1680元/人/月*12个月=239.85万元。\n"
)


def _is_local_unix(sock: socket.socket, address: object) -> bool:
    return sock.family == getattr(socket, "AF_UNIX", None) or isinstance(address, str | bytes)


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[object]:
    """Refuse every connection except unix sockets; record what tried."""
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        if _is_local_unix(self, address):
            return real_connect(self, address)
        attempts.append(address)
        raise OSError(f"network blocked in test: {address!r}")

    def connect_ex(self: socket.socket, address: object) -> int:
        if _is_local_unix(self, address):
            return real_connect_ex(self, address)
        attempts.append(address)
        raise OSError(f"network blocked in test: {address!r}")

    def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
        attempts.append(address)
        raise OSError(f"network blocked in test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    # everything the tool stores goes to tmp; no LLM is configured
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    for name in ("JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_API_KEY", "JIXIAO_LLM_MODEL", "JIXIAO_CHROMA_HOST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    return attempts


def test_the_fixture_blocks(no_network: list[object]) -> None:
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(OSError, match="blocked"), socket.socket() as sock:
        sock.connect(("93.184.216.34", 80))
    assert len(no_network) == 2


def test_cli_check_and_parse_offline(no_network: list[object], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEEDS / "000.txt")]) == 1
    assert main(["check", str(SEEDS / "001.txt"), "--format", "json"]) == 1
    assert main(["parse", str(SEEDS / "002.txt"), "--format", "json"]) == 0
    assert "网格化管理建设费用" in capsys.readouterr().out
    assert no_network == []


def test_cli_draft_offline(no_network: list[object], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if importlib.util.find_spec("assistant.commands.draft_cmd") is None:
        pytest.skip("the draft command is not built yet")
    (tmp_path / "project.txt").write_text(PROJECT, encoding="utf-8")
    assert main(["draft", str(tmp_path / "project.txt"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tables"][0]["indicators"]
    assert no_network == []


def test_knowledge_index_build_and_search_offline(no_network: list[object], tmp_path: Path) -> None:
    from assistant.config import Settings
    from assistant.knowledge import KbRecord
    from assistant.knowledge.index import KnowledgeIndex

    records = [
        KbRecord(id=f"r{i}", text=f"{r['name']}：{r['description']}", kind="indicator",
                 metadata={"project": r["project"], "level2": r["level2"], "value": r["value"]})
        for i, r in enumerate(ROWS)
    ]
    index = KnowledgeIndex(tmp_path / "chroma", settings=Settings(home=tmp_path / "home"))
    index.build(records)
    top = index.search("网格员绩效工资发放人数", k=3)[0]
    assert top.metadata["value"] == "=119人"
    assert no_network == []


def test_app_drafting_path_offline(no_network: list[object]) -> None:
    if importlib.util.find_spec("assistant.draft.offline") is None:
        pytest.skip("the offline drafter is not built yet")
    from assistant.draft.input import project_from_text

    project = project_from_text(PROJECT, "project.txt")
    try:
        from assistant.ui.services import draft_project  # what the app's 起草 page calls
    except ImportError:
        from assistant.draft.offline import draft_offline

        draft = draft_offline(project)
    else:
        from assistant.config import get_settings
        from assistant.knowledge.service import KnowledgeService

        # the app's knowledge service (BM25 side: the vector side is covered above)
        draft = draft_project(project, use_llm=False, service=KnowledgeService("bm25", settings=get_settings()))
    assert draft.table.indicators
    assert no_network == []


def test_telemetry_and_tracing_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import offline_env

    for name in offline_env.DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGSMITH_TRACING", "true")  # the user's explicit choice wins
    offline_env.apply()
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"
    assert os.environ["LANGCHAIN_TRACING_V2"] == "false"
    assert os.environ["LANGSMITH_TRACING"] == "true"
    import assistant.knowledge  # noqa: F401 - sets the same defaults for library users

    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"


def test_cli_main_sets_defaults(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.delenv("ANONYMIZED_TELEMETRY", raising=False)
    monkeypatch.delenv("LANGCHAIN_TRACING_V2", raising=False)
    monkeypatch.delitem(sys.modules, "assistant.offline_env", raising=False)
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip().startswith("jixiao ")
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False"
    assert os.environ["LANGCHAIN_TRACING_V2"] == "false"


def test_cli_imports_nothing_heavy() -> None:
    """`jixiao check` must start fast: no chromadb, langchain, pandas or streamlit."""
    import subprocess
    import sys

    code = (
        "import sys; from assistant.cli import main; import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['check', sys.argv[1]])\n"
        "heavy = [m for m in ('chromadb', 'langchain_core', 'langchain_openai', 'pandas', 'streamlit', 'openai') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(SEEDS / "001.txt")], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
