"""Model calls per LLM draft on the draft eval cases, when the model answers well.

A well-behaved model is played by the fake OpenAI server (assistant.llm.fake_server) answering,
for each case, with the rows a careful drafter would write: the offline draft's rows, their
sources and 建议值 marks kept. The real client and the whole LLM drafter run; the figure is the
mean number of chat requests per draft (acceptance: under 1.3).

    python -m assistant.evals.llm_calls [evals/cases/draft] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.model import LEVEL1_NAMES, Draft

CASES = Path(__file__).resolve().parents[2] / "evals" / "cases" / "draft"
TARGET = 1.3


def good_answer(draft: Draft) -> dict[str, Any]:
    """A model answer (the LLMDraftOut shape) holding a draft's goals and rows."""
    rows = []
    for row in draft.table.indicators:
        if row.level1 not in LEVEL1_NAMES or not row.level2:
            continue
        rows.append({
            "level1": row.level1, "level2": row.level2, "name": row.name,
            "description": row.description, "value": row.target.raw or row.value,
            "basis": row.basis, "source": row.provenance or "",
        })
    return {"goals": list(draft.table.goals), "indicators": rows}


def calls_per_draft(folder: Path = CASES, limit: int | None = None) -> dict[str, Any]:
    from assistant.draft.drafter import draft_project
    from assistant.draft.llm_draft import draft_with_llm
    from assistant.evals.draft_eval import project_of
    from assistant.llm.fake_server import FakeOpenAIServer
    from assistant.llm.openai_chat import OpenAICompatibleChat

    paths = sorted(folder.glob("*.json"))[:limit]
    per_case: dict[str, int] = {}
    drafters: dict[str, str] = {}
    with FakeOpenAIServer() as srv:
        chat = OpenAICompatibleChat(base_url=srv.base_url, model="fake-good", api_key="not-needed",
                                    method="function_calling", timeout=30)
        for path in paths:
            project = project_of(json.loads(path.read_text(encoding="utf-8")))
            answer = good_answer(draft_project(project))
            before = len(srv.requests)
            srv.script[:] = [{"json": answer}] * 3
            drafted = draft_with_llm(project, chat)
            per_case[path.stem] = len(srv.requests) - before
            drafters[path.stem] = drafted.drafter
    calls = list(per_case.values())
    mean = round(sum(calls) / len(calls), 3) if calls else 0.0
    return {"cases": len(calls), "mean_calls": mean, "max_calls": max(calls, default=0),
            "target": TARGET, "ok": mean < TARGET, "per_case": per_case, "drafters": drafters}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="大模型起草每份草稿的调用次数（模型答得好时）")
    parser.add_argument("folder", nargs="?", default=str(CASES))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    result = calls_per_draft(Path(args.folder), args.limit)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
