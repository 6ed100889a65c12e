"""One drafter for every face: the CLI, the app's service and the draft eval give the same draft
for the same paste, with the knowledge base on (the default) and with it off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.draft.input import project_from_text

PASTE = (
    "项目名称：2025年城关镇路灯运行维护经费\n预算：45.6万元\n年度：2025\n"
    "资金用途：辖区现有路灯1200盏，日常维护每盏每年80元，计9.6万元；全年照明用电约45万千瓦时，"
    "电价0.8元/千瓦时，电费36万元。合计45.6万元。\n"
)
CASE = {
    "id": "faces",
    "input": {"project": "2025年城关镇路灯运行维护经费", "budget_wan": 45.6, "year": 2025,
              "purpose": PASTE.split("资金用途：", 1)[1].strip()},
    "reference": None,
    "required_categories": [],
    "required_facts": [],
}


def _rows(indicators: list[dict]) -> list[tuple[str, str, str]]:
    return [(r["level2"], r["name"], r["value"]) for r in indicators]


def _cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, str]]:
    path = tmp_path / "paste.txt"
    path.write_text(PASTE, encoding="utf-8")
    assert main(["draft", str(path)]) == 0
    table = json.loads(capsys.readouterr().out)["tables"][0]
    return _rows([{"level2": i["level2"], "name": i["name"], "value": i["value"]}
                  for i in table["indicators"]])


def _app() -> list[tuple[str, str, str]]:
    from assistant.ui import services

    draft = services.draft_project(project_from_text(PASTE), use_llm=False, service=object())
    return [(i.level2, i.name, i.target.raw) for i in draft.table.indicators]


def _eval() -> list[tuple[str, str, str]]:
    from assistant.evals.draft_eval import evaluate_case

    result = evaluate_case(CASE, Path("."))
    return _rows(result["offline"]["rows"])


@pytest.mark.parametrize("kb", ["1", "0"])
def test_cli_app_and_eval_draft_the_same(kb, tmp_path, capsys, monkeypatch):
    for name in ("JIXIAO_LLM_BASE_URL", "JIXIAO_LLM_API_KEY", "JIXIAO_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JIXIAO_DRAFT_KB", kb)
    cli, app, evaluated = _cli(tmp_path, capsys), _app(), _eval()
    assert cli and cli == app == evaluated
    names = [name for _, name, _ in cli]
    assert any("亮灯" in n for n in names)  # the sector row, in every face


def test_the_knowledge_base_is_on_in_every_face_by_default(monkeypatch):
    from assistant.draft.drafter import knowledge_retriever

    monkeypatch.delenv("JIXIAO_DRAFT_KB", raising=False)
    assert knowledge_retriever() is not None
    monkeypatch.setenv("JIXIAO_DRAFT_KB", "0")
    assert knowledge_retriever() is None
