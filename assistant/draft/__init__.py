"""Drafting: a project description → a Draft (offline by default; the LLM drafter is optional).

Public API (imported lazily, so `import assistant.draft` stays cheap):
- `ProjectInput`, `project_from_text`, `project_from_json`, `project_from_table`,
  `project_from_bytes` (assistant.draft.input)
- `extract_facts` (assistant.draft.facts), `classify` (assistant.draft.classify)
- `draft_offline(project, retriever=None) -> Draft` (assistant.draft.offline)
- `Retriever`, `RetrievedRow`, `IndexRetriever` (assistant.draft.retrieval)
- `llm_draft`, when the LLM drafter is installed (assistant.draft.llm_draft)
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ProjectInput": "input",
    "project_from_text": "input",
    "project_from_json": "input",
    "project_from_table": "input",
    "project_from_bytes": "input",
    "extract_facts": "facts",
    "classify": "classify",
    "draft_offline": "offline",
    "Retriever": "retrieval",
    "RetrievedRow": "retrieval",
    "IndexRetriever": "retrieval",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"assistant.draft.{_EXPORTS[name]}"), name)
    if name == "llm_draft":
        # The LLM drafter is built separately; it exists when assistant/draft/llm_draft.py does.
        module = importlib.import_module("assistant.draft.llm_draft")
        return module.llm_draft
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
